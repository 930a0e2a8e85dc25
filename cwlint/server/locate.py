"""Where the cursor is in a manifest, as a path of keys and list indices.

While the text parses, the loader's spans of keys and values answer (any style, flow or
block). While it does not (a half-typed line is the usual case), a tolerant reading of the
lines answers: block entries by indentation and ``- `` items, and a flow mapping on the
cursor's line (``- {module: Companies, function: Co|``) by its commas.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cwlint.findings import Pointer
from cwlint.manifest.load import load

_ENTRY = re.compile(
    r"(?P<dashes>(?:-[ \t]+)*)(?P<key>\"[^\"]*\"|'[^']*'|[^\s#'\"{}\[\],:-][^#{}\[\],:]*?|[^\s#'\"{}\[\],:])"
    r"[ \t]*:(?=[ \t]|$)"
)


@dataclass(frozen=True)
class Place:
    """What the cursor is on. ``path`` ends with the key (``on_key``), or names the value the
    cursor is in; ``typed`` is the text of that key or value before the cursor, from offset
    ``start`` (what a completion replaces, up to ``end``); ``siblings`` are the scalar entries of
    the mapping that holds it (``module`` beside ``function``)."""

    path: Pointer
    on_key: bool
    typed: str
    start: int
    end: int
    siblings: dict[str, str] = field(default_factory=dict)
    #: for an item of a ``customize`` list: the scalar entries of the permission that holds it
    owner: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        """The key whose value (or which key) the cursor is on; ``None`` in a list item."""
        last = self.path[-1] if self.path else None
        return last if isinstance(last, str) else None


def locate(text: str, at: int) -> Place | None:
    """The place of offset ``at`` in ``text``: from the loader while the text parses, else
    from its lines."""
    return _loaded(text, at) or _tolerant(text, at)


# ------------------------------------------------------------------------------ from the loader
def _loaded(text: str, at: int) -> Place | None:
    loaded = load(text.encode("utf-8"), "-")
    if loaded.problems and not loaded.documents:
        return None
    from cwlint.fix import line_starts, offset

    starts = line_starts(text)

    def bounds(span: tuple[int, int, int, int]) -> tuple[int, int]:
        return offset(starts, text, span[0], span[1]), offset(starts, text, span[2], span[3])

    best: Place | None = None
    for doc in loaded.documents:
        for path, span in doc.keys.items():
            a, b = bounds(span)
            if a <= at <= b and (best is None or len(path) > len(best.path)):
                best = _place(doc.get(path[:-1]), path, True, text, a, b, at, {})
        if best is not None:
            return best
        for path, span in doc.values.items():
            value = doc.get(path)
            if isinstance(value, (dict, list)):
                continue
            a, b = bounds(span)
            key = doc.keys.get(path)
            if key is not None and key[0] != span[0]:  # `key:` then a half-typed key below
                continue
            if a <= at <= b and a < b and (best is None or len(path) > len(best.path)):
                quoted = text[a : a + 1] in ("'", '"')
                owner = _scalars(doc.get(path[:-3])) if _scalar_list(path[:-1]) else {}
                best = _place(
                    doc.get(path[:-1]), path, False, text, a + quoted, b - quoted, at, owner
                )
        if best is not None:
            return best
    return None


def _place(
    parent: object,
    path: Pointer,
    on_key: bool,
    text: str,
    a: int,
    b: int,
    at: int,
    owner: dict[str, str],
) -> Place:
    return Place(tuple(path), on_key, text[a:at], a, b, _scalars(parent, path[-1]), owner)


def _scalars(mapping: object, own: object = None) -> dict[str, str]:
    if not isinstance(mapping, dict):
        return {}
    return {k: v for k, v in mapping.items() if isinstance(v, str) and k != own}


# ------------------------------------------------------------------------------ from the lines
@dataclass(frozen=True)
class _Line:
    indent: int  # first non-blank column
    dash: int | None  # column of the innermost `- ` that starts an item on this line
    key: str | None
    key_col: int  # where the key (or the item's content) starts
    value: str  # the text after `key:` without a trailing comment


def _parse(line: str) -> _Line | None:
    body = line.lstrip(" ")
    if not body.strip() or body.startswith("#"):
        return None
    indent = len(line) - len(body)
    m = _ENTRY.match(body)
    dashes = re.match(r"(?:-[ \t]+)*", body)
    assert dashes is not None
    dash = indent + dashes.end() - 2 if dashes.end() else None
    if m is None:
        return _Line(indent, dash, None, indent + dashes.end(), body[dashes.end() :].strip())
    value = uncomment(body[m.end() :]).strip()
    return _Line(indent, dash, unquote(m["key"]), indent + m.start("key"), value)


def uncomment(text: str) -> str:
    """``text`` without its trailing comment (a ``#`` after a blank, outside quotes)."""
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"" and (i == 0 or text[i - 1] in " \t:,[{-"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i]
    return text


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text.lstrip("'\"")


def _tolerant(text: str, at: int) -> Place | None:
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    lines = text.split("\n")
    cur = text.count("\n", 0, line_start)
    line = lines[cur].rstrip("\r")
    col = at - line_start
    flow = _open_brace(line[:col])
    if flow is not None:
        return _in_flow(lines, cur, line, col, flow, line_start)
    info = _parse(line)
    if info is None:
        return (
            Place(_parents(lines, cur, col, None), True, "", at, at) if not line.strip() else None
        )
    m = _ENTRY.match(line, info.indent)
    if m is not None and col > m.end() - 1:  # after the colon: the value
        start = m.end()
        while start < len(line) and line[start] in " \t\"'":
            start += 1
        if start > col:  # between the colon and the value: insert here
            start = end = col
        else:
            end = max(len(uncomment(line[: line_end - line_start]).rstrip()), col)
        if line[end - 1 : end] in ("'", '"') and end - 1 >= col:
            end -= 1
        path = (*_parents(lines, cur, info.key_col, info.dash), info.key or "")
        return Place(
            path,
            False,
            line[start:col],
            line_start + start,
            line_start + end,
            _siblings(lines, cur, info.key_col, info.dash, info.key),
        )
    if info.dash is not None and col >= info.key_col and m is None and cur > 0:
        # a scalar list item (`- Service / Service Board`) or a key being typed in an item
        parent = _parents(lines, cur, info.dash, None)
        typed = line[info.key_col : col]
        start = line_start + info.key_col
        end = line_start + len(uncomment(line).rstrip())
        if _scalar_list(parent):
            index = _index(lines, cur, info.dash)
            return Place(
                (*parent, index),
                False,
                typed.lstrip("'\""),
                start,
                max(end, at),
                owner=_owner(lines, cur, info.dash),
            )
        path = (*parent, _index(lines, cur, info.dash), typed)
        return Place(path, True, typed, start, max(end, at))
    key_col = info.key_col if col >= info.key_col else col
    typed = line[key_col:col]
    path = (*_parents(lines, cur, key_col, info.dash if col >= info.key_col else None), typed)
    key_end = line_start + (m.start() + len(m["key"]) if m else len(line.rstrip()))
    return Place(
        path,
        True,
        typed,
        line_start + key_col,
        max(key_end, at),
        _siblings(lines, cur, key_col, info.dash, info.key),
    )


def _scalar_list(path: Pointer) -> bool:
    """Lists whose items are text: customize entries and features."""
    return bool(path) and path[-1] in ("allow", "disallow", "features")


def _above(lines: list[str], j: int, stop: Callable[[_Line], bool]) -> tuple[int, _Line] | None:
    """The nearest line above line ``j`` (with content) for which ``stop`` holds."""
    for k in range(j - 1, -1, -1):
        info = _parse(lines[k])
        if info is not None and stop(info):
            return k, info
    return None


def _key_left_of(col: int) -> Callable[[_Line], bool]:
    return lambda i: i.indent < col and i.key is not None


def _mapping_start(col: int) -> Callable[[_Line], bool]:
    """The line that starts a mapping at column ``col`` (``- key:``), or holds its key."""
    return lambda i: (
        (i.key_col == col and i.key is not None and i.dash is not None)
        or (i.indent < col and not (i.key_col == col and i.key is not None))
    )


def _list_owner(dash: int) -> Callable[[_Line], bool]:
    """The line with the key of a list whose items start with ``- `` at column ``dash``."""
    return lambda i: i.indent < dash or (i.indent == dash and i.dash != dash)


def _owner(lines: list[str], cur: int, dash: int) -> dict[str, str]:
    """The scalar entries of the mapping two levels above a list item at column ``dash``
    (the permission whose ``customize: allow:`` list it is in)."""
    level = dash + 1
    found = None
    for _ in range(2):
        found = _above(lines, cur, _key_left_of(level))
        if found is None:
            return {}
        cur, info = found
        level = info.key_col
    assert found is not None
    cur, info = found
    return _siblings(lines, cur, info.key_col, info.dash, info.key)


def _parents(lines: list[str], cur: int, level: int, dash: int | None) -> Pointer:
    """The path of the mapping whose entries start at column ``level`` on line ``cur`` (a list
    item when ``dash`` is the column of its ``- ``)."""
    path: list[str | int] = []
    j = cur
    while True:
        if dash is None:
            found = _above(lines, j, _mapping_start(level))
            if found is None:
                return tuple(path)
            j, info = found
            if info.key_col == level and info.dash is not None:
                dash = info.dash
            else:
                path.insert(0, info.key or "")
                level, dash = info.key_col, info.dash
                continue
        path.insert(0, _index(lines, j, dash))
        found = _above(lines, j, _list_owner(dash))
        if found is None:
            return tuple(path)
        j, info = found
        path.insert(0, info.key or "")
        level, dash = info.key_col, info.dash


def _index(lines: list[str], j: int, dash: int) -> int:
    """How many items of the same list (``- `` at column ``dash``) come before line ``j``."""
    index = 0
    for k in range(j - 1, -1, -1):
        info = _parse(lines[k])
        if info is None or info.indent > dash:
            continue
        if info.indent == dash and info.dash == dash:
            index += 1
            continue
        if info.indent == dash and info.dash is not None and info.dash > dash:
            index += 1
            continue
        break
    return index


def _siblings(
    lines: list[str], cur: int, level: int, dash: int | None, own: str | None
) -> dict[str, str]:
    """The scalar entries of the mapping at column ``level`` around line ``cur``."""
    found: dict[str, str] = {}

    def take(info: _Line) -> None:
        if info.key is not None and info.key != own and info.value[:1] not in ("", *"[{|>&*!"):
            found.setdefault(info.key, unquote(info.value))

    if dash is None:
        for k in range(cur - 1, -1, -1):
            info = _parse(lines[k])
            if info is None or info.indent > level:
                continue
            if info.key_col != level:
                break
            take(info)
            if info.dash is not None:
                break
    for k in range(cur + 1, len(lines)):
        info = _parse(lines[k])
        if info is None or (info.indent > level):
            continue
        if info.key_col != level or info.dash is not None:
            break
        take(info)
    return found


# ------------------------------------------------------------------------------ a flow mapping
def _open_brace(before: str) -> int | None:
    """Column of the innermost ``{`` still open before the cursor (quotes skipped)."""
    opened: list[int] = []
    quote = ""
    for i, ch in enumerate(before):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or before[i - 1] in " \t"):
            return None
        elif ch == "{":
            opened.append(i)
        elif ch == "}" and opened:
            opened.pop()
    return opened[-1] if opened else None


def _split(body: str) -> list[tuple[int, str]]:
    """``(start, text)`` of each comma-separated item of a flow mapping's body."""
    items, start, quote, depth = [], 0, "", 0
    for i, ch in enumerate(body):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            if depth == 0:
                body = body[:i]
                break
            depth -= 1
        elif ch == "," and depth == 0:
            items.append((start, body[start:i]))
            start = i + 1
    items.append((start, body[start:]))
    return items


def _in_flow(lines: list[str], cur: int, line: str, col: int, brace: int, base: int) -> Place:
    head = line[:brace]
    info = _parse(head + "x") if head.strip() else None
    if info is not None and info.key is not None and head.rstrip().endswith(":"):
        path = (*_parents(lines, cur, info.key_col, info.dash), info.key)
    elif info is not None and info.dash is not None:
        path = (*_parents(lines, cur, info.dash, None), _index(lines, cur, info.dash))
    else:
        path = ()
    siblings: dict[str, str] = {}
    current: tuple[int, str] = (col - brace - 1, "")
    for start, item in _split(line[brace + 1 :]):
        a = brace + 1 + start
        if a <= col <= a + len(item):
            current = (a, item)
        else:
            key, colon, value = item.partition(":")
            if colon and value.strip():
                siblings[unquote(key)] = unquote(value)
    a, item = current
    key, colon, value = item.partition(":")
    if colon and col > a + len(key):
        vstart = a + len(key) + 1
        while vstart < col and line[vstart] in " \t\"'":
            vstart += 1
        vend = a + len(item.rstrip())
        vend = max(col, vend - 1 if line[vend - 1 : vend] in ("'", '"') else vend)
        return Place(
            (*path, unquote(key)), False, line[vstart:col], base + vstart, base + vend, siblings
        )
    kstart = min(a + len(item) - len(item.lstrip()), col)
    return Place(
        (*path, line[kstart:col]),
        True,
        line[kstart:col],
        base + kstart,
        base + max(col, a + len(key.rstrip())),
        siblings,
    )
