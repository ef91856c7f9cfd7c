"""The bug zoo's build rules: one plugin and one in-process library per entry, and the
registry that lists them (examples/bug_zoo/BUILD)."""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_library")

def zoo_callback(name):
    """One entry of the bug zoo: <name>.cc, and <name>.expected beside it.

    Makes
      lib<name>.so   the entry as a plugin (api/include/doharness_plugin.h), what
                     `doharness check --callback` loads (public: users try them);
      <name>_entry   the entry compiled for the in-process registry, with
                     DOHARNESS_ZOO_NAME=<name>: it defines doharness_zoo::<name>_Create
                     instead of the plugin exports (zoo_callback_base.h).

    Args:
      name: the entry's name: its rule id with dots replaced by underscores, perhaps
        with a suffix naming a variant ("ret_file_transferred_ok_s_false").
    """
    cc_binary(
        name = "lib%s.so" % name,
        srcs = [name + ".cc"],
        linkshared = True,
        visibility = ["//visibility:public"],
        deps = [":zoo_callback_base"],
    )
    cc_library(
        name = name + "_entry",
        srcs = [name + ".cc"],
        local_defines = ["DOHARNESS_ZOO_NAME=" + name],
        linkstatic = True,
        deps = [":zoo_callback_base"],
    )

def bug_zoo_registry(name, entries, visibility = None):
    """The in-process registry of `entries` (bug_zoo.h): a cc_library `name`. Once per
    package: bug_zoo.cc includes the generated bug_zoo_entries.inc.

    A genrule writes bug_zoo_entries.inc, one row per entry,
      ZOO_ROW(<entry>, "<package>/<entry>.expected", R"zoo_expected(<its contents>)zoo_expected")
    which bug_zoo.cc expands twice: into declarations of the entries' factories and
    into the rows of BugZoo().

    Args:
      name: the library's name.
      entries: the entries' names, each made by zoo_callback.
      visibility: the library's.
    """
    package = native.package_name()
    rows = []
    for entry in entries:
        row = "ZOO_ROW(%s, \"%s/%s.expected\", R\"zoo_expected(" % (entry, package, entry)
        rows.append("printf '%%s' '%s' >>$@" % row)
        rows.append("cat $(location %s.expected) >>$@" % entry)
        rows.append("printf '%s\\n' ')zoo_expected\")' >>$@")
    native.genrule(
        name = name + "_rows",
        srcs = [entry + ".expected" for entry in entries],
        outs = ["bug_zoo_entries.inc"],
        cmd = ": >$@; " + "; ".join(rows),
    )
    cc_library(
        name = name,
        srcs = [
            "bug_zoo.cc",
            ":bug_zoo_entries.inc",
        ],
        hdrs = ["bug_zoo.h"],
        visibility = visibility,
        deps = ["//api:abi"] + [":%s_entry" % entry for entry in entries],
    )
