#!/usr/bin/env bash
# portable_cobjmacros.h must be what gen_cobjmacros.py writes from today's method
# lists; after changing an interface, regenerate it with the command the file names.
set -u
dir=api/include/doharness
if ! python3 api/gen_cobjmacros.py "$dir/portable_com.h" "$dir/portable_bits.h" | diff -u "$dir/portable_cobjmacros.h" -; then
  echo "FAIL: $dir/portable_cobjmacros.h is stale; regenerate it:"
  echo "  python3 api/gen_cobjmacros.py $dir/portable_com.h $dir/portable_bits.h > $dir/portable_cobjmacros.h"
  exit 1
fi
echo "PASS: portable_cobjmacros.h matches the method lists"
