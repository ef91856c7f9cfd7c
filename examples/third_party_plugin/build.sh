#!/bin/sh
# Builds libmy_callback.so with the plain compiler command of the plugin ABI
# (docs/architecture.md), run from the repository root as a user would.
#
# Usage: examples/third_party_plugin/build.sh [OUTPUT_DIR]   (default: the current directory)
set -eu
out_dir=$(cd "${1:-.}" && pwd)
cd "$(dirname "$0")/../.."
g++ -std=c++17 -shared -fPIC -I api/include examples/third_party_plugin/my_callback.cc -o "$out_dir/libmy_callback.so"
