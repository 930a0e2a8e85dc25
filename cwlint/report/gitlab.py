"""GitLab Code Quality (``artifacts:reports:codequality``): what a merge request shows inline.

GitLab's documented format, a subset of the Code Climate spec: a JSON array of issues, each
``{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}``.
``severity`` is one of GitLab's ``info``/``minor``/``major``/``critical``/``blocker``: an error is
``major``, a warning ``minor``, an info ``info``, and an error of a rule whose security-severity
is critical (over 9.0, as code scanning reads it: a private key in the repository) is
``critical``. ``path`` is relative to the repository's root, with ``/``. The fingerprint is the
finding's (:mod:`cwlint.fingerprint`), so it does not change when lines move; GitLab shows one
issue per fingerprint, so a repeat of the same one in a file is told apart by its rank.
Suppressed findings are left out, as in the text report.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from cwlint import repo
from cwlint.findings import Finding, Report, Severity
from cwlint.registry import all_rules
from cwlint.report import View

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
CRITICAL_OVER = 9.0


def severity(finding: Finding, security_severity: str | None) -> str:
    if (
        finding.severity is Severity.ERROR
        and security_severity is not None
        and float(security_severity) > CRITICAL_OVER
    ):
        return "critical"
    return SEVERITIES[finding.severity]


class GitlabReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        rules = all_rules()
        seen: Counter[str] = Counter()
        paths: dict[str, str] = {}
        issues = []
        for f in report.findings:
            if f.suppressed is not None:
                continue
            fingerprint = f.fingerprint
            rank = seen[fingerprint]
            seen[fingerprint] += 1
            if rank:  # the same finding again in this file: unique, and stable in file order
                fingerprint = hashlib.sha256(f"{fingerprint}:{rank}".encode()).hexdigest()[:32]
            path = paths.get(f.file) or paths.setdefault(f.file, repo.relative(f.file))
            rule = rules.get(f.rule)
            issues.append(
                {
                    "description": f"{f.rule} {f.message}",
                    "check_name": f.rule,
                    "fingerprint": fingerprint,
                    "severity": severity(f, rule.security_severity if rule else None),
                    "location": {"path": path, "lines": {"begin": f.line}},
                }
            )
        return json.dumps(issues, indent=2) + "\n"
