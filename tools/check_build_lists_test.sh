#!/bin/sh
# //:build_lists_test, in Bazel and in ctest: tools/check_build_lists.py on the source
# tree, which it finds through the runfiles link to the script. It reads the BUILD and
# CMakeLists.txt files there, not inputs Bazel knows of: tags = ["external"] makes Bazel
# run it every time rather than take a cached result.
set -eu
script=$(readlink -f tools/check_build_lists.py)
exec python3 "$script" "$(dirname "$(dirname "$script")")"
