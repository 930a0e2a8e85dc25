"""Reporters: one class each, behind a name -> class map; only the chosen one is imported."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cwlint.findings import Report
    from cwlint.settings import Settings

REPORTERS: dict[str, str] = {
    "text": "cwlint.report.text:TextReporter",
    "json": "cwlint.report.json:JsonReporter",
    "sarif": "cwlint.report.sarif:SarifReporter",
    "junit": "cwlint.report.junit:JunitReporter",
    "github": "cwlint.report.github:GithubReporter",
}


class Reporter(Protocol):
    def __init__(self, settings: Settings) -> None: ...

    def render(self, report: Report) -> str:
        """The whole report as the text to write."""
        ...


def reporter(name: str, settings: Settings) -> Reporter:
    module, _, cls = REPORTERS[name].partition(":")
    return getattr(importlib.import_module(module), cls)(settings)
