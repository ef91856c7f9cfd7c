// PrintScenario: its text parses back to an equal Scenario (positions and path aside),
// for every fixture and for scenarios built in code that use every statement.
#include "scenario/print.h"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "scenario/parse.h"

namespace doharness::scenario {
namespace {

// Field-by-field comparison of two scenarios, ignoring SourcePos and path: the first
// difference as "jobs[0].files[1].size: 5 vs 6", or "" when equal.
class Differ {
 public:
  std::string Diff(const Scenario& a, const Scenario& b) {
    Field("engine.profile", a.engine.profile, b.engine.profile);
    Field("engine.seed", a.engine.seed, b.engine.seed);
    Field("engine.modification_order", static_cast<int>(a.engine.modification_order),
          static_cast<int>(b.engine.modification_order));
    Field("engine.reentrant_depth", a.engine.reentrant_modification_depth,
          b.engine.reentrant_modification_depth);
    Field("engine.coalesce", a.engine.coalesce_modifications, b.engine.coalesce_modifications);
    Field("engine.retry_delay", a.engine.retry_delay.count(), b.engine.retry_delay.count());
    Field("engine.chunk", a.engine.chunk_bytes, b.engine.chunk_bytes);
    Field("engine.concurrency", a.engine.concurrency_limit, b.engine.concurrency_limit);
    Field("end_after", a.end_after.count(), b.end_after.count());
    if (Field("callbacks.size", a.callbacks.size(), b.callbacks.size())) {
      for (size_t i = 0; i < a.callbacks.size(); ++i) {
        const std::string at = "callbacks[" + std::to_string(i) + "].";
        Field(at + "name", a.callbacks[i].name, b.callbacks[i].name);
        Field(at + "kind", static_cast<int>(a.callbacks[i].kind), static_cast<int>(b.callbacks[i].kind));
        Field(at + "callback2", a.callbacks[i].callback2, b.callbacks[i].callback2);
      }
    }
    if (Field("jobs.size", a.jobs.size(), b.jobs.size())) {
      for (size_t i = 0; i < a.jobs.size(); ++i) {
        const std::string at = "jobs[" + std::to_string(i) + "].";
        Field(at + "name", a.jobs[i].name, b.jobs[i].name);
        Field(at + "display_name", a.jobs[i].display_name, b.jobs[i].display_name);
        if (Field(at + "files.size", a.jobs[i].files.size(), b.jobs[i].files.size())) {
          for (size_t f = 0; f < a.jobs[i].files.size(); ++f) {
            Files(at + "files[" + std::to_string(f) + "].", a.jobs[i].files[f], b.jobs[i].files[f]);
          }
        }
      }
    }
    if (Field("behaviours.size", a.behaviours.size(), b.behaviours.size())) {
      for (size_t i = 0; i < a.behaviours.size(); ++i) {
        const Behaviour& x = a.behaviours[i];
        const Behaviour& y = b.behaviours[i];
        const std::string at = "behaviours[" + std::to_string(i) + "].";
        Field(at + "callback", x.callback, y.callback);
        Field(at + "method", static_cast<int>(x.method), static_cast<int>(y.method));
        Field(at + "nth", x.nth, y.nth);
        Field(at + "result", x.result, y.result);
        if (Field(at + "steps.size", x.steps.size(), y.steps.size())) {
          for (size_t s = 0; s < x.steps.size(); ++s) {
            const std::string step = at + "steps[" + std::to_string(s) + "].";
            Field(step + "kind", static_cast<int>(x.steps[s].kind), static_cast<int>(y.steps[s].kind));
            Field(step + "on_job", x.steps[s].on_job, y.steps[s].on_job);
            Calls(step + "call.", x.steps[s].call, y.steps[s].call);
          }
        }
      }
    }
    if (Field("faults.size", a.faults.size(), b.faults.size())) {
      for (size_t i = 0; i < a.faults.size(); ++i) {
        const Fault& x = a.faults[i].fault;
        const Fault& y = b.faults[i].fault;
        const std::string at = "faults[" + std::to_string(i) + "].";
        Field(at + "job", a.faults[i].job, b.faults[i].job);
        Field(at + "kind", static_cast<int>(x.kind), static_cast<int>(y.kind));
        Field(at + "file_index", x.file_index, y.file_index);
        Field(at + "at_byte", x.at_byte, y.at_byte);
        Field(at + "code", x.code, y.code);
        Field(at + "context", static_cast<int>(x.context), static_cast<int>(y.context));
        Field(at + "duration", x.duration.count(), y.duration.count());
        Field(at + "times", x.times, y.times);
        Field(at + "method", x.method, y.method);
      }
    }
    if (Field("timeline.size", a.timeline.size(), b.timeline.size())) {
      for (size_t i = 0; i < a.timeline.size(); ++i) {
        const TimedAction& x = a.timeline[i];
        const TimedAction& y = b.timeline[i];
        const std::string at = "timeline[" + std::to_string(i) + "].";
        Field(at + "at", x.at.count(), y.at.count());
        Field(at + "job", x.job, y.job);
        Calls(at + "call.", x.call, y.call);
        if (Field(at + "has_expect", x.expect.has_value(), y.expect.has_value()) && x.expect) {
          Expectations(at + "expect.", *x.expect, *y.expect);
        }
      }
    }
    if (Field("expectations.size", a.expectations.size(), b.expectations.size())) {
      for (size_t i = 0; i < a.expectations.size(); ++i) {
        Expectations("expectations[" + std::to_string(i) + "].", a.expectations[i],
                     b.expectations[i]);
      }
    }
    return first_difference_;
  }

 private:
  // Records the first difference; true when equal.
  template <typename T>
  bool Field(const std::string& name, const T& a, const T& b) {
    if (a == b) return true;
    if (first_difference_.empty()) {
      std::ostringstream out;
      out << name << ": " << a << " vs " << b;
      first_difference_ = out.str();
    }
    return false;
  }

  void Files(const std::string& at, const FileDecl& a, const FileDecl& b) {
    Field(at + "job", a.job, b.job);
    Field(at + "remote_url", a.remote_url, b.remote_url);
    Field(at + "local_name", a.local_name, b.local_name);
    Field(at + "size", a.size, b.size);
    Field(at + "bytes_per_second", a.bytes_per_second, b.bytes_per_second);
  }

  void Calls(const std::string& at, const JobCall& a, const JobCall& b) {
    Field(at + "method", static_cast<int>(a.method), static_cast<int>(b.method));
    Field(at + "flags", a.flags, b.flags);
    Field(at + "callback", a.callback, b.callback);
    Files(at + "file.", a.file, b.file);
  }

  void Expectations(const std::string& at, const Expectation& a, const Expectation& b) {
    Field(at + "kind", static_cast<int>(a.kind), static_cast<int>(b.kind));
    Field(at + "callback", a.callback, b.callback);
    Field(at + "job", a.job, b.job);
    Field(at + "method", static_cast<int>(a.method), static_cast<int>(b.method));
    Field(at + "op", static_cast<int>(a.op), static_cast<int>(b.op));
    Field(at + "number", a.number, b.number);
    Field(at + "state", static_cast<int>(a.state), static_cast<int>(b.state));
    Field(at + "rule", a.rule, b.rule);
    if (Field(at + "calls.size", a.calls.size(), b.calls.size())) {
      for (size_t i = 0; i < a.calls.size(); ++i) {
        const std::string call = at + "calls[" + std::to_string(i) + "].";
        Field(call + "method", static_cast<int>(a.calls[i].method), static_cast<int>(b.calls[i].method));
        Field(call + "has_result", a.calls[i].result.has_value(), b.calls[i].result.has_value());
        Field(call + "result", a.calls[i].result.value_or(0), b.calls[i].result.value_or(0));
      }
    }
  }

  std::string first_difference_;
};

std::string Diff(const Scenario& a, const Scenario& b) { return Differ().Diff(a, b); }

// Prints `scenario`, parses the text, and checks that nothing changed.
void ExpectRoundTrip(const Scenario& scenario) {
  const std::string text = PrintScenario(scenario, "round trip\nof a test");
  const ParseResult reparsed = ParseScenario(text, "printed");
  ASSERT_TRUE(reparsed.scenario.has_value()) << reparsed.error << "\n" << text;
  EXPECT_EQ(Diff(scenario, *reparsed.scenario), "") << text;
  EXPECT_EQ(PrintScenario(*reparsed.scenario, "round trip\nof a test"), text);
}

TEST(PrintScenario, EveryFixtureRoundTrips) {
  std::vector<std::filesystem::path> fixtures;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("fixtures")) {
    if (entry.path().extension() == ".scenario") fixtures.push_back(entry.path());
  }
  EXPECT_GE(fixtures.size(), 4u);
  for (const std::filesystem::path& fixture : fixtures) {
    SCOPED_TRACE(fixture.string());
    const ParseResult parsed = ParseScenarioFile(fixture.string());
    ASSERT_TRUE(parsed.scenario.has_value()) << parsed.error;
    ExpectRoundTrip(*parsed.scenario);
  }
}

TEST(PrintScenario, DefaultScenario) {
  ExpectRoundTrip(Scenario{});
  EXPECT_EQ(PrintScenario(Scenario{}), "profile do\nseed 1\n\nend after 7d\n");
}

TEST(PrintScenario, HeaderLinesAreComments) {
  EXPECT_EQ(PrintScenario(Scenario{}, "found by explore\nseed 9"),
            "# found by explore\n# seed 9\n\nprofile do\nseed 1\n\nend after 7d\n");
}

// A scenario built in code that uses every statement and every value syntax.
Scenario EveryStatement() {
  Scenario s;
  s.engine.profile = "bits";
  s.engine.seed = 18446744073709551615u;
  s.engine.modification_order = ModificationOrder::kSeeded;
  s.engine.reentrant_modification_depth = 8;
  s.engine.coalesce_modifications = true;
  s.engine.retry_delay = std::chrono::microseconds(1500);
  s.engine.chunk_bytes = 1000;
  s.engine.concurrency_limit = 1;
  s.end_after = std::chrono::hours(25);

  s.callbacks = {{"C", CallbackDecl::Kind::kUnderTest, false, {}},
                 {"S", CallbackDecl::Kind::kScripted, true, {}},
                 {"T_2-x", CallbackDecl::Kind::kScripted, false, {}}};

  JobDecl j1;
  j1.name = "J1";
  constexpr char kOddName[] = "odd \"name\"\\ \t\r\n\x01\x7F\xC3\xA9 #;\0end";
  j1.display_name = std::string(kOddName, sizeof(kOddName) - 1);
  FileDecl plain{"J1", "http://example/a?q=1&r=2", "/tmp/a", 3 * 1024 * 1024, 1, {}};
  FileDecl odd{"J1", "#not a comment", "semi;colon \"quoted\"", 0, uint64_t{1} << 40, {}};
  j1.files = {plain, odd};
  JobDecl j2;
  j2.name = "J2";
  s.jobs = {j1, j2};

  Behaviour b;
  b.callback = "S";
  b.method = NotificationMethod::kFileTransferred;
  b.nth = 3;
  b.result = static_cast<HRESULT>(0x80001234);
  Step step;
  for (Step::Kind kind : {Step::Kind::kAddRefJob, Step::Kind::kReleaseJob, Step::Kind::kAddRefSelf,
                          Step::Kind::kReleaseSelf}) {
    step.kind = kind;
    b.steps.push_back(step);
  }
  step.kind = Step::Kind::kCallJob;
  for (JobCall::Method method :
       {JobCall::Method::kResume, JobCall::Method::kSuspend, JobCall::Method::kCancel,
        JobCall::Method::kComplete, JobCall::Method::kGetState, JobCall::Method::kGetProgress,
        JobCall::Method::kGetError}) {
    step.call.method = method;
    b.steps.push_back(step);
  }
  step.on_job = "J2";
  step.call.method = JobCall::Method::kSetNotifyFlags;
  step.call.flags = 0x40 | BG_NOTIFY_JOB_ERROR;
  b.steps.push_back(step);
  step.call = JobCall{};
  step.call.method = JobCall::Method::kSetNotifyInterface;
  b.steps.push_back(step);
  step.call.callback = "C";
  b.steps.push_back(step);
  step.on_job.clear();
  step.call = JobCall{};
  step.call.method = JobCall::Method::kAddFile;
  step.call.file = FileDecl{"", "u", "l l", 5, 7, {}};
  b.steps.push_back(step);
  s.behaviours.push_back(b);
  Behaviour empty;
  empty.callback = "T_2-x";
  empty.method = NotificationMethod::kJobModification;
  s.behaviours.push_back(empty);

  s.faults = {
      {"J1", Fault::FatalAt(1, 0, E_ACCESSDENIED, BG_ERROR_CONTEXT_LOCAL_FILE), {}},
      {"J1", Fault::FatalAt(0, 5, BG_HTTP_STATUS_HRESULT(404), BG_ERROR_CONTEXT_GENERAL_TRANSPORT), {}},
      {"J1", Fault::HttpStatusAt(0, 64 * 1024, 503), {}},
      {"J2", Fault::JobError(static_cast<HRESULT>(0x80200010), BG_ERROR_CONTEXT_UNKNOWN), {}},
      {"J1", Fault::TransientAt(0, 1, BG_E_NETWORK_DISCONNECTED, std::chrono::seconds(90)), {}},
      {"J1", Fault::StallAt(0, 2, std::chrono::hours(48)), {}},
      {"J2", Fault::CompleteFails(BG_E_INVALID_STATE, 3), {}},
      {"J2", Fault::CancelFails(E_FAIL), {}},
      {"J1", Fault::GetterFails("File.GetLocalName", E_ACCESSDENIED, 4), {}},
  };

  TimedAction action;
  action.job = "J1";
  action.call.method = JobCall::Method::kSetNotifyInterface;
  action.call.callback = "C";
  s.timeline.push_back(action);
  action.at = std::chrono::milliseconds(150);
  action.call = JobCall{};
  action.call.method = JobCall::Method::kAddFile;
  action.call.file = FileDecl{"", "http://b", "/tmp/b", 4096, 2048, {}};
  s.timeline.push_back(action);

  Expectation e;
  e.kind = Expectation::Kind::kCallsOrder;
  e.callback = "C";
  e.job = "J1";
  e.calls = {{NotificationMethod::kJobModification, std::nullopt},
             {NotificationMethod::kJobTransferred, S_OK},
             {NotificationMethod::kJobError, static_cast<HRESULT>(0x80001234)}};
  s.expectations.push_back(e);
  e.kind = Expectation::Kind::kCallsSet;
  e.callback = "*";
  s.expectations.push_back(e);
  e.kind = Expectation::Kind::kCallsExactly;
  e.job = "*";
  e.calls.clear();
  s.expectations.push_back(e);
  for (Expectation::Op op : {Expectation::Op::kEq, Expectation::Op::kNe, Expectation::Op::kLt,
                             Expectation::Op::kLe, Expectation::Op::kGt, Expectation::Op::kGe}) {
    Expectation count;
    count.kind = Expectation::Kind::kCount;
    count.callback = "S";
    count.job = "*";
    count.method = NotificationMethod::kFileTransferred;
    count.op = op;
    count.number = 9223372036854775807;
    s.expectations.push_back(count);
  }
  Expectation state;
  state.kind = Expectation::Kind::kState;
  state.job = "J2";
  state.state = BG_JOB_STATE_TRANSIENT_ERROR;
  action = TimedAction{};
  action.at = std::chrono::hours(24 * 365);
  action.expect = state;
  s.timeline.push_back(action);
  s.expectations.push_back(state);
  Expectation refs;
  refs.kind = Expectation::Kind::kRefs;
  refs.callback = "S";
  refs.number = 0;
  s.expectations.push_back(refs);
  Expectation rule;
  rule.kind = Expectation::Kind::kRule;
  rule.rule = "tol.reentrant_modification";
  s.expectations.push_back(rule);
  Expectation survives;
  survives.kind = Expectation::Kind::kSurvives;
  s.expectations.push_back(survives);
  return s;
}

TEST(PrintScenario, EveryStatementRoundTrips) { ExpectRoundTrip(EveryStatement()); }

TEST(PrintScenario, ValuesInTheirShortestExactUnit) {
  Scenario s;
  s.engine.retry_delay = std::chrono::minutes(2);
  s.engine.chunk_bytes = 64 * 1024 + 1;
  s.end_after = std::chrono::microseconds(1001);
  JobDecl job;
  job.name = "J";
  job.display_name = "j";
  job.files.push_back(FileDecl{"J", "u", "l", uint64_t{3} << 30, 512 * 1024, {}});
  s.jobs.push_back(job);
  const std::string text = PrintScenario(s);
  EXPECT_NE(text.find("engine retry_delay=2m chunk=65537\n"), std::string::npos) << text;
  EXPECT_NE(text.find("file J u l size=3GiB rate=512KiB/s\n"), std::string::npos) << text;
  EXPECT_NE(text.find("end after 1001us\n"), std::string::npos) << text;
  ExpectRoundTrip(s);
}

TEST(PrintScenario, DifferNoticesChanges) {
  const Scenario a = EveryStatement();
  Scenario b = a;
  EXPECT_EQ(Diff(a, b), "");
  b.behaviours[0].steps[14].call.file.local_name = "other";
  EXPECT_EQ(Diff(a, b), "behaviours[0].steps[14].call.file.local_name: l l vs other");
}

}  // namespace
}  // namespace doharness::scenario
