// With the trace off, a deterministic engine delivers JobModification through a quick
// path of its own (the AddRef, the call, the Release, the end recorded), and every
// other call through the general one. The trace must not change what a callback
// sees: these tests run the same jobs with the trace on and off, while the callback
// unregisters, cancels, changes its flags, throws or hands over to another callback
// from inside a JobModification, and expect the same calls, in the same order, with
// the same reference counts, and the same engine counters. DeliverModificationNow,
// the dispatch benchmark's direct path, is checked both ways too.
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/fake_engine.h"
#include "engine/testing/engine_test_util.h"
#include "engine/testing/fake_engine_peer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/mock_callback.h"

namespace doharness {
namespace {

using engine_testing::MakeJob;
using mocks::MakeComObject;
using mocks::MockCallback2;
using testing::_;
using testing::Contains;
using testing::HasSubstr;
using testing::NiceMock;
using testing::Not;

constexpr ULONG kEverything = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR |
                              BG_NOTIFY_JOB_MODIFICATION | BG_NOTIFY_FILE_TRANSFERRED;

// What the callback does inside the third JobModification it receives.
enum class Reaction { kNothing, kUnregister, kCancel, kDropModifications, kThrow, kHandOver };

const char* ReactionName(Reaction reaction) {
  switch (reaction) {
    case Reaction::kNothing: return "Nothing";
    case Reaction::kUnregister: return "Unregister";
    case Reaction::kCancel: return "Cancel";
    case Reaction::kDropModifications: return "DropModifications";
    case Reaction::kThrow: return "Throw";
    case Reaction::kHandOver: return "HandOver";
  }
  return "?";
}

// Everything a run shows from outside the engine.
struct Observed {
  std::vector<std::string> calls;  // "first JobModification job=2 refs=3", in order
  std::vector<std::string> ledgers;
  std::vector<BG_JOB_STATE> states;
  uint64_t engine_calls = 0;
  uint64_t violations = 0;
  int max_concurrent_calls = 0;
};

using Param = std::tuple<Reaction, ModificationOrder>;

class UntracedDispatchTest : public testing::TestWithParam<Param> {
 protected:
  Reaction reaction() const { return std::get<0>(GetParam()); }

  // Three jobs of two files on two callbacks (the first has jobs 1 and 2), run to the
  // end, the jobs' transfers interleaved by the seed.
  Observed Run(bool trace) {
    EngineOptions options;
    options.trace = trace;
    options.modification_order = std::get<1>(GetParam());
    options.seed = 7;
    FakeEngine engine(options);
    Observed seen;
    auto first = MakeComObject<NiceMock<MockCallback2>>();
    auto second = MakeComObject<NiceMock<MockCallback2>>();
    int modifications = 0;
    auto record = [&](const char* who, const mocks::RefLedger* ledger, const char* method,
                      IBackgroundCopyJob* job) {
      seen.calls.push_back(std::string(who) + " " + method + " job=" + std::to_string(engine.JobNumber(job)) +
                           " refs=" + std::to_string(ledger->refcount()));
    };
    const std::pair<MockCallback2*, const char*> callbacks[] = {{first.Get(), "first"}, {second.Get(), "second"}};
    for (const auto& [callback_ref, who_ref] : callbacks) {
      MockCallback2* callback = callback_ref;
      const char* who = who_ref;
      const mocks::RefLedger* ledger = callback->ledger().get();
      ON_CALL(*callback, JobModification(_, _))
          .WillByDefault([&, who, ledger](IBackgroundCopyJob* job, DWORD) -> HRESULT {
            record(who, ledger, "JobModification", job);
            if (++modifications == 3) React(job, second.Get());
            return S_OK;
          });
      ON_CALL(*callback, JobTransferred(_)).WillByDefault([&, who, ledger](IBackgroundCopyJob* job) {
        record(who, ledger, "JobTransferred", job);
        return job->Complete();
      });
      ON_CALL(*callback, FileTransferred(_, _))
          .WillByDefault([&, who, ledger](IBackgroundCopyJob* job, IBackgroundCopyFile*) {
            record(who, ledger, "FileTransferred", job);
            return S_OK;
          });
    }
    std::vector<ComPtr<IBackgroundCopyJob>> jobs;
    for (int i = 0; i < 3; ++i) {
      jobs.push_back(MakeJob(engine, 2));
      jobs.back()->SetNotifyFlags(kEverything);
      jobs.back()->SetNotifyInterface(i < 2 ? static_cast<IBackgroundCopyCallback*>(first.Get())
                                            : static_cast<IBackgroundCopyCallback*>(second.Get()));
    }
    for (auto& job : jobs) job->Resume();
    EXPECT_TRUE(engine.RunUntilIdle());
    for (auto& job : jobs) {
      BG_JOB_STATE state = BG_JOB_STATE_ERROR;
      engine.PeekState(job.Get(), &state);
      seen.states.push_back(state);
    }
    const EngineStats stats = engine.stats();
    seen.engine_calls = stats.calls;
    seen.violations = stats.violations;
    seen.max_concurrent_calls = stats.max_concurrent_calls;
    seen.ledgers = {first->ledger()->ToString(), second->ledger()->ToString()};
    return seen;
  }

  void React(IBackgroundCopyJob* job, IBackgroundCopyCallback2* other) {
    switch (reaction()) {
      case Reaction::kNothing: break;
      case Reaction::kUnregister: job->SetNotifyInterface(nullptr); break;
      case Reaction::kCancel: job->Cancel(); break;
      case Reaction::kDropModifications:
        job->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR);
        break;
      case Reaction::kThrow: throw std::runtime_error("from JobModification");
      case Reaction::kHandOver: job->SetNotifyInterface(other); break;
    }
  }
};

TEST_P(UntracedDispatchTest, TheCallbackSeesTheSameWithTheTraceOff) {
  const Observed traced = Run(true);
  const Observed untraced = Run(false);
  EXPECT_EQ(untraced.calls, traced.calls);
  EXPECT_EQ(untraced.ledgers, traced.ledgers);
  EXPECT_EQ(untraced.states, traced.states);
  EXPECT_EQ(untraced.engine_calls, traced.engine_calls);
  EXPECT_EQ(untraced.violations, traced.violations);
  EXPECT_EQ(untraced.max_concurrent_calls, traced.max_concurrent_calls);

  // And what is seen is what the contract asks, not only the same mistake twice.
  EXPECT_GE(untraced.calls.size(), 3u);
  EXPECT_THAT(untraced.calls, Not(Contains(HasSubstr("refs=1"))))  // a reference held for each call
      << "a call made without the engine's own reference on the callback";
  EXPECT_EQ(untraced.max_concurrent_calls, 1);
  EXPECT_EQ(untraced.violations, reaction() == Reaction::kThrow ? 1u : 0u);
}

std::string ParamName(const testing::TestParamInfo<Param>& info) {
  return std::string(ReactionName(std::get<0>(info.param))) +
         (std::get<1>(info.param) == ModificationOrder::kSeeded ? "_Seeded" : "_RaiseOrder");
}

INSTANTIATE_TEST_SUITE_P(Reactions, UntracedDispatchTest,
                         testing::Combine(testing::Values(Reaction::kNothing, Reaction::kUnregister,
                                                          Reaction::kCancel, Reaction::kDropModifications,
                                                          Reaction::kThrow, Reaction::kHandOver),
                                          testing::Values(ModificationOrder::kRaiseOrder,
                                                          ModificationOrder::kSeeded)),
                         ParamName);

// DeliverModificationNow (the dispatch benchmark's direct path) makes the same call
// with the trace on, through a Delivery, as with it off, through the quick path.
class DeliverModificationNowTest : public testing::TestWithParam<bool> {};

TEST_P(DeliverModificationNowTest, CallsOnceWithAReferenceHeldAndRecordsIt) {
  EngineOptions options;
  options.trace = GetParam();
  FakeEngine engine(options);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  const mocks::RefLedger* ledger = callback->ledger().get();
  std::vector<ULONG> refs_in_call;
  ON_CALL(*callback, JobModification(_, _)).WillByDefault([&](IBackgroundCopyJob*, DWORD reserved) {
    EXPECT_EQ(reserved, 0u);
    refs_in_call.push_back(ledger->refcount());
    return S_OK;
  });
  ComPtr<IBackgroundCopyJob> job = MakeJob(engine, 1);
  job->SetNotifyFlags(BG_NOTIFY_JOB_MODIFICATION);
  job->SetNotifyInterface(callback.Get());
  const ULONG refs_before = ledger->refcount();
  const size_t events_before = engine.trace().size();
  internal::EngineCore& core = internal::FakeEnginePeer::Core(engine);
  const uint32_t number = engine.JobNumber(job.Get());

  EXPECT_EQ(core.DeliverModificationNow(number), S_OK);
  EXPECT_EQ(core.DeliverModificationNow(number), S_OK);
  EXPECT_EQ(refs_in_call, std::vector<ULONG>(2, refs_before + 1));
  EXPECT_EQ(ledger->refcount(), refs_before);
  EXPECT_EQ(engine.stats().calls, 2u);
  EXPECT_EQ(engine.trace().size() > events_before, GetParam());  // the trace records only when on

  job->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED);  // the gate closed: no call
  EXPECT_EQ(core.DeliverModificationNow(number), S_FALSE);
  EXPECT_EQ(core.DeliverModificationNow(9999), E_INVALIDARG);
  EXPECT_EQ(refs_in_call.size(), 2u);
  job->Cancel();
}

INSTANTIATE_TEST_SUITE_P(Trace, DeliverModificationNowTest, testing::Bool(),
                         [](const testing::TestParamInfo<bool>& info) { return info.param ? "On" : "Off"; });

}  // namespace
}  // namespace doharness
