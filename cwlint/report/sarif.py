"""SARIF 2.1.0 for code scanning (GitHub ``upload-sarif``, Azure DevOps, IDE viewers).

One run. ``tool.driver.rules`` lists every rule (ID, name, descriptions, help with the bad and
good examples, ``helpUri`` only when the rule has a documentation page, default level, and as
``properties`` its ``tags`` and, for secret and privilege rules, the ``security-severity`` code
scanning ranks alerts by), as :mod:`cwlint.rules_doc` and the rule modules give them; each
result points at its rule by ``ruleIndex``, carries its region (start and end line/column,
columns counted in Unicode code points, the end exclusive as SARIF defines it) and its
fingerprint as ``partialFingerprints`` (so an upload through the API does not duplicate
alerts). Paths are relative to ``%SRCROOT%``, the repository's root (else the working folder),
normalised; a file outside it gets an absolute ``file://`` URI. Suppressed findings are kept
with an ``inSource`` suppression whose justification is the comment's reason, or an
``external`` one when a ``--baseline`` knows them. A finding's fix becomes the result's
``fixes`` (its edits as ``artifactChanges``/``replacements``, ``properties.safe`` for ``--fix``
or ``--unsafe-fixes``). No source text is copied into the report, so a secret on a flagged line
never reaches it (a fix's inserted text is the corrected value, never the old one).
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from cwlint import __version__, repo
from cwlint.findings import Finding, Fix, Report, Severity
from cwlint.registry import Rule, all_rules
from cwlint.report import View
from cwlint.rules_doc import as_dict, explain, help_markdown

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"
#: The ``partialFingerprints`` key of :mod:`cwlint.fingerprint`'s hash (versioned as it is).
FINGERPRINT_KEY = "cwlintFingerprint/v1"


def artifact_uri(file: str, base: str) -> dict[str, str]:
    """An ``artifactLocation``: a file below ``base`` (``%SRCROOT%``) by its normalised path from
    there, as code scanning expects; any other file by its absolute ``file://`` URI."""
    if file == "-":
        return {"uri": "-", "uriBaseId": SRCROOT}
    path = os.path.abspath(file)
    rel = os.path.relpath(path, base)
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        return {"uri": PurePath(path).as_uri()}
    return {"uri": quote(rel.replace(os.sep, "/")), "uriBaseId": SRCROOT}


def _location(file: str, base: str, seen: dict[str, dict[str, str]] | None) -> dict[str, str]:
    """:func:`artifact_uri`, worked out once per file of a report."""
    if seen is None:
        return artifact_uri(file, base)
    found = seen.get(file)
    if found is None:
        found = seen[file] = artifact_uri(file, base)
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
        "properties": {"tags": ["live" if meta["live"] else "static", *rule.tags]},
    }
    if rule.security_severity is not None:
        descriptor["properties"]["security-severity"] = rule.security_severity
    if meta["url"]:  # never a link to a page that does not exist
        descriptor["helpUri"] = meta["url"]
    return descriptor


class SarifReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        rules = all_rules()
        index = {rule_id: i for i, rule_id in enumerate(rules)}
        base = repo.root(os.getcwd()) or os.getcwd()
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
            "originalUriBaseIds": {SRCROOT: {"uri": PurePath(base).as_uri() + "/"}},
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
            encode(self.result(f, index, base, locations)) for f in report.findings
        )
        results = f'"results": [\n        {lines}\n      ]' if lines else marker
        return f"{head}{results}{tail}\n"

    @staticmethod
    def fix(fix: Fix, location: dict[str, str]) -> dict:
        """A SARIF ``fix``: one artifact change with a replacement per edit."""
        return {
            "description": {"text": fix.title},
            "artifactChanges": [
                {
                    "artifactLocation": location,
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": e.span.line,
                                "startColumn": e.span.col,
                                "endLine": e.span.end_line,
                                "endColumn": e.span.end_col,
                            },
                            "insertedContent": {"text": e.text},
                        }
                        for e in fix.edits
                    ],
                }
            ],
            "properties": {"safe": fix.safe},
        }

    @staticmethod
    def result(
        finding: Finding,
        index: dict[str, int],
        base: str,
        locations: dict[str, dict[str, str]] | None = None,
    ) -> dict:
        location = _location(finding.file, base, locations)
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
                        "artifactLocation": location,
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        }
        if finding.pointer:
            result["properties"] = {"pointer": finding.pointer, "document": finding.document}
        if finding.fix is not None:
            result["fixes"] = [SarifReporter.fix(finding.fix, location)]
        if finding.suppressed is not None:
            suppression = {"kind": "external" if finding.suppressed.baseline else "inSource"}
            if finding.suppressed.reason:
                suppression["justification"] = finding.suppressed.reason
            result["suppressions"] = [suppression]
        return result
