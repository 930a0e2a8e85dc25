"""Fixes applied: each finding's :class:`~cwlint.findings.Fix` is a list of edits at exact
spans of the original text; they are applied to that text (never by re-dumping YAML), in
rounds until nothing changes, as ruff does: fixes whose edits overlap wait for the next round,
which re-lints the text they left.

:func:`fix_text` is what every front-end calls (``cwlint check --fix``, the editor server's
"fix all"); :func:`apply` applies one round's fixes to a text. A round whose text no longer
loads as it did (a new syntax or structure finding, a manifest fewer) is dropped and fixing
stops: a fix may leave work undone, never a broken file. :func:`decode` and :func:`encode` read
and write a file's bytes so that its encoding, byte order mark and line endings come back as
they were.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from cwlint.findings import Finding, Fix, Report, Span
from cwlint.options import Options

MAX_ROUNDS = 50  # a fix that keeps making work for another stops here: the rest is reported
#: Findings that say the text does not load as a manifest: a round must not add any.
STRUCTURE = frozenset({"CW001", "CW002", "CW004", "CW005"})
#: What YAML counts as a line break (libyaml's positions count lines by these).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def line_starts(text: str) -> list[int]:
    """The offset in ``text`` at which each line starts (index 0 is line 1)."""
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def offset(starts: list[int], text: str, line: int, col: int) -> int:
    """The offset of 1-based ``line``:``col`` in ``text`` (clamped to the text)."""
    if line < 1:
        return 0
    if line > len(starts):
        return len(text)
    return min(starts[line - 1] + max(col - 1, 0), len(text))


def _range(starts: list[int], text: str, span: Span) -> tuple[int, int]:
    return offset(starts, text, span.line, span.col), offset(
        starts, text, span.end_line, span.end_col
    )


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with as many of ``fixes`` applied as do not overlap one another (first come,
    in the order of their first edit), and the fixes applied. A fix is applied whole or not
    at all."""
    starts = line_starts(text)
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[Fix, list[tuple[int, int, str]]]] = []
    ranked = sorted(
        (fix for fix in fixes if fix.edits),
        key=lambda fix: min(_range(starts, text, e.span) for e in fix.edits),
    )
    for fix in ranked:
        edits = [(*_range(starts, text, e.span), e.text) for e in fix.edits]
        if any(b < a for a, b, _ in edits) or any(
            _overlap(a, b, x, y) for a, b, _ in edits for x, y in taken
        ):
            continue
        if any(
            _overlap(a, b, x, y) for i, (a, b, _) in enumerate(edits) for x, y, _ in edits[i + 1 :]
        ):
            continue
        taken += [(a, b) for a, b, _ in edits]
        chosen.append((fix, edits))
    out = text
    for a, b, new in sorted(
        (edit for _, edits in chosen for edit in edits), key=lambda e: (e[0], e[1]), reverse=True
    ):
        out = out[:a] + new + out[b:]
    return out, [fix for fix, _ in chosen]


def _overlap(a: int, b: int, x: int, y: int) -> bool:
    """Whether the ranges [a, b) and [x, y) touch in a way that makes the order of their edits
    matter: they share a character, or they insert at the same point."""
    if a == b or x == y:  # an insertion: at the same point, or inside the other range
        return x <= a <= y if a == b else a <= x <= b
    return a < y and x < b


def fixable(finding: Finding, unsafe: bool) -> bool:
    """Whether ``--fix`` (``unsafe=False``) or ``--fix --unsafe-fixes`` applies ``finding``'s
    fix: it has one, it is not suppressed, and it is safe or unsafe fixes are asked for."""
    return finding.fix is not None and finding.suppressed is None and (finding.fix.safe or unsafe)


@dataclass
class FixResult:
    """What fixing one text gave: the fixed ``text``, the findings whose fixes were applied
    (``fixed``, from every round) and the ``report`` of the text as fixed."""

    text: str
    report: Report
    fixed: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.fixed)


def fix_text(
    text: str, filename: str, options: Options | None = None, *, unsafe: bool = False
) -> FixResult:
    """Lint ``text`` as :func:`cwlint.lint_text` does and apply the fixes of its findings, in
    rounds until none is left to apply (at most :data:`MAX_ROUNDS`)."""
    from cwlint.engine import lint_text

    fixed: list[Finding] = []
    report = lint_text(text, filename, options)
    for _ in range(MAX_ROUNDS):
        wanted = [f for f in report.findings if fixable(f, unsafe)]
        if not wanted:
            break
        by_fix = {id(f.fix): f for f in wanted}
        new, applied = apply(text, [f.fix for f in wanted if f.fix is not None])
        if not applied or new == text:
            break
        after = lint_text(new, filename, options)
        if _structure(after) > _structure(report) or after.manifests < report.manifests:
            break  # a bug in a fix: keep the text as the last good round left it
        fixed += [by_fix[id(fix)] for fix in applied]
        text, report = new, after
    return FixResult(text, report, fixed)


def _structure(report: Report) -> int:
    return sum(1 for f in report.findings if f.rule in STRUCTURE)


def fixable_counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """How many ``findings`` ``--fix`` would fix, and how many more ``--unsafe-fixes`` would."""
    safe = unsafe = 0
    for finding in findings:
        if fixable(finding, unsafe=False):
            safe += 1
        elif fixable(finding, unsafe=True):
            unsafe += 1
    return safe, unsafe


def fixable_note(findings: Iterable[Finding]) -> str:
    """What a summary adds about fixes: `` 2 fixable with --fix (1 more with --fix
    --unsafe-fixes).``; ``""`` when none is fixable."""
    safe, unsafe = fixable_counts(findings)
    if safe and unsafe:
        return f" {safe} fixable with --fix ({unsafe} more with --fix --unsafe-fixes)."
    if safe:
        return f" {safe} fixable with --fix."
    return f" {unsafe} fixable with --fix --unsafe-fixes." if unsafe else ""


class Encoded(NamedTuple):
    """How a file's text is stored: its codec and byte order mark."""

    codec: str
    bom: bytes


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16's: its mark starts the same
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)


class Unwritable(ValueError):
    """A file whose bytes would not come back as they were: it is left alone."""


def decode(raw: bytes) -> tuple[str, Encoded]:
    """The text of a manifest file as the loader reads it, and how to write it back;
    :class:`Unwritable` when re-encoding the text would not give back the same bytes."""
    from cwlint.manifest.load import encoding

    for bom, codec in _BOMS:
        if raw.startswith(bom):
            how = Encoded(codec, bom)
            break
    else:
        how = Encoded(encoding(raw), b"")
    try:
        text = raw[len(how.bom) :].decode(how.codec)
    except UnicodeDecodeError:
        raise Unwritable(f"it is not {how.codec} text") from None
    if encode(text, how) != raw:
        raise Unwritable(f"its bytes do not read back the same as {how.codec} text")
    return text, how


def encode(text: str, how: Encoded) -> bytes:
    """``text`` as the file stores it (:func:`decode`'s counterpart)."""
    return how.bom + text.encode(how.codec)
