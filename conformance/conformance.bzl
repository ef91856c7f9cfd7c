"""callback_conformance_test: the conformance suite as a Bazel test of a callback.

    load("//conformance:conformance.bzl", "callback_conformance_test")

    callback_conformance_test(
        name = "my_callback_conformance_test",
        callback = ":my_callback",            # a cc_library defining
                                              # extern "C" HRESULT DoHarnessCreateCallback(IUnknown**)
        profile = "bits",
        expected_failures = "my_callback.expected",
        shard_count = 4,
    )

The test passes when every required rule passes and the expected-failure list matches
(see conformance/expected_failures.h); it prints the summary of every rule.
"""

load("@rules_cc//cc:defs.bzl", "cc_test")

def callback_conformance_test(name, callback, profile = "do", expected_failures = None, shard_count = None, **kwargs):
    args = ["--profile=" + profile, "--callback_name=" + callback]
    data = []
    if expected_failures:
        args.append("--expected_failures=$(location %s)" % expected_failures)
        data.append(expected_failures)
    cc_test(
        name = name,
        args = args,
        data = data,
        shard_count = shard_count,
        deps = [
            callback,
            Label("//conformance:conformance_main"),
        ],
        **kwargs
    )
