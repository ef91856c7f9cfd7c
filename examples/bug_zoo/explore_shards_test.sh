#!/usr/bin/env bash
# callback_explore_test as Bazel runs it, shard by shard: on a bug-zoo entry, the shards
# that find the bug fail with a scenario in their undeclared outputs, which replays (it
# fails on the entry and passes on the reference callback); at least one shard finds
# it; a shard run twice gives the same file.
# Usage: explore_shards_test.sh EXPLORE_TEST SHARDS DOHARNESS ENTRY_SO REFERENCE_SO
set -u
explore_test=$1 shards=$2 doharness=$3 entry=$4 reference=$5
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0 found=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run_shard() {  # run_shard INDEX OUT_DIR: the explore test as shard INDEX of $shards
  mkdir -p "$2"
  env -u TEST_SHARD_STATUS_FILE TEST_SHARD_INDEX="$1" TEST_TOTAL_SHARDS="$shards" TEST_UNDECLARED_OUTPUTS_DIR="$2" \
    "$explore_test" >"$2.log" 2>&1
}
for ((i = 0; i < shards; i++)); do
  run_shard "$i" "$tmp/shard$i"
  code=$?
  scenario="$tmp/shard$i/explore-failure-shard$i-of-$shards.scenario"
  case $code in
    0) [ -e "$scenario" ] && fail "shard $i passed but wrote $scenario" ;;
    1)
      found=$((found + 1))
      grep -q "replay it with" "$tmp/shard$i.log" || fail "shard $i failed without the replay command"
      "$doharness" replay "$scenario" --callback "$entry" >/dev/null 2>&1
      [ $? -eq 1 ] || fail "shard $i's scenario does not fail on the entry"
      "$doharness" replay "$scenario" --callback "$reference" >/dev/null 2>&1 ||
        fail "shard $i's scenario fails on the reference callback"
      run_shard "$i" "$tmp/again$i"
      cmp -s "$scenario" "$tmp/again$i/explore-failure-shard$i-of-$shards.scenario" ||
        fail "shard $i run twice wrote different scenarios"
      ;;
    *) fail "shard $i exited $code: $(tail -3 "$tmp/shard$i.log")" ;;
  esac
done
[ "$found" -ge 1 ] || fail "no shard found the bug"
echo "$found of $shards shards found the bug, $failures problems"
[ "$failures" -eq 0 ]
