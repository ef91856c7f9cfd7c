#!/usr/bin/env bash
# The test that callback_explore_test (explore.bzl) makes: `doharness explore` on one
# Bazel test shard's part of the seed's stream. A shard that finds a failure fails,
# prints the scenario and the replay command, and leaves the scenario in its undeclared
# outputs (bazel-testlogs/.../test.outputs/). Same seed and shard, same result.
# Usage: explore_test_runner.sh DOHARNESS PLUGIN SEED BUDGET HANG_MS
set -u
doharness=$1 plugin=$2 seed=$3 budget=$4 hang_ms=$5
[ -n "${TEST_SHARD_STATUS_FILE:-}" ] && touch "$TEST_SHARD_STATUS_FILE"
index=${TEST_SHARD_INDEX:-0} count=${TEST_TOTAL_SHARDS:-1}
out_dir=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-$(mktemp -d)}}
mkdir -p "$out_dir"
scenario="$out_dir/explore-failure-shard$index-of-$count.scenario"
"$doharness" explore --callback "$plugin" --seed "$seed" --budget "$budget" --hang-ms "$hang_ms" \
  --shard "$index/$count" --out "$scenario"
code=$?
if [ "$code" -eq 1 ]; then
  echo "--- $scenario:"
  cat "$scenario"
  echo "--- replay it with: doharness replay explore-failure-shard$index-of-$count.scenario --callback <the plugin>"
fi
exit $code
