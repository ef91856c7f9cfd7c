# The project's Bazel macros as CMake functions over the rules of doharness_rules.cmake,
# each making the same targets as its .bzl (which documents it).
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/doharness_rules.cmake")

# api/c_copts.bzl: C sources written against api/include (the C binding's test,
# examples/c_callback) are strict C99 with warnings as errors.
set(STRICT_C99_COPTS -std=c99 -pedantic -Wall -Wextra -Werror)

# conformance/conformance.bzl: the conformance suite as a test of a callback library.
#   doharness_callback_conformance_test(NAME n CALLBACK :lib [PROFILE bits]
#       [EXPECTED_FAILURES file] [SHARD_COUNT n] [SIZE small])
function(doharness_callback_conformance_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;CALLBACK;PROFILE;EXPECTED_FAILURES;SHARD_COUNT;SIZE" "")
  if(NOT arg_PROFILE)
    set(arg_PROFILE do)
  endif()
  set(args --profile=${arg_PROFILE} --callback_name=${arg_CALLBACK})
  set(data "")
  if(arg_EXPECTED_FAILURES)
    list(APPEND args "--expected_failures=$(location ${arg_EXPECTED_FAILURES})")
    list(APPEND data ${arg_EXPECTED_FAILURES})
  endif()
  # conformance_main before the callback: its main() calls the callback's
  # DoHarnessCreateCallback, and a static link takes from an archive only what is
  # already wanted (Bazel links a test's libraries as shared ones, in any order).
  doharness_cc_test(
    NAME ${arg_NAME}
    ARGS ${args}
    DATA ${data}
    SHARD_COUNT ${arg_SHARD_COUNT}
    SIZE ${arg_SIZE}
    DEPS //conformance:conformance_main ${arg_CALLBACK})
endfunction()

# examples/bug_zoo/zoo.bzl zoo_callback: one entry of the bug zoo, <name>.cc, as the
# plugin lib<name>.so and as <name>_entry for the in-process registry.
function(doharness_zoo_callback name)
  doharness_cc_binary(
    NAME lib${name}.so
    SRCS ${name}.cc
    LINKSHARED
    DEPS :zoo_callback_base)
  doharness_cc_library(
    NAME ${name}_entry
    SRCS ${name}.cc
    LOCAL_DEFINES DOHARNESS_ZOO_NAME=${name}
    LINKSTATIC
    DEPS :zoo_callback_base)
endfunction()

# examples/bug_zoo/zoo.bzl bug_zoo_registry: the library <name> (bug_zoo.cc, bug_zoo.h)
# over the entries given after the name, and the genrule <name>_rows writing the
# bug_zoo_entries.inc that bug_zoo.cc includes, one row per entry, byte for byte as
# zoo.bzl's.
function(doharness_bug_zoo_registry name)
  _doharness_package(package)
  set(cmd ": >$@")
  set(expected "")
  set(entry_deps "")
  foreach(entry IN LISTS ARGN)
    string(APPEND cmd "; printf '%s' 'ZOO_ROW(${entry}, \"${package}/${entry}.expected\", R\"zoo_expected(' >>$@")
    string(APPEND cmd "; cat $(location ${entry}.expected) >>$@")
    string(APPEND cmd "; printf '%s\\n' ')zoo_expected\")' >>$@")
    list(APPEND expected ${entry}.expected)
    list(APPEND entry_deps :${entry}_entry)
  endforeach()
  doharness_genrule(
    NAME ${name}_rows
    SRCS ${expected}
    OUTS bug_zoo_entries.inc
    CMD "${cmd}")
  doharness_cc_library(
    NAME ${name}
    SRCS bug_zoo.cc :bug_zoo_entries.inc
    HDRS bug_zoo.h
    DEPS //api:abi ${entry_deps})
endfunction()

# tools/cli/explore.bzl: `doharness explore` on a plugin as a (sharded) test, through a
# script <name>.sh with the paths, seed, budget and hang limit in it.
#   doharness_callback_explore_test(NAME n CALLBACK :libx.so [BUDGET 2000] [SEED 1]
#       [HANG_MS 2000] [SHARD_COUNT n] [TAGS ...])
function(doharness_callback_explore_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;CALLBACK;BUDGET;SEED;HANG_MS;SHARD_COUNT;SIZE" "TAGS")
  if(NOT DEFINED arg_BUDGET)
    set(arg_BUDGET 2000)
  endif()
  if(NOT DEFINED arg_SEED)
    set(arg_SEED 1)
  endif()
  if(NOT DEFINED arg_HANG_MS)
    set(arg_HANG_MS 2000)
  endif()
  set(runner //tools/cli:explore_test_runner.sh)
  set(doharness //tools/cli:doharness)
  doharness_genrule(
    NAME ${arg_NAME}_script
    OUTS ${arg_NAME}.sh
    SRCS ${runner} ${doharness} ${arg_CALLBACK}
    CMD "printf '#!/bin/sh\\nexec %s %s %s ${arg_SEED} ${arg_BUDGET} ${arg_HANG_MS}\\n' $(rootpath ${runner}) $(rootpath ${doharness}) $(rootpath ${arg_CALLBACK}) > $@"
    EXECUTABLE)
  doharness_sh_test(
    NAME ${arg_NAME}
    SRCS ${arg_NAME}.sh
    DATA ${runner} ${doharness} ${arg_CALLBACK}
    SHARD_COUNT ${arg_SHARD_COUNT}
    SIZE ${arg_SIZE}
    TAGS ${arg_TAGS})
endfunction()
