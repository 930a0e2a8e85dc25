"""Positions: cwlint's 1-based line:column in characters (as libyaml counts lines) and LSP's
0-based line:character in the code units the client and server agreed on (UTF-16 unless the
client prefers UTF-8 or UTF-32; lines as the protocol counts them: ``\\r\\n``, ``\\r``,
``\\n``). Every conversion goes through the offset in the text, so a non-BMP character (two
UTF-16 units, four UTF-8 bytes, one character) or a line break only YAML counts (``\\x85``,
``\\u2028``) shifts nothing."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from lsprotocol import types

from cwlint.findings import Span
from cwlint.fix import line_starts, offset

_LSP_BREAK = re.compile("\r\n|\r|\n")


UTF16 = "utf-16"


def _char_units(ch: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(ch.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return 1
    return 2 if ord(ch) > 0xFFFF else 1


class Text:
    """One version of a document, with the line tables both ways of counting need;
    ``encoding`` is the negotiated position encoding (``utf-16``, ``utf-8`` or ``utf-32``)."""

    def __init__(self, source: str, encoding: str = UTF16) -> None:
        self.source = source
        self.encoding = encoding if encoding in ("utf-8", "utf-32") else UTF16

    def units(self, text: str) -> int:
        """Length of ``text`` in the position encoding's code units."""
        if self.encoding == "utf-32" or text.isascii():
            return len(text)
        return sum(_char_units(ch, self.encoding) for ch in text)

    @cached_property
    def yaml_starts(self) -> list[int]:
        return line_starts(self.source)

    @cached_property
    def lsp_starts(self) -> list[int]:
        return [0, *(m.end() for m in _LSP_BREAK.finditer(self.source))]

    @cached_property
    def lines(self) -> list[str]:
        """The lines as LSP counts them, without their breaks."""
        return _LSP_BREAK.split(self.source)

    def offset_of(self, line: int, col: int) -> int:
        """Offset of a cwlint 1-based ``line``:``col``."""
        return offset(self.yaml_starts, self.source, line, col)

    def position(self, at: int) -> types.Position:
        """The LSP position of an offset."""
        at = max(0, min(at, len(self.source)))
        line = bisect.bisect_right(self.lsp_starts, at) - 1
        return types.Position(line, self.units(self.source[self.lsp_starts[line] : at]))

    def range(self, span: Span) -> types.Range:
        start = self.offset_of(span.line, span.col)
        end = self.offset_of(span.end_line or span.line, span.end_col or span.col)
        return types.Range(self.position(start), self.position(max(start, end)))

    def at(self, position: types.Position) -> int:
        """The offset of an LSP position (clamped to its line)."""
        if position.line >= len(self.lsp_starts):
            return len(self.source)
        text = self.lines[position.line]
        units = 0
        for i, ch in enumerate(text):
            if units >= position.character:
                return self.lsp_starts[position.line] + i
            units += _char_units(ch, self.encoding)
        return self.lsp_starts[position.line] + len(text)

    def full_range(self) -> types.Range:
        return types.Range(types.Position(0, 0), self.position(len(self.source)))
