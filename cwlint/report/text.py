"""``path:line:col: CW301 error message`` lines and a summary, coloured only on a TTY.

File names and messages are shown with control characters escaped (:func:`cwlint.display.escape`):
a name holding CR or ESC cannot rewrite the terminal.
"""

from __future__ import annotations

from cwlint.display import escape
from cwlint.findings import Report, Severity
from cwlint.report import View

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TextReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.view.color else text

    def render(self, report: Report) -> str:
        lines = [
            f"{self.paint(escape(f.file), '1')}:{f.line}:{f.col}: "
            f"{self.paint(f.rule, _COLOURS[f.severity])} {f.severity} {escape(f.message)}"
            for f in report.findings
            if f.suppressed is None
        ]
        if not self.view.quiet:
            lines.append(self.summary(report))
        return "\n".join(lines) + "\n" if lines else ""

    @staticmethod
    def summary(report: Report) -> str:
        shown = [f for f in report.findings if f.suppressed is None]
        where = f"{plural(report.manifests, 'manifest')} in {plural(len(report.files), 'file')}"
        note = TextReporter.baseline_note(report)
        if not shown:
            return f"No problems: {where} checked.{note}"
        counts = ", ".join(
            plural(n, str(sev))
            for sev in sorted(Severity, reverse=True)
            if (n := sum(1 for f in shown if f.severity == sev))
        )
        from cwlint.fix import fixable_note

        found = f"Found {plural(len(shown), 'problem')} ({counts}): {where} checked."
        return found + fixable_note(shown) + note

    @staticmethod
    def baseline_note(report: Report) -> str:
        """What the baseline did, as a sentence after the summary (nothing without one)."""
        used = report.baseline
        if used is None:
            return ""
        name = escape(used.path)
        if used.written:
            return f" Wrote {plural(used.known, 'finding')} to the baseline {name}."
        fixed = (
            f"; {used.fixed} of its entries are fixed: drop them with --write-baseline {name}"
            if used.fixed > 1
            else f"; 1 of its entries is fixed: drop it with --write-baseline {name}"
            if used.fixed
            else ""
        )
        return f" {plural(used.known, 'finding')} known from the baseline {name}{fixed}."
