#!/usr/bin/env bash
# `doharness check` on every bug-zoo plugin, as a user runs it: without a list the
# failing rules of its JSON report are the entry's .expected rules plus, at most,
# recommended ones, and it exits 1 when a required one is among them. (The
# --expected-failures path is doharness_cli_test's.)
# Sharded over Bazel's test shards (one entry, one shard position).
set -uo pipefail
doharness=$1
shift
export DOHARNESS_ZOO_HANG_MS=600  # past --hang-ms 400, back before twice it
[ -n "${TEST_SHARD_STATUS_FILE:-}" ] && touch "$TEST_SHARD_STATUS_FILE"
shards=${TEST_TOTAL_SHARDS:-1} shard=${TEST_SHARD_INDEX:-0}
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0 i=0 ran=0
for lib in "$@"; do
  i=$((i + 1))
  [ $(((i - 1) % shards)) -eq "$shard" ] || continue
  name=$(basename "$lib" .so)
  name=${name#lib}
  expected=examples/bug_zoo/$name.expected
  # An entry limited to some profiles (bug_zoo.h, ZooProfiles) runs in the first of them.
  profile=$(sed -n 's/^# profiles: *\([a-z]*\).*/\1/p' "$expected")
  ran=$((ran + 1))
  "$doharness" check --callback "$lib" ${profile:+--profile "$profile"} --hang-ms 400 \
    --json "$tmp/$name.json" >"$tmp/$name.out" 2>&1
  code=$?
  # What the report says: each listed rule failed, no unlisted required rule did, and
  # the exit code is 1 exactly when a required rule failed (the recommended-only
  # entries exit 0 and still name their rule).
  verdict=$(python3 - "$tmp/$name.json" "$expected" "$code" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
listed = {line.split()[0] for line in open(sys.argv[2]) if line.split() and not line.lstrip().startswith("#")}
failed = {r["id"]: r["level"] for r in report["rules"] if r["status"] in ("fail", "crash", "hang")}
problems = ["listed rule did not fail: " + rule for rule in sorted(listed - set(failed))]
problems += ["unlisted required rule failed: " + rule for rule, level in sorted(failed.items())
             if rule not in listed and level == "required"]
want = 1 if any(level == "required" for level in failed.values()) else 0
if int(sys.argv[3]) != want:
    problems.append("exit %s, expected %d" % (sys.argv[3], want))
print("; ".join(problems))
PY
)
  if [ -n "$verdict" ]; then
    echo "FAIL $name: $verdict"; cat "$tmp/$name.out"; failures=$((failures + 1)); continue
  fi
  echo "ok   $name"
done
echo "$ran entries, $failures failed"
[ "$failures" -eq 0 ]
