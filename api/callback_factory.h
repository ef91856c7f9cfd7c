// CallbackFactory: how DO Harness makes a callback under test, wherever it comes from
// (a plugin's DoHarnessCreateCallback, an in-process factory, the reference callback):
// each call makes a new object with one reference, owned by the caller. The suite's
// cases, a scenario's `callback NAME under_test` and the commands' --callback all take
// one.
#ifndef DOHARNESS_API_CALLBACK_FACTORY_H_
#define DOHARNESS_API_CALLBACK_FACTORY_H_

#include <functional>

#include "deliveryoptimization.h"

namespace doharness {

using CallbackFactory = std::function<HRESULT(IUnknown** callback)>;

}  // namespace doharness

#endif  // DOHARNESS_API_CALLBACK_FACTORY_H_
