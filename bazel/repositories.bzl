"""doharness_repositories(): every external repository DO Harness needs, offline.

A consumer's WORKSPACE:

    local_repository(name = "doharness", path = "/path/to/doharness")
    load("@doharness//bazel:repositories.bzl", "doharness_repositories")
    doharness_repositories()

and its .bazelrc: `build --cxxopt=-std=c++17`. This project's own WORKSPACE calls the
same macro. Each repository is defined only when the WORKSPACE has not defined it
already, so a consumer's own GoogleTest (or rules_cc, ...) wins. Everything comes from
Debian packages (tools/install-deps installs them); nothing is downloaded.
"""

def _rules_cc_forwarder_impl(repository_ctx):
    # Debian's rules_cc is too new for Bazel 4.2.3: third_party/rules_cc defines the
    # cc rules by calling the native ones. A local_repository cannot name a path inside
    # another repository, so its files are linked in.
    source = repository_ctx.path(repository_ctx.attr.workspace_file).dirname
    for path in ["WORKSPACE", "BUILD"]:
        repository_ctx.symlink(source.get_child(path), path)
    for path in ["BUILD", "defs.bzl"]:
        repository_ctx.symlink(source.get_child("cc").get_child(path), "cc/" + path)

_rules_cc_forwarder = repository_rule(
    implementation = _rules_cc_forwarder_impl,
    attrs = {"workspace_file": attr.label(allow_single_file = True)},
)

def _coverage_tools_stand_in_impl(repository_ctx):
    # Bazel names @remote_coverage_tools in every build (the default
    # --coverage_report_generator) and would download it. Coverage is not part of
    # DO Harness's offline build: these stand-ins say so if ever run.
    repository_ctx.file("WORKSPACE", "workspace(name = \"remote_coverage_tools\")\n")
    repository_ctx.file(
        "no_coverage.sh",
        "#!/bin/sh\necho 'coverage is not available in the offline DO Harness build' >&2\nexit 1\n",
        executable = True,
    )
    repository_ctx.file("BUILD", "\n".join([
        "# Stand-ins for Bazel's coverage tools, which DO Harness does not download.",
        "[sh_binary(name = n, srcs = ['no_coverage.sh'], visibility = ['//visibility:public'])",
        " for n in ['coverage_report_generator', 'lcov_merger']]",
        "",
    ]))

_coverage_tools_stand_in = repository_rule(implementation = _coverage_tools_stand_in_impl)

# The Debian packages that come in through a build file of third_party/:
# (repository, folder, build file).
_DEBIAN_PACKAGES = [
    # GoogleTest/GoogleMock 1.12.1 (`googletest`), built from source so that sanitizer
    # configs instrument it too.
    ("com_google_googletest", "/usr/src/googletest", "googletest.BUILD"),
    # Google Benchmark (`libbenchmark-dev`): speed goals are shown by benchmarks.
    ("com_github_google_benchmark", "/usr", "benchmark.BUILD"),
    # CLI11 (`libcli11-dev`): header-only command-line parsing for doharness.
    ("cli11", "/usr/include", "cli11.BUILD"),
    # nlohmann-json (`nlohmann-json3-dev`): header-only JSON for reports and traces.
    ("nlohmann_json", "/usr/include", "nlohmann_json.BUILD"),
]

def _unless_defined(name, rule, **kwargs):
    if name not in native.existing_rules():
        rule(name = name, **kwargs)

def doharness_repositories():
    """Defines the repositories DO Harness needs that the WORKSPACE has not defined."""
    _unless_defined("rules_cc", _rules_cc_forwarder, workspace_file = Label("//third_party/rules_cc:WORKSPACE"))

    # From Debian's bazel-rules-java and bazel-platforms.
    _unless_defined("rules_java", native.local_repository, path = "/usr/share/bazel/rules/java")
    _unless_defined("platforms", native.local_repository, path = "/usr/share/bazel/tools/platforms")
    _unless_defined("remote_coverage_tools", _coverage_tools_stand_in)

    for name, path, build_file in _DEBIAN_PACKAGES:
        _unless_defined(
            name,
            native.new_local_repository,
            path = path,
            build_file = str(Label("//third_party:" + build_file)),
        )
