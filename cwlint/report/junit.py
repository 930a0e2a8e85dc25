"""JUnit XML for CI test widgets (GitLab ``artifacts:reports:junit``, Jenkins, Azure DevOps).

One ``<testsuite>`` per file, one ``<testcase>`` per manifest (YAML document), named after its
``name:``. A testcase fails when it has findings at or above ``--fail-on`` (as the exit code
does): one ``<failure>`` (most consumers read only one) whose ``type`` is the first rule, whose
``message`` sums up, and whose text lists every finding as ``path:line:col: CWnnn severity
message``. Findings below their file's ``fail-on`` go to the testcase's ``<system-out>``; suppressed ones
are left out. Characters XML cannot carry are written as ``\\xNN``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cwlint.findings import Finding, Report
from cwlint.report import View
from cwlint.report.text import plural

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids shown as ``\\xNN``."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def line(f: Finding) -> str:
    return xml_text(f"{f.file}:{f.line}:{f.col}: {f.rule} {f.severity} {f.message}")


class JunitReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        by_file: dict[str, list[Finding]] = {file: [] for file in report.files}
        for f in report.findings:
            if f.suppressed is None:
                by_file.setdefault(f.file, []).append(f)
        root = ET.Element("testsuites", name="cwlint")
        totals = [0, 0]
        for file, findings in by_file.items():
            tests, failures = self.suite(root, report, file, findings)
            totals[0] += tests
            totals[1] += failures
        root.set("tests", str(totals[0]))
        root.set("failures", str(totals[1]))
        root.set("errors", "0")
        ET.indent(root)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode")
            + "\n"
        )

    def suite(
        self, root: ET.Element, report: Report, file: str, findings: list[Finding]
    ) -> tuple[int, int]:
        documents = dict(report.names.get(file, {}))
        for f in findings:
            documents.setdefault(f.document, "")
        suite = ET.SubElement(root, "testsuite", name=xml_text(file), file=xml_text(file))
        failures = 0
        for index in sorted(documents):
            name = documents[index]
            label = name or f"document {index + 1}"
            if name and len(documents) > 1:
                label += f" (document {index + 1})"
            case = ET.SubElement(
                suite,
                "testcase",
                name=xml_text(label),
                classname=xml_text(file),
                file=xml_text(file),
            )
            mine = [f for f in findings if f.document == index]
            failing = [f for f in mine if report.fails(f)]
            if failing:
                failures += 1
                first = failing[0]
                more = f" (and {plural(len(failing) - 1, 'more problem')})" if failing[1:] else ""
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=first.rule,
                    message=xml_text(
                        f"{first.rule} {first.severity} at {first.line}:{first.col}: "
                        f"{first.message}{more}"
                    ),
                )
                failure.text = "\n".join(line(f) for f in failing)
            rest = [f for f in mine if not report.fails(f)]
            if rest:
                ET.SubElement(case, "system-out").text = "\n".join(line(f) for f in rest)
        suite.set("tests", str(len(documents)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        return len(documents), failures
