#!/usr/bin/env bash
# The other spellings of bits.h must stay byte-identical to it (see the header's top).
set -u
status=0
for spelling in Bits.h BITS.h; do
  cmp -s api/include/bits.h "api/include/$spelling" || { echo "FAIL: api/include/$spelling differs from bits.h"; status=1; }
done
exit $status
