"""A loaded manifest: plain data plus the line:column of every key and value."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cwlint.display import cut, escape, quote
from cwlint.findings import FILE_START, Pointer, Span


@dataclass
class Document:
    """One YAML document of a file.

    ``data`` is plain Python (dict, list, str, int, float, bool, None) as JSON Schema sees it.
    ``values`` maps every path to the span of its value, ``keys`` every mapping entry's path to
    the span of its key. Checks never re-parse: they ask :meth:`span` for a path.
    ``written`` keeps the text of each scalar read as a number, boolean or null (``012`` is 10,
    ``2025.10`` is 2025.1): messages quote it as written (:meth:`shown`).
    """

    file: str
    index: int  # 0-based position of the document in its file
    data: Any = None
    values: dict[Pointer, Span] = field(default_factory=dict)
    keys: dict[Pointer, Span] = field(default_factory=dict)
    written: dict[Pointer, str] = field(default_factory=dict)
    #: the whole file's text as decoded (shared by its documents): what fixes edit
    text: str = field(default="", repr=False)

    @functools.cached_property
    def _starts(self) -> list[int]:
        from cwlint.fix import line_starts

        return line_starts(self.text)

    def offset(self, line: int, col: int) -> int:
        """The offset in :attr:`text` of 1-based ``line``:``col`` (clamped to the text)."""
        from cwlint.fix import offset

        return offset(self._starts, self.text, line, col)

    def source(self, span: Span) -> str:
        """The text of the file at ``span``, as written (for fixes that keep the style)."""
        return self.text[
            self.offset(span.line, span.col) : self.offset(span.end_line, span.end_col)
        ]

    def span(self, path: Pointer, *, key: bool = False) -> Span:
        """Where ``path`` is; the nearest existing ancestor when it is absent (a missing key)."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                # a missing child is reported at its parent's key, which names the parent
                return self.values[path] if not key else self.keys.get(path, self.values[path])
            path = path[:-1]
            key = True
        return self.values.get((), FILE_START)

    def get(self, path: Pointer, default: Any = None) -> Any:
        """The value at ``path``, or ``default`` when any step is missing or of another type."""
        node = self.data
        for step in path:
            if isinstance(step, int):
                if not isinstance(node, list) or not -len(node) <= step < len(node):
                    return default
            elif not isinstance(node, dict) or step not in node:
                return default
            node = node[step]
        return node

    def items(self, path: Pointer) -> Iterator[tuple[Pointer, Any]]:
        """``(path, item)`` for each element of the list at ``path`` (nothing if not a list)."""
        seq = self.get(path)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                yield (*path, i), item

    def shown(self, path: Pointer, default: Any = None) -> str:
        """The value at ``path`` as a message quotes it: numbers, booleans and null as written,
        text quoted, cut and escaped (:func:`cwlint.display.quote`)."""
        path = tuple(path)
        if path in self.written:
            return escape(cut(self.written[path]))
        return quote(self.get(path, default))
