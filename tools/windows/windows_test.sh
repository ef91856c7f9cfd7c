#!/usr/bin/env bash
# The Windows build's end-to-end tests, under Wine, as a user runs them: doharness.exe
# on callback DLLs. Run from the repository root after the Windows build
# (build/windows; tools/test and tools/windows/test do both):
#   - the reference callback's DLL passes every rule, in both profiles;
#   - each bug-zoo entry's DLL fails exactly the rules of its .expected;
#   - a DLL that crashes, exits or hangs in JobTransferred gives a complete JSON report
#     (every rule, its failure named) and exit 1;
#   - callbacks built with the documented mingw-w64 command against the SDK's headers
#     through api/include (the third-party example in C++, the C example) pass;
#   - files that are not loadable DLLs give one line on stderr and exit 2;
#   - every golden trace of fixtures/ is replayed byte for byte, by the bundled reference
#     callback and by its DLL;
#   - replay, record and explore run a DLL's scenarios in child programs that load it: a
#     bug explored, written and replayed, a recording replayed to the same trace, a crash
#     in a replay named.
# Prints one line per check and "N passed, N failed"; exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/windows}
export WINEPREFIX="$PWD/$build/wine" WINEDEBUG=-all
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
[ -d "$WINEPREFIX" ] || "$wine" wineboot --init >/dev/null 2>&1
doharness() { "$wine" "$build/tools/cli/doharness.exe" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; [ -f "$tmp/out" ] && tail -5 "$tmp/out"; failed=$((failed + 1)); }

# A check whose exit code is `want`: "NAME WANT ARGS...".
expect_exit() {
  local name=$1 want=$2
  shift 2
  doharness "$@" >"$tmp/out" 2>&1
  local code=$?
  if [ "$code" -eq "$want" ]; then ok "$name"; else bad "$name: exit $code, expected $want"; fi
}

for profile in do bits; do
  expect_exit "reference callback DLL, profile $profile" 0 \
    check --callback "$build/examples/reference_callback/reference_callback.dll" --profile "$profile"
  grep -q "68 rules: 68 passed" "$tmp/out" || bad "reference callback DLL, profile $profile: not 68 passed"
done

# --expected-failures: exit 0 exactly when the failed rules are the listed ones. Two
# checks at a time: under Wine a check waits on process starts about half the time.
zoo_check() {
  local name=$1 profile
  profile=$(sed -n 's/^# profiles: *\([a-z]*\).*/\1/p' "examples/bug_zoo/$name.expected")
  DOHARNESS_ZOO_HANG_MS=600 doharness check --callback "$build/examples/bug_zoo/$name.dll" \
    ${profile:+--profile "$profile"} --hang-ms 400 --expected-failures "examples/bug_zoo/$name.expected" \
    >"$tmp/zoo.$name" 2>&1
  echo $? >"$tmp/zoo.$name.exit"
}
zoo=$(for expected in examples/bug_zoo/*.expected; do basename "$expected" .expected; done)
for name in $zoo; do
  zoo_check "$name" &
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
done
wait
for name in $zoo; do
  code=$(cat "$tmp/zoo.$name.exit" 2>/dev/null || echo none)
  if [ "$code" = 0 ]; then ok "bug zoo $name"; else cp "$tmp/zoo.$name" "$tmp/out"; bad "bug zoo $name: exit $code, expected 0"; fi
done

# A crash, an exit and a hang: each fails its case with the reason named, the run goes
# on, and the report lists every rule.
for attack in crash:EXCEPTION_ACCESS_VIOLATION call_exit:"exited with code 0" hang:"did not return"; do
  plugin=${attack%%:*} reason=${attack#*:}
  doharness check --callback "$build/tools/cli/testdata/$plugin.dll" --hang-ms 400 --json "$tmp/$plugin.json" \
    >"$tmp/out" 2>&1
  code=$?
  verdict=$(python3 - "$tmp/$plugin.json" "$reason" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rules = report["rules"]
named = [r["id"] for r in rules if r["status"] in ("crash", "hang") and sys.argv[2] in r.get("message", "")]
print("" if len(rules) == 68 and named else "%d rules, none failed naming %r" % (len(rules), sys.argv[2]))
PY
)
  if [ "$code" -eq 1 ] && [ -z "$verdict" ]; then ok "$plugin DLL: complete report, exit 1"; else bad "$plugin DLL: exit $code $verdict"; fi
done

# The documented commands, against the SDK's headers (api/include forwards to them).
cxx=x86_64-w64-mingw32-g++-posix cc=x86_64-w64-mingw32-gcc-posix
if $cxx -std=c++17 -shared -static-libgcc -static-libstdc++ -I api/include \
     examples/third_party_plugin/my_callback.cc -o "$tmp/my_callback.dll" -lole32 -luuid >"$tmp/out" 2>&1; then
  expect_exit "my_callback.cc built with the documented command" 0 check --callback "$tmp/my_callback.dll"
else
  bad "my_callback.cc does not build with the documented command"
fi
if $cc -std=c99 -pedantic -Wall -Werror -shared -I api/include examples/c_callback/c_callback.c \
     -o "$tmp/c_callback.dll" -lole32 -luuid >"$tmp/out" 2>&1; then
  expect_exit "c_callback.c built as a DLL" 0 check --callback "$tmp/c_callback.dll"
else
  bad "c_callback.c does not build as a DLL"
fi

# The SDK's later interfaces (bits4_0.h to bits10_3.h) through api/include, where
# mingw-w64 lacks most of them: a C++ callback implementing IBackgroundCopyCallback3 and
# C code calling through the later tables build, link with -lole32 -luuid, and find
# their IIDs.
for source in api/testdata/windows_later_bits.cc api/testdata/windows_later_bits.c; do
  case $source in
    *.cc) compile=($cxx -std=c++17 -Wall -Werror) ;;
    *) compile=($cc -std=c99 -pedantic -Wall -Werror) ;;
  esac
  exe="$tmp/$(basename "$source").exe"
  if "${compile[@]}" -static -I api/include "$source" -o "$exe" -lole32 -luuid >"$tmp/out" 2>&1; then
    if "$wine" "$exe" >"$tmp/out" 2>&1; then ok "$source: builds, and its IIDs hold"; else bad "$source: its IIDs do not hold"; fi
  else
    bad "$source does not build against the later interfaces"
  fi
done

# Bad input: one line naming the file, exit 2. The wrong architecture is a copy of a
# good DLL whose PE header says i386.
echo "not a library" >"$tmp/text.dll"
python3 - "$build/examples/reference_callback/reference_callback.dll" "$tmp/x86.dll" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
pe = struct.unpack_from("<I", data, 0x3C)[0]
struct.pack_into("<H", data, pe + 4, 0x14C)
open(sys.argv[2], "wb").write(data)
PY
for input in "$tmp/text.dll|no MZ header" "/bin/true|no MZ header" "$tmp/x86.dll|built for x86 (32-bit)" \
             "$build/tools/plugin_host/testdata/no_factory.dll|does not export DoHarnessCreateCallback" \
             "$tmp/missing.dll|cannot load"; do
  file=${input%%|*} says=${input#*|}
  doharness check --callback "$file" >"$tmp/out" 2>&1
  code=$?
  if [ "$code" -eq 2 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] && grep -qF "$says" "$tmp/out"; then
    ok "$(basename "$file"): one line, exit 2"
  else
    bad "$(basename "$file"): exit $code, expected 2 and one line saying '$says'"
  fi
done

# The golden traces, byte for byte, from the bundled callback and from its DLL.
reference_dll=$build/examples/reference_callback/reference_callback.dll
for scenario in fixtures/*.scenario; do
  golden=${scenario%.scenario}.trace
  [ -f "$golden" ] || continue
  doharness replay "$scenario" --trace "$tmp/trace" >"$tmp/out" 2>&1
  if cmp -s "$tmp/trace" "$golden"; then ok "golden trace $golden"; else bad "golden trace $golden differs"; fi
  if grep -q under_test "$scenario"; then
    doharness replay "$scenario" --callback "$reference_dll" --trace "$tmp/trace" >"$tmp/out" 2>&1
    if cmp -s "$tmp/trace" "$golden"; then ok "golden trace $golden, DLL"; else bad "golden trace $golden differs, DLL"; fi
  fi
done

# explore finds a zoo DLL's bug and writes it; the file fails on that DLL and passes on
# the reference callback's.
zoo_dll=$build/examples/bug_zoo/ret_transferred_ok.dll
expect_exit "explore --callback ret_transferred_ok.dll finds its bug" 1 \
  explore --callback "$zoo_dll" --seed 1 --budget 5000 --out "$tmp/found.scenario"
grep -q "expect rule ret.transferred_ok" "$tmp/found.scenario" 2>/dev/null || bad "explore wrote no expect rule ret.transferred_ok"
expect_exit "the explored scenario fails on ret_transferred_ok.dll" 1 replay "$tmp/found.scenario" --callback "$zoo_dll"
expect_exit "the explored scenario passes on reference_callback.dll" 0 replay "$tmp/found.scenario" --callback "$reference_dll"

# record with a DLL, then replay it to the same trace.
expect_exit "record --callback reference_callback.dll" 0 \
  record --callback "$reference_dll" --jobs 2 --files 2 --fault http404 --out "$tmp/recorded.scenario" --trace "$tmp/recorded.trace"
doharness replay "$tmp/recorded.scenario" --callback "$reference_dll" --trace "$tmp/replayed.trace" >"$tmp/out" 2>&1
if cmp -s "$tmp/recorded.trace" "$tmp/replayed.trace"; then ok "the recording replays to its trace"; else bad "the recording's replay differs"; fi

# A DLL that crashes in a replay: the replay fails, naming the exception.
doharness replay fixtures/basic_transfer.scenario --callback "$build/tools/cli/testdata/crash.dll" >"$tmp/out" 2>&1
code=$?
if [ "$code" -eq 1 ] && grep -q "the callback crashed: EXCEPTION_ACCESS_VIOLATION" "$tmp/out"; then
  ok "crash.dll in a replay: the run fails, exit 1"
else
  bad "crash.dll in a replay: exit $code"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
