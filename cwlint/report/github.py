"""GitHub Actions workflow commands: one annotation per finding, then the summary as a log line.

``::error file=PATH,line=L,col=C,endLine=L,endColumn=E,title=CW301::message`` (``warning`` and
``notice`` for the other severities), escaped as the Actions toolkit (``@actions/core``) does,
after control characters in the file name are written as visible escapes (messages come escaped
from the engine), so that neither can end the command line nor colour the log.
Columns follow the annotation API: the end column is inclusive, and columns are sent only when
the finding starts and ends on one line (GitHub drops them otherwise). Suppressed findings are
left out, as in the text report.

GitHub shows at most :data:`SHOWN_PER_STEP` annotations of each kind (error, warning, notice)
per step and drops the rest silently: past that the output says so. :func:`step_summary` is the
job summary (``$GITHUB_STEP_SUMMARY``): a Markdown table of the findings by rule and file, with
every text escaped so that a file name cannot inject Markdown or HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from cwlint.display import escape
from cwlint.findings import Finding, Report, Severity
from cwlint.report import View
from cwlint.report.text import TextReporter, plural

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: Annotations of one kind GitHub shows per step (actions/toolkit, docs/problem-matchers.md).
SHOWN_PER_STEP = 10
#: Rows of the job summary's table (GitHub takes at most 1 MiB per step).
SUMMARY_ROWS = 500
LINES_PER_ROW = 10
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")  # what could be markup inside a table cell


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


def overflow(report: Report) -> str | None:
    """A note when GitHub will not show every annotation, or ``None``."""
    counts = Counter(COMMANDS[f.severity] for f in report.findings if f.suppressed is None)
    if all(n <= SHOWN_PER_STEP for n in counts.values()):
        return None
    printed = ", ".join(plural(counts[kind], kind) for kind in COMMANDS.values() if counts[kind])
    return (
        f"cwlint: {printed} were printed as annotations; GitHub shows {SHOWN_PER_STEP} of each "
        "kind per step: every finding is in this log and in the job summary"
    )


def _md(text: str) -> str:
    """Text for a Markdown table cell: control characters escaped, no markup, no HTML."""
    text = _MARKDOWN.sub(r"\\\1", escape(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def step_summary(report: Report) -> str:
    """The job summary: the summary line and a table of the findings by rule and file."""
    from cwlint.registry import all_rules

    shown = [f for f in report.findings if f.suppressed is None]
    out = ["## cwlint", "", _md(TextReporter.summary(report)), ""]
    if not shown:
        return "\n".join(out) + "\n"
    rules = all_rules()
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in shown:
        groups.setdefault((f.rule, f.file), []).append(f)
    out += ["| Rule | Severity | File | Findings | Lines |", "|---|---|---|---:|---|"]
    for (rule, file), found in sorted(groups.items())[:SUMMARY_ROWS]:
        name = f" {rules[rule].name}" if rule in rules else ""
        lines = ", ".join(str(f.line) for f in found[:LINES_PER_ROW])
        lines += ", …" if len(found) > LINES_PER_ROW else ""
        severity = str(max(f.severity for f in found))
        out.append(f"| {_md(rule + name)} | {severity} | {_md(file)} | {len(found)} | {lines} |")
    if len(groups) > SUMMARY_ROWS:
        out += ["", f"{len(groups) - SUMMARY_ROWS} more rows are not shown: see the log."]
    return "\n".join(out) + "\n"


def write_step_summary(report: Report, environ: Mapping[str, str]) -> None:
    """Append :func:`step_summary` to ``$GITHUB_STEP_SUMMARY`` when it is set; raises
    :class:`~cwlint.files.FileError` when it cannot be written."""
    path = environ.get("GITHUB_STEP_SUMMARY")
    if path:
        from cwlint import files

        files.write(path, step_summary(report), append=True)


class GithubReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def render(self, report: Report) -> str:
        lines = [annotation(f) for f in report.findings if f.suppressed is None]
        note = overflow(report)
        if note is not None:
            lines.append(note)
        if not self.view.quiet:
            lines.append(TextReporter.summary(report))
        return "\n".join(lines) + "\n" if lines else ""
