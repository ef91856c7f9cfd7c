// RunScenario on scenarios built in code: each expectation kind holding and failing with
// its exact message, the scripted callbacks' steps, the callback under test judged by
// rules (the reference callback, bug zoo entries), and identical traces run after run.
#include "scenario/run.h"

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "deliveryoptimization.h"
#include "examples/bug_zoo/bug_zoo.h"
#include "examples/reference_callback/reference_callback.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenario/scenario.h"

namespace doharness::scenario {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;

using M = NotificationMethod;
using Kind = Expectation::Kind;

constexpr ULONG kTransferredErrorModification =
    BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION;

// Builds a scenario statement by statement; each statement gets the next line number,
// so that messages can be checked with their positions.
class Builder {
 public:
  Builder() { s_.path = "t.scenario"; }

  // `job NAME "display"` with 256 KiB files at 1 MiB/s (four 64 KiB steps each).
  Builder& Job(const std::string& name, int files = 1) {
    JobDecl job{name, name + " job", {}, Next()};
    for (int i = 0; i < files; ++i) {
      job.files.push_back({name, "http://example/" + name + std::to_string(i), "/tmp/" + name + std::to_string(i),
                           256 * 1024, 1024 * 1024, Next()});
    }
    s_.jobs.push_back(job);
    return *this;
  }
  Builder& Scripted(const std::string& name, bool callback2 = false) {
    s_.callbacks.push_back({name, CallbackDecl::Kind::kScripted, callback2, Next()});
    return *this;
  }
  Builder& UnderTest(const std::string& name) {
    s_.callbacks.push_back({name, CallbackDecl::Kind::kUnderTest, false, Next()});
    return *this;
  }
  Builder& On(const std::string& callback, M method, std::vector<Step> steps, HRESULT result = S_OK, int nth = 0) {
    s_.behaviours.push_back({callback, method, nth, std::move(steps), result, Next()});
    return *this;
  }
  Builder& Fault(const std::string& job, const doharness::Fault& fault) {
    s_.faults.push_back({job, fault, Next()});
    return *this;
  }
  // `at T JOB SetNotifyFlags F; SetNotifyInterface C; Resume`.
  Builder& Start(const std::string& job, const std::string& callback, ULONG flags = kTransferredErrorModification) {
    At(Duration(0), job, Flags(flags));
    At(Duration(0), job, Register(callback));
    return At(Duration(0), job, Call(JobCall::Method::kResume));
  }
  Builder& At(Duration at, const std::string& job, JobCall call) {
    s_.timeline.push_back({at, job, call, std::nullopt, Next()});
    return *this;
  }
  Builder& AtExpect(Duration at, Expectation e) {
    e.pos = Next();
    s_.timeline.push_back({at, "", {}, e, e.pos});
    return *this;
  }
  Builder& Expect(Expectation e) {
    e.pos = Next();
    s_.expectations.push_back(e);
    return *this;
  }
  Builder& Engine(EngineSettings settings) {
    s_.engine = settings;
    return *this;
  }
  // The line the next statement gets.
  int line() const { return line_ + 1; }
  Scenario Build() const { return s_; }

  static JobCall Call(JobCall::Method method) {
    JobCall call;
    call.method = method;
    return call;
  }
  static JobCall Flags(ULONG flags) {
    JobCall call = Call(JobCall::Method::kSetNotifyFlags);
    call.flags = flags;
    return call;
  }
  static JobCall Register(const std::string& callback) {
    JobCall call = Call(JobCall::Method::kSetNotifyInterface);
    call.callback = callback;
    return call;
  }

 private:
  SourcePos Next() { return {++line_, 1}; }
  Scenario s_;
  int line_ = 0;
};

Step JobStep(JobCall::Method method, const std::string& on_job = "") {
  Step step;
  step.kind = Step::Kind::kCallJob;
  step.call = Builder::Call(method);
  step.on_job = on_job;
  return step;
}

Step RefStep(Step::Kind kind) {
  Step step;
  step.kind = kind;
  return step;
}

Expectation State(const std::string& job, BG_JOB_STATE state) {
  Expectation e;
  e.kind = Kind::kState;
  e.job = job;
  e.state = state;
  return e;
}

Expectation Calls(Kind kind, const std::string& callback, const std::string& job, std::vector<CallPattern> calls) {
  Expectation e;
  e.kind = kind;
  e.callback = callback;
  e.job = job;
  e.calls = std::move(calls);
  return e;
}

Expectation Count(const std::string& callback, const std::string& job, M method, Expectation::Op op, int64_t n) {
  Expectation e;
  e.kind = Kind::kCount;
  e.callback = callback;
  e.job = job;
  e.method = method;
  e.op = op;
  e.number = n;
  return e;
}

Expectation Refs(const std::string& callback, int64_t n) {
  Expectation e;
  e.kind = Kind::kRefs;
  e.callback = callback;
  e.number = n;
  return e;
}

Expectation Rule(const std::string& rule) {
  Expectation e;
  e.kind = Kind::kRule;
  e.rule = rule;
  return e;
}

Expectation Survives() {
  Expectation e;
  e.kind = Kind::kSurvives;
  return e;
}

CallPattern P(M method) { return {method, std::nullopt}; }
CallPattern P(M method, HRESULT hr) { return {method, hr}; }

// A scripted callback that completes its job in JobTransferred, as a real one does. Its
// job raises six JobModification: the file added, the Resume, four 64 KiB steps.
Builder Completing() {
  Builder b;
  b.Job("J1").Scripted("S").On("S", M::kJobTransferred, {JobStep(JobCall::Method::kComplete)}).Start("J1", "S");
  return b;
}

RunOptions WithReference() {
  RunOptions options;
  options.under_test = [](IUnknown** out) { return examples::CreateReferenceCallback(out); };
  return options;
}

RunOptions WithZoo(const char* name) {
  const examples::ZooEntry* entry = examples::FindZooEntry(name);
  RunOptions options;
  if (entry != nullptr) options.under_test = [entry](IUnknown** out) { return entry->create(out); };
  return options;
}

std::vector<std::string> Messages(const ScenarioResult& result) {
  std::vector<std::string> messages;
  for (const ExpectationFailure& f : result.failures) messages.push_back(f.message);
  return messages;
}

// ---- state ------------------------------------------------------------------------
TEST(RunScenarioTest, StateHoldsAndFails) {
  Builder b = Completing();
  b.Expect(State("J1", BG_JOB_STATE_ACKNOWLEDGED));
  const int line = b.line();
  b.Expect(State("J1", BG_JOB_STATE_TRANSFERRED));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), ElementsAre("t.scenario:" + std::to_string(line) +
                                            ":1: expected state TRANSFERRED of J1, got ACKNOWLEDGED"));
  EXPECT_EQ(result.failures[0].pos.line, line);
  EXPECT_THAT(result.violations, IsEmpty());
}

TEST(RunScenarioTest, TimedStateIsReadAtItsTime) {
  Builder b = Completing();
  b.AtExpect(milliseconds(100), State("J1", BG_JOB_STATE_TRANSFERRING));
  const int line = b.line();
  b.AtExpect(seconds(10), State("J1", BG_JOB_STATE_TRANSFERRING));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), ElementsAre("t.scenario:" + std::to_string(line) +
                                            ":1: expected state TRANSFERRING of J1, got ACKNOWLEDGED"));
}

// ---- calls ------------------------------------------------------------------------
TEST(RunScenarioTest, CallsInOrderExactlyAndAsASet) {
  Builder b = Completing();
  b.Expect(Calls(Kind::kCallsOrder, "S", "J1", {P(M::kJobModification), P(M::kJobTransferred, S_OK)}));
  b.Expect(Calls(Kind::kCallsExactly, "S", "J1",
                 {P(M::kJobModification), P(M::kJobModification), P(M::kJobModification), P(M::kJobModification),
                  P(M::kJobModification), P(M::kJobModification), P(M::kJobTransferred)}));
  b.Expect(Calls(Kind::kCallsSet, "S", "*",
                 {P(M::kJobTransferred, S_OK), P(M::kJobModification), P(M::kJobModification),
                  P(M::kJobModification), P(M::kJobModification), P(M::kJobModification), P(M::kJobModification)}));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), IsEmpty());
}

TEST(RunScenarioTest, CallsFailWithTheCallsListedCompactly) {
  Builder b = Completing();
  const int order = b.line();
  b.Expect(Calls(Kind::kCallsOrder, "S", "J1", {P(M::kJobTransferred), P(M::kJobModification)}));
  const int exactly = b.line();
  b.Expect(Calls(Kind::kCallsExactly, "S", "J1", {P(M::kJobModification), P(M::kJobTransferred, S_FALSE)}));
  const int set = b.line();
  b.Expect(Calls(Kind::kCallsSet, "*", "*", {P(M::kJobTransferred)}));
  ScenarioResult result = RunScenario(b.Build(), {});
  const std::string got = "got JobModification\u00d76, JobTransferred";
  EXPECT_THAT(Messages(result),
              ElementsAre("t.scenario:" + std::to_string(order) +
                              ":1: expected calls of S on J1 in order: JobTransferred JobModification, " + got,
                          "t.scenario:" + std::to_string(exactly) +
                              ":1: expected calls of S on J1 exactly: JobModification JobTransferred=S_FALSE, " + got,
                          "t.scenario:" + std::to_string(set) +
                              ":1: expected calls of every callback on every job in any order: JobTransferred, "
                              "got S.JobModification(J1)\u00d76, S.JobTransferred(J1)"));
}

TEST(RunScenarioTest, CountWithEachOperator) {
  Builder b = Completing();
  using Op = Expectation::Op;
  b.Expect(Count("S", "J1", M::kJobModification, Op::kEq, 6));
  b.Expect(Count("S", "J1", M::kJobTransferred, Op::kNe, 0));
  b.Expect(Count("*", "J1", M::kJobError, Op::kLt, 1));
  b.Expect(Count("S", "*", M::kJobModification, Op::kLe, 6));
  b.Expect(Count("S", "J1", M::kJobTransferred, Op::kGe, 1));
  const int line = b.line();
  b.Expect(Count("S", "J1", M::kJobModification, Op::kGt, 6));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), ElementsAre("t.scenario:" + std::to_string(line) +
                                            ":1: expected count of JobModification of S on J1 > 6, got 6"));
}

// ---- refs -------------------------------------------------------------------------
TEST(RunScenarioTest, RefsReadTheCountOnceEverythingWasLetGo) {
  Builder b;
  b.Job("J1").Scripted("S").Scripted("Leaky");
  b.On("Leaky", M::kJobTransferred, {RefStep(Step::Kind::kAddRefSelf), JobStep(JobCall::Method::kComplete)});
  b.Start("J1", "Leaky");
  b.AtExpect(Duration(0), Refs("Leaky", 2));  // the harness's and the registration's
  b.Expect(Refs("S", 0));
  b.Expect(Refs("Leaky", 1));
  const int line = b.line();
  b.Expect(Refs("Leaky", 0));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), ElementsAre("t.scenario:" + std::to_string(line) + ":1: expected refs of Leaky 0, got 1"));
}

// ---- scripted steps ---------------------------------------------------------------
TEST(RunScenarioTest, ReleasingPJobOnceTooOftenIsAnEngineViolation) {
  Builder b;
  b.Job("J1").Scripted("S");
  b.On("S", M::kJobTransferred, {RefStep(Step::Kind::kReleaseJob), JobStep(JobCall::Method::kComplete)});
  b.Start("J1", "S");
  b.Expect(State("J1", BG_JOB_STATE_ACKNOWLEDGED));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), IsEmpty());
  ASSERT_EQ(result.violations.size(), 1u);
  EXPECT_EQ(result.violations[0].rule, "params.job_not_released");
  EXPECT_EQ(result.violations[0].message, "callback S released pJob of J1 once more than it AddRef'd it");
  EXPECT_THAT(result.trace, HasSubstr("\"event\":\"violation\""));
  EXPECT_THAT(result.trace, HasSubstr("release_underflow"));
}

TEST(RunScenarioTest, KeptJobReferencesAreBalancedAndNotViolations) {
  Builder b;
  b.Job("J1").Scripted("S");
  b.On("S", M::kJobModification, {RefStep(Step::Kind::kAddRefJob)});
  b.On("S", M::kJobTransferred, {RefStep(Step::Kind::kReleaseJob), JobStep(JobCall::Method::kComplete)});
  b.Start("J1", "S");
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), IsEmpty());
  EXPECT_THAT(result.violations, IsEmpty());
  EXPECT_THAT(result.trace, testing::Not(HasSubstr("violation")));
}

TEST(RunScenarioTest, UnregisteringInsideANotificationEndsTheCalls) {
  Builder b;
  b.Job("J1").Scripted("S");
  Step unregister = JobStep(JobCall::Method::kSetNotifyInterface);
  b.On("S", M::kJobModification, {unregister});
  b.Start("J1", "S");
  b.Expect(Calls(Kind::kCallsExactly, "S", "J1", {P(M::kJobModification)}));
  b.Expect(State("J1", BG_JOB_STATE_TRANSFERRED));
  b.Expect(Refs("S", 0));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), IsEmpty());
}

TEST(RunScenarioTest, NumberedBehaviourFirstThenRedeliveryAfterTheRetryDelay) {
  Builder b;
  b.Job("J1").Scripted("S");
  b.On("S", M::kJobTransferred, {JobStep(JobCall::Method::kComplete)});
  b.On("S", M::kJobTransferred, {}, E_FAIL, /*nth=*/1);
  b.Start("J1", "S", BG_NOTIFY_JOB_TRANSFERRED);
  b.AtExpect(seconds(3), Calls(Kind::kCallsExactly, "S", "J1", {P(M::kJobTransferred, E_FAIL)}));
  b.Expect(Calls(Kind::kCallsExactly, "S", "J1", {P(M::kJobTransferred, E_FAIL), P(M::kJobTransferred, S_OK)}));
  b.Expect(State("J1", BG_JOB_STATE_ACKNOWLEDGED));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), IsEmpty());
  EXPECT_THAT(result.trace, HasSubstr("\"result\":\"E_FAIL"));
}

TEST(RunScenarioTest, StepsOnANamedJobAndCallback2) {
  Builder b;
  b.Job("J1").Job("J2").Scripted("S", /*callback2=*/true);
  // J1's JobTransferred completes J1 and cancels J2, which never started.
  b.On("S", M::kJobTransferred,
       {JobStep(JobCall::Method::kComplete), JobStep(JobCall::Method::kCancel, "J2"),
        JobStep(JobCall::Method::kGetError), JobStep(JobCall::Method::kGetProgress)});
  b.Start("J1", "S", BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_FILE_TRANSFERRED);
  b.Expect(Calls(Kind::kCallsExactly, "S", "*", {P(M::kFileTransferred), P(M::kJobTransferred)}));
  b.Expect(State("J2", BG_JOB_STATE_CANCELLED));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), IsEmpty());
}

TEST(RunScenarioTest, UnknownNamesAreFailuresAndNothingRuns) {
  Builder b = Completing();
  const int line = b.line();
  b.Expect(State("J9", BG_JOB_STATE_ACKNOWLEDGED));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), ElementsAre("t.scenario:" + std::to_string(line) + ":1: unknown job 'J9'"));
  EXPECT_THAT(result.trace, IsEmpty());
}

// ---- the callback under test --------------------------------------------------------
Builder UnderTestRun() {
  Builder b;
  b.Job("J1", 2).Job("J2").UnderTest("C");
  b.Fault("J2", doharness::Fault::HttpStatusAt(0, 64 * 1024, 404));
  b.Start("J1", "C", kTransferredErrorModification | BG_NOTIFY_FILE_TRANSFERRED);
  b.Start("J2", "C", kTransferredErrorModification | BG_NOTIFY_FILE_TRANSFERRED);
  return b;
}

const char* const kJudgedRules[] = {
    "com.refcount_no_early_free", "com.refcount_balanced",  "params.job_not_released", "params.error_not_released",
    "params.file_not_released",   "params.retained_balanced", "params.no_use_after_return", "tol.no_exception",
    "life.no_call_after_release", "flags.gate_file",        "ret.transferred_ok",      "ret.error_ok",
    "ret.modification_ok",        "ret.file_transferred_ok", "ret.retry_bounded",      "time.no_hang",
    "time.prompt",                "job.acknowledges",       "job.handles_error",
};

TEST(RunScenarioTest, TheReferenceCallbackHoldsEveryJudgedRule) {
  Builder b = UnderTestRun();
  for (const char* rule : kJudgedRules) b.Expect(Rule(rule));
  b.Expect(Survives());
  b.Expect(State("J1", BG_JOB_STATE_ACKNOWLEDGED));
  b.Expect(State("J2", BG_JOB_STATE_CANCELLED));
  b.Expect(Refs("C", 0));
  b.Expect(Calls(Kind::kCallsOrder, "C", "J1",
                 {P(M::kFileTransferred), P(M::kFileTransferred), P(M::kJobTransferred, S_OK)}));
  b.Expect(Calls(Kind::kCallsOrder, "C", "J2", {P(M::kJobModification), P(M::kJobError, S_OK)}));
  ScenarioResult result = RunScenario(b.Build(), WithReference());
  EXPECT_THAT(Messages(result), IsEmpty());
  EXPECT_THAT(result.violations, IsEmpty());
}

TEST(RunScenarioTest, ABrokenCallbackFailsItsRule) {
  Builder b = UnderTestRun();
  const int line = b.line();
  b.Expect(Rule("ret.transferred_ok"));
  b.Expect(Rule("ret.error_ok"));
  b.Expect(State("J1", BG_JOB_STATE_ACKNOWLEDGED));
  ScenarioResult result = RunScenario(b.Build(), WithZoo("ret_transferred_ok"));
  EXPECT_THAT(Messages(result),
              ElementsAre("t.scenario:" + std::to_string(line) +
                          ":1: expected rule ret.transferred_ok to hold, got JobTransferred returned S_FALSE (0x00000001) on J1 "
                          "(1 of 1 calls)"));
}

// An advisory rule that does not hold is advice, in file order: the scenario passes.
TEST(RunScenarioTest, AnAdvisoryRuleThatDoesNotHoldIsAdviceNotAFailure) {
  Builder b = UnderTestRun();
  const int line = b.line();
  b.Expect(Rule("job.acknowledges"));
  b.Expect(Rule("ret.transferred_ok"));
  ScenarioResult result = RunScenario(b.Build(), WithZoo("job_acknowledges"));
  EXPECT_TRUE(result.passed()) << Messages(result)[0];
  ASSERT_EQ(result.advice.size(), 1u);
  EXPECT_THAT(result.advice[0].message,
              testing::StartsWith("t.scenario:" + std::to_string(line) + ":1: expected rule job.acknowledges to hold, got "));
}

TEST(RunScenarioTest, AnExceptionIsSurvivedAndReported) {
  Builder b;
  b.Job("J1").UnderTest("C");
  b.Fault("J1", doharness::Fault::FatalAt(0, 0, static_cast<HRESULT>(0x80030070)));
  b.Start("J1", "C");
  const int line = b.line();
  b.Expect(Survives());
  ScenarioResult result = RunScenario(b.Build(), WithZoo("tol_no_exception"));
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_THAT(result.failures[0].message,
              testing::StartsWith("t.scenario:" + std::to_string(line) +
                                  ":1: expected the callbacks to survive, got JobError let an exception escape"));
  ASSERT_FALSE(result.violations.empty());
  EXPECT_EQ(result.violations[0].rule, "tol.no_exception");
  EXPECT_THAT(result.violations[0].message, testing::StartsWith("JobError let an exception escape"));
}

TEST(RunScenarioTest, RulesOneRunCannotShowAreJudgedByTheSuitesCases) {
  Builder b = UnderTestRun();
  const int line = b.line();
  b.Expect(Rule("com.identity"));
  EXPECT_THAT(Messages(RunScenario(b.Build(), WithReference())), ElementsAre());
  ScenarioResult result = RunScenario(b.Build(), WithZoo("com_identity"));
  EXPECT_THAT(Messages(result),
              ElementsAre("t.scenario:" + std::to_string(line) +
                          ":1: expected rule com.identity to hold, got QueryInterface(IUnknown) through "
                          "IBackgroundCopyCallback2 gave another pointer than through IUnknown (the suite's case "
                          "com.identity/every_interface)"));
}

TEST(RunScenarioTest, RulesNeedACallbackUnderTest) {
  Builder b = Completing();
  const int line = b.line();
  b.Expect(Rule("ret.transferred_ok"));
  ScenarioResult result = RunScenario(b.Build(), {});
  EXPECT_THAT(Messages(result), ElementsAre("t.scenario:" + std::to_string(line) +
                                            ":1: expected rule ret.transferred_ok to hold, but the scenario has no "
                                            "callback under test to judge it on"));
}

TEST(RunScenarioTest, AnUnderTestCallbackNeedsAFactory) {
  Builder b = UnderTestRun();
  ScenarioResult result = RunScenario(b.Build(), {});
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_THAT(result.failures[0].message, HasSubstr("callback 'C' is under test, and no callback under test was given"));
}

TEST(RunScenarioTest, ScriptedAndUnderTestCallsMergeInTheEnginesOrder) {
  Builder b;
  b.Job("J1").Job("J2").Scripted("S").UnderTest("C");
  b.On("S", M::kJobTransferred, {JobStep(JobCall::Method::kComplete)});
  b.Start("J1", "S", BG_NOTIFY_JOB_TRANSFERRED);
  b.At(seconds(5), "J2", Builder::Flags(BG_NOTIFY_JOB_TRANSFERRED));
  b.At(seconds(5), "J2", Builder::Register("C"));
  b.At(seconds(5), "J2", Builder::Call(JobCall::Method::kResume));
  const int line = b.line();
  b.Expect(Calls(Kind::kCallsExactly, "*", "*", {P(M::kJobTransferred)}));
  ScenarioResult result = RunScenario(b.Build(), WithReference());
  EXPECT_THAT(Messages(result), ElementsAre("t.scenario:" + std::to_string(line) +
                                            ":1: expected calls of every callback on every job exactly: "
                                            "JobTransferred, got S.JobTransferred(J1), C.JobTransferred(J2)"));
}

// ---- the trace --------------------------------------------------------------------
TEST(RunScenarioTest, TheTraceIsTheSameBytesRunAfterRun) {
  Builder b = UnderTestRun();
  EngineSettings settings;
  settings.seed = 7;
  settings.modification_order = ModificationOrder::kSeeded;
  b.Engine(settings);
  const Scenario scenario = b.Build();
  const ScenarioResult first = RunScenario(scenario, WithReference());
  const ScenarioResult second = RunScenario(scenario, WithReference());
  ASSERT_FALSE(first.trace.empty());
  EXPECT_EQ(first.trace, second.trace);
  EXPECT_THAT(first.trace, HasSubstr("\"method\":\"Resume\""));     // client calls are traced
  EXPECT_THAT(first.trace, testing::Not(HasSubstr("GetState")));    // checks are not

  RunOptions quiet = WithReference();
  quiet.trace = false;
  EXPECT_THAT(RunScenario(scenario, quiet).trace, IsEmpty());
}

TEST(RunScenarioTest, AStreamGetsTheTraceInsteadOfTheResult) {
  const Scenario scenario = UnderTestRun().Build();
  const ScenarioResult held = RunScenario(scenario, WithReference());
  std::ostringstream stream;
  RunOptions streaming = WithReference();
  streaming.trace_out = &stream;
  const ScenarioResult streamed = RunScenario(scenario, streaming);
  ASSERT_FALSE(held.trace.empty());
  EXPECT_EQ(stream.str(), held.trace);
  EXPECT_THAT(streamed.trace, IsEmpty());
  EXPECT_EQ(streamed.passed(), held.passed());
}

}  // namespace
}  // namespace doharness::scenario
