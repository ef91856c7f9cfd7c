// On Windows, the real SDK definitions stand in for the portable ones. Our bits.h
// and bits3_0.h forward to the SDK's with #include_next (GCC, clang, mingw-w64;
// MSVC has no #include_next: see README "Not done yet").
#ifndef DOHARNESS_API_WINDOWS_SDK_H_
#define DOHARNESS_API_WINDOWS_SDK_H_
#include <windows.h>
#include <objbase.h>
#include <bits.h>
#include <bits3_0.h>
#endif  // DOHARNESS_API_WINDOWS_SDK_H_
