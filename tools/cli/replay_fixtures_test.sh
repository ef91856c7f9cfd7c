#!/usr/bin/env bash
# Every fixture replays byte-stably: `doharness replay` on the reference callback passes
# (the fixtures and the bug reproductions all pass there), twice, with the same trace
# both times, and that trace equals the golden NAME.trace beside NAME.scenario when
# there is one (replay compares it itself too; here a stale golden is named).
# Usage (from Bazel): replay_fixtures_test.sh DOHARNESS FILE... (the .scenario files
# among FILE are replayed; golden traces are found beside them).
set -u
doharness=$1
shift
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0 replayed=0 golden=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A file may come from two filegroups (fixtures/BUILD's glob reaches into bugs/ when
# that is no package of its own): each is replayed once.
declare -A seen
for scenario in "$@"; do
  case $scenario in *.scenario) ;; *) continue ;; esac
  [ -z "${seen[$scenario]:-}" ] || continue
  seen[$scenario]=1
  replayed=$((replayed + 1))
  for run in 1 2; do
    if ! "$doharness" replay "$scenario" --trace "$tmp/run$run.trace" >"$tmp/out" 2>&1; then
      fail "replay $scenario (run $run): $(cat "$tmp/out")"
    fi
  done
  cmp -s "$tmp/run1.trace" "$tmp/run2.trace" || fail "$scenario: two replays gave different traces"
  expected=${scenario%.scenario}.trace
  if [ -f "$expected" ]; then
    golden=$((golden + 1))
    cmp -s "$expected" "$tmp/run1.trace" || fail "$scenario: the trace differs from $expected"
  fi
done

[ "$replayed" -gt 0 ] || fail "no .scenario file among the arguments"
echo "$replayed fixtures replayed twice, $golden compared with their golden traces, $failures failures"
[ "$failures" -eq 0 ]
