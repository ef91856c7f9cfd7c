#!/usr/bin/env bash
# The JUnit XML of junit_sample parses with python3's xml.etree (a real XML parser),
# and its structure, counts and escaped messages read back as written.
set -euo pipefail

xml="$TEST_TMPDIR/junit.xml"
conformance/junit_sample > "$xml"

python3 - "$xml" <<'PYTHON'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
assert len(suites) == 1, suites
suite = suites[0]
cases = suite.findall("testcase")
failed = [c for c in cases if c.find("failure") is not None]
skipped = [c for c in cases if c.find("skipped") is not None]
assert suite.get("name") == "doharness"
assert suite.get("tests") == str(len(cases)) == "68", suite.attrib
assert suite.get("failures") == str(len(failed)) == "3", suite.attrib
assert suite.get("skipped") == str(len(skipped)) == "2", suite.attrib

names = [c.get("name") for c in cases]
assert len(set(names)) == 68, "testcase names not unique"
assert {c.get("classname") for c in cases} == {"callback", "engine"}

properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
assert properties == {"version": "1.2.3", "profile": "do", "callback": 'lib<a&b>".so',
                      "seed": "42"}, properties

by_name = {c.get("name"): c for c in cases}
crash = by_name["com.null_out"].find("failure")
assert crash.get("type") == "crash"
want = "a<b & \"c\" 'd'> ]]> <!-- --> \n\ttab \ufffd \ufffd \u00e9 end"
assert crash.get("message") == want, repr(crash.get("message"))
assert by_name["ret.error_ok"].find("failure").get("message") == "JobError returned E_FAIL"
assert by_name["time.no_hang"].find("failure").get("type") == "hang"
skip = by_name["ret.file_transferred_ok"].find("skipped")
assert skip.get("message") == "no IBackgroundCopyCallback2 & <no files>" and skip.get("type") is None
xfail = by_name["job.acknowledges"].find("skipped")
assert xfail.get("type") == "xfail" and xfail.get("message") == "expected failure: never Completes"
assert len(by_name["com.identity"]) == 0, "a passing testcase has no children"
print("PASS")
PYTHON
