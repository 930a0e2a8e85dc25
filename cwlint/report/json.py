"""JSON: one object with the findings (suppressed ones marked) and counts; or ``json-lines``,
one finding per line (as ``Finding.to_dict`` writes it), for streams and ``jq -c``."""

from __future__ import annotations

import json

from cwlint import __version__
from cwlint.findings import Report
from cwlint.report import View


class JsonReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        return (
            json.dumps(
                {
                    "tool": "cwlint",
                    "version": __version__,
                    "files": len(report.files),
                    "manifests": report.manifests,
                    "findings": [f.to_dict() for f in report.findings],
                },
                indent=2,
            )
            + "\n"
        )


class JsonLinesReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        return "".join(json.dumps(f.to_dict()) + "\n" for f in report.findings)
