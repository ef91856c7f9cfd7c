#!/usr/bin/env bash
# The doharness command as a user runs it: exit codes 0/1/2, one-line reasons on
# stderr, complete JSON and JUnit reports, isolation of crashing and hanging callbacks.
# Usage (from Bazel): doharness_cli_test.sh DOHARNESS REFERENCE_SO PLUGIN_DIR CRASH_SO HANG_SO
set -u
doharness=$1 reference=$2 plugins=$3 crash=$4 hang=$5
source "$(dirname "$0")/testdata/cli_test_lib.sh"

# rules_in FILE STATUS: how many rules of a JSON report have that status.
rules_in() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["rules"]; print(len(r) if sys.argv[2]=="all" else sum(x["status"]==sys.argv[2] for x in r))' "$1" "$2"
}

# The bundled reference callback and the same as a plugin: everything passes.
expect 0 "" check --json "$tmp/ref.json" --junit "$tmp/ref.xml"
[ "$(rules_in "$tmp/ref.json" all)" -eq 68 ] || fail "reference report does not list the 68 rules"
[ "$(rules_in "$tmp/ref.json" pass)" -eq 68 ] || fail "reference callback does not pass every rule"
python3 -c 'import sys,xml.etree.ElementTree as E; t=E.parse(sys.argv[1]); assert len(t.findall(".//testcase"))==68' "$tmp/ref.xml" ||
  fail "JUnit report is not 68 testcases of well-formed XML"
expect 0 "" check --callback "$reference" --profile bits
expect 0 "" rules

# Bad usage and bad input: exit 2 and one line saying what.
expect 2 "cannot load" check --callback "$tmp/none.so"
expect 2 "does not export DoHarnessCreateCallback" check --callback "$plugins/libno_factory.so"
expect 2 "plugin ABI 7" check --callback "$plugins/libabi7.so"
expect 2 "failed with E_OUTOFMEMORY" check --callback "$plugins/libfails.so"
expect 2 "no object" check --callback "$plugins/libnull_object.so"
echo "not a library" >"$tmp/text.so"
expect 2 "not a loadable library" check --callback "$tmp/text.so"
expect 2 "selects no rule" check --rules 'zzz.*'
expect 2 "unknown profile" check --profile windows
expect 2 "cannot read" check --expected-failures "$tmp/none.txt"
printf 'ret.error_ok\nnot.a_rule\n' >"$tmp/bad.txt"
expect 2 "bad.txt:2:1:" check --expected-failures "$tmp/bad.txt"
expect 2 "--shard" check --shard 3/2
expect 2 "" check --no-such-flag
expect 2 "" frobnicate

# A crash in the callback fails its rules with status crash; the report is complete and
# the tool exits 1, not by a signal.
expect 1 "" check --callback "$crash" --json "$tmp/crash.json"
[ "$(rules_in "$tmp/crash.json" all)" -eq 68 ] || fail "crash report is incomplete"
[ "$(rules_in "$tmp/crash.json" crash)" -ge 1 ] || fail "no rule has status crash"
grep -q SIGSEGV "$tmp/crash.json" || fail "crash message does not name SIGSEGV"
grep -q "SIGSEGV (signal 11) in JobTransferred on job 1" "$tmp/crash.json" ||
  fail "crash message does not name the call that was running"
# A hang past --hang-ms: status hang, the other cases still run.
expect 1 "" check --callback "$hang" --hang-ms 300 --json "$tmp/hang.json"
[ "$(rules_in "$tmp/hang.json" hang)" -ge 1 ] || fail "no rule has status hang"
[ "$(rules_in "$tmp/hang.json" pass)" -ge 30 ] || fail "a hang stopped the other cases"

# Expected failures: listing exactly the crashed rules makes the run pass; listing a
# rule that passes fails it.
python3 -c 'import json,sys; [print(x["id"]) for x in json.load(open(sys.argv[1]))["rules"] if x["status"]=="crash"]' \
  "$tmp/crash.json" >"$tmp/crash.expected"
expect 0 "" check --callback "$crash" --expected-failures "$tmp/crash.expected"
echo com.identity >>"$tmp/crash.expected"
expect 1 "" check --callback "$crash" --expected-failures "$tmp/crash.expected"

# Sharding outside Bazel: two shards cover every rule once.
expect 0 "" check --shard 0/2 --json "$tmp/s0.json"
expect 0 "" check --shard 1/2 --json "$tmp/s1.json"
[ $(( $(rules_in "$tmp/s0.json" pass) + $(rules_in "$tmp/s1.json" pass) )) -eq 68 ] || fail "shards do not cover the catalog"

[ "$failures" -eq 0 ] && echo "doharness_cli_test: all passed"
exit $((failures > 0))
