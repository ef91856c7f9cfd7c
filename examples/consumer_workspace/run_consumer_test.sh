#!/usr/bin/env bash
# Builds and tests a small consumer workspace, as a user's own Bazel workspace would
# use DO Harness: only the three WORKSPACE lines (WORKSPACE.in) and the one .bazelrc
# line (bazelrc), its own code (downloader.h, downloader_test.cc), and its own callback
# (the third-party plugin example) under callback_conformance_test. Run by tools/test,
# outside Bazel (a Bazel test cannot run Bazel). Its Bazel server is shut down after.
#
# Usage: examples/consumer_workspace/run_consumer_test.sh   (exit 0: every test passed)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# A fixed folder, laid anew each time: Bazel keys its cache on the path, so a second
# run is incremental.
work="${TMPDIR:-/tmp}/doharness_consumer_workspace"
rm -rf "$work" && mkdir -p "$work" || exit 1

sed "s|@DOHARNESS@|$repo|" "$here/WORKSPACE.in" >"$work/WORKSPACE"
cp "$here/BUILD.in" "$work/BUILD"
cp "$here/bazelrc" "$work/.bazelrc"
cp "$here/downloader.h" "$here/downloader_test.cc" "$work/"
cp "$repo/examples/third_party_plugin/my_callback.cc" "$work/"

cd "$work"
status=0
bazel test //... || status=1
bazel shutdown 2>/dev/null
exit $status
