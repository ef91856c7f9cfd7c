#!/bin/bash
# Plugins that attack the runner (testdata/misbehaving_plugin.cc): each run leaves the
# runner alive with exit 2 and one line for a plugin that does not load, or with a
# complete report for one that misbehaves in its calls, in bounded time.
# Usage: hostile_plugins_cli_test.sh DOHARNESS PLUGIN_DIR SCENARIO
doharness=$1
plugins=$2
scenario=$3
source "$(dirname "$0")/testdata/cli_test_lib.sh"

# A report that is whole: 68 verdicts in the JSON, a JUnit document that parses.
complete_reports() {
  python3 - "$tmp/r.json" "$tmp/r.xml" <<'PY' || fail "$1: the reports are not complete"
import json, sys, xml.etree.ElementTree as et
assert len(json.load(open(sys.argv[1]))["rules"]) == 68
et.parse(sys.argv[2])
PY
}

# Loading and the factory: bad input, for every command, whatever the exit code.
for command in check "replay $scenario" "explore --budget 1"; do
  expect 2 "libload_exit.so: exited with code 0 while loading" $command --callback "$plugins/libload_exit.so"
  expect 2 "libload_crash.so: crashed while loading: SIGSEGV (signal 11)" $command --callback "$plugins/libload_crash.so"
done
expect 2 "libfactory_hang.so: DoHarnessCreateCallback did not return within 200 ms" \
  check --hang-ms 200 --callback "$plugins/libfactory_hang.so"
expect 2 "libload_abort.so: crashed while loading: SIGABRT (signal 6)" check --callback "$plugins/libload_abort.so"
expect 2 "libfactory_crash.so: crashed in DoHarnessCreateCallback: SIGSEGV (signal 11)" \
  check --callback "$plugins/libfactory_crash.so"

# A callback that exits or crashes in its calls or its destructor: crash verdicts that
# say so, a whole report, exit 1 (never the plugin's exit code 0).
for attack in "call_exit:exited with code 0 without an outcome" "destructor_crash:SIGSEGV (signal 11) in Release"; do
  plugin=${attack%%:*}
  "$doharness" check --callback "$plugins/lib$plugin.so" --json "$tmp/r.json" --junit "$tmp/r.xml" >"$tmp/out" 2>"$tmp/err"
  code=$?
  [ "$code" -eq 1 ] || fail "$plugin: exit $code"
  complete_reports "$plugin"
  grep -q "^CRASH .*: ${attack#*:}" "$tmp/out" || fail "$plugin: $(grep -m3 -E '^(CRASH|FAIL)' "$tmp/out")"
done

# Signals to the parent reach the sandbox's init, which ignores them: the run is whole
# and, the callback being otherwise correct, green.
for attack in kill_parent stop_parent grandchild chatty; do
  "$doharness" check --callback "$plugins/lib$attack.so" --json "$tmp/r.json" --junit "$tmp/r.xml" >"$tmp/out" 2>"$tmp/err"
  code=$?
  [ "$code" -eq 0 ] || fail "$attack: exit $code: $(tail -3 "$tmp/out") $(head -c 300 "$tmp/err")"
  complete_reports "$attack"
done

# A chatty plugin's lines stay out of the runner's output: one summary line, the real one.
"$doharness" check --callback "$plugins/libchatty.so" >"$tmp/out" 2>"$tmp/err"
[ "$(grep -c "rules:" "$tmp/out")" -eq 1 ] || fail "chatty: forged summary lines: $(grep "rules:" "$tmp/out")"
grep -q "PASS  ret.transferred_ok" "$tmp/err" && fail "chatty: the plugin's stderr reached the runner's"

# A reader that goes away early ends the output, not the run: the report is whole.
"$doharness" check --json "$tmp/r.json" --junit "$tmp/r.xml" | head -c 10 >/dev/null
code=${PIPESTATUS[0]}
[ "$code" -eq 0 ] || fail "check | head: exit $code"
complete_reports "check | head"

# The rules that did not pass, "id status" a line, from $tmp/r.json.
not_passed() {
  python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["rules"]:
    if r["status"] != "pass": print(r["id"], r["status"])' "$tmp/r.json"
}

# Threads that go on calling a job after the case: the spies and jobs outlive the
# case, so that each attack fails its own rule only, the same on every run.
for attack in "late_calls:params.no_use_after_return fail" "kept_job:params.retained_balanced fail"; do
  plugin=${attack%%:*}
  for run in 1 2; do
    "$doharness" check --callback "$plugins/lib$plugin.so" --json "$tmp/r.json" --junit "$tmp/r.xml" >"$tmp/out" 2>"$tmp/err"
    code=$?
    [ "$code" -eq 1 ] || fail "$plugin: exit $code"
    complete_reports "$plugin"
    [ "$(not_passed)" = "${attack#*:}" ] || fail "$plugin run $run: $(not_passed | tr '\n' ';')"
  done
done

# Heap damage (pJob freed): the crashes name where they happened, and no engine promise
# is blamed for the callback's crash.
"$doharness" check --callback "$plugins/libdelete_job.so" --json "$tmp/r.json" --junit "$tmp/r.xml" >"$tmp/out" 2>"$tmp/err"
code=$?
[ "$code" -eq 1 ] || fail "delete_job: exit $code"
complete_reports delete_job
python3 - "$tmp/r.json" <<'PY' || fail "delete_job: $(grep -E '^(CRASH|FAIL)' "$tmp/out" | head -5)"
import json, sys
rules = json.load(open(sys.argv[1]))["rules"]
assert any(r["status"] == "crash" for r in rules)
for r in rules:
    if r["status"] == "crash":
        assert " in " in r["message"] or " after " in r["message"], r
    if r["family"] == "engine":
        assert r["status"] in ("pass", "skip"), r
PY

# Memory past the limit is a crash that says so (where the limit applies: the plugin
# really touches 20 GiB otherwise).
"$doharness" check --memory-mb 256 --rules com.identity >/dev/null 2>"$tmp/err"
if grep -q "not applied" "$tmp/err"; then
  echo "skipped the memory limit: $(cat "$tmp/err")"
else
  "$doharness" check --memory-mb 256 --rules ret.transferred_ok --callback "$plugins/libmemory.so" >"$tmp/out" 2>"$tmp/err"
  code=$?
  [ "$code" -eq 1 ] || fail "memory: exit $code"
  grep -q "CRASH ret.transferred_ok: exceeded the 256 MiB case memory limit" "$tmp/out" ||
    fail "memory: $(grep ret.transferred_ok "$tmp/out")"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
