"""SARIF 2.1.0 for code scanning (GitHub ``upload-sarif``, Azure DevOps, IDE viewers).

One run. ``tool.driver.rules`` lists every rule (ID, name, descriptions, help with the bad and
good examples, help URI, default level), as :mod:`cwlint.rules_doc` renders them; each result
points at its rule by ``ruleIndex`` and carries its region (start and end line/column, columns counted in Unicode code points, the end
exclusive as SARIF defines it). Suppressed findings are kept with an ``inSource`` suppression
whose justification is the comment's reason. No source text is copied into the report, so a
secret on a flagged line never reaches it.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from cwlint import __version__
from cwlint.findings import Finding, Report, Severity
from cwlint.registry import Rule, all_rules
from cwlint.report import View
from cwlint.rules_doc import as_dict, explain, help_markdown

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"


def artifact_uri(file: str) -> dict[str, str]:
    """An ``artifactLocation``: relative paths stay relative to the run's folder (``%SRCROOT%``),
    as code scanning expects; absolute paths become ``file://`` URIs."""
    path = file.replace(os.sep, "/")
    if os.path.isabs(file):
        return {"uri": PurePath(os.path.abspath(file)).as_uri()}
    return {"uri": quote(path.removeprefix("./")), "uriBaseId": SRCROOT}


def _location(file: str, seen: dict[str, dict[str, str]] | None) -> dict[str, str]:
    """:func:`artifact_uri`, worked out once per file of a report."""
    if seen is None:
        return artifact_uri(file)
    found = seen.get(file)
    if found is None:
        found = seen[file] = artifact_uri(file)
    return found


def rule_descriptor(rule: Rule) -> dict:
    """A ``reportingDescriptor``: the rule's metadata as :mod:`cwlint.rules_doc` renders it."""
    meta = as_dict(rule)
    descriptor: dict[str, Any] = {
        "id": meta["id"],
        "name": meta["name"],
        "shortDescription": {"text": meta["summary"]},
        "fullDescription": {"text": meta["rationale"]},
        "help": {"text": explain(rule), "markdown": help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["live" if meta["live"] else "static"]},
    }
    if meta["url"]:  # never a link to a page that does not exist
        descriptor["helpUri"] = meta["url"]
    return descriptor


class SarifReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        rules = all_rules()
        index = {rule_id: i for i, rule_id in enumerate(rules)}
        run = {
            "tool": {
                "driver": {
                    "name": "cwlint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": [rule_descriptor(rule) for rule in rules.values()],
                }
            },
            "invocations": [{"executionSuccessful": True}],
            "originalUriBaseIds": {SRCROOT: {"uri": PurePath(os.getcwd()).as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }
        # The envelope (rules and all) indented; the results one compact line each, written by
        # json's C encoder (indent makes json use its pure-Python one, ~20 times slower), in
        # place of the empty list: a key in JSON text cannot occur inside a string value.
        head, marker, tail = json.dumps(
            {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2
        ).rpartition('"results": []')
        assert marker, "the run has a results list"
        locations: dict[str, dict[str, str]] = {}  # one artifactLocation per file, shared
        encode = json.JSONEncoder(separators=(", ", ": ")).encode
        lines = ",\n        ".join(
            encode(self.result(f, index, locations)) for f in report.findings
        )
        results = f'"results": [\n        {lines}\n      ]' if lines else marker
        return f"{head}{results}{tail}\n"

    @staticmethod
    def result(
        finding: Finding, index: dict[str, int], locations: dict[str, dict[str, str]] | None = None
    ) -> dict:
        region = {
            "startLine": finding.line,
            "startColumn": finding.col,
            "endLine": finding.end_line or finding.line,
            "endColumn": finding.end_col or finding.col,
        }
        result: dict = {
            "ruleId": finding.rule,
            "ruleIndex": index.get(finding.rule, -1),
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _location(finding.file, locations),
                        "region": region,
                    }
                }
            ],
        }
        if finding.pointer:
            result["properties"] = {"pointer": finding.pointer, "document": finding.document}
        if finding.suppressed is not None:
            suppression = {"kind": "inSource"}
            if finding.suppressed.reason:
                suppression["justification"] = finding.suppressed.reason
            result["suppressions"] = [suppression]
        return result
