// The plugin exports of libreference_callback.so (api/include/doharness_plugin.h,
// ABI 1): the reference callback for `doharness check --callback`.
#include <doharness_plugin.h>

#include "examples/reference_callback/reference_callback.h"

DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** callback) noexcept {
  return doharness::examples::CreateReferenceCallback(callback);
}

DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void) noexcept {
  return DOHARNESS_PLUGIN_ABI_VERSION;
}
