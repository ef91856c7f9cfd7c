"""callback_explore_test: `doharness explore` on a callback as a sharded Bazel test.

    load("@doharness//tools/cli:explore.bzl", "callback_explore_test")

    cc_binary(
        name = "libmy_callback.so",
        srcs = ["my_callback.cc"],          # exports DoHarnessCreateCallback
        linkshared = True,
        deps = ["@doharness//api:abi"],
    )

    callback_explore_test(
        name = "my_callback_explore_test",
        callback = ":libmy_callback.so",    # a plugin, as `doharness explore --callback` takes
        budget = 100000,                    # runs of the seed's stream, over all shards
        shard_count = 16,                   # each shard searches every 16th run
    )

`bazel test :my_callback_explore_test` spreads the search over the shards (on a remote
execution cluster, over its machines). A shard that finds a failure fails, prints the
scenario and the replay command, and writes the scenario to its undeclared outputs
(bazel-testlogs/<package>/<name>/shard_<i>_of_<n>/test.outputs/). The same seed and
shard always give the same result.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")

def callback_explore_test(name, callback, budget = 2000, seed = 1, hang_ms = 2000, shard_count = None, **kwargs):
    runner = Label("//tools/cli:explore_test_runner.sh")
    doharness = Label("//tools/cli:doharness")

    # The test's own script runs the runner with the paths, seed and budget baked in,
    # so that the test can also be run as a plain executable from its runfiles.
    native.genrule(
        name = name + "_script",
        outs = [name + ".sh"],
        srcs = [runner, doharness, callback],
        cmd = "printf '#!/bin/sh\\nexec %s %s %s %d %d %d\\n' $(rootpath %s) $(rootpath %s) $(rootpath %s) > $@" % (
            "%s",
            "%s",
            "%s",
            seed,
            budget,
            hang_ms,
            runner,
            doharness,
            callback,
        ),
        executable = True,
        testonly = True,
    )
    native.sh_test(
        name = name,
        srcs = [name + ".sh"],
        data = [runner, doharness, callback],
        shard_count = shard_count,
        **kwargs
    )
