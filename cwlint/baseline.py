"""Baselines: adopt cwlint on a repository that already has findings.

``--write-baseline FILE`` records the run's findings (not those suppressed inline) by their
:mod:`fingerprint <cwlint.fingerprint>`, which survives lines moving; ``--baseline FILE`` marks
the findings it records as known (suppressed, ``baseline`` set: they do not count for the exit
code and only JSON and SARIF show them), so only new ones are reported, and counts the entries
of the checked files that no finding matched any more: fixed, and can be dropped by writing
the baseline again.

The file is JSON: ``{"cwlint-baseline": 1, "findings": [{"fingerprint", "rule", "file",
"pointer", "count"}]}``, ``file`` relative to the repository's root with ``/``. No value of the
manifest is in it (the fingerprint hashes the value), so a baselined secret is not copied.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from cwlint import files, repo
from cwlint.display import escape
from cwlint.errors import UsageError
from cwlint.findings import BaselineUse, Finding, Report, Suppression

FORMAT = 1
MAX_BYTES = 64 * 1024 * 1024
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")
_HOW = "write one with `cwlint check --write-baseline FILE`"


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    file: str  # repository-relative, with /
    pointer: str
    count: int


class Baseline:
    """The entries of one baseline file, by fingerprint."""

    def __init__(self, path: str, entries: Mapping[str, Entry], written: bool = False) -> None:
        self.path = path
        self.entries = entries
        self.written = written

    @classmethod
    def of(cls, path: str, findings: Iterable[Finding], written: bool = False) -> Baseline:
        """The baseline that records ``findings`` (those not suppressed)."""
        counts: Counter[str] = Counter()
        first: dict[str, Finding] = {}
        for f in findings:
            if f.suppressed is None:
                counts[f.fingerprint] += 1
                first.setdefault(f.fingerprint, f)
        entries = {
            fp: Entry(fp, f.rule, repo.relative(f.file), f.pointer, counts[fp])
            for fp, f in first.items()
        }
        return cls(path, entries, written)

    def text(self) -> str:
        rows = sorted(
            self.entries.values(), key=lambda e: (e.file, e.rule, e.pointer, e.fingerprint)
        )
        data = {
            "cwlint-baseline": FORMAT,
            "findings": [
                {
                    "fingerprint": e.fingerprint,
                    "rule": e.rule,
                    "file": e.file,
                    "pointer": e.pointer,
                    "count": e.count,
                }
                for e in rows
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def write(self) -> None:
        try:
            files.write(self.path, self.text())
        except files.FileError as exc:
            raise UsageError(str(exc)) from None

    @classmethod
    def read(cls, path: str) -> Baseline:
        """A baseline file; :class:`UsageError` naming the file and the fault otherwise."""
        where = escape(path)
        try:
            raw = files.read(path, MAX_BYTES, "baseline")
        except files.FileError as exc:
            raise UsageError(str(exc)) from None
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as exc:
            raise UsageError(
                f"{where}: not a cwlint baseline (not valid JSON: {exc}); {_HOW}"
            ) from None
        if not isinstance(data, dict) or data.get("cwlint-baseline") != FORMAT:
            raise UsageError(
                f'{where}: not a cwlint baseline of format {FORMAT} (no "cwlint-baseline": '
                f"{FORMAT} at its top); {_HOW}"
            )
        rows = data.get("findings")
        if not isinstance(rows, list):
            raise UsageError(f'{where}: "findings" must be a list of entries; {_HOW}')
        entries: dict[str, Entry] = {}
        for number, row in enumerate(rows, 1):
            entry = _entry(row)
            if entry is None:
                raise UsageError(
                    f'{where}: entry {number} of "findings" is not '
                    '{"fingerprint": 32 hex digits, "rule", "file", "pointer": strings, '
                    f'"count": a whole number from 1}}; {_HOW}'
                )
            entries[entry.fingerprint] = entry
        return cls(path, entries)

    def apply(self, report: Report) -> None:
        """Mark the findings the baseline records (each entry up to its count) as known, and
        count the entries of the checked files that are fixed."""
        left = {fp: e.count for fp, e in self.entries.items()}
        known = 0
        marked: list[Finding] = []
        for f in report.findings:
            if f.suppressed is None and left.get(f.fingerprint, 0) > 0:
                left[f.fingerprint] -= 1
                known += 1
                f = replace(f, suppressed=Suppression(baseline=True))
            marked.append(f)
        report.findings = marked
        checked = {repo.relative(file) for file in report.files}
        fixed = sum(n for fp, n in left.items() if n and self.entries[fp].file in checked)
        report.baseline = BaselineUse(self.path, known, fixed, self.written)


def _entry(row: Any) -> Entry | None:
    if not isinstance(row, dict):
        return None
    fingerprint, count = row.get("fingerprint"), row.get("count", 1)
    rule, file, pointer = (row.get(key) for key in ("rule", "file", "pointer"))
    if (
        not isinstance(fingerprint, str)
        or not _FINGERPRINT.fullmatch(fingerprint)
        or not isinstance(rule, str)
        or not isinstance(file, str)
        or not isinstance(pointer, str)
        or type(count) is not int
        or count < 1
    ):
        return None
    return Entry(fingerprint, rule, file, pointer, count)
