"""``path:line:col: CW301 error message`` lines and a summary; with ``--show-source`` each
finding's line and a caret under its column (:mod:`cwlint.report.frame`).

File names and messages are shown with control characters escaped (:func:`cwlint.display.escape`):
a name holding CR or ESC cannot rewrite the terminal.

Colour (``--color auto|always|never``): ``auto`` colours a terminal; a non-empty ``NO_COLOR``
turns it off (https://no-color.org) and a non-empty ``FORCE_COLOR`` on, even into a pipe
(https://force-color.org); ``NO_COLOR`` wins when both are set, as in CPython, and
``TERM=dumb`` means no colour. ``always`` and ``never`` overrule the environment.
"""

from __future__ import annotations

from collections.abc import Mapping

from cwlint.display import escape
from cwlint.findings import Report, Severity
from cwlint.report import View

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_GUTTER = "34"
COLOR_CHOICES = ("auto", "always", "never")


def use_colour(choice: str, terminal: bool, environ: Mapping[str, str]) -> bool:
    """Whether to colour: ``--color`` CHOICE for a terminal (or not) in this environment."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return terminal and environ.get("TERM") != "dumb"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TextReporter:
    def __init__(self, view: View) -> None:
        self.view = view

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.view.color else text

    def render(self, report: Report) -> str:
        from cwlint.report.frame import Sources, frame

        sources = Sources(report) if self.view.show_source else None
        lines = []
        for f in report.findings:
            if f.suppressed is not None:
                continue
            colour = _COLOURS[f.severity]
            lines.append(
                f"{self.paint(escape(f.file), '1')}:{f.line}:{f.col}: "
                f"{self.paint(f.rule, colour)} {f.severity} {escape(f.message)}"
            )
            if sources is not None:
                shown = frame(f, sources.line(f.file, f.line))
                for i, text in enumerate(shown, start=1):
                    gutter, bar, rest = text.partition("|")
                    carets = i == 3
                    lines.append(
                        self.paint(gutter + bar, _GUTTER)
                        + (self.paint(rest, colour) if carets else rest)
                    )
                lines += [""] if shown else []
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
