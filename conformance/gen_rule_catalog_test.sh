#!/usr/bin/env bash
# gen_rule_catalog.py: the vendored rules.md gives 68 initializers; a malformed row, a
# malformed id, an unknown level, a duplicate id and a table under an unknown heading
# each make it exit 1 with "FILE:LINE: message" on stderr and nothing usable on stdout.
set -euo pipefail

gen=conformance/gen_rule_catalog.py
rules=conformance/rules.md
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$gen" "$rules" > "$TEST_TMPDIR/out.inc" || fail "vendored rules.md: exit $?"
count=$(grep -c '^{"' "$TEST_TMPDIR/out.inc")
[ "$count" -eq 68 ] || fail "vendored rules.md: $count rules, want 68"

line_of() { grep -n -F "$1" "$rules" | head -1 | cut -d: -f1; }

# expect_error NAME SED_EXPRESSION EXPECTED_STDERR_SUBSTRING
expect_error() {
  local bad="$TEST_TMPDIR/$1.md"
  sed -e "$2" "$rules" > "$bad"
  cmp -s "$bad" "$rules" && fail "$1: the sed expression changed nothing"
  local status=0
  python3 "$gen" "$bad" > "$TEST_TMPDIR/$1.inc" 2> "$TEST_TMPDIR/$1.err" || status=$?
  [ "$status" -eq 1 ] || fail "$1: exit $status, want 1"
  [ ! -s "$TEST_TMPDIR/$1.inc" ] || fail "$1: wrote to stdout"
  grep -q -F "$3" "$TEST_TMPDIR/$1.err" || fail "$1: stderr lacks '$3': $(cat "$TEST_TMPDIR/$1.err")"
}

n=$(line_of "| ret.error_ok |")
expect_error missing_cell "s/^| ret.error_ok | required |/| ret.error_ok |/" \
  "missing_cell.md:$n: malformed table row, expected 3 cells, got 2"
expect_error extra_cell "s/^| ret.error_ok | required |/| ret.error_ok | required | x |/" \
  "extra_cell.md:$n: malformed table row, expected 3 cells, got 4"
expect_error no_closing_bar "s/^\(| ret.error_ok | .*\) |$/\1/" \
  "no_closing_bar.md:$n: malformed table row (no closing '|')"
expect_error bad_id "s/^| ret.error_ok |/| Ret.Error-OK |/" \
  "bad_id.md:$n: malformed rule id 'Ret.Error-OK'"
expect_error unknown_level "s/^| ret.error_ok | required |/| ret.error_ok | mandatory |/" \
  "unknown_level.md:$n: unknown level 'mandatory' for ret.error_ok"
expect_error duplicate_id "s/^| ret.modification_ok |/| ret.error_ok |/" \
  "duplicate_id.md:$(line_of "| ret.modification_ok |"): duplicate rule id ret.error_ok (first on line $n)"
expect_error unknown_heading "s/^## Engine promises$/## Engine wishes/" \
  "table under heading 'Engine wishes'"

echo "PASS"
