#!/usr/bin/env bash
# The command line refuses what it cannot honour, before it runs, with one line and
# exit 2; keeps special files special; and never passes a replay that replayed nothing.
# Usage (from Bazel): command_line_cli_test.sh DOHARNESS
set -u
doharness=$1
source "$(dirname "$0")/testdata/cli_test_lib.sh"
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }

# Numbers: limits that do not fit are refused; the largest accepted one works (its
# derived limits are computed without overflow: no false hang on the reference).
expect 2 "^doharness: --hang-ms: must be at most 2147483647 (got '2147483648')$" check --hang-ms 2147483648
expect 2 "^doharness: --hang-ms: must be at least 1 (got '0')$" check --hang-ms 0
expect 2 "^doharness: --prompt-ms: must be a whole number (got '1e3')$" check --prompt-ms 1e3
expect 2 "^doharness: --hang-ms: must be at least 1 (got '-5')$" replay fixtures/basic_transfer.scenario --hang-ms -5
expect 0 "" check --hang-ms 2147483647 --json "$tmp/big_hang.json"
grep -q '"hang"' "$tmp/big_hang.json" && fail "--hang-ms 2147483647 gave a hang verdict"
expect 2 "^doharness: --budget: must be at least 1 (got '0')$" explore --budget 0
expect 2 "^doharness: --jobs: must be at most 64 (got '65')$" record --jobs 65 --out "$tmp/r.scenario"

# Seeds are 0 to 2^64-1, never wrapped.
for seed in -1 18446744073709551616 0x10 ""; do
  expect 2 "^doharness: --seed: must be a whole number from 0 to 18446744073709551615 (got '$seed')$" check --seed "$seed"
  expect 2 "^doharness: --seed: must be a whole number from 0 to 18446744073709551615" explore --seed "$seed"
done
expect 0 "" check --seed 18446744073709551615 --rules 'ret.*' --json "$tmp/seed.json"
grep -q '"seed": 18446744073709551615' "$tmp/seed.json" || fail "the largest seed is not reported as given"

# An empty --callback is refused, not taken for the bundled reference callback.
expect 2 "^doharness: --callback: must name a library" check --callback ""
expect 2 "^doharness: --callback: must name a library" replay fixtures/basic_transfer.scenario --callback ""
expect 2 "^doharness: --callback: must name a library" record --out "$tmp/r.scenario" --callback ""
expect 2 "^doharness: --callback: must name a library" explore --callback ""

# Output paths are checked before the run (it would cost the whole suite otherwise).
expect 2 "^doharness: cannot write $tmp/no/such/dir/r.json: directory $tmp/no/such/dir does not exist$" \
  check --json "$tmp/no/such/dir/r.json" --junit "$tmp/ok.xml"
[ -e "$tmp/ok.xml" ] && fail "a report was written although the run was refused"
expect 2 "^doharness: --json and --junit name the same file $tmp/same$" check --json "$tmp/same" --junit "$tmp/same"
expect 2 "^doharness: --json and --junit name the same file $tmp/./same$" check --json "$tmp/same" --junit "$tmp/./same"
expect 2 "^doharness: --json and --junit name the same file -$" check --json - --junit -
expect 2 "^doharness: cannot write $tmp: it is a directory$" check --json "$tmp"
expect 2 "^doharness: cannot write $tmp/nope/x.scenario: directory $tmp/nope does not exist$" \
  explore --out "$tmp/nope/x.scenario" 2>/dev/null
expect 2 "^doharness: cannot write to standard output ('-') here: name a file$" record --out -

# A read-only report is refused (even for root) and left as it was; a writable one
# keeps its mode when replaced.
echo old >"$tmp/ro.json" && chmod 444 "$tmp/ro.json"
expect 2 "^doharness: cannot write $tmp/ro.json: it is read-only$" check --json "$tmp/ro.json"
[ "$(cat "$tmp/ro.json")" = old ] || fail "the read-only report was changed"
[ "$(stat -c %a "$tmp/ro.json")" = 444 ] || fail "the read-only report's mode changed"
echo old >"$tmp/rw.json" && chmod 640 "$tmp/rw.json"
expect 0 "" check --json "$tmp/rw.json"
json_ok "$tmp/rw.json" || fail "the replaced report is not JSON"
[ "$(stat -c %a "$tmp/rw.json")" = 640 ] || fail "the replaced report lost its mode 640"

# A symlink to a regular file: the file is replaced, the link stays.
echo old >"$tmp/target.json" && ln -s "$tmp/target.json" "$tmp/link.json"
expect 0 "" check --json "$tmp/link.json"
[ -L "$tmp/link.json" ] || fail "the symlink was replaced by a file"
json_ok "$tmp/target.json" || fail "the symlink's target was not written"

# Special files are written into, never replaced; a write error is exit 2.
ln -s /dev/null "$tmp/null_link"
expect 0 "" check --json "$tmp/null_link" --junit /dev/null
[ -L "$tmp/null_link" ] && [ -c /dev/null ] || fail "/dev/null or a link to it was replaced"
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
expect 0 "" check --junit "$tmp/fifo"
wait $reader
[ -p "$tmp/fifo" ] || fail "the FIFO was replaced"
grep -q '<testsuite name="doharness" tests="68"' "$tmp/fifo.out" || fail "nothing came out of the FIFO"
if [ -w /dev/full ]; then
  expect 2 "^doharness: cannot write /dev/full: No space left on device$" check --json /dev/full
  [ -c /dev/full ] || fail "/dev/full was replaced"
fi

# "-" is stdout: the report alone there, the human summary on stderr.
"$doharness" check --json - >"$tmp/stdout.json" 2>"$tmp/human.txt" || fail "check --json - failed"
json_ok "$tmp/stdout.json" || fail "stdout of check --json - is not the JSON report alone"
grep -q "^68 rules: 68 passed" "$tmp/human.txt" || fail "the human summary is not on stderr with --json -"
"$doharness" replay fixtures/basic_transfer.scenario --trace - >"$tmp/trace.jsonl" 2>"$tmp/replay.txt" ||
  fail "replay --trace - failed"
cmp -s "$tmp/trace.jsonl" fixtures/basic_transfer.trace || fail "stdout of replay --trace - is not the trace alone"
grep -q "^PASS fixtures/basic_transfer.scenario" "$tmp/replay.txt" || fail "replay's summary is not on stderr"

# Two runs writing the same report at once both succeed (unique temporary names).
pids=()
for i in 1 2 3 4 5 6; do
  "$doharness" check --rules 'com.*' --json "$tmp/shared.json" >/dev/null 2>"$tmp/shared.$i.err" &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || fail "concurrent run $((i + 1)) failed: $(cat "$tmp/shared.$((i + 1)).err")"
done
json_ok "$tmp/shared.json" || fail "the report written by concurrent runs is not JSON"
ls -a "$tmp" | grep -q '^\.shared\.json\.' && fail "a temporary file was left behind"

# Nothing to replay is bad input: a directory, an empty file, a CR-only file, comments.
expect 2 "^fixtures/: is a directory, not a scenario file$" replay fixtures/
printf '' >"$tmp/empty.scenario"
printf '\r\n\r\n' >"$tmp/cr.scenario"
printf '# only\n   # comments\n\n' >"$tmp/comments.scenario"
for name in empty cr comments; do
  expect 2 "^$tmp/$name.scenario: no statements (only blank lines and comments): nothing to run$" \
    replay "$tmp/$name.scenario"
done
# Statements without an `expect` line still run.
grep -v '^expect' fixtures/basic_transfer.scenario >"$tmp/no_expect.scenario"
expect 0 "" replay "$tmp/no_expect.scenario"

# A byte order mark is skipped; a huge line is quoted in part.
printf '\xEF\xBB\xBFret.error_ok\n' >"$tmp/bom.expected"
expect 1 "" check --rules ret.error_ok --expected-failures "$tmp/bom.expected"
grep -q "listed rule passed: ret.error_ok" "$tmp/out" || fail "the BOM-prefixed list was not read as ret.error_ok"
{ printf '\xEF\xBB\xBF'; cat fixtures/basic_transfer.scenario; } >"$tmp/bom.scenario"
expect 0 "" replay "$tmp/bom.scenario"
python3 -c 'print("x" * 10_000_000)' >"$tmp/huge.expected"
expect 2 "huge.expected:1:1: malformed rule id 'xxxx" check --expected-failures "$tmp/huge.expected"
[ "$(wc -c <"$tmp/err")" -lt 300 ] || fail "the error for a 10 MB line is $(wc -c <"$tmp/err") bytes"

[ "$failures" -eq 0 ] && echo "command_line_cli_test: all passed"
exit $((failures > 0))
