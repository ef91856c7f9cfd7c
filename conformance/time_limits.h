// TimeLimits: the wall-time limits of the time.* rules, and their defaults, in one
// place for the suite, scenarios and the commands' --hang-ms and --prompt-ms.
#ifndef DOHARNESS_CONFORMANCE_TIME_LIMITS_H_
#define DOHARNESS_CONFORMANCE_TIME_LIMITS_H_

namespace doharness::conformance {

inline constexpr int kDefaultHangMs = 5000;
inline constexpr int kDefaultPromptMs = 100;

struct TimeLimits {
  // time.no_hang: a call that returns slower than this breaks it; isolated, a call
  // still running at twice this is a hang (isolation.h).
  int hang_ms = kDefaultHangMs;
  // time.prompt (recommended): a call slower than this is not prompt.
  int prompt_ms = kDefaultPromptMs;
};

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_TIME_LIMITS_H_
