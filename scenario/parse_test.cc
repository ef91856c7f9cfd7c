// ParseScenario: every statement read into the model, and every kind of error reported
// as exactly one "path:line:col: message" line at the first offending word.
#include "scenario/parse.h"

#include <fstream>
#include <string>

#include "api/user_text.h"
#include "gtest/gtest.h"

namespace doharness::scenario {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// The declarations most tests build on.
constexpr char kPrelude[] =
    "callback C under_test\n"
    "callback S scripted\n"
    "callback S2 scripted callback2\n"
    "job J1 \"one\"\n"
    "file J1 http://example/a /tmp/a size=1MiB\n"
    "job J2 \"two\"\n";  // lines 1-6

Scenario Parsed(const std::string& text) {
  ParseResult result = ParseScenario(text, "t.scenario");
  EXPECT_EQ(result.error, "");
  EXPECT_TRUE(result.scenario.has_value());
  return result.scenario.value_or(Scenario{});
}

std::string ErrorOf(const std::string& text) {
  ParseResult result = ParseScenario(text, "t.scenario");
  EXPECT_FALSE(result.scenario.has_value());
  EXPECT_EQ(result.error.find('\n'), std::string::npos) << result.error;
  return result.error;
}

// An error on the line after the prelude (line 7).
std::string ErrorAfterPrelude(const std::string& line) {
  return ErrorOf(std::string(kPrelude) + line + "\n");
}

// --- statements ---------------------------------------------------------------

TEST(ParseScenario, OneStatementMakesTheDefaultScenario) {
  const Scenario s = Parsed("seed 1\n");
  EXPECT_EQ(s.path, "t.scenario");
  EXPECT_EQ(s.engine.profile, "do");
  EXPECT_EQ(s.engine.seed, 1u);
  EXPECT_TRUE(s.jobs.empty());
  EXPECT_EQ(s.end_after, hours(24 * 7));
}

// Nothing to run is an error: an empty file, blank lines, comments, a CR-only file.
TEST(ParseScenario, TextWithoutStatementsIsAnError) {
  for (const char* text : {"", "\n\n", "# only a comment\n  # and another\n", "\r", "\r\n\r\n", "\xEF\xBB\xBF"}) {
    EXPECT_EQ(ErrorOf(text), "t.scenario: no statements (only blank lines and comments): nothing to run")
        << Excerpt(text);
  }
}

TEST(ParseScenarioFile, ADirectoryIsNotAScenario) {
  const std::string directory = testing::TempDir();
  EXPECT_EQ(ParseScenarioFile(directory).error, directory + ": is a directory, not a scenario file");
}

// A UTF-8 byte order mark, as Windows editors write one, is not part of the first word.
TEST(ParseScenario, ALeadingByteOrderMarkIsSkipped) {
  const Scenario s = Parsed("\xEF\xBB\xBFseed 9\n");
  EXPECT_EQ(s.engine.seed, 9u);
  EXPECT_EQ(s.engine.pos.col, 1);
}

TEST(ParseScenario, CommentsBlankLinesAndCrlf) {
  const Scenario s = Parsed("# a comment\r\n\r\n   \t\r\nseed 9  # trailing comment\r\n");
  EXPECT_EQ(s.engine.seed, 9u);
  EXPECT_EQ(s.engine.pos.line, 4);
  EXPECT_EQ(s.engine.pos.col, 1);
}

TEST(ParseScenario, ProfileAndSeed) {
  const Scenario s = Parsed("profile bits\nseed 18446744073709551615\n");
  EXPECT_EQ(s.engine.profile, "bits");
  EXPECT_EQ(s.engine.seed, 18446744073709551615u);
}

TEST(ParseScenario, EngineSettings) {
  const Scenario s = Parsed(
      "engine modification_order=seeded reentrant_depth=3 coalesce=on\n"
      "engine retry_delay=150ms chunk=16KiB concurrency=2\n");
  EXPECT_EQ(s.engine.modification_order, ModificationOrder::kSeeded);
  EXPECT_EQ(s.engine.reentrant_modification_depth, 3);
  EXPECT_TRUE(s.engine.coalesce_modifications);
  EXPECT_EQ(s.engine.retry_delay, milliseconds(150));
  EXPECT_EQ(s.engine.chunk_bytes, 16u * 1024);
  EXPECT_EQ(s.engine.concurrency_limit, 2);
}

TEST(ParseScenario, JobsAndFiles) {
  const Scenario s = Parsed(
      "job J1 \"up\\\"date\\\\ \\x01\\n\"\n"
      "job J2 \"\"\n"
      "file J1 http://example/a?x=1#frag /tmp/a size=65536 rate=1MiB/s\n"
      "file J1 \"http://example/b c\" \"/tmp/b;c\" size=2GiB rate=100B/s\n"
      "file J2 u l\n");
  ASSERT_EQ(s.jobs.size(), 2u);
  EXPECT_EQ(s.jobs[0].name, "J1");
  EXPECT_EQ(s.jobs[0].display_name, std::string("up\"date\\ \x01\n"));
  EXPECT_EQ(s.jobs[1].display_name, "");
  ASSERT_EQ(s.jobs[0].files.size(), 2u);
  EXPECT_EQ(s.jobs[0].files[0].job, "J1");
  EXPECT_EQ(s.jobs[0].files[0].remote_url, "http://example/a?x=1#frag");
  EXPECT_EQ(s.jobs[0].files[0].size, 65536u);
  EXPECT_EQ(s.jobs[0].files[0].bytes_per_second, 1024u * 1024);
  EXPECT_EQ(s.jobs[0].files[1].remote_url, "http://example/b c");
  EXPECT_EQ(s.jobs[0].files[1].local_name, "/tmp/b;c");
  EXPECT_EQ(s.jobs[0].files[1].size, uint64_t{2} << 30);
  EXPECT_EQ(s.jobs[0].files[1].bytes_per_second, 100u);
  EXPECT_EQ(s.jobs[0].files[1].pos.line, 4);
  EXPECT_EQ(s.jobs[1].files[0].size, 256u * 1024);  // the defaults
  EXPECT_EQ(s.jobs[1].files[0].bytes_per_second, 1024u * 1024);
}

TEST(ParseScenario, Callbacks) {
  const Scenario s = Parsed(kPrelude);
  ASSERT_EQ(s.callbacks.size(), 3u);
  EXPECT_EQ(s.callbacks[0].kind, CallbackDecl::Kind::kUnderTest);
  EXPECT_EQ(s.callbacks[1].kind, CallbackDecl::Kind::kScripted);
  EXPECT_FALSE(s.callbacks[1].callback2);
  EXPECT_TRUE(s.callbacks[2].callback2);
  EXPECT_EQ(s.callbacks[2].pos.line, 3);
}

TEST(ParseScenario, OnLines) {
  const Scenario s = Parsed(std::string(kPrelude) +
                            "on S JobTransferred: Complete; AddRef pJob; return S_OK\n"
                            "on S JobError#2 : Cancel;return E_FAIL\n"
                            "on S JobModification:\n"
                            "on S2 FileTransferred: Release self; AddRef self; Release pJob; "
                            "SetNotifyFlags 0x0B; SetNotifyInterface NULL; SetNotifyInterface C; "
                            "J2.Suspend; AddFile u \"l;m\" size=1KiB; GetState; GetProgress; "
                            "GetError; Resume\n");
  ASSERT_EQ(s.behaviours.size(), 4u);
  const Behaviour& first = s.behaviours[0];
  EXPECT_EQ(first.callback, "S");
  EXPECT_EQ(first.method, NotificationMethod::kJobTransferred);
  EXPECT_EQ(first.nth, 0);
  ASSERT_EQ(first.steps.size(), 2u);
  EXPECT_EQ(first.steps[0].kind, Step::Kind::kCallJob);
  EXPECT_EQ(first.steps[0].call.method, JobCall::Method::kComplete);
  EXPECT_EQ(first.steps[0].pos.col, 22);
  EXPECT_EQ(first.steps[1].kind, Step::Kind::kAddRefJob);
  EXPECT_EQ(first.result, S_OK);

  const Behaviour& second = s.behaviours[1];
  EXPECT_EQ(second.method, NotificationMethod::kJobError);
  EXPECT_EQ(second.nth, 2);
  EXPECT_EQ(second.result, E_FAIL);
  ASSERT_EQ(second.steps.size(), 1u);
  EXPECT_EQ(second.steps[0].call.method, JobCall::Method::kCancel);

  EXPECT_TRUE(s.behaviours[2].steps.empty());
  EXPECT_EQ(s.behaviours[2].result, S_OK);

  const std::vector<Step>& steps = s.behaviours[3].steps;
  ASSERT_EQ(steps.size(), 12u);
  EXPECT_EQ(steps[0].kind, Step::Kind::kReleaseSelf);
  EXPECT_EQ(steps[1].kind, Step::Kind::kAddRefSelf);
  EXPECT_EQ(steps[2].kind, Step::Kind::kReleaseJob);
  EXPECT_EQ(steps[3].call.method, JobCall::Method::kSetNotifyFlags);
  EXPECT_EQ(steps[3].call.flags, 0x0Bu);
  EXPECT_EQ(steps[4].call.method, JobCall::Method::kSetNotifyInterface);
  EXPECT_EQ(steps[4].call.callback, "");
  EXPECT_EQ(steps[5].call.callback, "C");
  EXPECT_EQ(steps[6].on_job, "J2");
  EXPECT_EQ(steps[6].call.method, JobCall::Method::kSuspend);
  EXPECT_EQ(steps[7].call.method, JobCall::Method::kAddFile);
  EXPECT_EQ(steps[7].call.file.remote_url, "u");
  EXPECT_EQ(steps[7].call.file.local_name, "l;m");
  EXPECT_EQ(steps[7].call.file.size, 1024u);
  EXPECT_EQ(steps[8].call.method, JobCall::Method::kGetState);
  EXPECT_EQ(steps[9].call.method, JobCall::Method::kGetProgress);
  EXPECT_EQ(steps[10].call.method, JobCall::Method::kGetError);
  EXPECT_EQ(steps[11].call.method, JobCall::Method::kResume);
}

TEST(ParseScenario, Faults) {
  const Scenario s = Parsed(std::string(kPrelude) +
                            "file J1 u2 l2 size=1MiB\n"
                            "fault J1 fatal file=1 at=1MiB code=E_ACCESSDENIED context=LOCAL_FILE\n"
                            "fault J1 http file=0 at=64KiB status=404\n"
                            "fault J1 job_error code=0x80200010\n"
                            "fault J1 transient file=0 at=0 code=BG_E_NETWORK_DISCONNECTED for=2m\n"
                            "fault J1 stall file=0 at=100 for=1h\n"
                            "fault J1 complete_fails code=BG_E_INVALID_STATE times=2\n"
                            "fault J2 cancel_fails code=E_FAIL\n"
                            "fault J1 getter_fails method=Error.GetErrorDescription code=E_FAIL times=3\n");
  ASSERT_EQ(s.faults.size(), 8u);
  EXPECT_EQ(s.faults[0].job, "J1");
  const Fault fatal = s.faults[0].fault;
  EXPECT_EQ(fatal.kind, Fault::Kind::kFatal);
  EXPECT_EQ(fatal.file_index, 1);
  EXPECT_EQ(fatal.at_byte, 1024u * 1024);
  EXPECT_EQ(fatal.code, E_ACCESSDENIED);
  EXPECT_EQ(fatal.context, BG_ERROR_CONTEXT_LOCAL_FILE);
  EXPECT_EQ(s.faults[1].fault.code, BG_HTTP_STATUS_HRESULT(404));
  EXPECT_EQ(s.faults[1].fault.context, BG_ERROR_CONTEXT_REMOTE_FILE);
  EXPECT_EQ(s.faults[1].fault.at_byte, 65536u);
  EXPECT_EQ(s.faults[2].fault.file_index, Fault::kNoFile);
  EXPECT_EQ(s.faults[2].fault.code, static_cast<HRESULT>(0x80200010));
  EXPECT_EQ(s.faults[2].fault.context, BG_ERROR_CONTEXT_GENERAL_TRANSPORT);
  EXPECT_EQ(s.faults[3].fault.kind, Fault::Kind::kTransient);
  EXPECT_EQ(s.faults[3].fault.duration, minutes(2));
  EXPECT_EQ(s.faults[4].fault.kind, Fault::Kind::kStall);
  EXPECT_EQ(s.faults[4].fault.duration, hours(1));
  EXPECT_EQ(s.faults[5].fault.kind, Fault::Kind::kCompleteFails);
  EXPECT_EQ(s.faults[5].fault.times, 2);
  EXPECT_EQ(s.faults[6].fault.kind, Fault::Kind::kCancelFails);
  EXPECT_EQ(s.faults[6].fault.times, 1);
  EXPECT_EQ(s.faults[6].pos.line, 14);
  EXPECT_EQ(s.faults[7].fault.kind, Fault::Kind::kGetterFails);
  EXPECT_EQ(s.faults[7].fault.method, "Error.GetErrorDescription");
  EXPECT_EQ(s.faults[7].fault.code, E_FAIL);
  EXPECT_EQ(s.faults[7].fault.times, 3);
}

TEST(ParseScenario, TimelineAndEnd) {
  const Scenario s = Parsed(std::string(kPrelude) +
                            "at 0 J1 SetNotifyFlags TRANSFERRED|ERROR|MODIFICATION\n"
                            "at 0s J1 SetNotifyInterface C\n"
                            "at 150ms J1 Resume\n"
                            "at 150ms expect state J1 TRANSFERRING\n"
                            "at 3d J1 AddFile http://x /tmp/x rate=2KiB/s\n"
                            "end after 2m\n");
  ASSERT_EQ(s.timeline.size(), 5u);
  EXPECT_EQ(s.timeline[0].at, seconds(0));
  EXPECT_EQ(s.timeline[0].call.flags, 0x0Bu);
  EXPECT_EQ(s.timeline[1].job, "J1");
  EXPECT_EQ(s.timeline[1].call.callback, "C");
  EXPECT_EQ(s.timeline[2].at, milliseconds(150));
  ASSERT_TRUE(s.timeline[3].expect.has_value());
  EXPECT_EQ(s.timeline[3].expect->kind, Expectation::Kind::kState);
  EXPECT_EQ(s.timeline[3].expect->state, BG_JOB_STATE_TRANSFERRING);
  EXPECT_EQ(s.timeline[3].expect->pos.line, 10);
  EXPECT_EQ(s.timeline[4].at, hours(72));
  EXPECT_EQ(s.timeline[4].call.file.bytes_per_second, 2048u);
  EXPECT_EQ(s.end_after, minutes(2));
}

TEST(ParseScenario, Expectations) {
  const Scenario s = Parsed(std::string(kPrelude) +
                            "expect calls C J1 order JobModification JobTransferred=S_OK\n"
                            "expect calls * * exactly\n"
                            "expect calls S J2 set JobError=0x80004005 JobError\n"
                            "expect count * J1 JobModification >= 3\n"
                            "expect count C * FileTransferred != 0\n"
                            "expect state J2 BG_JOB_STATE_ACKNOWLEDGED\n"
                            "expect refs S 1\n"
                            "expect rule ret.transferred_ok\n"
                            "expect survives\n");
  ASSERT_EQ(s.expectations.size(), 9u);
  const Expectation& order = s.expectations[0];
  EXPECT_EQ(order.kind, Expectation::Kind::kCallsOrder);
  EXPECT_EQ(order.callback, "C");
  EXPECT_EQ(order.job, "J1");
  ASSERT_EQ(order.calls.size(), 2u);
  EXPECT_EQ(order.calls[0].method, NotificationMethod::kJobModification);
  EXPECT_FALSE(order.calls[0].result.has_value());
  EXPECT_EQ(order.calls[1].result, S_OK);
  EXPECT_EQ(s.expectations[1].kind, Expectation::Kind::kCallsExactly);
  EXPECT_EQ(s.expectations[1].callback, "*");
  EXPECT_TRUE(s.expectations[1].calls.empty());
  EXPECT_EQ(s.expectations[2].kind, Expectation::Kind::kCallsSet);
  EXPECT_EQ(s.expectations[2].calls[0].result, E_FAIL);
  EXPECT_EQ(s.expectations[3].kind, Expectation::Kind::kCount);
  EXPECT_EQ(s.expectations[3].op, Expectation::Op::kGe);
  EXPECT_EQ(s.expectations[3].number, 3);
  EXPECT_EQ(s.expectations[4].op, Expectation::Op::kNe);
  EXPECT_EQ(s.expectations[4].method, NotificationMethod::kFileTransferred);
  EXPECT_EQ(s.expectations[5].state, BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_EQ(s.expectations[6].kind, Expectation::Kind::kRefs);
  EXPECT_EQ(s.expectations[6].number, 1);
  EXPECT_EQ(s.expectations[7].rule, "ret.transferred_ok");
  EXPECT_EQ(s.expectations[8].kind, Expectation::Kind::kSurvives);
  EXPECT_EQ(s.expectations[8].pos.line, 15);
}

TEST(ParseScenarioFile, ReadsAFileAndNamesItInErrors) {
  const std::string path = std::string(getenv("TEST_TMPDIR")) + "/x.scenario";
  std::ofstream(path) << "seed 5\nbogus\n";
  EXPECT_EQ(ParseScenarioFile(path).error, path + ":2:1: unknown statement 'bogus' (profile, seed, "
                                                  "engine, job, file, callback, on, fault, at, end "
                                                  "or expect)");
}

TEST(ParseScenarioFile, UnreadableFile) {
  EXPECT_EQ(ParseScenarioFile("/nonexistent/x.scenario").error,
            "/nonexistent/x.scenario: cannot read: No such file or directory");
}

// --- errors -------------------------------------------------------------------

TEST(ParseErrors, UnknownStatement) {
  EXPECT_EQ(ErrorOf("seed 1\n  jobs J1 \"x\"\n"),
            "t.scenario:2:3: unknown statement 'jobs' (profile, seed, engine, job, file, callback, "
            "on, fault, at, end or expect)");
}

TEST(ParseErrors, MalformedWords) {
  EXPECT_EQ(ErrorOf("job J1 \"abc\n"), "t.scenario:1:8: unterminated string");
  EXPECT_EQ(ErrorOf("job J1 \"a\"b\n"), "t.scenario:1:11: expected a space after the closing quote");
  EXPECT_EQ(ErrorOf("job J1 a\"b\"\n"),
            "t.scenario:1:9: unexpected '\"' inside a word (quote the whole word)");
  EXPECT_EQ(ErrorOf("job J1 \"a\\qb\"\n"),
            "t.scenario:1:10: unknown escape '\\q' (known: \\\\ \\\" \\n \\r \\t \\xHH)");
  EXPECT_EQ(ErrorOf("job J1 \"a\\x4\"\n"), "t.scenario:1:10: '\\x' needs two hex digits");
}

TEST(ParseErrors, MissingArgument) {
  EXPECT_EQ(ErrorOf("job J1\n"),
            "t.scenario:1:8: missing display name; usage: job NAME \"display name\"");
  EXPECT_EQ(ErrorAfterPrelude("file J1 http://x"),
            "t.scenario:7:18: missing local name; usage: file JOB URL LOCAL [size=SIZE] "
            "[rate=SIZE/s]");
  EXPECT_EQ(ErrorAfterPrelude("on S JobTransferred: SetNotifyFlags; return S_OK"),
            "t.scenario:7:36: missing notify flags; usage: SetNotifyFlags FLAGS");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 http file=0 at=0"), "t.scenario:7:10: 'http' needs status=");
}

TEST(ParseErrors, ExtraArgument) {
  EXPECT_EQ(ErrorOf("profile do now\n"), "t.scenario:1:12: unexpected 'now'; usage: profile do|bits");
  EXPECT_EQ(ErrorOf("callback U under_test callback2\n"),
            "t.scenario:1:23: unexpected 'callback2'; usage: callback NAME under_test|scripted "
            "[callback2]");
  EXPECT_EQ(ErrorAfterPrelude("at 0s J1 Resume now"),
            "t.scenario:7:17: unexpected 'now'; usage: at TIME JOB METHOD [ARGS] | at TIME expect ...");
  EXPECT_EQ(ErrorAfterPrelude("file J1 u l ; x"), "t.scenario:7:13: expected KEY=VALUE, got ';'");
}

TEST(ParseErrors, MalformedOnLine) {
  EXPECT_EQ(ErrorAfterPrelude("on S JobTransferred Complete"),
            "t.scenario:7:20: expected ':' after the notification method; usage: on CALLBACK "
            "METHOD[#N]: STEP; ...; return HRESULT");
  EXPECT_EQ(ErrorAfterPrelude("on S JobTransferred: Complete;; return S_OK"),
            "t.scenario:7:31: empty step");
  EXPECT_EQ(ErrorAfterPrelude("on S JobTransferred: Complete;"),
            "t.scenario:7:30: empty step after ';'");
  EXPECT_EQ(ErrorAfterPrelude("on S JobTransferred: return S_OK; Complete"),
            "t.scenario:7:35: nothing may follow `return`");
  EXPECT_EQ(ErrorAfterPrelude("on S JobTransferred: AddRef job"),
            "t.scenario:7:29: expected pJob or self, got 'job'");
}

TEST(ParseErrors, UnknownNames) {
  EXPECT_EQ(ErrorAfterPrelude("file J9 u l"),
            "t.scenario:7:6: unknown job 'J9' (declare it with `job` above)");
  EXPECT_EQ(ErrorAfterPrelude("at 0s J1 SetNotifyInterface X"),
            "t.scenario:7:29: unknown callback 'X' (declare it with `callback` above)");
  EXPECT_EQ(ErrorAfterPrelude("at 0s J1 Restart"),
            "t.scenario:7:10: unknown job method 'Restart' (Resume, Suspend, Cancel, Complete, "
            "SetNotifyFlags, SetNotifyInterface, AddFile, GetState, GetProgress or GetError)");
  EXPECT_EQ(ErrorAfterPrelude("on S JobDone: return S_OK"),
            "t.scenario:7:6: unknown notification method 'JobDone' (JobTransferred, JobError, "
            "JobModification or FileTransferred)");
  EXPECT_EQ(ErrorAfterPrelude("expect state J1 DONE"),
            "t.scenario:7:17: unknown job state 'DONE' (QUEUED, CONNECTING, TRANSFERRING, "
            "SUSPENDED, ERROR, TRANSIENT_ERROR, TRANSFERRED, ACKNOWLEDGED or CANCELLED)");
  EXPECT_EQ(ErrorAfterPrelude("on S JobError: return E_NOPE"),
            "t.scenario:7:23: unknown HRESULT 'E_NOPE' (a name such as E_FAIL or "
            "BG_E_HTTP_ERROR_404, or 0x80004005)");
  EXPECT_EQ(ErrorAfterPrelude("expect rule ret.never"),
            "t.scenario:7:13: unknown rule 'ret.never' (see conformance/rules.md)");
  EXPECT_EQ(ErrorAfterPrelude("on S JobTransferred: J9.Cancel"),
            "t.scenario:7:22: unknown job 'J9' (declare it with `job` above)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 explode"),
            "t.scenario:7:10: unknown fault kind 'explode' (fatal, http, job_error, transient, "
            "stall, complete_fails, cancel_fails or getter_fails)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 getter_fails method=GetErrorDescription code=E_FAIL"),
            "t.scenario:7:23: unknown getter 'GetErrorDescription' (such as GetState, "
            "File.GetLocalName or Error.GetErrorDescription)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 getter_fails code=E_FAIL"),
            "t.scenario:7:10: 'getter_fails' needs method=");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 fatal file=0 at=0 code=E_FAIL context=SOMEWHERE"),
            "t.scenario:7:40: unknown error context 'SOMEWHERE' (such as REMOTE_FILE or "
            "GENERAL_TRANSPORT)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 stall file=0 at=0 for=1s code=E_FAIL"),
            "t.scenario:7:35: unknown key 'code' for fault stall (known: file, at, for)");
  EXPECT_EQ(ErrorAfterPrelude("engine speed=3"),
            "t.scenario:7:8: unknown key 'speed' for engine (known: modification_order, "
            "reentrant_depth, coalesce, retry_delay, chunk, concurrency)");
  EXPECT_EQ(ErrorOf("profile windows\n"), "t.scenario:1:9: unknown profile 'windows' (do or bits)");
  EXPECT_EQ(ErrorAfterPrelude("callback X remote"),
            "t.scenario:7:12: unknown callback kind 'remote' (under_test or scripted)");
  EXPECT_EQ(ErrorAfterPrelude("at 0s J1 SetNotifyFlags TRANSFERED"),
            "t.scenario:7:25: bad notify flags 'TRANSFERED' (a number such as 0x0B, or names such "
            "as TRANSFERRED|ERROR|MODIFICATION)");
}

TEST(ParseErrors, BadNames) {
  EXPECT_EQ(ErrorOf("job 1J \"x\"\n"),
            "t.scenario:1:5: bad job name '1J': use letters, digits, '_' and '-', starting with a "
            "letter or '_'");
  EXPECT_EQ(ErrorOf("callback NULL scripted\n"),
            "t.scenario:1:10: 'NULL' is a reserved word, not a callback name");
}

TEST(ParseErrors, ValuesOutOfRange) {
  EXPECT_EQ(ErrorOf("seed 18446744073709551616\n"),
            "t.scenario:1:6: seed '18446744073709551616' out of range (0..18446744073709551615)");
  EXPECT_EQ(ErrorOf("seed -1\n"), "t.scenario:1:6: bad seed '-1': expected a whole number");
  EXPECT_EQ(ErrorOf("engine concurrency=5\n"),
            "t.scenario:1:8: concurrency '5' out of range (1..4)");
  EXPECT_EQ(ErrorOf("engine chunk=0\n"), "t.scenario:1:8: chunk '0' out of range (1 to 1TiB)");
  EXPECT_EQ(ErrorOf("engine concurrency=9 chunk=0\n"),
            "t.scenario:1:8: concurrency '9' out of range (1..4)");
  EXPECT_EQ(ErrorAfterPrelude("file J1 u l size=2TiB"),
            "t.scenario:7:13: size '2TiB' out of range (0 to 1TiB)");
  EXPECT_EQ(ErrorAfterPrelude("file J1 u l size=99999999999999999999999KiB"),
            "t.scenario:7:13: size '99999999999999999999999KiB' out of range (0 to 1TiB)");
  EXPECT_EQ(ErrorAfterPrelude("file J1 u l size=1MB"),
            "t.scenario:7:13: bad size '1MB': expected bytes such as 65536, 64KiB, 1MiB or 1GiB");
  EXPECT_EQ(ErrorAfterPrelude("file J1 u l rate=0/s"),
            "t.scenario:7:13: rate '0' out of range (1 to 1TiB)");
  EXPECT_EQ(ErrorAfterPrelude("file J1 u l rate=1MiB"),
            "t.scenario:7:13: bad rate '1MiB': expected bytes a second such as 1MiB/s");
  EXPECT_EQ(ErrorAfterPrelude("on S JobError#0: return S_OK"),
            "t.scenario:7:6: call number #N '0' out of range (1..2147483647)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 complete_fails code=E_FAIL times=0"),
            "t.scenario:7:37: times '0' out of range (1..2147483647)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 http file=1 at=0 status=404"),
            "t.scenario:7:15: file index '1' out of range (0..0)");
  EXPECT_EQ(ErrorAfterPrelude("fault J2 http file=0 at=0 status=404"),
            "t.scenario:7:15: job 'J2' has no file yet (declare its `file` lines before its faults)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 http file=0 at=2MiB status=404"),
            "t.scenario:7:22: at=2MiB is past the end of file 0 of 'J1' (1048576 bytes)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 http file=0 at=0 status=700"),
            "t.scenario:7:27: HTTP status '700' out of range (100..599)");
  EXPECT_EQ(ErrorAfterPrelude("fault J1 stall file=0 at=0 for=0s"),
            "t.scenario:7:28: for= must be more than 0");
  EXPECT_EQ(ErrorAfterPrelude("at 366d J1 Resume"), "t.scenario:7:4: time '366d' out of range (at most 365d)");
  EXPECT_EQ(ErrorAfterPrelude("at 99999999999999999999us J1 Resume"),
            "t.scenario:7:4: time '99999999999999999999us' out of range (at most 365d)");
  EXPECT_EQ(ErrorAfterPrelude("end after 1.5s"),
            "t.scenario:7:11: bad duration '1.5s': expected a duration such as 0, 150ms, 10s, 2m, "
            "1h or 3d");
  EXPECT_EQ(ErrorAfterPrelude("expect count C J1 JobError >= -1"),
            "t.scenario:7:31: bad count '-1': expected a whole number");
  EXPECT_EQ(ErrorOf("engine reentrant_depth=9\n"),
            "t.scenario:1:8: reentrant_depth '9' out of range (0..8)");
}

TEST(ParseErrors, Duplicates) {
  EXPECT_EQ(ErrorAfterPrelude("job J1 \"again\""),
            "t.scenario:7:5: duplicate job 'J1' (first declared on line 4)");
  EXPECT_EQ(ErrorAfterPrelude("callback S scripted"),
            "t.scenario:7:10: duplicate callback 'S' (first declared on line 2)");
  EXPECT_EQ(ErrorAfterPrelude("callback U under_test"),
            "t.scenario:7:12: second under_test callback (the first is on line 1)");
  EXPECT_EQ(ErrorOf("profile do\nprofile bits\n"),
            "t.scenario:2:1: second 'profile' statement (the first is on line 1)");
  EXPECT_EQ(ErrorOf("seed 1\n\nseed 2\n"),
            "t.scenario:3:1: second 'seed' statement (the first is on line 1)");
  EXPECT_EQ(ErrorOf("end after 1h\nend after 2h\n"),
            "t.scenario:2:1: second 'end' statement (the first is on line 1)");
  EXPECT_EQ(ErrorOf("engine chunk=1KiB\nengine coalesce=on chunk=2KiB\n"),
            "t.scenario:2:20: engine setting 'chunk' already set on line 1");
  EXPECT_EQ(ErrorOf("engine chunk=1KiB chunk=2KiB\n"), "t.scenario:1:19: duplicate key 'chunk'");
  EXPECT_EQ(ErrorAfterPrelude("on S JobError#2: return S_OK\non S JobError#2: return E_FAIL"),
            "t.scenario:8:6: second `on` line for this callback and method (the first is on line 7)");
}

TEST(ParseErrors, AtGoesBackInTime) {
  EXPECT_EQ(ErrorAfterPrelude("at 10s J1 Resume\nat 9999ms J1 Suspend"),
            "t.scenario:8:4: `at 9999ms` goes back in time (line 7 is at 10s)");
}

TEST(ParseErrors, DeclareBeforeUse) {
  EXPECT_EQ(ErrorOf("file J1 u l\njob J1 \"x\"\n"),
            "t.scenario:1:6: unknown job 'J1' (declare it with `job` above)");
  EXPECT_EQ(ErrorOf("on S JobError: return S_OK\ncallback S scripted\n"),
            "t.scenario:1:4: unknown callback 'S' (declare it with `callback` above)");
}

TEST(ParseErrors, OnLineForCallbackUnderTest) {
  EXPECT_EQ(ErrorAfterPrelude("on C JobTransferred: return S_OK"),
            "t.scenario:7:4: callback 'C' is under_test: only scripted callbacks have `on` lines");
}

TEST(ParseErrors, FileTransferredNeedsCallback2) {
  EXPECT_EQ(ErrorAfterPrelude("on S FileTransferred: return S_OK"),
            "t.scenario:7:6: callback 'S' never gets FileTransferred: declare it `scripted "
            "callback2`");
}

TEST(ParseErrors, ExpectNamesUndeclaredThings) {
  EXPECT_EQ(ErrorAfterPrelude("expect calls X J1 order JobError"),
            "t.scenario:7:14: unknown callback 'X' (declare it with `callback` above)");
  EXPECT_EQ(ErrorAfterPrelude("expect count C J7 JobError == 1"),
            "t.scenario:7:16: unknown job 'J7' (declare it with `job` above)");
  EXPECT_EQ(ErrorAfterPrelude("expect state * ERROR"),
            "t.scenario:7:14: unknown job '*' (declare it with `job` above)");
  EXPECT_EQ(ErrorAfterPrelude("expect refs * 1"),
            "t.scenario:7:13: unknown callback '*' (declare it with `callback` above)");
  EXPECT_EQ(ErrorAfterPrelude("at 1s expect state J9 ERROR"),
            "t.scenario:7:20: unknown job 'J9' (declare it with `job` above)");
  EXPECT_EQ(ErrorAfterPrelude("expect calls C J1 order"),
            "t.scenario:7:25: missing call; usage: expect calls CALLBACK|* JOB|* "
            "order|exactly|set METHOD[=HRESULT] ...");
  EXPECT_EQ(ErrorAfterPrelude("expect lunch"),
            "t.scenario:7:8: unknown expectation 'lunch' (calls, count, state, refs, rule or "
            "survives)");
}

TEST(ParseErrors, MessagesStayOnOneLine) {
  constexpr char kControl[] = "job J1 \"x\"\nfile J1 u l size=\x01\x7F";
  EXPECT_EQ(ErrorOf(std::string(kControl, sizeof(kControl) - 1)),
            "t.scenario:2:13: bad size '\\x01\\x7F': expected bytes such as 65536, 64KiB, 1MiB "
            "or 1GiB");
  EXPECT_EQ(ErrorOf(std::string("xyz\0abc", 7)),
            "t.scenario:1:1: unknown statement 'xyz\\x00abc' (profile, seed, engine, job, file, "
            "callback, on, fault, at, end or expect)");
  EXPECT_EQ(ErrorOf(std::string(100, 'a')),
            "t.scenario:1:1: unknown statement '" + std::string(40, 'a') +
                "...' (profile, seed, engine, job, file, callback, on, fault, at, end or expect)");
}

}  // namespace
}  // namespace doharness::scenario
