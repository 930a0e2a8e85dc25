"""One JSON object: the findings (suppressed ones marked) and counts."""

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
