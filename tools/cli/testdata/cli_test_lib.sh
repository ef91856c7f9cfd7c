# The shared start of the doharness command-line tests (doharness_cli_test.sh,
# explore_cli_test.sh, replay_cli_test.sh), sourced once the test has set $doharness:
# a scratch directory $tmp, the count $failures with `fail`, and `expect`.
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0
# Under a sanitizer config the runtime would catch the crashing child's SIGSEGV and
# exit with its own code; the test is about the signal the user's callback raises.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:handle_segv=0"
export TSAN_OPTIONS="${TSAN_OPTIONS:-}:handle_segv=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:handle_segv=0"

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect CODE STDERR_PATTERN ARGS...: the exit code, and for code 2 one stderr line matching.
expect() {
  local want=$1 pattern=$2
  shift 2
  "$doharness" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "doharness $* exited $got, expected $want: $(head -c 300 "$tmp/err")"
  if [ -n "$pattern" ]; then
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "doharness $*: stderr is not one line: $(cat "$tmp/err")"
    grep -q -- "$pattern" "$tmp/err" || fail "doharness $*: stderr '$(cat "$tmp/err")' lacks '$pattern'"
  fi
}
