// Scripted faults: what goes wrong in a job's transfer, and when. A fault is
// attached to one job (FakeEngine::ScriptFault) and fires once, when the transfer of
// its file reaches its byte offset, or, for the Complete/Cancel and getter faults, on
// the next calls of that method.
#ifndef DOHARNESS_ENGINE_FAULT_H_
#define DOHARNESS_ENGINE_FAULT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "deliveryoptimization.h"
#include "engine/virtual_clock.h"

namespace doharness {

struct Fault {
  enum class Kind {
    kFatal,          // the job enters ERROR with `code` (and JobError is owed)
    kTransient,      // TRANSIENT_ERROR for `duration`; ERROR if that outlasts the no-progress timeout
    kStall,          // no progress for `duration` while TRANSFERRING; ERROR past the no-progress timeout
    kCompleteFails,  // the next `times` calls of Complete return `code` and change nothing
    kCancelFails,    // the next `times` calls of Cancel return `code` and change nothing
    kGetterFails,    // the next `times` calls of getter `method` return `code`, write no value
  };

  Kind kind = Kind::kFatal;
  // The file (index in the job) and the offset in it at which the fault fires.
  // kNoFile: a job-level fault with no file involved (GetFile gives FILE_NOT_AVAILABLE);
  // it fires when the transfer starts.
  static constexpr int kNoFile = -1;
  int file_index = 0;
  uint64_t at_byte = 0;
  HRESULT code = E_FAIL;
  BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_REMOTE_FILE;
  Duration duration{0};
  int times = 1;
  // kGetterFails: one of GetterNames(), on the job, any of its files or its errors.
  std::string method;

  // A fatal error at a byte offset of a file.
  static Fault FatalAt(int file_index, uint64_t at_byte, HRESULT code,
                       BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_REMOTE_FILE);
  // A fatal HTTP status (code 0x80190000 + status; DO-doc: context REMOTE_FILE).
  static Fault HttpStatusAt(int file_index, uint64_t at_byte, int http_status);
  // A fatal error with no file involved (context GENERAL_TRANSPORT by default).
  static Fault JobError(HRESULT code, BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_GENERAL_TRANSPORT);
  static Fault TransientAt(int file_index, uint64_t at_byte, HRESULT code, Duration duration);
  static Fault StallAt(int file_index, uint64_t at_byte, Duration duration);
  static Fault CompleteFails(HRESULT code, int times = 1);
  static Fault CancelFails(HRESULT code, int times = 1);
  // Real getters fail (a message catalogue not loaded, the service busy); a callback
  // must still return S_OK. Pointer out-parameters are set to NULL, as COM asks.
  static Fault GetterFails(std::string_view method, HRESULT code, int times = 1);

  // The methods a getter fault can fail, spelled as the trace spells calls: the job's
  // own ("GetState"), then "File.GetLocalName", "Error.GetErrorDescription", ...
  static const std::vector<std::string_view>& GetterNames();
  static bool IsGetter(std::string_view method);
};

}  // namespace doharness

#endif  // DOHARNESS_ENGINE_FAULT_H_
