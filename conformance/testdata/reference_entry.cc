// DoHarnessCreateCallback for the reference callback, linked statically: the callback
// library that conformance_bzl tests hand to callback_conformance_test.
#include "deliveryoptimization.h"
#include "examples/reference_callback/reference_callback.h"

extern "C" HRESULT DoHarnessCreateCallback(IUnknown** callback) {
  return doharness::examples::CreateReferenceCallback(callback);
}
