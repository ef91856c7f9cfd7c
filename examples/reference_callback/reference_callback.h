// The reference callback: an IBackgroundCopyCallback2 written the way a careful
// Windows developer writes one, which obeys every callback obligation of
// conformance/rules.md, required and recommended, in both profiles. It is the
// callback that `doharness check` runs when given none, and the model answer for
// anyone writing their own: read reference_callback.cc.
//
//   IUnknown* pCallback = NULL;
//   HRESULT hr = doharness::examples::CreateReferenceCallback(&pCallback);
//   if (SUCCEEDED(hr)) {
//     hr = pJob->SetNotifyInterface(pCallback);  // the job keeps its own reference
//     pCallback->Release();
//   }
//
// It compiles against api/include alone. plugin_entry.cc exports it through the
// plugin ABI (api/include/doharness_plugin.h) as libreference_callback.so.
#ifndef DOHARNESS_EXAMPLES_REFERENCE_CALLBACK_REFERENCE_CALLBACK_H_
#define DOHARNESS_EXAMPLES_REFERENCE_CALLBACK_REFERENCE_CALLBACK_H_

#include <deliveryoptimization.h>

namespace doharness::examples {

// Makes a new reference callback, with one reference owned by the caller.
// E_POINTER for a NULL `callback`; E_OUTOFMEMORY (and *callback NULL) when the
// object cannot be allocated.
HRESULT CreateReferenceCallback(IUnknown** callback) noexcept;

// What the reference callbacks of this process have done so far, summed over all of
// them: process-wide counters such as a COM server keeps for DllCanUnloadNow. Tests
// read them to see which way the callback went, and that every object was freed.
struct ReferenceCallbackStats {
  LONG objects;                // objects alive now
  LONG jobs_completed;         // successful Complete calls from JobTransferred
  LONG jobs_cancelled;         // successful Cancel calls (after JobError or a failed Complete)
  LONG errors;                 // JobError calls
  LONG errors_without_file;    // ... whose error involved no file
  HRESULT last_error;          // the error code of the latest JobError (S_OK before any)
  LONG files_transferred;      // FileTransferred calls
  LONG modifications;          // JobModification calls handled
  LONG modifications_skipped;  // ... that found another one of their object running
};

ReferenceCallbackStats GetReferenceCallbackStats() noexcept;

}  // namespace doharness::examples

#endif  // DOHARNESS_EXAMPLES_REFERENCE_CALLBACK_REFERENCE_CALLBACK_H_
