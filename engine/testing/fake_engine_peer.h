// FakeEnginePeer: how the engine's own benchmarks and tests reach the core behind a
// FakeEngine (to time or check one delivery without the queue around it), so that
// FakeEngine's public header opens nothing of its internals. Not for harnesses: the
// core's interface is the engine's to change.
#ifndef DOHARNESS_ENGINE_TESTING_FAKE_ENGINE_PEER_H_
#define DOHARNESS_ENGINE_TESTING_FAKE_ENGINE_PEER_H_

#include "engine/fake_engine.h"
#include "engine/internal/engine_core.h"

namespace doharness::internal {

class FakeEnginePeer {
 public:
  static EngineCore& Core(FakeEngine& engine) { return *engine.core_; }
};

}  // namespace doharness::internal

#endif  // DOHARNESS_ENGINE_TESTING_FAKE_ENGINE_PEER_H_
