#!/usr/bin/env bash
# `doharness explore` as a user runs it: exit 1 and a written, replayable scenario when
# the callback breaks a rule, crashes or hangs; exit 0 when the budget runs out; exit 2
# and one line on stderr for bad input. The same seed writes the same file.
# Usage (from Bazel): explore_cli_test.sh DOHARNESS REFERENCE_SO RET_TRANSFERRED_OK_SO
#                     TOL_MODIFICATION_AFTER_TRANSFERRED_SO CRASH_SO HANG_SO
set -u
doharness=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
reference=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
ret_transferred=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
order=$(cd "$(dirname "$4")" && pwd)/$(basename "$4")
crash=$(cd "$(dirname "$5")" && pwd)/$(basename "$5")
hang=$(cd "$(dirname "$6")" && pwd)/$(basename "$6")
source "$(dirname "$0")/testdata/cli_test_lib.sh"

# contains FILE TEXT: a fixed string in a file.
contains() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(cat "$1")"; }

# A rule broken: the scenario expects it, the replay command is printed.
expect 1 "" explore --callback "$ret_transferred" --seed 1 --budget 5000 --out "$tmp/x.scenario"
[ -f "$tmp/x.scenario" ] || fail "explore wrote no $tmp/x.scenario"
[ ! -e "$tmp/x.scenario.tmp" ] || fail "explore left its temporary file"
contains "$tmp/x.scenario" "callback C under_test"
contains "$tmp/x.scenario" "expect rule ret.transferred_ok"
contains "$tmp/out" "doharness replay $tmp/x.scenario --callback $ret_transferred"
grep -q "warning" "$tmp/err" && fail "explore warned: $(cat "$tmp/err")"

# --rules: a failure of a rule left out does not count (exit 0, nothing written); a
# glob that selects no rule is bad usage.
expect 0 "" explore --callback "$ret_transferred" --seed 1 --budget 300 --rules 'params.*' --out "$tmp/none.scenario"
[ -e "$tmp/none.scenario" ] && fail "explore --rules 'params.*' wrote a scenario for ret.transferred_ok"
expect 2 "^doharness: --rules: 'zzz.\*' selects no rule" explore --rules 'zzz.*'

# The same seed, the same file.
expect 1 "" explore --callback "$ret_transferred" --seed 1 --budget 5000 --out "$tmp/again.scenario"
cmp -s "$tmp/x.scenario" "$tmp/again.scenario" || fail "the same seed wrote another scenario"

# A crash that needs the seeded order of JobModification against JobTransferred.
expect 1 "" explore --callback "$order" --seed 1 --budget 5000 --out "$tmp/order.scenario"
contains "$tmp/order.scenario" "modification_order=seeded"
contains "$tmp/order.scenario" "expect survives"
contains "$tmp/out" "SIGABRT"

# Crashing and hanging plugins.
expect 1 "" explore --callback "$crash" --budget 50 --out "$tmp/crash.scenario"
contains "$tmp/crash.scenario" "expect survives"
expect 1 "" explore --callback "$hang" --budget 20 --hang-ms 200 --out "$tmp/hang.scenario"
contains "$tmp/hang.scenario" "expect survives"
contains "$tmp/out" "no return within 200 ms"

# The reference callback, as a plugin and bundled: the budget runs out, nothing written.
expect 0 "" explore --callback "$reference" --seed 3 --budget 2000 --out "$tmp/none.scenario"
contains "$tmp/out" "no failure in 2000 runs"
[ ! -e "$tmp/none.scenario" ] || fail "explore wrote a scenario without a failure"
expect 0 "" explore --budget 200 --out "$tmp/none.scenario"

# The default output file is in the current directory.
mkdir -p "$tmp/cwd" && (cd "$tmp/cwd" && "$doharness" explore --callback "$ret_transferred" >/dev/null 2>&1)
[ -f "$tmp/cwd/explore-failure.scenario" ] || fail "no explore-failure.scenario in the current directory"

# Bad input: exit 2, one line.
expect 2 "budget" explore --budget 0
expect 2 "budget" explore --budget many
expect 2 "hang-ms" explore --hang-ms 0
expect 2 "seed" explore --seed x
expect 2 "cannot load" explore --callback "$tmp/none.so"
expect 2 "cannot write" explore --callback "$ret_transferred" --out "$tmp/no/such/dir/x.scenario"

# The written file fails on the buggy callback and passes on the reference.
expect 1 "" replay "$tmp/x.scenario" --callback "$ret_transferred"
expect 0 "" replay "$tmp/x.scenario" --callback "$reference"
expect 0 "" replay "$tmp/x.scenario"
expect 1 "" replay "$tmp/crash.scenario" --callback "$crash"
expect 0 "" replay "$tmp/crash.scenario"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "PASS"
