// Branch and inlining hints for the dispatcher's hot path. GCC and Clang spell them
// as builtins and attributes; MSVC has its own words for some and none for the rest,
// so the engine builds with every compiler and only the speed differs.
#ifndef DOHARNESS_ENGINE_INTERNAL_COMPILER_HINTS_H_
#define DOHARNESS_ENGINE_INTERNAL_COMPILER_HINTS_H_

#if defined(__GNUC__) || defined(__clang__)
#define DOHARNESS_UNLIKELY(condition) __builtin_expect(!!(condition), 0)
#define DOHARNESS_NOINLINE __attribute__((noinline))
#define DOHARNESS_COLD __attribute__((noinline, cold))
#define DOHARNESS_ALWAYS_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define DOHARNESS_UNLIKELY(condition) (condition)
#define DOHARNESS_NOINLINE __declspec(noinline)
#define DOHARNESS_COLD __declspec(noinline)
#define DOHARNESS_ALWAYS_INLINE __forceinline
#else
#define DOHARNESS_UNLIKELY(condition) (condition)
#define DOHARNESS_NOINLINE
#define DOHARNESS_COLD
#define DOHARNESS_ALWAYS_INLINE inline
#endif

#endif  // DOHARNESS_ENGINE_INTERNAL_COMPILER_HINTS_H_
