#!/usr/bin/env python3
"""check_build_lists.py: the two builds list the same files. For every package, each
target of its BUILD file must be in its CMakeLists.txt (and the other way round), of the
same kind, with the same C/C++ sources and headers (among srcs, hdrs and data) and the
same deps.

Usage: tools/check_build_lists.py [REPOSITORY_ROOT]   (default: the script's ../)
Exit 0 when the builds agree; 1 with one line per difference, naming the file that
lacks something and the target, e.g.
  engine/CMakeLists.txt: //engine:fake_engine lacks engine/internal/thread_pool.cc (engine/BUILD lists it)
2 when a file cannot be read.

How each side is read, without Bazel or CMake:
- A BUILD file, and the .bzl files it loads, run as Python (the Starlark they use is
  Python) with stub rules that record each target, and Bazel's glob(). Macros run as
  written, so what they make is what is compared.
- A CMakeLists.txt runs in a small interpreter of the CMake this project writes,
  starting from the root one: set, list(APPEND), string(APPEND), if, foreach, function,
  cmake_parse_arguments, include, add_subdirectory and variable references. The rules of
  cmake/doharness_rules.cmake (doharness_cc_library, ...) are recorded, doharness_glob
  is Bazel's glob, other commands are skipped. It reads the build as configured on
  Linux (Bazel's only platform) with every optional package found, so the benchmarks,
  built only when Google Benchmark is, are compared too.
Files are compared as paths from the root, and only those that exist in the source
tree (a genrule's output is not a source); deps as labels, ":x" read as //package:x.
"""

import os
import re
import sys
from pathlib import Path

C_FAMILY = (".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".inc")
FILE_ATTRIBUTES = ("srcs", "hdrs", "data")
# The CMake rules, by the Bazel rule each one is, and their keywords.
CMAKE_RULES = {
    "doharness_cc_library": "cc_library",
    "doharness_cc_binary": "cc_binary",
    "doharness_cc_test": "cc_test",
    "doharness_sh_test": "sh_test",
    "doharness_sh_library": "sh_library",
    "doharness_filegroup": "filegroup",
    "doharness_genrule": "genrule",
}
CMAKE_KEYWORDS = {
    "NAME", "SRCS", "HDRS", "DEPS", "DATA", "ARGS", "COPTS", "LOCAL_DEFINES", "LINKOPTS",
    "INCLUDES", "ENV", "SHARD_COUNT", "SIZE", "OUTS", "TOOLS", "CMD", "TAGS",
    "ALWAYSLINK", "LINKSTATIC", "LINKSHARED", "EXECUTABLE",
}


class BuildError(Exception):
    """A file of either build that cannot be read: exit 2."""


class Target:
    def __init__(self, kind, files, deps):
        self.kind, self.files, self.deps = kind, files, deps


def normalize_label(label, package):
    """//package:name for ":name", "name" and "//package"; external labels as they are."""
    label = str(label)
    if label.startswith("@"):
        return label
    if label.startswith("//"):
        return label if ":" in label else "%s:%s" % (label, label.rsplit("/", 1)[-1])
    return "//%s:%s" % (package, label.lstrip(":"))


def source_files(root, package, entries):
    """The C/C++ files among entries (file names of the package or labels) that exist in
    the source tree, as paths from the root."""
    files = set()
    for entry in entries:
        entry = str(entry)
        if entry.startswith("@"):
            continue
        label = normalize_label(entry, package)
        label_package, name = label[2:].split(":", 1)
        path = "%s/%s" % (label_package, name) if label_package else name
        if path.endswith(C_FAMILY) and (root / path).is_file():
            files.add(path)
    return files


def make_target(root, package, kind, attributes):
    files = set()
    for attribute in FILE_ATTRIBUTES:
        files |= source_files(root, package, attributes.get(attribute) or [])
    deps = {normalize_label(dep, package) for dep in attributes.get("deps") or []}
    return Target(kind, files, deps)


def glob(root, package, include, exclude=()):
    """Bazel's glob: files of the package (not of its subpackages), sorted."""
    base = root / package
    found = set()
    for pattern in include:
        for path in base.glob(pattern):
            relative = path.relative_to(base)
            inside_subpackage = any((base / Path(*relative.parts[:i]) / "BUILD").exists()
                                    for i in range(1, len(relative.parts)))
            if path.is_file() and not inside_subpackage:
                found.add(relative.as_posix())
    for pattern in exclude:
        found -= {p.relative_to(base).as_posix() for p in base.glob(pattern)}
    return sorted(found)


# ---- The Bazel side ---------------------------------------------------------------

def read_bazel(root, packages):
    """{package: {name: Target}} from the BUILD files of `packages`."""
    state = {"package": None, "targets": None}
    modules = {}

    def rule(kind):
        def record(name, **attributes):
            if name in state["targets"]:
                raise BuildError("%s: target %s defined twice" % (build_file(state["package"]), name))
            state["targets"][name] = make_target(root, state["package"], kind, attributes)
        return record

    kinds = ["cc_library", "cc_binary", "cc_test", "cc_import", "sh_test", "sh_library",
             "sh_binary", "filegroup", "genrule", "py_test", "py_binary", "py_library",
             "test_suite", "alias", "config_setting"]
    rules = {kind: rule(kind) for kind in kinds}

    class Native:
        pass

    native = Native()
    for kind, function in rules.items():
        setattr(native, kind, function)
    native.package_name = lambda: state["package"]
    native.glob = lambda include, exclude=(), **_: glob(root, state["package"], include, exclude)
    native.exports_files = lambda *args, **kwargs: None
    native.package = lambda **kwargs: None

    def environment(package_of_loads):
        env = dict(rules)
        env.update(native=native, glob=native.glob, exports_files=native.exports_files,
                   package=native.package, Label=str, select=lambda x: x)
        env["load"] = lambda label, *names, **aliases: load(env, package_of_loads, label, names, aliases)
        return env

    def load(env, package, label, names, aliases):
        if label.startswith("@"):
            module = rules  # @rules_cc//cc:defs.bzl: the native cc rules
        else:
            label = normalize_label(label, package)
            bzl_package, name = label[2:].split(":", 1)
            path = root / bzl_package / name
            if path not in modules:
                module = environment(bzl_package)
                exec(compile(path.read_text(), str(path), "exec"), module)
                modules[path] = module
            module = modules[path]
        for name in names:
            env[name] = module[name]
        for alias, name in aliases.items():
            env[alias] = module[name]

    result = {}
    for package in packages:
        path = root / package / "BUILD"
        state["package"], state["targets"] = package, {}
        try:
            exec(compile(path.read_text(), str(path), "exec"), environment(package))
        except BuildError:
            raise
        except Exception as error:  # a file this reader cannot evaluate
            raise BuildError("%s: %s: %s" % (path.relative_to(root), type(error).__name__, error))
        result[package] = state["targets"]
    return result


# ---- The CMake side ---------------------------------------------------------------

# Between commands: space, comments, or a command's name and its "(".
OUTSIDE = re.compile(r"[ \t\r\n]+|\#\[(=*)\[.*?\]\1\]|\#[^\n]*|([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(", re.DOTALL)
# Inside a command's parentheses: one argument, a space, a comment or a parenthesis.
INSIDE = re.compile(r"""
    [ \t\r\n]+
  | \#\[(?P<comment_eq>=*)\[.*?\](?P=comment_eq)\]
  | \#[^\n]*
  | (?P<bracket>\[(?P<bracket_eq>=*)\[.*?\](?P=bracket_eq)\])
  | (?P<quoted>"(?:[^"\\]|\\.)*")
  | (?P<open>\()
  | (?P<close>\))
  | (?P<unquoted>(?:[^\s()\#"\\$]|\\.|\$(?:\{[^}]*\}|[^{]))+)
""", re.VERBOSE | re.DOTALL)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def parse_cmake(text, path):
    """[(command, [(argument, quoted?)], line)] of a CMake file, commands in lower case."""
    commands, position, line, command, depth = [], 0, 1, None, 0
    while position < len(text):
        match = (OUTSIDE if command is None else INSIDE).match(text, position)
        if not match:
            raise BuildError("%s:%d: cannot read this CMake" % (path, line))
        if command is None:
            if match.group(2):
                command, depth = (match.group(2).lower(), [], line), 1
        elif match.group("open"):
            depth += 1
            command[1].append(("(", False))
        elif match.group("close"):
            depth -= 1
            if depth == 0:
                commands.append(command)
                command = None
            else:
                command[1].append((")", False))
        elif match.group("quoted"):
            body = match.group("quoted")[1:-1].replace("\\\n", "")
            command[1].append((re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body), True))
        elif match.group("bracket"):
            command[1].append((re.sub(r"^\[=*\[\n?|\]=*\]$", "", match.group("bracket")), True))
        elif match.group("unquoted"):
            command[1].append((match.group("unquoted"), False))
        line += match.group(0).count("\n")
        position = match.end()
    if command is not None:
        raise BuildError("%s:%d: %s( is never closed" % (path, command[2], command[0]))
    return commands


class CMakeReader:
    """Runs the root CMakeLists.txt and what it includes and adds; records targets."""

    def __init__(self, root):
        self.root = root
        self.functions = {}
        self.included = set()
        self.targets = {}  # {package: {name: Target}}
        self.files = {}    # {package: its CMakeLists.txt}

    def run(self):
        # As configured on Linux.
        scope = {"PROJECT_SOURCE_DIR": str(self.root), "CMAKE_SOURCE_DIR": str(self.root),
                 "UNIX": "1", "LINUX": "1", "CMAKE_SYSTEM_NAME": "Linux"}
        self.run_file(self.root / "CMakeLists.txt", "", scope)
        return self.targets

    def run_file(self, path, package, scope):
        if not path.is_file():
            raise BuildError("%s: no such file" % path.relative_to(self.root))
        scope.update(CMAKE_CURRENT_LIST_DIR=str(path.parent))
        commands = parse_cmake(path.read_text(), path.relative_to(self.root))
        self.run_block(commands, package, scope, {"scope": scope, "parent": None})

    @staticmethod
    def expand(text, scope):
        while True:
            new = re.sub(r"\$\{([^${}]*)\}", lambda m: scope.get(m.group(1), ""), text)
            new = re.sub(r"\$ENV\{([^${}]*)\}", lambda m: os.environ.get(m.group(1), ""), new)
            if new == text:
                return text
            text = new

    def arguments(self, raw, scope):
        values = []
        for text, quoted in raw:
            text = self.expand(text, scope)
            if quoted:
                values.append(text)
            else:
                values.extend(part for part in re.split(r"(?<!\\);", text) if part != "")
        return values

    @staticmethod
    def block_end(commands, start, opening, closing):
        depth = 0
        for index in range(start, len(commands)):
            name = commands[index][0]
            if name == opening:
                depth += 1
            elif name == closing:
                depth -= 1
                if depth == 0:
                    return index
        raise BuildError("%s() without %s()" % (opening, closing))

    def run_block(self, commands, package, scope, frame):
        index = 0
        while index < len(commands):
            name, raw, _ = commands[index]
            if name in ("function", "macro"):
                end = self.block_end(commands, index, name, "end" + name)
                args = self.arguments(raw, scope)
                if args[0] not in CMAKE_RULES and args[0] != "doharness_glob":
                    self.functions[args[0]] = (name, args[1:], commands[index + 1:end])
                index = end + 1
                continue
            if name == "foreach":
                end = self.block_end(commands, index, "foreach", "endforeach")
                args = self.arguments(raw, scope)
                variable, rest = args[0], args[1:]
                if rest[:2] == ["IN", "LISTS"]:
                    items = [item for listed in rest[2:] for item in scope.get(listed, "").split(";") if item]
                elif rest[:2] == ["IN", "ITEMS"]:
                    items = rest[2:]
                elif rest[:1] == ["RANGE"]:
                    items = []  # not needed by the project's CMakeLists
                else:
                    items = rest
                for item in items:
                    scope[variable] = item
                    self.run_block(commands[index + 1:end], package, scope, frame)
                index = end + 1
                continue
            if name == "if":
                end = self.block_end(commands, index, "if", "endif")
                for condition, body in self.branches(commands, index, end):
                    if condition is None or self.condition(self.arguments(condition, scope), scope):
                        self.run_block(body, package, scope, frame)
                        break
                index = end + 1
                continue
            if name == "while":  # only inside the rules' own implementations
                index = self.block_end(commands, index, "while", "endwhile") + 1
                continue
            self.run_command(name, self.arguments(raw, scope), package, scope, frame)
            index += 1

    @staticmethod
    def branches(commands, start, end):
        """[(condition arguments or None for else, body)] of if() ... endif()."""
        result, depth, condition, body_start = [], 0, commands[start][1], start + 1
        for index in range(start + 1, end):
            name = commands[index][0]
            depth += name == "if"
            depth -= name == "endif"
            if depth == 0 and name in ("elseif", "else"):
                result.append((condition, commands[body_start:index]))
                condition, body_start = (commands[index][1] if name == "elseif" else None), index + 1
        result.append((condition, commands[body_start:end]))
        return result

    @staticmethod
    def truth(word, scope):
        """if(<word>): a constant, else whether the variable is set to a true value.
        Optional packages are found: an unset <package>_FOUND is true."""
        def false(text):
            return text.upper() in ("0", "OFF", "NO", "FALSE", "N", "IGNORE", "NOTFOUND", "") \
                or text.upper().endswith("-NOTFOUND")
        if word.upper() in ("1", "ON", "YES", "TRUE", "Y") or re.fullmatch(r"-?[0-9]*[1-9][0-9.]*", word):
            return True
        if false(word):
            return False
        if word.endswith("_FOUND") and word not in scope:
            return True
        return word in scope and not false(scope[word])

    def condition(self, words, scope):
        """CMake's if() on Linux: NOT, AND, OR, parentheses, DEFINED, EXISTS, STREQUAL,
        EQUAL, MATCHES, IN_LIST, and the truth of constants and variables."""
        def value(word):
            return scope.get(word, word)

        def primary(i):
            if words[i] == "(":
                result, i = disjunction(i + 1)
                return result, i + 1  # the ")"
            if words[i] == "NOT":
                result, i = primary(i + 1)
                return not result, i
            if words[i] == "DEFINED":
                return words[i + 1] in scope, i + 2
            if words[i] in ("EXISTS", "IS_DIRECTORY"):
                return Path(words[i + 1]).exists(), i + 2
            if words[i] in ("TARGET", "COMMAND", "POLICY"):
                return True, i + 2
            if i + 2 < len(words) and words[i + 1] in ("STREQUAL", "EQUAL", "MATCHES", "IN_LIST"):
                left, operator, right = words[i:i + 3]
                if operator == "MATCHES":
                    return re.search(right, value(left)) is not None, i + 3
                if operator == "IN_LIST":
                    return value(left) in scope.get(right, "").split(";"), i + 3
                return value(left) == value(right), i + 3
            return self.truth(words[i], scope), i + 1

        def conjunction(i):
            result, i = primary(i)
            while i < len(words) and words[i] == "AND":
                other, i = primary(i + 1)
                result = result and other
            return result, i

        def disjunction(i):
            result, i = conjunction(i)
            while i < len(words) and words[i] == "OR":
                other, i = conjunction(i + 1)
                result = result or other
            return result, i

        return bool(words) and disjunction(0)[0]

    def run_command(self, name, args, package, scope, frame):
        if name == "set" and args:
            values = args[1:]
            parent = "PARENT_SCOPE" in values
            if "CACHE" in values:
                values = values[:values.index("CACHE")]
            values = [v for v in values if v != "PARENT_SCOPE"]
            target = frame["parent"] if parent and frame["parent"] is not None else scope
            target[args[0]] = ";".join(values)
        elif name == "unset" and args:
            scope.pop(args[0], None)
        elif name == "list" and args[:1] == ["APPEND"]:
            items = [v for v in scope.get(args[1], "").split(";") if v] + args[2:]
            scope[args[1]] = ";".join(items)
        elif name == "string" and args[:1] == ["APPEND"]:
            scope[args[1]] = scope.get(args[1], "") + "".join(args[2:])
        elif name == "cmake_parse_arguments":
            self.parse_arguments(args, scope)
        elif name == "include":
            path = Path(args[0])
            if not path.is_absolute():
                path = self.root / package / path
            if path.resolve() not in self.included:
                self.included.add(path.resolve())
                self.run_file_in(path, package, scope, frame)
        elif name == "add_subdirectory":
            subpackage = os.path.normpath(os.path.join(package, args[0])).replace(os.sep, "/")
            subpackage = "" if subpackage == "." else subpackage
            child = dict(scope)
            child["CMAKE_CURRENT_SOURCE_DIR"] = str(self.root / subpackage)
            self.run_file(self.root / subpackage / "CMakeLists.txt", subpackage, child)
        elif name == "doharness_glob":
            scope[args[0]] = ";".join(glob(self.root, package, args[1:]))
        elif name in CMAKE_RULES:
            self.record(CMAKE_RULES[name], args, package)
        elif name in self.functions:
            self.call(name, args, package, scope)

    def run_file_in(self, path, package, scope, frame):
        commands = parse_cmake(path.read_text(), path.relative_to(self.root))
        saved = scope.get("CMAKE_CURRENT_LIST_DIR")
        scope["CMAKE_CURRENT_LIST_DIR"] = str(path.parent)
        self.run_block(commands, package, scope, frame)
        scope["CMAKE_CURRENT_LIST_DIR"] = saved or ""

    def call(self, name, args, package, scope):
        kind, parameters, body = self.functions[name]
        inner = scope if kind == "macro" else dict(scope)
        for position, parameter in enumerate(parameters):
            inner[parameter] = args[position] if position < len(args) else ""
        inner["ARGN"] = ";".join(args[len(parameters):])
        inner["ARGV"] = ";".join(args)
        inner["ARGC"] = str(len(args))
        for position, value in enumerate(args):
            inner["ARGV%d" % position] = value
        self.run_block(body, package, inner, {"scope": inner, "parent": scope})

    @staticmethod
    def parse_arguments(args, scope):
        if args[0] == "PARSE_ARGV":
            start, prefix, options, single, multi = int(args[1]), args[2], args[3], args[4], args[5]
            count = int(scope.get("ARGC", "0"))
            values = [scope.get("ARGV%d" % i, "") for i in range(start, count)]
        else:
            prefix, options, single, multi = args[0], args[1], args[2], args[3]
            values = args[4:]
        options, single, multi = (s.split(";") if s else [] for s in (options, single, multi))
        keywords = set(options) | set(single) | set(multi)
        for keyword in keywords:
            scope.pop("%s_%s" % (prefix, keyword), None)
        for keyword in options:
            scope["%s_%s" % (prefix, keyword)] = "FALSE"
        current, collected, unparsed = None, {}, []
        for value in values:
            if value in keywords:
                current = value
                collected.setdefault(value, [])
                if value in options:
                    scope["%s_%s" % (prefix, value)] = "TRUE"
                    current = None
            elif current is None:
                unparsed.append(value)
            else:
                collected[current].append(value)
                if current in single:
                    current = None
        for keyword, items in collected.items():
            if items:
                scope["%s_%s" % (prefix, keyword)] = ";".join(items)
        scope["%s_UNPARSED_ARGUMENTS" % prefix] = ";".join(unparsed)

    def record(self, kind, args, package):
        attributes, current = {}, None
        for value in args:
            if value in CMAKE_KEYWORDS:
                current = value
                attributes.setdefault(value, [])
            elif current is not None:
                attributes[current].append(value)
        name = (attributes.get("NAME") or [None])[0]
        if name is None:
            raise BuildError("%s: a %s without NAME" % (cmake_file(package), kind))
        targets = self.targets.setdefault(package, {})
        if name in targets:
            raise BuildError("%s: target %s defined twice" % (cmake_file(package), name))
        targets[name] = make_target(self.root, package, kind, {
            "srcs": attributes.get("SRCS", []), "hdrs": attributes.get("HDRS", []),
            "data": attributes.get("DATA", []), "deps": attributes.get("DEPS", [])})


# ---- Comparison -------------------------------------------------------------------

def build_file(package):
    return package + "/BUILD" if package else "BUILD"


def cmake_file(package):
    return package + "/CMakeLists.txt" if package else "CMakeLists.txt"


def bazel_packages(root):
    """Every package of the main repository: a directory with a BUILD file, outside the
    build trees (build/, bazel-*), hidden directories and nested repositories."""
    packages = []
    for directory, subdirectories, files in os.walk(root):
        relative = Path(directory).relative_to(root).as_posix()
        relative = "" if relative == "." else relative
        subdirectories[:] = sorted(
            d for d in subdirectories
            if not d.startswith(".") and not (relative == "" and (d == "build" or d.startswith("bazel-")))
            and not (Path(directory) / d / "WORKSPACE").exists())
        if "BUILD" in files:
            packages.append(relative)
    return packages


def compare(bazel, cmake):
    problems = []
    for package in sorted(set(bazel) | set(cmake)):
        ours, theirs = bazel.get(package, {}), cmake.get(package, {})
        for name in sorted(set(ours) | set(theirs)):
            label = "//%s:%s" % (package, name)
            if name not in theirs:
                problems.append("%s: %s is missing (a %s in %s)"
                                % (cmake_file(package), label, ours[name].kind, build_file(package)))
                continue
            if name not in ours:
                problems.append("%s: %s is missing (a %s in %s)"
                                % (build_file(package), label, theirs[name].kind, cmake_file(package)))
                continue
            a, b = ours[name], theirs[name]
            if a.kind != b.kind:
                problems.append("%s: %s is a %s, but a %s in %s"
                                % (cmake_file(package), label, b.kind, a.kind, build_file(package)))
            for what, mine, other, file, other_file in (
                    ("", a.files, b.files, cmake_file(package), build_file(package)),
                    ("", b.files, a.files, build_file(package), cmake_file(package)),
                    ("dep ", a.deps, b.deps, cmake_file(package), build_file(package)),
                    ("dep ", b.deps, a.deps, build_file(package), cmake_file(package))):
                for item in sorted(mine - other):
                    problems.append("%s: %s lacks %s%s (%s lists it)" % (file, label, what, item, other_file))
    return problems


def main(argv):
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent).resolve()
    try:
        bazel = {p: t for p, t in read_bazel(root, bazel_packages(root)).items() if t}
        cmake = {p: t for p, t in CMakeReader(root).run().items() if t}
    except (BuildError, OSError) as error:
        print("check_build_lists: %s" % error, file=sys.stderr)
        return 2
    problems = compare(bazel, cmake)
    for problem in problems:
        print(problem)
    if problems:
        print("check_build_lists: %d difference(s) between the BUILD files and the CMakeLists.txt files"
              % len(problems))
        return 1
    targets = sum(len(t) for t in bazel.values())
    print("check_build_lists: %d packages, %d targets: the BUILD files and the CMakeLists.txt files agree"
          % (len(bazel), targets))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
