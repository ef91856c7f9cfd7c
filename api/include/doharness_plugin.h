/* doharness_plugin.h: the plugin ABI of DO Harness, version 1 (docs/architecture.md,
 * "Interfaces fixed for users"). A third-party callback is a shared library that
 * exports
 *
 *   DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** callback);
 *     -- a new callback object, with one reference owned by the caller
 *   DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void);   (optional)
 *     -- returns DOHARNESS_PLUGIN_ABI_VERSION, the ABI it was built against
 *
 * and is built against api/include alone, in C++ or in C:
 *   g++ -std=c++17 -shared -fPIC -I api/include mycallback.cc -o libmycallback.so
 *   gcc -std=c99 -shared -fPIC -I api/include mycallback.c -o libmycallback.so
 */
#ifndef DOHARNESS_API_DOHARNESS_PLUGIN_H_
#define DOHARNESS_API_DOHARNESS_PLUGIN_H_

#include "deliveryoptimization.h"

#define DOHARNESS_PLUGIN_ABI_VERSION 1u

#ifdef __cplusplus
#define DOHARNESS_EXTERN_C extern "C"
#else
#define DOHARNESS_EXTERN_C
#endif
#if defined(_WIN32)
#define DOHARNESS_PLUGIN_EXPORT DOHARNESS_EXTERN_C __declspec(dllexport)
#else
#define DOHARNESS_PLUGIN_EXPORT DOHARNESS_EXTERN_C __attribute__((visibility("default")))
#endif

/* The symbols' names and types, for hosts that look them up. */
#define DOHARNESS_CREATE_CALLBACK_SYMBOL "DoHarnessCreateCallback"
#define DOHARNESS_PLUGIN_ABI_SYMBOL "DoHarnessPluginAbi"
typedef HRESULT (*DoHarnessCreateCallbackFn)(IUnknown** callback);
typedef unsigned (*DoHarnessPluginAbiFn)(void);

#endif /* DOHARNESS_API_DOHARNESS_PLUGIN_H_ */
