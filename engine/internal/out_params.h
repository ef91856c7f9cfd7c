// How the engine's methods fill [out] parameters and check [in] strings, shared by the
// files that implement EngineCore's client methods.
#ifndef DOHARNESS_ENGINE_INTERNAL_OUT_PARAMS_H_
#define DOHARNESS_ENGINE_INTERNAL_OUT_PARAMS_H_

#include <cstring>
#include <cwchar>
#include <string>

#include "api/wide_string.h"
#include "deliveryoptimization.h"

namespace doharness::internal {

// COM's rule for [out] pointers: NULL whenever the call fails. Set before the call,
// so that every failure (a getter fault included) leaves them so.
template <typename... Out>
void NullOuts(Out**... outs) {
  ((outs != nullptr ? void(*outs = nullptr) : void()), ...);
}

// A CoTaskMemAlloc'd wide copy of `utf8` in *out.
inline HRESULT CopyOut(const std::string& utf8, LPWSTR* out) {
  if (out == nullptr) return E_INVALIDARG;
  *out = CoTaskMemWideString(Utf8ToWide(utf8));
  return *out ? S_OK : E_OUTOFMEMORY;
}

inline bool ValidString(LPCWSTR s, size_t max) { return s != nullptr && std::wcslen(s) <= max; }

}  // namespace doharness::internal

#endif  // DOHARNESS_ENGINE_INTERNAL_OUT_PARAMS_H_
