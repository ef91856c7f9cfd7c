#!/usr/bin/env python3
"""Counts passed and failed test cases from Bazel's test.xml files.

Usage: count_test_results.py TESTLOGS_DIR TARGET...  (targets as //pkg:name)
Prints "<passed> <failed>". A target with no readable test.xml, or one without
test cases (it crashed before running any), counts as one failed case.
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
    testlogs, targets = sys.argv[1], sys.argv[2:]
    passed = failed = 0
    for t in targets:
        p, f = count_target(testlogs, t)
        passed += p
        failed += f
    print(passed, failed)


if __name__ == "__main__":
    main()
