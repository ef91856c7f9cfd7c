#!/usr/bin/env python3
"""Counts passed and failed test cases from Bazel's test.xml files.

Usage: count_test_results.py [--bazel-failed=//a:t,//b:u] TESTLOGS_DIR TARGET...
(targets as //pkg:name). Prints "<passed> <failed>". A target with no readable
test.xml, or one without test cases (it crashed before running any), counts as one
failed case; so does a target Bazel reported failed although its cases passed (the
binary failed after writing its XML, as a sanitizer's report at exit does).
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def count_target(testlogs, target):
    pkg, name = target.lstrip("/").split(":")
    files = glob.glob(os.path.join(testlogs, pkg, name, "**", "test.xml"), recursive=True)
    passed = failed = 0
    for path in files:
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError):
            failed += 1
            continue
        cases = list(root.iter("testcase"))
        if not cases:
            failed += 1
        for case in cases:
            if case.get("status") == "notrun" or case.find("skipped") is not None:
                continue
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            else:
                passed += 1
    if not files:
        failed += 1
    return passed, failed


def main():
    args = sys.argv[1:]
    bazel_failed = set()
    if args and args[0].startswith("--bazel-failed="):
        bazel_failed = {t for t in args.pop(0).split("=", 1)[1].split(",") if t}
    testlogs, targets = args[0], args[1:]
    passed = failed = 0
    for t in targets:
        p, f = count_target(testlogs, t)
        if t in bazel_failed and f == 0:
            f = 1
        passed += p
        failed += f
    print(passed, failed)


if __name__ == "__main__":
    main()
