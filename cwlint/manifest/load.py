"""Bytes -> documents with positions, and the structure findings CW001 CW002 CW004 CW005.

YAML is *composed* (never constructed): libyaml's C parser builds a node tree with marks, and
:func:`_Builder` turns it into plain data, recording each key's and value's span on the way.
Tags outside YAML's core schema are never executed; they become CW005 findings. Alias expansion,
nesting depth and file size are bounded, so no input can take unbounded time or memory.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Any

import yaml

from cwlint.findings import FILE_START, Pointer, Span
from cwlint.manifest.document import Document

try:  # libyaml's C loader when present, the pure-Python one otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024  # a manifest is a few KB; 5 MiB is far past any real one
MAX_NODES = 100_000  # per document, after alias expansion
MAX_DEPTH = 64  # a manifest nests six levels deep

FORMATS = (1,)  # manifest format versions this cwlint reads

_CORE = "tag:yaml.org,2002:"
_CONSTRUCTOR = yaml.SafeLoader("")  # used only for its scalar constructors (int, float, bool, null)
_SCALARS = {
    _CORE + "int": _CONSTRUCTOR.construct_yaml_int,
    _CORE + "float": _CONSTRUCTOR.construct_yaml_float,
    _CORE + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _CORE + "null": _CONSTRUCTOR.construct_yaml_null,
}
# Core tags whose value is kept as its text: JSON has no date or binary type.
_AS_TEXT = {_CORE + t for t in ("str", "timestamp", "binary", "value")}
_COLLECTIONS = {_CORE + "map", _CORE + "seq", _CORE + "omap", _CORE + "set", _CORE + "pairs"}


@dataclass(frozen=True)
class Problem:
    """A structure finding before the engine attaches rule metadata."""

    rule: str
    span: Span
    message: str
    path: Pointer = ()
    document: int = 0


@dataclass
class Loaded:
    """What one file yielded: its manifests and the problems found on the way."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the text, for inline suppressions


class _Abort(Exception):
    """Stop building a document that breaks a safety bound."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _span(node: yaml.Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


def _at(mark: Any) -> Span:
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)


class _Builder:
    """Node tree -> plain data, recording spans; one instance per document."""

    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.count = 0

    def problem(self, rule: str, node_or_span: Any, message: str, path: Pointer) -> None:
        span = node_or_span if isinstance(node_or_span, Span) else _span(node_or_span)
        self.problems.append(Problem(rule, span, message, path, self.doc.index))

    def build(self, node: yaml.Node, path: Pointer, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:  # reported at the top-level entry that expands
            raise _Abort(
                Problem(
                    "CW005",
                    self.doc.keys.get(path[:1], _span(node)),
                    (
                        f"the document expands to more than {MAX_NODES:,} values (alias bomb?); "
                        "cwlint stopped reading it: remove the repeated aliases"
                    ),
                    path,
                    self.doc.index,
                )
            )
        if depth > MAX_DEPTH:
            raise _Abort(
                Problem(
                    "CW005",
                    _span(node),
                    (
                        f"nesting deeper than {MAX_DEPTH} levels; a manifest is a few levels deep: "
                        "flatten the structure"
                    ),
                    path,
                    self.doc.index,
                )
            )
        if path not in self.doc.values:  # an alias reached again keeps its first place
            self.doc.values[path] = _span(node)
        tag = node.tag
        if tag not in _COLLECTIONS and tag not in _SCALARS and tag not in _AS_TEXT:
            self.problem(
                "CW005",
                node,
                (
                    f"custom tag {tag!r} is not allowed: cwlint reads plain YAML only; "
                    "remove the tag"
                ),
                path,
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        convert = _SCALARS.get(tag)
        if convert is None:
            return node.value
        try:
            return convert(node)
        except (ValueError, yaml.YAMLError):
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: Pointer, depth: int) -> dict:
        out: dict[str, Any] = {}
        first: dict[str, Span] = {}
        merges: list[tuple[yaml.Node, Pointer]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                merges.append((value_node, path))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    "CW003",
                    key_node,
                    (
                        "a mapping key must be plain text, not a list or mapping: "
                        "write the key as a string"
                    ),
                    path,
                )
                continue
            key = key_node.value  # the text as written: `on:` stays "on", `1:` stays "1"
            key_path = (*path, key)
            span = _span(key_node)
            if key in first:
                self.problem(
                    "CW002",
                    span,
                    (
                        f"duplicate key {key!r} (first at line {first[key].line}); YAML loaders "
                        "silently keep the last one: remove or merge the repeats"
                    ),
                    key_path,
                )
                # the last one wins, as in every YAML loader: drop the earlier value's places
                for table in (self.doc.values, self.doc.keys):
                    for p in [p for p in table if p[: len(key_path)] == key_path]:
                        del table[p]
            else:
                first[key] = span
            self.doc.keys[key_path] = span
            out[key] = self.build(value_node, key_path, depth + 1)
        for value_node, base in merges:  # `<<: *defaults` fills keys not written here
            is_list = isinstance(value_node, yaml.SequenceNode)
            sources = value_node.value if is_list else [value_node]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.problem(
                        "CW003",
                        source,
                        "a merge key `<<` takes a mapping or a list of mappings",
                        base,
                    )
                    continue
                for key, value in self._mapping(source, base, depth + 1).items():
                    out.setdefault(key, value)
        return out


def _decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Text of the file, or the CW001 problem that stops reading it."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    nul = raw.find(b"\0")
    if nul >= 0:
        return None, Problem(
            "CW001",
            _offset_span(raw, nul),
            ("binary file (NUL byte): a manifest is YAML text; check that the right file is named"),
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, Problem(
            "CW001",
            _offset_span(raw, exc.start),
            (f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}): save the file as UTF-8"),
        )


def _offset_span(raw: bytes, offset: int) -> Span:
    """Line and column (in characters, as editors count) of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return Span(line, col, line, col + 1)


def load(raw: bytes, file: str) -> Loaded:
    """Every manifest in ``raw`` (a file may hold several, separated by ``---``)."""
    result = Loaded()
    if len(raw) > MAX_BYTES:
        result.problems.append(
            Problem(
                "CW005",
                FILE_START,
                (
                    f"file is {len(raw) / 1048576:.1f} MiB; cwlint reads manifests up to "
                    f"{MAX_BYTES // 1048576} MiB: is this the right file?"
                ),
            )
        )
        return result
    text, problem = _decode(raw)
    if problem is not None:
        result.problems.append(problem)
        return result
    assert text is not None
    result.lines = text.splitlines()
    if not text.strip():
        result.problems.append(
            Problem("CW004", FILE_START, ("the file is empty: a manifest starts with `cwlint: 1`"))
        )
        return result
    loader = _Loader(text)
    index = 0
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                _document(node, Document(file, index), result)
            index += 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(mark) if mark is not None else FILE_START
        if "nesting depth" in str(exc.problem):  # PyYAML >= 6.0.4 stops at ~1000 levels itself
            result.problems.append(
                Problem(
                    "CW005",
                    where,
                    (
                        f"nesting deeper than {MAX_DEPTH} levels; a manifest is a few levels deep: "
                        "flatten the structure"
                    ),
                    (),
                    index,
                )
            )
            return result
        context = exc.context
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            start = _at(exc.context_mark)
            context += f" (from {start.line}:{start.col})"
        what = " ".join(filter(None, [context, exc.problem])) or "invalid YAML"
        result.problems.append(Problem("CW001", where, f"YAML syntax: {what}", (), index))
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position too
        pos = getattr(exc, "position", None)
        where = _offset_span(text.encode(), pos) if isinstance(pos, int) else FILE_START
        reason = getattr(exc, "reason", None) or "unreadable character"
        result.problems.append(Problem("CW001", where, f"YAML syntax: {reason}", (), index))
    except RecursionError:  # the pure-Python composer on absurd nesting
        result.problems.append(
            Problem(
                "CW005",
                FILE_START,
                (f"nesting deeper than {MAX_DEPTH} levels: flatten the structure"),
                (),
                index,
            )
        )
    finally:
        loader.dispose()
    if index == 0 and not result.documents and not result.problems:
        result.problems.append(
            Problem(
                "CW004",
                FILE_START,
                ("the file holds no YAML document: a manifest starts with `cwlint: 1`"),
            )
        )
    return result


def _document(node: yaml.Node, doc: Document, result: Loaded) -> None:
    problems: list[Problem] = []
    try:
        doc.data = _Builder(doc, problems).build(node, ())
    except _Abort as stop:
        result.problems.extend(problems)
        result.problems.append(stop.problem)
        return
    result.problems.extend(problems)
    version_problem = _format_problem(doc)
    if version_problem is not None:
        result.problems.append(version_problem)
        return
    result.documents.append(doc)


def _format_problem(doc: Document) -> Problem | None:
    """CW004: the document must be a mapping whose ``cwlint:`` names a known format."""
    data = doc.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return Problem(
            "CW004",
            doc.span(()),
            (f"the document is {kind}; a manifest is a mapping that starts with `cwlint: 1`"),
            (),
            doc.index,
        )
    if "cwlint" not in data:
        return Problem(
            "CW004",
            doc.span(()),
            ("`cwlint:` is missing: add `cwlint: 1` as the first line to mark the format"),
            (),
            doc.index,
        )
    version = data["cwlint"]
    if version in FORMATS and not isinstance(version, bool):
        return None
    known = ", ".join(str(v) for v in FORMATS)
    hint = (
        f"write it as a number: `cwlint: {version.strip()}`"
        if isinstance(version, str) and version.strip() in {str(v) for v in FORMATS}
        else f"this cwlint reads format {known}: write `cwlint: 1`"
    )
    return Problem(
        "CW004",
        doc.span(("cwlint",)),
        (f"unknown manifest format {version!r}; {hint}"),
        ("cwlint",),
        doc.index,
    )
