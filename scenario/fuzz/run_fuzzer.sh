#!/usr/bin/env bash
# Builds the scenario parser's libFuzzer target with Debian's clang (ASan + UBSan) and
# runs it for a bounded time on a corpus seeded with every fixture.
#   scenario/fuzz/run_fuzzer.sh [SECONDS]   (default 30)
# Exits 0 when nothing was found; else nonzero, naming the file that holds the input.
set -euo pipefail

seconds="${1:-30}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/parse_fuzzer.XXXXXX")"

# rule_catalog.cc includes the catalog rows that conformance/BUILD generates from rules.md.
mkdir -p "$work/gen/conformance" "$work/corpus" "$work/crashes"
python3 "$root/conformance/gen_rule_catalog.py" "$root/conformance/rules.md" \
  > "$work/gen/conformance/rule_catalog_data.inc"

# The sources are what Bazel links into the parser and the printer, asked of Bazel, so
# that a file split or added there cannot leave this build behind.
mapfile -t sources < <(cd "$root" && bazel query --noshow_progress \
  'kind("source file", deps(//scenario:parse + //scenario:print))' 2>/dev/null |
  sed -n 's|^//\([^:]*\):\(.*\.cc\)$|\1/\2|p')
[ "${#sources[@]}" -gt 0 ] || { echo "run_fuzzer.sh: bazel query found no sources" >&2; exit 2; }

# One compiler a core, then one link.
flags=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
mkdir -p "$work/obj"
printf '%s\n' scenario/fuzz/parse_fuzzer.cc "${sources[@]}" |
  xargs -P "$(nproc)" -I{} sh -c 'exec clang++ "$@" -c "$0/{}" -o "$1/$(echo {} | tr / _).o"' \
    "$root" "$work/obj" "${flags[@]}" -I"$root" -I"$root/api/include" -I"$work/gen"
clang++ "${flags[@]}" -pthread "$work"/obj/*.o -o "$work/parse_fuzzer"

find "$root/fixtures" -name '*.scenario' -exec cp {} "$work/corpus/" \;

status=0
"$work/parse_fuzzer" "$work/corpus" \
  -dict="$root/scenario/fuzz/scenario.dict" \
  -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/crashes/" -print_final_stats=1 || status=$?

if [ "$status" -ne 0 ]; then
  echo "parse_fuzzer: FAILED (exit $status); the input is saved in:" >&2
  ls -1 "$work"/crashes/* >&2 || true
  echo "reproduce: $work/parse_fuzzer FILE" >&2
  exit "$status"
fi
echo "parse_fuzzer: no crash in ${seconds}s"
rm -rf "$work"
