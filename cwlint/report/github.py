"""GitHub Actions workflow commands: one annotation per finding, then the summary as a log line.

``::error file=PATH,line=L,col=C,endLine=L,endColumn=E,title=CW301::message`` (``warning`` and
``notice`` for the other severities), escaped as the Actions toolkit (``@actions/core``) does,
after control characters in the file name are written as visible escapes (messages come escaped
from the engine), so that neither can end the command line nor colour the log.
Columns follow the annotation API: the end column is inclusive, and columns are sent only when
the finding starts and ends on one line (GitHub drops them otherwise). Suppressed findings are
left out, as in the text report.
"""

from __future__ import annotations

from cwlint.display import escape
from cwlint.findings import Finding, Report, Severity
from cwlint.report import View
from cwlint.report.text import TextReporter

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part of a workflow command (``escapeData`` in @actions/core)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (``escapeProperty`` in @actions/core)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    end_line = max(f.end_line or f.line, f.line)
    props = [("file", escape(f.file)), ("line", str(f.line))]
    if end_line == f.line:
        props += [
            ("col", str(f.col)),
            ("endLine", str(end_line)),
            ("endColumn", str(max(f.col, (f.end_col or f.col + 1) - 1))),
        ]
    else:
        props.append(("endLine", str(end_line)))
    props.append(("title", f.rule))
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[f.severity]} {listed}::{escape_data(f.message)}"


class GithubReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        lines = [annotation(f) for f in report.findings if f.suppressed is None]
        if not self.view.quiet:
            lines.append(TextReporter.summary(report))
        return "\n".join(lines) + "\n" if lines else ""
