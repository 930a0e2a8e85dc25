"""Code frames (``--show-source``): a finding's line with a caret under its exact column.

```
   |
14 |     height: tall
   |             ^^^^
```

The line is read again from the file (or, for standard input, from the report), shown with its
control characters escaped (a tab as ``\\t``) and cut to a window around the column. A line
that may hold a secret is never shown: one under a key field (``client_id``, ``public_key``,
``private_key``), a finding about such a field, a URL with a password or a key-named query
parameter, a PEM private key. The frame then says the line is hidden, and why.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from cwlint.display import escape
from cwlint.findings import Finding, Report
from cwlint.secrets import SECRET_FIELDS, secret_parameters

WIDTH = 100  #: characters of a long line shown around the column
HIDDEN = "(line not shown: it may hold a secret)"
_SECRET_KEY = re.compile("|".join(f.replace("_", "[_ -]?") for f in SECRET_FIELDS), re.I)
_USERINFO = re.compile(r"://[^/\s@]*@")
_QUERY = re.compile(r"[?&;]([^\s#'\"]*)")
_PEM = re.compile(r"PRIVATE KEY|BEGIN [A-Z ]*KEY", re.I)


def may_hold_secret(line: str, finding: Finding) -> bool:
    """Whether ``line`` (the finding's line) could show a credential if printed."""
    if finding.pointer.rpartition("/")[2] in SECRET_FIELDS:
        return True
    if _SECRET_KEY.search(line) or _USERINFO.search(line) or _PEM.search(line):
        return True
    return any(
        secret_parameters(parse_qsl(q, keep_blank_values=True)) for q in _QUERY.findall(line)
    )


class Sources:
    """The lines of each reported file, read once (bounded), for the frames."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.lines: dict[str, list[str] | None] = {}

    def line(self, file: str, number: int) -> str | None:
        if file not in self.lines:
            self.lines[file] = self._read(file)
        lines = self.lines[file]
        return lines[number - 1] if lines is not None and 0 < number <= len(lines) else None

    def _read(self, file: str) -> list[str] | None:
        from cwlint import files
        from cwlint.manifest.load import LINE_BREAK, MAX_BYTES, decode

        raw = self.report.sources.get(file)
        if raw is None:
            try:
                raw = files.read(file, MAX_BYTES, "manifest")
            except files.FileError:
                return None
        text, _ = decode(raw)
        return None if text is None else LINE_BREAK.split(text)


def frame(finding: Finding, line: str | None) -> list[str]:
    """The frame's lines (gutter, the source line, the carets); none when the line is gone."""
    if line is None:
        return []
    number = str(finding.line)
    gutter = " " * len(number) + " |"
    if may_hold_secret(line, finding):
        return [gutter, f"{number} | {HIDDEN}"]
    start = max(finding.col - 1, 0)
    one_line = (finding.end_line or finding.line) == finding.line
    end = finding.end_col - 1 if one_line and finding.end_col else 0
    end = min(max(end, start + 1), max(len(line), start + 1))
    left = max(0, min(start - WIDTH // 3, len(line) - WIDTH))
    right = left + WIDTH
    before = ("…" if left else "") + escape(line[left:start])
    marked = escape(line[start : min(end, right)]) or " "
    after = escape(line[end:right]) + ("…" if right < len(line) else "")
    return [
        gutter,
        f"{number} | {before}{marked}{after}".rstrip(),
        f"{gutter} {' ' * len(before)}{'^' * len(marked)}",
    ]
