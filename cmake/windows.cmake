# What the Windows build (cmake/mingw-w64-x86_64.cmake) uses in place of the build
# machine's packages, which are Linux libraries: the same Debian packages, made for
# the target.
#   - GoogleTest and GoogleMock, built from Debian's sources (package googletest) with
#     the cross-compiler.
#   - nlohmann-json and CLI11, header-only: their own header folders, and nothing else
#     of the build machine's /usr/include (whose C library headers are Linux's).
#   - Google Benchmark has no Windows build here: the benchmarks are Linux only.
include_guard(GLOBAL)

set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
add_subdirectory(/usr/src/googletest "${PROJECT_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL SYSTEM)
# (googletest's own CMakeLists names them GTest::gtest, GTest::gmock, GTest::gmock_main.)

set(_doharness_host_headers "${PROJECT_BINARY_DIR}/host_headers")
file(MAKE_DIRECTORY "${_doharness_host_headers}")
foreach(folder nlohmann CLI)
  file(CREATE_LINK "/usr/include/${folder}" "${_doharness_host_headers}/${folder}" SYMBOLIC)
endforeach()
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE "${_doharness_host_headers}")
add_library(CLI11::CLI11 INTERFACE IMPORTED)
target_include_directories(CLI11::CLI11 SYSTEM INTERFACE "${_doharness_host_headers}")

# The Windows SDK's BITS error codes are unsigned literals (bitsmsg.h), so comparing an
# HRESULT with one is a signed/unsigned comparison: correct, and warned about at every
# EXPECT_EQ.
add_compile_options(-Wno-sign-compare)
