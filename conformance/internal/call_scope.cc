#include "conformance/internal/call_scope.h"

#include <algorithm>
#include <vector>

namespace doharness::conformance::internal {
namespace {

// Per thread: a nested notification runs on the thread of the call it is nested in.
thread_local std::vector<ActiveCall> active_calls;

}  // namespace

CallScope::CallScope(const RecordingProxy* proxy, NotificationMethod method, int job) {
  depth_ = static_cast<int>(std::count_if(active_calls.begin(), active_calls.end(),
                                          [proxy](const ActiveCall& c) { return c.proxy == proxy; }));
  active_calls.push_back({proxy, method, job});
}

CallScope::~CallScope() { active_calls.pop_back(); }

const ActiveCall* CallScope::Innermost() { return active_calls.empty() ? nullptr : &active_calls.back(); }

}  // namespace doharness::conformance::internal
