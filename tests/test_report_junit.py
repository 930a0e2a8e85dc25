"""`--format junit`: one testsuite per file, one testcase per manifest, failures with rule,
position and message, in the shape GitLab / Jenkins read; parsed with xml.etree."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cwlint.findings import Finding, Report, Severity
from cwlint.report import View
from cwlint.report.junit import JunitReporter

ONE = """cwlint: 1
name: acme-1stream
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  company_id: acme
  public_key: ${CW_PUBLIC_KEY}
  private_key: ${CW_PRIVATE_KEY}
  company_id: acme
pods:
  - description: call pod
    screen: Service Ticket
    type: Pod
    height: tall  # cwlint: disable=CW003
    url: https://pods.example.com/[cw_id]
"""
CLEAN = ONE.replace("  company_id: acme\npods", "pods")


def test_suites_cases_and_failures(cwlint, tmp_path) -> None:
    (tmp_path / "a.yaml").write_text(ONE + "---\n" + CLEAN.replace("acme-1stream", "second"))
    (tmp_path / "b.yaml").write_text(CLEAN.replace("acme-1stream", "clean"))
    (tmp_path / "c.yaml").write_text("cwlint: 1\nname: [unclosed\n")
    result = cwlint(
        "check",
        "--format",
        "junit",
        "--severity",
        "CW002=warning",
        "--fail-on",
        "warning",
        ".",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "0")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("a.yaml", "2", "1"),
        ("b.yaml", "1", "0"),
        ("c.yaml", "1", "1"),
    ]
    cases = [[(c.get("name"), c.get("classname")) for c in s.findall("testcase")] for s in suites]
    assert cases == [
        [("acme-1stream (document 1)", "a.yaml"), ("second (document 2)", "a.yaml")],
        [("clean", "b.yaml")],
        [("document 1", "c.yaml")],
    ]
    failure = suites[0].find("testcase/failure")
    assert failure.get("type") == "CW002"
    assert failure.get("message") == (
        "CW002 warning at 9:3: duplicate key 'company_id' (first at line 6); YAML loaders "
        "silently keep the last one: remove or merge the repeats"
    )
    assert failure.text == (
        "a.yaml:9:3: CW002 warning duplicate key 'company_id' (first at line 6); YAML loaders "
        "silently keep the last one: remove or merge the repeats"
    )  # CW003 is suppressed
    assert suites[0].findall("testcase")[1].find("failure") is None
    syntax = suites[2].find("testcase/failure")
    assert syntax.get("type") == "CW001" and syntax.text.startswith("c.yaml:3:1: CW001 error")


def test_below_fail_on_goes_to_system_out_and_several_failures_sum_up() -> None:
    findings = [
        Finding("a.yaml", 2, 1, "CW003", "first", Severity.ERROR),
        Finding("a.yaml", 5, 3, "CW002", "second", Severity.ERROR),
        Finding("a.yaml", 7, 3, "CW309", "alias \x1b[31m", Severity.INFO),
    ]
    out = JunitReporter(View()).render(Report(findings, ["a.yaml"], 1, {"a.yaml": {0: "x"}}))
    case = ET.fromstring(out).find("testsuite/testcase")
    failure = case.find("failure")
    assert failure.get("message") == "CW003 error at 2:1: first (and 1 more problem)"
    assert failure.text.splitlines() == [
        "a.yaml:2:1: CW003 error first",
        "a.yaml:5:3: CW002 error second",
    ]
    assert case.find("system-out").text == "a.yaml:7:3: CW309 info alias \\x1b[31m"


def test_clean_run(cwlint, tmp_path) -> None:
    (tmp_path / "b.yaml").write_text(CLEAN)
    result = cwlint("check", "--format", "junit", "b.yaml", cwd=tmp_path)
    assert result.returncode == 0
    root = ET.fromstring(result.stdout)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    assert root.find("testsuite/testcase").get("name") == "acme-1stream"
    assert root.find("testsuite/testcase/failure") is None
