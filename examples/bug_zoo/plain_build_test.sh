#!/bin/sh
# Three entries of the bug zoo built with the plain compiler command of the plugin ABI
# (docs/architecture.md), from the repository root as a user would:
#   g++ -std=c++17 -shared -fPIC -I api/include examples/bug_zoo/<name>.cc -o lib<name>.so
# Each builds without a diagnostic, exports both functions of the ABI, needs nothing of
# DO Harness from elsewhere, and the plugin host loads it and makes an object with it.
set -eu
cd "$TEST_SRCDIR/$TEST_WORKSPACE"
probe="$PWD/examples/bug_zoo/zoo_probe"
libs=""
for name in ret_retry_bounded tol_error_without_file com_identity; do
  lib="$TEST_TMPDIR/lib$name.so"
  log="$TEST_TMPDIR/$name.log"
  if ! g++ -std=c++17 -shared -fPIC -I api/include "examples/bug_zoo/$name.cc" -o "$lib" 2>"$log"; then
    echo "FAIL: examples/bug_zoo/$name.cc does not build with the plain command:"
    cat "$log"
    exit 1
  fi
  if [ -s "$log" ]; then
    echo "FAIL: examples/bug_zoo/$name.cc builds with diagnostics:"
    cat "$log"
    exit 1
  fi
  for symbol in DoHarnessCreateCallback DoHarnessPluginAbi; do
    if ! nm -D --defined-only "$lib" | grep -q " T $symbol\$"; then
      echo "FAIL: $lib does not export $symbol:"
      nm -D --defined-only "$lib"
      exit 1
    fi
  done
  if nm -D --undefined-only "$lib" | grep -i doharness; then
    echo "FAIL: $lib needs DO Harness symbols from elsewhere"
    exit 1
  fi
  libs="$libs $lib"
done
# shellcheck disable=SC2086  # one argument per library
"$probe" $libs
echo "PASS: 3 entries built with the plain command and loaded"
