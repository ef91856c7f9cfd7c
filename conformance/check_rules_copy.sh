#!/usr/bin/env bash
# Checks that conformance/rules.md is still a byte-for-byte copy of the shared spec,
# ../shared/spec/rules.md (next to the repository). Run by tools/test.
# Exit 0: same, or ../shared absent (a clone outside the shared workspace; a note on
# stderr). Exit 1: they differ, or the spec is missing from ../shared (one line on stderr).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
copy="$repo/conformance/rules.md"
spec="$repo/../shared/spec/rules.md"

if [ ! -d "$repo/../shared" ]; then
  echo "check_rules_copy: note: $repo/../shared is absent, not comparing conformance/rules.md" >&2
  exit 0
fi
if [ ! -f "$spec" ]; then
  echo "check_rules_copy: ../shared/spec/rules.md is missing (conformance/rules.md is its copy)" >&2
  exit 1
fi
if ! cmp -s "$copy" "$spec"; then
  echo "check_rules_copy: conformance/rules.md differs from ../shared/spec/rules.md;" \
    "copy it again: cp ../shared/spec/rules.md conformance/rules.md" >&2
  exit 1
fi
