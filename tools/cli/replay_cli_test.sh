#!/usr/bin/env bash
# `doharness replay` and `doharness record` as a user runs them: exit codes 0/1/2, the
# failed expectation's file:line:col, one-line reasons on stderr, the trace file, golden
# traces (compared, the first difference shown, updated), a crashing and a hanging
# plugin failing the replay without killing the tool, and record -> replay round trips.
# Usage (from Bazel): replay_cli_test.sh DOHARNESS REFERENCE_SO CRASH_SO HANG_SO BASIC_SCENARIO
# (BASIC_SCENARIO: fixtures/basic_transfer.scenario, its golden trace beside it).
set -u
doharness=$1 reference=$2 crash=$3 hang=$4 basic=$5
golden=${basic%.scenario}.trace
source "$(dirname "$0")/testdata/cli_test_lib.sh"

# run CODE ARGS...: runs doharness, output in $tmp/out and $tmp/err, and checks the exit code.
run() {
  local want=$1
  shift
  "$doharness" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "doharness $* exited $got, expected $want: $(head -c 500 "$tmp/out" "$tmp/err")"
}
has() { grep -q -- "$2" "$tmp/$1" || fail "$1 of the last command lacks '$2': $(head -c 500 "$tmp/$1")"; }
one_line_err() { [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "stderr is not one line: $(cat "$tmp/err")"; }

# A passing fixture, with its golden trace beside it.
run 0 replay "$basic"
has out "^PASS $basic (6 expectations)$"
run 0 replay "$basic" --callback "$reference"

# A wrong expectation: exit 1, the expectation's file:line:col, the summary.
line=$(grep -n '^expect state J1 ACKNOWLEDGED$' "$basic" | cut -d: -f1)
sed 's/^expect state J1 ACKNOWLEDGED$/expect state J1 CANCELLED/' "$basic" >"$tmp/wrong.scenario"
run 1 replay "$tmp/wrong.scenario"
has out "^$tmp/wrong.scenario:$line:1: expected state"
has out "^FAIL $tmp/wrong.scenario: 1 of 6 expectations failed$"

# Bad input: exit 2 and one line. A parse error is the parser's line alone.
printf 'profile do\njob J1\n' >"$tmp/bad.scenario"
run 2 replay "$tmp/bad.scenario"
one_line_err
has err "^$tmp/bad.scenario:2:[0-9]*: "
run 2 replay "$tmp/none.scenario"
one_line_err
has err "cannot read"
run 2 replay "$basic" --callback "$tmp/none.so"
one_line_err
has err "cannot load"
run 2 replay
run 2 replay "$basic" --hang-ms 0

# --trace writes the trace: for the fixture, its golden trace.
run 0 replay "$basic" --trace "$tmp/basic.trace"
cmp -s "$tmp/basic.trace" "$golden" || fail "--trace wrote a trace that differs from $golden"
run 2 replay "$basic" --trace "$tmp/no/such/dir/x.trace"
has err "cannot write"

# A golden trace that differs: exit 1 and the first differing event, with context.
cp "$basic" "$tmp/golden.scenario"
sed '5s/"S_OK (0x00000000)"/"E_FAIL (0x80004005)"/' "$golden" >"$tmp/golden.trace"
cmp -s "$golden" "$tmp/golden.trace" && fail "the test did not change the golden trace"
run 1 replay "$tmp/golden.scenario"
has out "^$tmp/golden.trace:5: the trace differs from the golden trace at event 5$"
grep -qxF "  3  $(sed -n 3p "$golden")" "$tmp/out" || fail "no context line 3: $(cat "$tmp/out")"
has out "^  4  "
has out "^- 5  .*E_FAIL"
has out "^+ 5  .*S_OK"
has out "^FAIL $tmp/golden.scenario: the trace differs from $tmp/golden.trace$"
# --update-golden rewrites it, and creates one where there is none.
run 0 replay "$tmp/golden.scenario" --update-golden
cmp -s "$tmp/golden.trace" "$golden" || fail "--update-golden did not rewrite the golden trace"
run 0 replay "$tmp/golden.scenario"
cp "$basic" "$tmp/fresh.scenario"
run 0 replay "$tmp/fresh.scenario" --update-golden
cmp -s "$tmp/fresh.trace" "$golden" || fail "--update-golden did not create the golden trace"
# A shorter trace than the golden one.
cat "$golden" - >"$tmp/golden.trace" <<<'{"extra":true}'
run 1 replay "$tmp/golden.scenario"
has out "^+ $(($(wc -l <"$golden") + 1))  (end of the trace)$"
# A golden trace without its last newline differs after its last event.
head -c -1 "$golden" >"$tmp/golden.trace"
run 1 replay "$tmp/golden.scenario"
events=$(wc -l <"$golden")
has out "^$tmp/golden.trace:$((events + 1)): the trace differs from the golden trace at event $((events + 1))$"
has out "^- $((events + 1))  (end of the golden trace)$"
has out "^+ $((events + 1))  (end of the trace)$"
# The trace of a plugin's replay, streamed from its child, is the golden one too.
run 0 replay "$basic" --callback "$reference" --trace "$tmp/streamed.trace"
cmp -s "$tmp/streamed.trace" "$golden" || fail "--callback --trace wrote a trace that differs from $golden"
run 0 replay "$basic" --callback "$reference" --trace -
cmp -s "$tmp/out" "$golden" || fail "--trace - wrote a trace on stdout that differs from $golden"

# A crashing and a hanging callback fail the replay; the tool itself ends normally.
cp "$basic" "$tmp/crash.scenario"
run 1 replay "$tmp/crash.scenario" --callback "$crash" --trace "$tmp/crash_out.trace" --update-golden
has out "^$tmp/crash.scenario: the callback crashed: SIGSEGV (signal 11) in JobTransferred on job 1$"
has out "^FAIL $tmp/crash.scenario: the replay did not finish"
[ ! -e "$tmp/crash.trace" ] || fail "a crashed replay wrote a golden trace"
[ ! -e "$tmp/crash_out.trace" ] || fail "a crashed replay wrote --trace"
run 1 replay "$basic" --callback "$hang" --hang-ms 300
has out "the callback hung: JobTransferred on job 1 did not return within 300 ms"

# record -> replay: the recording passes and replays to the recorded trace.
round_trip() {
  local name=$1
  shift
  run 0 record --out "$tmp/$name.scenario" --trace "$tmp/$name.recorded" "$@"
  run 0 replay "$tmp/$name.scenario" --trace "$tmp/$name.replayed" "$@"
  has out "^PASS $tmp/$name.scenario"
  cmp -s "$tmp/$name.recorded" "$tmp/$name.replayed" || fail "record $*: the replay's trace differs from the recording's"
  grep -q "^# Recorded by: doharness record" "$tmp/$name.scenario" || fail "record $*: no header"
}
round_trip default
round_trip plugin --callback "$reference"
run 0 record --out "$tmp/faults.scenario" --trace "$tmp/faults.recorded" --jobs 2 --files 2 --fault http404 --profile bits --seed 3
run 0 replay "$tmp/faults.scenario" --trace "$tmp/faults.replayed"
cmp -s "$tmp/faults.recorded" "$tmp/faults.replayed" || fail "record --fault http404: traces differ"
grep -q "^expect state J1 CANCELLED$" "$tmp/faults.scenario" || fail "record --fault http404 did not pin J1's end"
grep -q "^expect calls C J1 exactly .*JobError=S_OK" "$tmp/faults.scenario" || fail "record did not pin J1's calls"
grep -q "^expect survives$" "$tmp/faults.scenario" || fail "record did not expect survival"
for fault in job_error complete_fails transient none; do
  run 0 record --out "$tmp/$fault.scenario" --fault "$fault" --flags 'TRANSFERRED|ERROR'
  run 0 replay "$tmp/$fault.scenario"
done
run 0 record --out "$tmp/rule.scenario" --rule ret.error_ok
grep -q "^expect rule ret.error_ok$" "$tmp/rule.scenario" || fail "record --rule did not expect the rule"
run 0 replay "$tmp/rule.scenario"
run 0 record --out "$tmp/concurrent.scenario" --rule tol.concurrent_jobs
run 0 replay "$tmp/concurrent.scenario"
# A crashing callback: the scenario is written without expectations and reproduces it.
run 1 record --out "$tmp/crashed.scenario" --callback "$crash"
has out "the callback crashed: SIGSEGV (signal 11)"
run 1 replay "$tmp/crashed.scenario" --callback "$crash"
has out "the callback crashed: SIGSEGV (signal 11)"
# Bad usage.
run 2 record --out "$tmp/x.scenario" --rule com.identity
one_line_err
has err "cannot record rule com.identity as a scenario: "
run 2 record --out "$tmp/x.scenario" --rule no.such_rule
has err "cannot record rule no.such_rule as a scenario: it is not a rule id"
run 2 record --out "$tmp/x.scenario" --fault http404 --files 0
has err "needs --files 1 or more"
run 2 record --out "$tmp/x.scenario" --flags BOGUS
run 2 record --out "$tmp/x.scenario" --rule ret.error_ok --jobs 2
run 2 record --out "$tmp/x.scenario" --callback "$tmp/none.so"
has err "cannot load"
run 2 record
run 0 record --help
has out "ret.retry_bounded"

echo "$failures failures"
[ "$failures" -eq 0 ]
