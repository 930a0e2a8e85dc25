"""Findings: what every stage produces and every reporter prints."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple

Pointer = tuple  # a path into a document: str keys and int indices


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_on`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r}; choose one of error, warning, info"
            ) from None


class Span(NamedTuple):
    """1-based start and end of a node in its file (end is exclusive, as YAML marks are)."""

    line: int
    col: int
    end_line: int
    end_col: int


FILE_START = Span(1, 1, 1, 1)


def json_pointer(path: Pointer) -> str:
    """RFC 6901 pointer for a document path: ``("pods", 0, "url")`` -> ``/pods/0/url``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def dotted(path: Pointer) -> str:
    """Human form of a path: ``("pods", 0, "url")`` -> ``pods[0].url``."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


class Edit(NamedTuple):
    """Replace the text at ``span`` of the original file (1-based line:col in characters, end
    exclusive, as :class:`Span`) with ``text``. An empty span inserts; an empty text deletes."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    """How to fix one finding: text edits of the original file, never a re-dump of the YAML,
    so comments, key order, quoting and line endings outside the edits stay byte for byte.
    ``safe`` fixes keep the manifest's meaning as the user meant it (``--fix``); unsafe ones
    change what it grants or where a secret lives (``--unsafe-fixes``)."""

    title: str  # one line, imperative: "Add the trailing slash to codebase"
    edits: tuple[Edit, ...]
    safe: bool = True

    def to_dict(self) -> dict:
        """The fix as JSON reports carry it (positions as :class:`Finding`'s, end exclusive)."""
        return {
            "title": self.title,
            "safe": self.safe,
            "edits": [
                {
                    "line": e.span.line,
                    "column": e.span.col,
                    "end_line": e.span.end_line,
                    "end_column": e.span.end_col,
                    "text": e.text,
                }
                for e in self.edits
            ],
        }


class Issue(NamedTuple):
    """What a check yields: the engine turns it into a :class:`Finding` at the path's span."""

    path: Pointer
    message: str
    at_key: bool = False  # point at the key (unknown or misplaced keys) rather than the value
    severity: Severity | None = None  # only for rules whose severity depends on the case
    fix: Fix | None = None


@dataclass(frozen=True)
class Suppression:
    """Why a finding is suppressed: an inline ``# cwlint: disable=... -- reason`` comment.
    ``reason`` is the text after ``--`` (``""`` when none was given)."""

    reason: str = ""
    #: known from ``--baseline`` (not an inline comment)
    baseline: bool = False


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. Field order is the sort order of every report."""

    file: str
    line: int
    col: int
    rule: str
    message: str
    severity: Severity = field(compare=False)
    pointer: str = field(default="", compare=False)
    end_line: int = field(default=0, compare=False)
    end_col: int = field(default=0, compare=False)
    document: int = field(default=0, compare=False)
    suppressed: Suppression | None = field(default=None, compare=False)
    fix: Fix | None = field(default=None, compare=False)
    #: identifies the finding across runs while lines move (:mod:`cwlint.fingerprint`)
    fingerprint: str = field(default="", compare=False)

    def to_dict(self) -> dict:
        out = {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "end_line": self.end_line or self.line,
            "end_column": self.end_col or self.col,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "pointer": self.pointer,
            "document": self.document,
        }
        if self.suppressed is not None:
            suppressed: dict[str, object] = {"reason": self.suppressed.reason}
            if self.suppressed.baseline:
                suppressed["baseline"] = True
            out["suppressed"] = suppressed
        if self.fix is not None:
            out["fix"] = self.fix.to_dict()
        return out


@dataclass(frozen=True)
class BaselineUse:
    """What ``--baseline`` / ``--write-baseline`` did: the file, how many findings it knew,
    how many of its entries (for the files checked) no finding matched any more."""

    path: str
    known: int
    fixed: int
    written: bool = False  # the run wrote it (--write-baseline)


@dataclass
class Report:
    """What a run found: every finding (suppressed ones marked), the files and manifests read."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    manifests: int = 0
    names: dict[str, dict[int, str]] = field(default_factory=dict)  # file -> doc index -> name:
    #: each file's ``fail-on`` (from the config that governs it, or ``--fail-on``)
    fail_on: dict[str, Severity] = field(default_factory=dict)
    baseline: BaselineUse | None = None
    #: the bytes of the files that are not on disk (stdin, ``lint_text``), for code frames
    sources: dict[str, bytes] = field(default_factory=dict)

    def fails(self, finding: Finding) -> bool:
        """Whether ``finding`` counts for the exit code: not suppressed, and at or above its
        file's ``fail-on``."""
        return finding.suppressed is None and finding.severity >= self.fail_on.get(
            finding.file, Severity.ERROR
        )

    @property
    def failed(self) -> bool:
        return any(self.fails(f) for f in self.findings)

    def count(self, at_least: Severity) -> int:
        """Findings at or above ``at_least`` that are not suppressed."""
        return sum(1 for f in self.findings if f.severity >= at_least and f.suppressed is None)
