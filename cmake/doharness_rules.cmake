# The Bazel rules DO Harness uses, as CMake functions with Bazel's attribute names, so
# that each package's CMakeLists.txt reads like its BUILD file, one call per target:
#
#   doharness_cc_library(NAME n [SRCS ...] [HDRS ...] [DEPS ...] [COPTS ...]
#                        [LOCAL_DEFINES ...] [LINKOPTS ...] [INCLUDES ...] [ALWAYSLINK] [LINKSTATIC])
#   doharness_cc_binary(NAME n [SRCS ...] [DEPS ...] [COPTS ...] [LOCAL_DEFINES ...]
#                       [LINKOPTS ...] [LINKSHARED])
#   doharness_cc_test(NAME n SRCS ... DEPS ... [ARGS ...] [DATA ...] [ENV K=V ...]
#                     [SHARD_COUNT n] [SIZE small|medium|large] [LINKSTATIC] ...)
#   doharness_sh_test(NAME n SRCS script [ARGS ...] [DATA ...] [DEPS sh_library ...] ...)
#   doharness_sh_library(NAME n SRCS ...)       doharness_filegroup(NAME n SRCS ...)
#   doharness_genrule(NAME n SRCS ... OUTS ... [TOOLS ...] CMD "..." [EXECUTABLE])
#   doharness_glob(VAR pattern ...)             Bazel's glob(), "**" included
#
# Labels are Bazel's: ":name", "//package:name", "//package" (= //package:package), and
# the external repositories of bazel/repositories.bzl (mapped below onto the Debian
# packages' CMake targets). A label's CMake target is doharness_<package>_<name>, with
# "/" written "_" (//engine:fake_engine is doharness_engine_fake_engine,
# //tools/cli:testdata/libcrash.so is doharness_tools_cli_testdata_libcrash.so). A test is
# registered with ctest under its label ("//api:names_test"; a sharded one once a shard,
# "//examples/bug_zoo:zoo_conformance_test/shard_1_of_4").
#
# Where things are, as in Bazel. A binary, plugin, test or generated file of package P
# named N is built at <build>/P/N, as bazel-bin/P/N. Tests run as Bazel runs them: in a
# runfiles tree, <build>/runfiles/doharness (TEST_SRCDIR=<build>/runfiles,
# TEST_WORKSPACE=doharness), which has the repository's layout and holds symbolic links
# to what the tests declare (their DATA, the sh_library DEPS and sources of sh tests,
# the test itself): source files link to the source tree, built ones to <build>. So a
# path relative to the repository root, such as tools/plugin_host/testdata/libgood.so,
# "$(location :doharness)" or fixtures/bugs, means the same in both builds. Each run gets
# a fresh, empty TEST_TMPDIR (cmake/run_test.sh), as Bazel's test runner gives one.
include_guard(GLOBAL)

set(DOHARNESS_RUNFILES "${PROJECT_BINARY_DIR}/runfiles/doharness")
set(_DOHARNESS_LAUNCHER "${CMAKE_CURRENT_LIST_DIR}/run_test.sh")
# CMake wants at least one source in a binary; Bazel links one from its deps alone (a
# test whose main() is in //conformance:conformance_main, a plugin that is an alwayslink
# library). Such a binary gets this empty C file.
set(_DOHARNESS_NO_SOURCES "${PROJECT_BINARY_DIR}/doharness_no_sources.c")
file(GENERATE OUTPUT "${_DOHARNESS_NO_SOURCES}"
     CONTENT "/* A binary made of its deps alone (cmake/doharness_rules.cmake). */\ntypedef int doharness_no_sources;\n")

# Bazel's timeout of a test by its size.
set(_DOHARNESS_TIMEOUT_small 60)
set(_DOHARNESS_TIMEOUT_medium 300)
set(_DOHARNESS_TIMEOUT_large 900)
set(_DOHARNESS_TIMEOUT_enormous 3600)

# ---- Labels -----------------------------------------------------------------------

# The package being read: its path from the repository root ("" for the root).
function(_doharness_package out)
  file(RELATIVE_PATH package "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  set(${out} "${package}" PARENT_SCOPE)
endfunction()

# A label's package and name; a plain name is one of this package.
function(_doharness_split label out_package out_name)
  if(label MATCHES "^//([^:]*):(.+)$")
    set(package "${CMAKE_MATCH_1}")
    set(name "${CMAKE_MATCH_2}")
  elseif(label MATCHES "^//(.+)$")
    set(package "${CMAKE_MATCH_1}")
    get_filename_component(name "${package}" NAME)
  else()
    _doharness_package(package)
    string(REGEX REPLACE "^:" "" name "${label}")
  endif()
  set(${out_package} "${package}" PARENT_SCOPE)
  set(${out_name} "${name}" PARENT_SCOPE)
endfunction()

# A label's path from the repository root: where its file is, in the source tree, in
# <build> and in the runfiles tree.
function(_doharness_path label out)
  _doharness_split("${label}" package name)
  if(package STREQUAL "")
    set(${out} "${name}" PARENT_SCOPE)
  else()
    set(${out} "${package}/${name}" PARENT_SCOPE)
  endif()
endfunction()

# A label's CMake target: the Debian package's for an external repository, else
# doharness_ and the label's path with "/" written "_".
function(_doharness_target label out)
  if(label STREQUAL "@com_google_googletest//:gtest")
    # The Bazel target is GoogleTest and GoogleMock in one library...
    set(target GTest::gmock)
  elseif(label STREQUAL "@com_google_googletest//:gtest_main")
    # ...and its main() is googlemock/src/gmock_main.cc.
    set(target GTest::gmock_main)
  elseif(label STREQUAL "@nlohmann_json//:json")
    set(target nlohmann_json::nlohmann_json)
  elseif(label STREQUAL "@cli11")
    set(target CLI11::CLI11)
  elseif(label STREQUAL "@com_github_google_benchmark//:benchmark")
    set(target benchmark::benchmark)
  elseif(label MATCHES "^@")
    message(FATAL_ERROR "${label}: no CMake target for this external repository (cmake/doharness_rules.cmake)")
  else()
    _doharness_path("${label}" path)
    string(REPLACE "/" "_" target "doharness_${path}")
  endif()
  set(${out} "${target}" PARENT_SCOPE)
endfunction()

function(_doharness_targets out)
  set(targets "")
  foreach(label IN LISTS ARGN)
    _doharness_target("${label}" target)
    list(APPEND targets "${target}")
  endforeach()
  set(${out} "${targets}" PARENT_SCOPE)
endfunction()

# The files a label or file name stands for, as paths from the repository root: a
# filegroup's or sh_library's files, a genrule's outputs, else the one file it names.
function(_doharness_files out)
  set(files "")
  foreach(entry IN LISTS ARGN)
    _doharness_target("${entry}" target)
    get_property(group GLOBAL PROPERTY "DOHARNESS_FILES_${target}" SET)
    if(group)
      get_property(group_files GLOBAL PROPERTY "DOHARNESS_FILES_${target}")
      list(APPEND files ${group_files})
    else()
      _doharness_path("${entry}" path)
      list(APPEND files "${path}")
    endif()
  endforeach()
  set(${out} "${files}" PARENT_SCOPE)
endfunction()

# Where a file of the repository's layout really is: the source tree, or <build> for
# what the build makes.
function(_doharness_real path out)
  if(EXISTS "${PROJECT_SOURCE_DIR}/${path}" AND NOT IS_DIRECTORY "${PROJECT_SOURCE_DIR}/${path}")
    set(${out} "${PROJECT_SOURCE_DIR}/${path}" PARENT_SCOPE)
  else()
    set(${out} "${PROJECT_BINARY_DIR}/${path}" PARENT_SCOPE)
  endif()
endfunction()

# SRCS and HDRS as files for add_library/add_executable.
function(_doharness_sources out)
  _doharness_files(paths ${ARGN})
  set(files "")
  foreach(path IN LISTS paths)
    _doharness_real("${path}" file)
    list(APPEND files "${file}")
  endforeach()
  set(${out} "${files}" PARENT_SCOPE)
endfunction()

# Links files (paths from the repository root) into the runfiles tree. What is neither
# a source file nor made by a target or genrule is found out once everything is read.
function(_doharness_runfiles)
  foreach(path IN LISTS ARGN)
    _doharness_real("${path}" file)
    if(NOT file STREQUAL "${PROJECT_SOURCE_DIR}/${path}")
      set_property(GLOBAL APPEND PROPERTY DOHARNESS_BUILT_RUNFILES "${path}")
    endif()
    get_filename_component(directory "${DOHARNESS_RUNFILES}/${path}" DIRECTORY)
    file(MAKE_DIRECTORY "${directory}")
    file(CREATE_LINK "${file}" "${DOHARNESS_RUNFILES}/${path}" SYMBOLIC)
  endforeach()
endfunction()

function(_doharness_check_runfiles)
  get_property(paths GLOBAL PROPERTY DOHARNESS_BUILT_RUNFILES)
  get_property(generated GLOBAL PROPERTY DOHARNESS_GENERATED)
  list(REMOVE_DUPLICATES paths)
  foreach(path IN LISTS paths)
    string(REPLACE "/" "_" target "doharness_${path}")
    if(NOT TARGET "${target}" AND NOT path IN_LIST generated)
      message(SEND_ERROR "${path}: a test needs it, but no source file, target or genrule output has this path")
    endif()
    if(WIN32 AND TARGET "${target}")
      # The program or DLL under its Windows name (x.exe, y.dll for liby.so) too: the
      # name a test running on Windows gives it.
      get_target_property(file_name ${target} OUTPUT_NAME)
      get_target_property(suffix ${target} SUFFIX)
      get_filename_component(directory "${path}" DIRECTORY)
      file(CREATE_LINK "${PROJECT_BINARY_DIR}/${directory}/${file_name}${suffix}"
           "${DOHARNESS_RUNFILES}/${directory}/${file_name}${suffix}" SYMBOLIC)
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY "${PROJECT_SOURCE_DIR}" CALL _doharness_check_runfiles)

# Bazel's "$(location X)", "$(rootpath X)" (one path) and "$(locations X)",
# "$(rootpaths X)" (all of them) in a test's ARGS, as paths from the runfiles root.
function(_doharness_expand_args out)
  set(args "")
  foreach(arg IN LISTS ARGN)
    if(arg MATCHES "^\\$\\((locations|rootpaths) ([^)]+)\\)$")
      _doharness_files(files "${CMAKE_MATCH_2}")
      list(APPEND args ${files})
      continue()
    endif()
    while(arg MATCHES "\\$\\((location|rootpath) ([^)]+)\\)")
      set(reference "${CMAKE_MATCH_0}")
      _doharness_files(files "${CMAKE_MATCH_2}")
      list(LENGTH files count)
      if(NOT count EQUAL 1)
        message(FATAL_ERROR "${reference}: ${count} files, want one")
      endif()
      string(REPLACE "${reference}" "${files}" arg "${arg}")
    endwhile()
    list(APPEND args "${arg}")
  endforeach()
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

# ---- Rules ------------------------------------------------------------------------

# cc_library: a static archive (an INTERFACE library when there is nothing to compile).
# Every library is static, which is Bazel's linkstatic everywhere: LINKSTATIC is taken
# for the record. ALWAYSLINK: every object of the archive is linked into each binary
# that depends on it, as --whole-archive (an INTERFACE target over the archive, so that
# each consumer, however far, links it whole).
function(doharness_cc_library)
  cmake_parse_arguments(PARSE_ARGV 0 arg "ALWAYSLINK;LINKSTATIC" "NAME"
                        "SRCS;HDRS;DEPS;COPTS;LOCAL_DEFINES;LINKOPTS;INCLUDES")
  _doharness_target(":${arg_NAME}" target)
  _doharness_sources(files ${arg_SRCS} ${arg_HDRS})
  _doharness_targets(deps ${arg_DEPS})
  list(TRANSFORM arg_INCLUDES PREPEND "${CMAKE_CURRENT_SOURCE_DIR}/")
  set(compiled ${files})
  list(FILTER compiled INCLUDE REGEX "\\.(c|cc|cpp)$")
  if(NOT compiled)
    add_library(${target} INTERFACE ${files})
    set(library ${target})
    set(scope INTERFACE)
  else()
    set(library ${target})
    if(arg_ALWAYSLINK)
      set(library ${target}.alwayslink)
      add_library(${target} INTERFACE)
      target_link_libraries(${target} INTERFACE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${library}>")
    endif()
    add_library(${library} STATIC ${files})
    target_compile_options(${library} PRIVATE ${arg_COPTS})
    target_compile_definitions(${library} PRIVATE ${arg_LOCAL_DEFINES})
    set(scope PUBLIC)
  endif()
  # Bazel's includes: -isystem for the library and everything that depends on it.
  target_include_directories(${library} SYSTEM ${scope} ${arg_INCLUDES})
  # Bazel's linkopts reach every binary the library is linked into.
  target_link_libraries(${library} ${scope} ${deps} ${arg_LINKOPTS})
endfunction()

# What cc_binary and cc_test share: an executable, or with LINKSHARED a shared library
# for dlopen (a plugin), named exactly N and built at <build>/P/N.
function(_doharness_binary name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "LINKSHARED;LINKSTATIC" "" "SRCS;DEPS;COPTS;LOCAL_DEFINES;LINKOPTS")
  _doharness_target(":${name}" target)
  _doharness_sources(files ${arg_SRCS})
  _doharness_targets(deps ${arg_DEPS})
  set(compiled ${files})
  list(FILTER compiled INCLUDE REGEX "\\.(c|cc|cpp)$")
  if(NOT compiled)
    list(APPEND files "${_DOHARNESS_NO_SOURCES}")
  endif()
  if(arg_LINKSHARED)
    add_library(${target} MODULE ${files})
  else()
    add_executable(${target} ${files})
  endif()
  get_filename_component(directory "${CMAKE_CURRENT_BINARY_DIR}/${name}" DIRECTORY)
  get_filename_component(file_name "${name}" NAME)
  set(suffix "")
  if(WIN32)
    # Windows' names: doharness.exe, and a plugin lib<name>.so is <name>.dll.
    if(arg_LINKSHARED AND file_name MATCHES "^lib(.+)\\.so$")
      set(file_name "${CMAKE_MATCH_1}")
      set(suffix ".dll")
    elseif(NOT arg_LINKSHARED)
      set(suffix ".exe")
    endif()
  endif()
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "${file_name}" PREFIX "" SUFFIX "${suffix}"
    RUNTIME_OUTPUT_DIRECTORY "${directory}" LIBRARY_OUTPUT_DIRECTORY "${directory}")
  target_compile_options(${target} PRIVATE ${arg_COPTS})
  target_compile_definitions(${target} PRIVATE ${arg_LOCAL_DEFINES})
  target_link_libraries(${target} PRIVATE ${deps} ${arg_LINKOPTS})
endfunction()

# cc_binary.
function(doharness_cc_binary)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME" "")
  _doharness_binary(${arg_NAME} ${arg_UNPARSED_ARGUMENTS})
endfunction()

# Registers the test made at <build>/P/NAME with ctest: run from the runfiles root with
# its DATA linked there, its ARGS, ENV, Bazel's test variables and size's timeout;
# SHARD_COUNT n: n ctest tests, one a shard (TEST_SHARD_INDEX, and GTEST_SHARD_INDEX as
# Bazel's test runner sets it); TAGS manual: only with `ctest -C manual`, as Bazel
# leaves a manual test out of //... .
function(_doharness_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SHARD_COUNT;SIZE" "ARGS;DATA;ENV;TAGS")
  _doharness_package(package)
  _doharness_path(":${name}" path)
  _doharness_files(data ":${name}" ${arg_DATA})
  _doharness_runfiles(${data})
  _doharness_expand_args(args ${arg_ARGS})
  if(NOT arg_SIZE)
    set(arg_SIZE medium)
  endif()
  if(NOT arg_SHARD_COUNT)
    set(arg_SHARD_COUNT 1)
  endif()
  if("manual" IN_LIST arg_TAGS)
    set(configurations CONFIGURATIONS manual)
  endif()
  set(environment TEST_SRCDIR=${PROJECT_BINARY_DIR}/runfiles TEST_WORKSPACE=doharness ${arg_ENV})
  math(EXPR last "${arg_SHARD_COUNT} - 1")
  foreach(index RANGE ${last})
    set(test "//${package}:${name}")
    set(tmpdir "${PROJECT_BINARY_DIR}/testtmp/${path}")
    set(shard_environment "")
    if(arg_SHARD_COUNT GREATER 1)
      math(EXPR shard "${index} + 1")
      string(APPEND test "/shard_${shard}_of_${arg_SHARD_COUNT}")
      string(APPEND tmpdir "/shard_${shard}_of_${arg_SHARD_COUNT}")
      set(shard_environment TEST_SHARD_INDEX=${index} TEST_TOTAL_SHARDS=${arg_SHARD_COUNT}
                            GTEST_SHARD_INDEX=${index} GTEST_TOTAL_SHARDS=${arg_SHARD_COUNT})
    endif()
    set(program "${DOHARNESS_RUNFILES}/${path}")
    if(WIN32)
      # The Windows program itself (doharness.exe: its name has Windows' suffix), under
      # Wine (CMAKE_CROSSCOMPILING_EMULATOR).
      _doharness_target(":${name}" target)
      set(program ${CMAKE_CROSSCOMPILING_EMULATOR} "$<TARGET_FILE:${target}>")
    endif()
    add_test(NAME "${test}" ${configurations}
             COMMAND sh "${_DOHARNESS_LAUNCHER}" ${program} ${args}
             WORKING_DIRECTORY "${DOHARNESS_RUNFILES}")
    set_tests_properties("${test}" PROPERTIES
      TIMEOUT ${_DOHARNESS_TIMEOUT_${arg_SIZE}}
      ENVIRONMENT "${environment};${shard_environment};TEST_TMPDIR=${tmpdir}")
  endforeach()
endfunction()

# cc_test: a cc_binary run as a test.
function(doharness_cc_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "LINKSTATIC" "NAME;SHARD_COUNT;SIZE" "SRCS;DEPS;COPTS;LOCAL_DEFINES;LINKOPTS;ARGS;DATA;ENV;TAGS")
  _doharness_binary(${arg_NAME} SRCS ${arg_SRCS} DEPS ${arg_DEPS} COPTS ${arg_COPTS}
                    LOCAL_DEFINES ${arg_LOCAL_DEFINES} LINKOPTS ${arg_LINKOPTS})
  _doharness_add_test(${arg_NAME} ARGS ${arg_ARGS} DATA ${arg_DATA} ENV ${arg_ENV} TAGS ${arg_TAGS}
                      SHARD_COUNT ${arg_SHARD_COUNT} SIZE ${arg_SIZE})
endfunction()

# sh_test: the script (a source, or a genrule's output) as <build>/P/NAME, run as a test
# with the files of its sh_library DEPS.
function(doharness_sh_test)
  if(WIN32)
    return()  # they run the Linux tools; tools/windows/windows_test.sh tests the Windows ones
  endif()
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;SHARD_COUNT;SIZE" "SRCS;DEPS;ARGS;DATA;ENV;TAGS")
  _doharness_sources(script ${arg_SRCS})
  file(CREATE_LINK "${script}" "${CMAKE_CURRENT_BINARY_DIR}/${arg_NAME}" SYMBOLIC)
  _doharness_path(":${arg_NAME}" path)
  set_property(GLOBAL APPEND PROPERTY DOHARNESS_GENERATED "${path}")
  _doharness_add_test(${arg_NAME} ARGS ${arg_ARGS} DATA ${arg_SRCS} ${arg_DEPS} ${arg_DATA}
                      ENV ${arg_ENV} TAGS ${arg_TAGS} SHARD_COUNT ${arg_SHARD_COUNT} SIZE ${arg_SIZE})
endfunction()

# filegroup and sh_library: a name for files (and other groups' files), for DATA and
# $(locations ...).
function(doharness_filegroup)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME" "SRCS;DATA")
  _doharness_target(":${arg_NAME}" target)
  _doharness_files(files ${arg_SRCS} ${arg_DATA})
  set_property(GLOBAL PROPERTY "DOHARNESS_FILES_${target}" ${files})
endfunction()

function(doharness_sh_library)
  doharness_filegroup(${ARGN})
endfunction()

# genrule: CMD run by sh from the repository root, as Bazel runs it from its execroot,
# with $(location X) (X's path: from the root for a source file, in <build> for a built
# one), $(rootpath X) (from the root), $@ (the one output) and $(@D) (its directory).
# Outputs are made in <build>/P and are built by default, as //... builds every genrule;
# a failed command leaves none behind.
function(doharness_genrule)
  cmake_parse_arguments(PARSE_ARGV 0 arg "EXECUTABLE" "NAME;CMD" "SRCS;OUTS;TOOLS")
  _doharness_target(":${arg_NAME}" target)
  _doharness_package(package)
  set(outs "")
  set(paths "")
  foreach(out IN LISTS arg_OUTS)
    _doharness_path(":${out}" path)
    list(APPEND paths "${path}")
    list(APPEND outs "${PROJECT_BINARY_DIR}/${path}")
  endforeach()
  set_property(GLOBAL APPEND PROPERTY DOHARNESS_GENERATED ${paths})
  set_property(GLOBAL PROPERTY "DOHARNESS_FILES_${target}" ${paths})
  # Inputs: source files, genrules' outputs, and the targets that build the others.
  _doharness_files(inputs ${arg_SRCS} ${arg_TOOLS})
  get_property(generated GLOBAL PROPERTY DOHARNESS_GENERATED)
  set(depends "")
  foreach(input IN LISTS inputs)
    if(EXISTS "${PROJECT_SOURCE_DIR}/${input}")
      list(APPEND depends "${PROJECT_SOURCE_DIR}/${input}")
    elseif(input IN_LIST generated)
      list(APPEND depends "${PROJECT_BINARY_DIR}/${input}")
    else()
      string(REPLACE "/" "_" input_target "doharness_${input}")
      list(APPEND depends "${input_target}")
    endif()
  endforeach()
  set(cmd "${arg_CMD}")
  while(cmd MATCHES "\\$\\((location|rootpath) ([^)]+)\\)")
    set(reference "${CMAKE_MATCH_0}")
    set(kind "${CMAKE_MATCH_1}")
    _doharness_files(where "${CMAKE_MATCH_2}")
    _doharness_real("${where}" file)
    if(kind STREQUAL "rootpath" OR file STREQUAL "${PROJECT_SOURCE_DIR}/${where}")
      set(file "${where}")
    endif()
    string(REPLACE "${reference}" "${file}" cmd "${cmd}")
  endwhile()
  list(GET outs 0 first_out)
  get_filename_component(out_directory "${first_out}" DIRECTORY)
  string(REPLACE "$(@D)" "${out_directory}" cmd "${cmd}")
  string(REPLACE "$@" "${first_out}" cmd "${cmd}")
  if(arg_EXECUTABLE)
    string(APPEND cmd " && chmod +x ${outs}")
  endif()
  list(JOIN outs " " outs_text)
  add_custom_command(
    OUTPUT ${outs}
    COMMAND sh -c "(${cmd}) || { rm -f ${outs_text}; exit 1; }"
    DEPENDS ${depends}
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "genrule //${package}:${arg_NAME}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${outs})
endfunction()

# glob(): files of this package matching Bazel patterns ("**" is any number of
# directories), sorted, as paths from the package. Read again when files come or go.
function(doharness_glob out)
  set(files "")
  foreach(pattern IN LISTS ARGN)
    if(pattern MATCHES "\\*\\*/")
      string(REPLACE "**/" "" pattern "${pattern}")
      file(GLOB_RECURSE matches RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}" CONFIGURE_DEPENDS
           "${CMAKE_CURRENT_SOURCE_DIR}/${pattern}")
    else()
      file(GLOB matches RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}" CONFIGURE_DEPENDS
           "${CMAKE_CURRENT_SOURCE_DIR}/${pattern}")
    endif()
    list(APPEND files ${matches})
  endforeach()
  list(SORT files)
  set(${out} "${files}" PARENT_SCOPE)
endfunction()
