// Virtual time for the fake engine. Nothing in DO Harness sleeps: a test moves the
// clock (FakeEngine::AdvanceBy, RunUntilIdle) and everything due by then happens.
#ifndef DOHARNESS_ENGINE_VIRTUAL_CLOCK_H_
#define DOHARNESS_ENGINE_VIRTUAL_CLOCK_H_

#include <chrono>

namespace doharness {

// A span of virtual time, and a point on the clock (time since the engine started).
using Duration = std::chrono::microseconds;
using VirtualTime = std::chrono::microseconds;

}  // namespace doharness

#endif  // DOHARNESS_ENGINE_VIRTUAL_CLOCK_H_
