#!/bin/sh
# build.sh builds libmy_callback.so with the plain command, warning-free, and the
# library exports the plugin ABI's two functions under their C names.
set -eu
script="$TEST_SRCDIR/$TEST_WORKSPACE/examples/third_party_plugin/build.sh"
"$script" "$TEST_TMPDIR" 2>"$TEST_TMPDIR/build.log" || { cat "$TEST_TMPDIR/build.log"; exit 1; }
if [ -s "$TEST_TMPDIR/build.log" ]; then
  echo "build.sh printed diagnostics:"
  cat "$TEST_TMPDIR/build.log"
  exit 1
fi
lib="$TEST_TMPDIR/libmy_callback.so"
for symbol in DoHarnessCreateCallback DoHarnessPluginAbi; do
  if ! nm -D --defined-only "$lib" | grep -q " T $symbol\$"; then
    echo "$lib does not export $symbol:"
    nm -D --defined-only "$lib"
    exit 1
  fi
done
# Nothing of DO Harness is linked in: the only undefined symbols are the C and C++ runtime's.
if nm -D --undefined-only "$lib" | grep -i doharness; then
  echo "$lib needs DO Harness symbols from elsewhere"
  exit 1
fi
echo "PASS: $lib exports DoHarnessCreateCallback and DoHarnessPluginAbi"
