#!/bin/sh
# Runs one test as Bazel's test runner does, for ctest (cmake/doharness_rules.cmake sets
# the working directory, the runfiles root, and the environment): TEST_TMPDIR is made
# anew, empty, for each run, then the test replaces this shell.
# Usage: run_test.sh TEST [ARGS...]
set -eu
rm -rf "$TEST_TMPDIR"
mkdir -p "$TEST_TMPDIR"
exec "$@"
