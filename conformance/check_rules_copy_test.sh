#!/usr/bin/env bash
# check_rules_copy.sh in a scratch layout <tmp>/repo/conformance + <tmp>/shared/spec:
# the same file passes, a different or missing spec fails with one line naming both
# files, and an absent ../shared passes with a note.
set -euo pipefail

root="$TEST_TMPDIR/layout"
mkdir -p "$root/repo/conformance" "$root/shared/spec"
cp conformance/check_rules_copy.sh "$root/repo/conformance/"
echo "| a | required | b |" > "$root/repo/conformance/rules.md"
script="$root/repo/conformance/check_rules_copy.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
err() { cat "$TEST_TMPDIR/err"; }

cp "$root/repo/conformance/rules.md" "$root/shared/spec/rules.md"
"$script" 2> "$TEST_TMPDIR/err" || fail "same files: exit $?"
[ ! -s "$TEST_TMPDIR/err" ] || fail "same files: stderr not empty: $(err)"

echo "extra line" >> "$root/shared/spec/rules.md"
status=0
"$script" 2> "$TEST_TMPDIR/err" || status=$?
[ "$status" -eq 1 ] || fail "different files: exit $status, want 1"
[ "$(wc -l < "$TEST_TMPDIR/err")" -eq 1 ] || fail "different files: want one line, got: $(err)"
grep -q "conformance/rules.md differs from ../shared/spec/rules.md" "$TEST_TMPDIR/err" ||
  fail "different files: message does not name both: $(err)"

rm "$root/shared/spec/rules.md"
status=0
"$script" 2> "$TEST_TMPDIR/err" || status=$?
[ "$status" -eq 1 ] || fail "missing spec: exit $status, want 1"
grep -q "../shared/spec/rules.md is missing" "$TEST_TMPDIR/err" || fail "missing spec: $(err)"

rm -r "$root/shared"
"$script" 2> "$TEST_TMPDIR/err" || fail "absent ../shared: exit $?"
grep -q "note:.*shared is absent" "$TEST_TMPDIR/err" || fail "absent ../shared: no note: $(err)"

echo "PASS"
