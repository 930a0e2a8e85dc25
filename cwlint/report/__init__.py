"""Reporters: one class each, behind a name -> class map; only the chosen one is imported."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cwlint.findings import Report

REPORTERS: dict[str, str] = {
    "text": "cwlint.report.text:TextReporter",
    "json": "cwlint.report.json:JsonReporter",
    "sarif": "cwlint.report.sarif:SarifReporter",
    "junit": "cwlint.report.junit:JunitReporter",
    "github": "cwlint.report.github:GithubReporter",
    "gitlab": "cwlint.report.gitlab:GitlabReporter",
    "json-lines": "cwlint.report.json:JsonLinesReporter",
}


@dataclass(frozen=True)
class View:
    """How a report is shown (the front-end's choice; the engine never sees it)."""

    format: str = "text"
    quiet: bool = False  # findings only, no summary
    color: bool = False
    show_source: bool = False  # text: each finding's line, a caret under its column


class Reporter(Protocol):
    def __init__(self, view: View) -> None: ...

    def render(self, report: Report) -> str:
        """The whole report as the text to write."""
        ...


def reporter(name: str, view: View) -> Reporter:
    module, _, cls = REPORTERS[name].partition(":")
    reporter_class: type[Reporter] = getattr(importlib.import_module(module), cls)
    return reporter_class(view)
