"""A small interpreter for ConnectWise's ``conditions``, ``fields`` and ``orderBy`` parameters.

It covers what the Developer Guide documents (api-notes.md §2.6) well enough for a test
server: comparisons ``= != < <= > >=``, ``contains``, ``like`` (``*`` wildcard), ``in (…)``,
their ``not`` forms, ``AND``/``OR`` (case-insensitive) with parentheses, double- or
single-quoted strings, integers, ``True``/``False``, ``null`` and ``[datetimes]``, and
``/``-separated reference fields (``securityRole/name``).  String comparisons are
case-insensitive, like ConnectWise's SQL Server collation.  Anything else raises
:class:`ConditionError`, which the server turns into a 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ConditionError",
    "apply_order_by",
    "compile_conditions",
    "index_key",
    "select_fields",
]

Predicate = Callable[[Mapping[str, Any]], bool]


class ConditionError(ValueError):
    """The conditions/fields/orderBy text cannot be understood."""


@dataclass(frozen=True)
class _Token:
    kind: str  # STRING NUMBER BOOL NULL DATE WORD OP LPAREN RPAREN COMMA
    value: Any
    pos: int


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<dstring>"(?:[^"]|"")*")
  | (?P<sstring>'(?:[^']|'')*')
  | (?P<date>\[[^\]]*\])
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
  | (?P<number>-?\d+(?:\.\d+)?(?![\w/]))
  | (?P<word>[A-Za-z_][\w/.]*)
    """,
    re.VERBOSE,
)

_WORD_OPS = {"contains", "like", "in", "not"}


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            raise ConditionError(f"unexpected character {text[pos]!r} at position {pos + 1}")
        kind = m.lastgroup
        raw = m.group()
        if kind == "dstring":
            tokens.append(_Token("STRING", raw[1:-1].replace('""', '"'), pos))
        elif kind == "sstring":
            tokens.append(_Token("STRING", raw[1:-1].replace("''", "'"), pos))
        elif kind == "date":
            tokens.append(_Token("DATE", raw[1:-1].strip(), pos))
        elif kind == "op":
            tokens.append(_Token("OP", raw, pos))
        elif kind == "lparen":
            tokens.append(_Token("LPAREN", raw, pos))
        elif kind == "rparen":
            tokens.append(_Token("RPAREN", raw, pos))
        elif kind == "comma":
            tokens.append(_Token("COMMA", raw, pos))
        elif kind == "number":
            tokens.append(_Token("NUMBER", float(raw) if "." in raw else int(raw), pos))
        elif kind == "word":
            low = raw.lower()
            if low in ("true", "false"):
                tokens.append(_Token("BOOL", low == "true", pos))
            elif low == "null":
                tokens.append(_Token("NULL", None, pos))
            else:
                tokens.append(_Token("WORD", raw, pos))
        pos = m.end()
    return tokens


def lookup(record: Mapping[str, Any], path: str) -> Any:
    """Value at a ``/``-separated path, field names matched case-insensitively."""
    value: Any = record
    for part in path.split("/"):
        if not isinstance(value, Mapping):
            return None
        if part in value:
            value = value[part]
            continue
        low = part.lower()
        for key, item in value.items():
            if key.lower() == low:
                value = item
                break
        else:
            return None
    return value


def _norm(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _key(value: Any) -> tuple[str, Any]:
    """Equality key: strings case-insensitive, numbers and numeric strings alike."""
    if value is None:
        return ("null", None)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float) and value.is_integer():
        return ("str", str(int(value)))
    return ("str", str(value).casefold())


def _equal(left: Any, right: Any) -> bool:
    return _key(left) == _key(right)


def _order(left: Any, right: Any) -> int | None:
    if left is None or right is None:
        return None
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return (left > right) - (left < right)
    a, b = str(_norm(left)), str(_norm(right))
    return (a > b) - (a < b)


def _like(value: Any, pattern: Any) -> bool:
    if value is None or pattern is None:
        return False
    pat = str(pattern).casefold().replace("[[]", "\0").replace("%", "*")
    pat = re.escape(pat).replace(r"\*", ".*").replace("\0", r"\[")
    return re.fullmatch(pat, str(value).casefold(), re.DOTALL) is not None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.peek()
        if tok is None:
            raise ConditionError("unexpected end of conditions")
        self.i += 1
        return tok

    def peek_word(self, *words: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "WORD" and tok.value.lower() in words

    def parse(self) -> Predicate:
        pred = self.expr()
        tok = self.peek()
        if tok is not None:
            raise ConditionError(f"unexpected {tok.value!r} at position {tok.pos + 1}")
        return pred

    def expr(self) -> Predicate:
        parts = [self.term()]
        while self.peek_word("or"):
            self.take()
            parts.append(self.term())
        if len(parts) == 1:
            return parts[0]
        return lambda r: any(p(r) for p in parts)

    def term(self) -> Predicate:
        parts = [self.factor()]
        while self.peek_word("and"):
            self.take()
            parts.append(self.factor())
        if len(parts) == 1:
            return parts[0]
        return lambda r: all(p(r) for p in parts)

    def factor(self) -> Predicate:
        tok = self.peek()
        if tok is not None and tok.kind == "LPAREN":
            self.take()
            inner = self.expr()
            close = self.take()
            if close.kind != "RPAREN":
                raise ConditionError(f"expected ')' at position {close.pos + 1}")
            return inner
        if self.peek_word("not"):
            self.take()
            inner = self.factor()
            return lambda r: not inner(r)
        return self.comparison()

    def value(self) -> Any:
        tok = self.take()
        if tok.kind in ("STRING", "NUMBER", "BOOL", "NULL", "DATE"):
            return tok.value
        raise ConditionError(f"expected a value at position {tok.pos + 1}, got {tok.value!r}")

    def comparison(self) -> Predicate:
        field_tok = self.take()
        if field_tok.kind != "WORD" or field_tok.value.lower() in _WORD_OPS | {"and", "or"}:
            raise ConditionError(f"expected a field name at position {field_tok.pos + 1}")
        field = field_tok.value
        negate = False
        if self.peek_word("not"):
            self.take()
            negate = True
        op_tok = self.take()
        if op_tok.kind == "OP" and not negate:
            op = op_tok.value
            rhs = self.value()
            return self._compare(field, op, rhs)
        if op_tok.kind != "WORD" or op_tok.value.lower() not in ("contains", "like", "in"):
            raise ConditionError(f"expected an operator at position {op_tok.pos + 1}")
        op = op_tok.value.lower()
        pred: Predicate
        if op == "in":
            opened = self.take()
            if opened.kind != "LPAREN":
                raise ConditionError(f"expected '(' after 'in' at position {opened.pos + 1}")
            values = [self.value()]
            while True:
                sep = self.take()
                if sep.kind == "RPAREN":
                    break
                if sep.kind != "COMMA":
                    raise ConditionError(f"expected ',' or ')' at position {sep.pos + 1}")
                values.append(self.value())
            keys = {_key(v) for v in values}
            pred = lambda r: _key(lookup(r, field)) in keys  # noqa: E731
            if not negate:  # a server may answer `field in (...)` from an index (index_key)
                pred.index = (field, keys)  # type: ignore[attr-defined]
        elif op == "contains":
            needle = self.value()
            pred = lambda r: (  # noqa: E731
                lookup(r, field) is not None and str(_norm(needle)) in str(_norm(lookup(r, field)))
            )
        else:
            pattern = self.value()
            pred = lambda r: _like(lookup(r, field), pattern)  # noqa: E731
        if negate:
            return lambda r: not pred(r)
        return pred

    @staticmethod
    def _compare(field: str, op: str, rhs: Any) -> Predicate:
        if op == "=":
            return lambda r: _equal(lookup(r, field), rhs)
        if op == "!=":
            return lambda r: not _equal(lookup(r, field), rhs)
        checks: dict[str, Callable[[int], bool]] = {
            "<": lambda c: c < 0,
            "<=": lambda c: c <= 0,
            ">": lambda c: c > 0,
            ">=": lambda c: c >= 0,
        }
        check = checks[op]

        def pred(r: Mapping[str, Any]) -> bool:
            c = _order(lookup(r, field), rhs)
            return c is not None and check(c)

        return pred


def index_key(record: Mapping[str, Any], field: str) -> tuple[str, Any]:
    """What ``field in (...)`` compares of a record: a predicate with an ``index`` attribute
    ``(field, keys)`` holds exactly for the records whose index_key is in ``keys``."""
    return _key(lookup(record, field))


def compile_conditions(text: str | None) -> Predicate:
    """Compile a ``conditions`` string to a predicate over API-shaped dicts."""
    if text is None or not text.strip():
        return lambda r: True
    return _Parser(text).parse()


def select_fields(record: Mapping[str, Any], fields: str | None) -> dict[str, Any]:
    """Trim ``record`` to the comma-separated ``fields`` (``securityRole/name`` nests)."""
    if fields is None or not fields.strip():
        return dict(record)
    out: dict[str, Any] = {}
    for raw in fields.split(","):
        path = raw.strip()
        if not path:
            continue
        parts = path.split("/")
        source: Any = record
        target = out
        for depth, part in enumerate(parts):
            if not isinstance(source, Mapping):
                break
            key = next((k for k in source if k.lower() == part.lower()), None)
            if key is None:
                break
            if depth == len(parts) - 1:
                target[key] = source[key]
            else:
                source = source[key]
                nested = target.setdefault(key, {})
                if not isinstance(nested, dict):
                    break
                target = nested
    return out


def apply_order_by(records: Iterable[dict[str, Any]], order_by: str | None) -> list[dict[str, Any]]:
    """Sort by ``orderBy`` (``"identifier asc, id desc"``); default is by ``id``."""
    items = list(records)
    if order_by is None or not order_by.strip():
        items.sort(key=lambda r: (r.get("id") is None, r.get("id") or 0))
        return items
    keys: list[tuple[str, bool]] = []
    for clause in order_by.split(","):
        words = clause.split()
        if not words:
            continue
        if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise ConditionError(f"invalid orderBy clause {clause.strip()!r}")
        keys.append((words[0], len(words) == 2 and words[1].lower() == "desc"))
    for field, descending in reversed(keys):
        present = [r for r in items if lookup(r, field) is not None]
        missing = [r for r in items if lookup(r, field) is None]

        def sort_key(r: Mapping[str, Any], field: str = field) -> Any:
            v = lookup(r, field)
            return (0, v, "") if isinstance(v, (int, float)) else (1, 0, str(_norm(v)))

        present.sort(key=sort_key, reverse=descending)
        items = present + missing
    return items
