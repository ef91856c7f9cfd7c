"""STRICT_C99_COPTS: how the project compiles C sources written against api/include
(the C binding's test, examples/c_callback): strict C99 with warnings as errors, as a C
callback's own build may be. Bazel passes copts to C and C++ alike, so only targets
whose sources are all C use them."""

STRICT_C99_COPTS = [
    "-std=c99",
    "-pedantic",
    "-Wall",
    "-Wextra",
    "-Werror",
]
