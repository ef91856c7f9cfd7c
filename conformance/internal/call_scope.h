// CallScope: the notifications of recording proxies that are running on this thread,
// innermost last. The proxy takes the nesting depth of a call from it; the spies take
// from it the notification inside which a misuse happened, to name it in the message.
#ifndef DOHARNESS_CONFORMANCE_INTERNAL_CALL_SCOPE_H_
#define DOHARNESS_CONFORMANCE_INTERNAL_CALL_SCOPE_H_

#include "conformance/observations.h"

namespace doharness::conformance::internal {

struct ActiveCall {
  const RecordingProxy* proxy;
  NotificationMethod method;
  int job;
};

// Pushes a call for its lifetime. Not copyable: one scope per notification.
class CallScope {
 public:
  CallScope(const RecordingProxy* proxy, NotificationMethod method, int job);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  // How many calls of the same proxy were already running on this thread.
  int depth() const { return depth_; }

  // The innermost notification running on this thread, or null.
  static const ActiveCall* Innermost();

 private:
  int depth_ = 0;
};

}  // namespace doharness::conformance::internal

#endif  // DOHARNESS_CONFORMANCE_INTERNAL_CALL_SCOPE_H_
