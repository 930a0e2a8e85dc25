"""Edits of the manifest's own text that fixes are made of (see :mod:`cwlint.fix`).

Every helper reads the text as written (:meth:`Document.source`) and changes only the characters
it must: a scalar keeps its quoting (plain, ``'single'`` or ``"double"``), a list or mapping its
flow (``[a, b]``, ``{k: v}``) or block style and indentation, new lines the file's line ending.
A helper returns ``None`` where it cannot be sure of the result (a block scalar, a value spread
over several lines, an anchor or tag, an item that shares its line): the finding then has no
fix rather than a fix that could break the file. Nothing here is called unless a check has
something to fix, so a clean manifest costs nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from cwlint.findings import FILE_START, Edit, Fix, Pointer, Span
from cwlint.manifest.document import Document

PLAIN, SINGLE, DOUBLE = "", "'", '"'
_FLOW_INDICATORS = frozenset(",[]{}")
_NEWLINE = re.compile(r"\r\n|\r|\n")
#: Plain scalars YAML 1.1 reads as something other than text (booleans, null, numbers).
_NOT_TEXT = re.compile(
    r"(?i:y|n|yes|no|true|false|on|off|null|~)|[-+]?(?:\.\d|\d)[\d_:.eE+-]*|[-+]?\.(?i:inf|nan)"
    r"|0x[0-9a-fA-F_]+|0b[01_]+|\d{4}-\d\d?-\d\d?.*"
)


class Raw(str):
    """Text that is already YAML (``{allow: [a, b]}``): written as it is, never quoted."""


def fix(title: str, edits: Iterable[Edit | None], *, safe: bool = True) -> Fix | None:
    """A fix of ``edits``; ``None`` when any of them could not be built (or there are none)."""
    built = tuple(edits)
    if not built or any(e is None for e in built):
        return None
    return Fix(title, tuple(e for e in built if e is not None), safe)


def _at(doc: Document, line: int, col: int) -> str:
    """The character at ``line``:``col`` (``""`` past the end)."""
    i = doc.offset(line, col)
    return doc.text[i : i + 1]


def newline(doc: Document) -> str:
    """The file's line ending (its first one; ``\\n`` for a file of one line)."""
    found = _NEWLINE.search(doc.text)
    return found.group() if found else "\n"


def is_flow(doc: Document, path: Pointer) -> bool:
    """Whether the collection at ``path`` is written in flow style (``[...]``/``{...}``)."""
    span = doc.values.get(tuple(path))
    return span is not None and _at(doc, span.line, span.col) in ("[", "{")


def in_flow(doc: Document, path: Pointer) -> bool:
    """Whether the node at ``path`` sits inside a flow collection (where ``,[]{}`` end a plain
    scalar)."""
    path = tuple(path)
    return any(is_flow(doc, path[:i]) for i in range(len(path)))


def style(doc: Document, path: Pointer) -> str | None:
    """How the scalar at ``path`` is written: :data:`PLAIN`, :data:`SINGLE` or :data:`DOUBLE`;
    ``None`` when fixes leave it alone (absent, a collection, a block scalar, several lines, an
    anchor, tag or alias, empty)."""
    path = tuple(path)
    span = doc.values.get(path)
    if span is None or span.line != span.end_line or isinstance(doc.get(path), (dict, list)):
        return None
    text = doc.source(span)
    if not text or text[0] in "|>&!*":
        return None
    if text[0] in (SINGLE, DOUBLE):
        return text[0] if len(text) >= 2 and text[-1] == text[0] else None
    return PLAIN


def plain_ok(text: str, flow: bool) -> bool:
    """Whether ``text`` can be written as a plain scalar that reads back as this text."""
    return bool(
        text
        and text == text.strip()
        and text.isprintable()
        and text[0] not in "-?:,[]{}#&*!|>'\"%@`"
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not (flow and _FLOW_INDICATORS.intersection(text))
        and _NOT_TEXT.fullmatch(text) is None
    )


def render(value: str, quoting: str = PLAIN, *, flow: bool = False) -> str:
    """``value`` as a YAML scalar in ``quoting``'s style; a plain scalar that would not read
    back as this text is double-quoted instead (:class:`Raw` text is written as it is)."""
    if isinstance(value, Raw):
        return value
    if quoting == SINGLE and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if quoting == PLAIN and plain_ok(value, flow):
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def set_scalar(doc: Document, path: Pointer, value: str) -> Edit | None:
    """Replace the scalar at ``path`` with ``value``, in the style it is written in."""
    quoting = style(doc, path)
    if quoting is None:
        return None
    return Edit(doc.values[tuple(path)], render(value, quoting, flow=in_flow(doc, path)))


def edit_scalar(doc: Document, path: Pointer, start: int, end: int, text: str) -> Edit | None:
    """Replace characters ``start:end`` of the text value at ``path`` with ``text``, touching
    nothing else of the scalar (an insertion when ``start == end``). Only where the value is
    written as it reads (no escapes) and the result can be written in the same style."""
    path = tuple(path)
    value, quoting = doc.get(path), style(doc, path)
    if not isinstance(value, str) or quoting is None or not 0 <= start <= end <= len(value):
        return None
    span = doc.values[path]
    inner = doc.source(span)[1:-1] if quoting else doc.source(span)
    new = value[:start] + text + value[end:]
    if inner != value or not new.isprintable():
        return None
    if quoting == PLAIN and not plain_ok(new, in_flow(doc, path)):
        return None
    if quoting and (quoting in text or "\\" in text):
        return None
    col = span.col + len(quoting)
    return Edit(Span(span.line, col + start, span.line, col + end), text)


def _end(doc: Document, path: Pointer) -> tuple[int, int]:
    """Where the node at ``path`` really ends: libyaml ends a block collection where the next
    token starts (after blank lines and comments), so its end is the latest end of its
    children (a scalar's or flow collection's is exact). Costs the size of the node only."""
    path = tuple(path)
    span = doc.values[path]
    value = doc.get(path)
    if not isinstance(value, (dict, list)) or is_flow(doc, path):
        return span.end_line, span.end_col
    keys = value.keys() if isinstance(value, dict) else range(len(value))
    ends = [_end(doc, (*path, k)) for k in keys if (*path, k) in doc.values]
    return max(ends) if ends else (span.end_line, span.end_col)


def _line_text(doc: Document, line: int) -> str:
    start = doc.offset(line, 1)
    found = _NEWLINE.search(doc.text, start)
    return doc.text[start : found.start() if found else len(doc.text)]


def _after_line(doc: Document, line: int) -> tuple[Span, str]:
    """Where text goes to start a new line after ``line``, and what must precede it (a line
    break when ``line`` is the file's last and has none)."""
    at = doc.offset(line + 1, 1)
    if at == len(doc.text) and not doc.text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        end = len(_line_text(doc, line)) + 1
        return Span(line, end, line, end), newline(doc)
    return Span(line + 1, 1, line + 1, 1), ""


def _rest_is_comment(doc: Document, line: int, col: int) -> bool:
    rest = _line_text(doc, line)[col - 1 :].strip()
    return not rest or rest.startswith("#")


def _dash_only(doc: Document, span: Span) -> bool:
    """Whether a block sequence item starts its line: only indentation and ``-`` before it."""
    return _line_text(doc, span.line)[: span.col - 1].strip() == "-"


def remove_item(doc: Document, path: Pointer) -> Edit | None:
    """Remove the item at ``path`` from its list: its whole lines in a block list (a comment on
    them goes with it), the item and one comma in a flow list."""
    path = tuple(path)
    parent, index = path[:-1], path[-1]
    items = doc.get(parent)
    if not isinstance(items, list) or not isinstance(index, int) or path not in doc.values:
        return None
    span = doc.values[path]
    if index > 0 and doc.values.get((*parent, index - 1), span) >= span:
        return None  # an alias of an earlier item: its place is the anchor's
    if is_flow(doc, parent):
        if index > 0:
            line, col = _end(doc, (*parent, index - 1))
            end = _end(doc, path)
            return Edit(Span(line, col, *end), "")
        if len(items) > 1:
            after = doc.values.get((*parent, 1), FILE_START)
            return Edit(Span(span.line, span.col, after.line, after.col), "")
        end = _end(doc, path)
        return Edit(Span(span.line, span.col, *end), "")
    end_line, end_col = _end(doc, path)
    if not _dash_only(doc, span) or not _rest_is_comment(doc, end_line, end_col):
        return None
    return Edit(Span(span.line, 1, end_line + 1, 1), "")


def _flow_mapping(entry: Mapping[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {render(v, flow=True)}" for k, v in entry.items()) + "}"


def add_item(
    doc: Document, path: Pointer, index: int, item: str | Mapping[str, str]
) -> Edit | None:
    """Insert ``item`` (text, or a mapping of text) into the list at ``path`` before its
    ``index``-th item (at the end when ``index`` is its length), in the list's style: flow, or
    block at the items' indentation with a mapping written as the other items are."""
    path = tuple(path)
    items = doc.get(path)
    if not isinstance(items, list) or path not in doc.values or not 0 <= index <= len(items):
        return None
    span = doc.values[path]
    if is_flow(doc, path) or in_flow(doc, path):
        if not is_flow(doc, path):
            return None
        text = _flow_mapping(item) if isinstance(item, Mapping) else render(item, flow=True)
        if not items:
            return Edit(
                Span(span.end_line, span.end_col - 1, span.end_line, span.end_col - 1), text
            )
        if index < len(items):
            at = doc.values.get((*path, index), FILE_START)
            return Edit(Span(at.line, at.col, at.line, at.col), text + ", ")
        line, col = _end(doc, (*path, len(items) - 1))
        return Edit(Span(line, col, line, col), ", " + text)
    if not items:
        return None  # an empty block list is `key: []` or `key:` (null): nothing to indent by
    first = doc.values.get((*path, 0), FILE_START)
    if not _dash_only(doc, first):
        return None
    dash = len(_line_text(doc, first.line)[: first.col - 1].rstrip()) - 1  # the `-`'s column
    pad = " " * dash
    nl = newline(doc)
    if isinstance(item, Mapping):
        if is_flow(doc, (*path, 0)) or not isinstance(items[0], dict):
            body = _flow_mapping(item)
        else:
            inner = " " * (first.col - 1)
            body = (nl + inner).join(f"{k}: {render(v)}" for k, v in item.items())
    else:
        body = render(item)
    text = f"{pad}- {body}{nl}"
    if index < len(items):
        at = doc.values.get((*path, index), FILE_START)
        if not _dash_only(doc, at):
            return None
        return Edit(Span(at.line, 1, at.line, 1), text)
    line, col = _end(doc, (*path, len(items) - 1))
    if not _rest_is_comment(doc, line, col):
        return None
    where, before = _after_line(doc, line)
    return Edit(where, before + text)


def add_keys(doc: Document, path: Pointer, entries: Mapping[str, str]) -> Edit | None:
    """Add ``key: value`` entries to the mapping at ``path``, after its last entry, in its
    style (flow: before the ``}``; block: new lines at its keys' indentation)."""
    path = tuple(path)
    data = doc.get(path)
    if not isinstance(data, dict) or path not in doc.values or not entries:
        return None
    span = doc.values[path]
    if is_flow(doc, path):
        text = ", ".join(f"{k}: {render(v, flow=True)}" for k, v in entries.items())
        if not data:
            return Edit(
                Span(span.end_line, span.end_col - 1, span.end_line, span.end_col - 1), text
            )
        line, col = _end(doc, (*path, list(data)[-1]))
        return Edit(Span(line, col, line, col), ", " + text)
    if in_flow(doc, path) or not data:
        return None
    key = doc.keys.get((*path, next(iter(data))))
    if key is None:
        return None
    line, col = _end(doc, path)
    if not _rest_is_comment(doc, line, col):
        return None
    nl = newline(doc)
    pad = " " * (key.col - 1)
    where, before = _after_line(doc, line)
    return Edit(where, before + "".join(f"{pad}{k}: {render(v)}{nl}" for k, v in entries.items()))


def position(names: list[Any], name: Any) -> int:
    """Where ``name`` goes in ``names``: its sorted place when they are sorted, else the end."""
    if names == sorted(names):
        return sum(1 for n in names if n <= name)
    return len(names)
