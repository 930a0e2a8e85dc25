"""Bytes -> documents with positions, and the structure findings CW001 CW002 CW004 CW005.

YAML is *composed* (never constructed): libyaml's C parser builds a node tree with marks, and
:func:`_Builder` turns it into plain data, recording each key's and value's span on the way.
Tags outside YAML's core schema are never executed; they become CW005 findings. Alias expansion,
nesting depth and file size are bounded, so no input can take unbounded time or memory.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import functools
import re
from collections.abc import Callable
from dataclasses import field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from cwlint._record import mutable_record, record
from cwlint.display import quote
from cwlint.files import Truncated, size_text
from cwlint.findings import FILE_START, Pointer, Span
from cwlint.manifest.document import Document

try:  # libyaml's C loader when present, the pure-Python one otherwise
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024  # a manifest is a few KB; 5 MiB is far past any real one
MAX_NODES = 100_000  # per document, after alias expansion
MAX_DEPTH = 64  # a manifest nests six levels deep

FORMATS = (1,)  # manifest format versions this cwlint reads

MAX_NUMBER_CHARS = 100  # a number written longer than this is not a manifest's number
MAX_DOCUMENTS = 1_000  # per file; a repository keeps a few manifests per file at most
MAX_PROBLEMS = 500  # per file; past this the loader stops reading it (below the engine's cap)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("int", "float", "bool", "null", "str", "timestamp", "binary")}
_SCALAR_TAGS.add(_CORE + "value")
_MAPPING_TAGS = {_CORE + "map", _CORE + "set"}
_SEQUENCE_TAGS = {_CORE + "seq", _CORE + "omap", _CORE + "pairs"}
# UTF-32 first: its little-endian mark starts with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF16_LE, "utf-16"),
)
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


@record
class Problem:
    """A structure finding before the engine attaches rule metadata."""

    rule: str
    span: Span
    message: str
    path: Pointer = ()
    document: int = 0


@mutable_record
class Loaded:
    """What one file yielded: its manifests and the problems found on the way."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # as decoded
    encoding: str = "utf-8"  # of the bytes: byte-level scans only see UTF-8 text

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, for inline suppressions (split only when a file has some)."""
        return self.text.splitlines()


class _Loader(_Parser):
    """libyaml's parser and composer, with YAML 1.1 tag resolution bounded for long scalars."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:  # no path resolvers: a collection's default tag
            return _SEQ if kind is yaml.SequenceNode else _MAP
        if not implicit[0]:  # quoted (or block) text is a string, whatever it holds
            return _STR
        tag = _RESOLVED.get(value)  # the same plain scalars recur in every manifest
        if tag is not None:
            return tag
        # The resolver's number regexes take memory in proportion to a long scalar (200 MB for
        # 4.5 MB of 1:59:59:...). A long plain scalar made of a number's characters is a number
        # (too long: CW005), anything else is text.
        if len(value) > MAX_NUMBER_CHARS:
            return _CORE + ("int" if _long_number(value) else "str")
        # types-PyYAML leaves BaseResolver.resolve unannotated
        tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        if len(_RESOLVED) >= _RESOLVED_MAX:
            _RESOLVED.clear()
        _RESOLVED[value] = tag
        return tag


_STR, _SEQ, _MAP = _CORE + "str", _CORE + "seq", _CORE + "map"
#: plain scalar -> its resolved tag (what the resolver's regexes say depends on the text alone)
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 50_000


def _long_number(text: str) -> bool:
    """Whether text is written as a YAML 1.1 number could be (a loop over characters, no regex):
    hex after 0x, binary after 0b, else digits with ``_ : . e + -``."""
    body = text.lstrip("+-")
    if body.startswith(("0x", "0b")):
        rest, allowed = body[2:], "_0123456789abcdefABCDEF" if body[1] == "x" else "_01"
    else:
        rest, allowed = body, "_:.eE+-0123456789"
    return body[:1] in ".0123456789" and not rest.strip(allowed)


def parser() -> Any:
    """The YAML loader class cwlint parses with (libyaml's when PyYAML has it)."""
    return _Loader


class _Abort(Exception):
    """Stop building a document that breaks a safety bound."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _span(node: yaml.Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return _new_span(Span, (s.line + 1, s.column + 1, e.line + 1, e.column + 1))


_new_span = tuple.__new__  # Span(...) without its keyword-argument handling: one per node


def _at(mark: Any) -> Span:
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)


def _short(tag: str) -> str:
    """``!!int`` for a core tag, the tag itself otherwise."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _signed(text: str) -> tuple[int, str]:
    body = text.replace("_", "")
    if not body.isascii():
        raise ValueError(text)
    if body.startswith("-"):
        return -1, body[1:]
    return 1, body[1:] if body.startswith("+") else body


def _base60(body: str, kind: Callable[[str], Any]) -> Any:
    value = kind("0")
    for part in body.split(":"):
        value = value * 60 + kind(part)
    return value


def _int(text: str) -> int:
    """YAML 1.1 integers: ``0b1010``, ``0x1f``, ``017`` (octal), ``1:30`` (base 60), ``1_000``."""
    sign, body = _signed(text)
    if body.startswith(("0b", "0x")):
        return sign * int(body[2:], 2 if body[1] == "b" else 16)
    if ":" in body:
        return sign * _base60(body, int)
    if len(body) > 1 and body.startswith("0"):
        return sign * int(body, 8)
    return sign * int(body)


def _float(text: str) -> float:
    """YAML 1.1 floats: ``1.5``, ``1e3``, ``.inf``, ``.nan``, ``1:30.5`` (base 60), ``1_0.5``."""
    sign, body = _signed(text)
    if body.lower() in (".inf", ".nan"):
        return sign * float(body[1:])
    if ":" in body:
        return sign * _base60(body, float)
    return sign * float(body)


def _timestamp(text: str) -> None:
    if SafeConstructor.timestamp_regexp.match(text) is None:
        raise ValueError(text)
    _CONSTRUCTOR.construct_yaml_timestamp(yaml.ScalarNode(_CORE + "timestamp", text))


def _binary(text: str) -> None:
    try:
        base64.decodebytes(text.encode("ascii"))
    except binascii.Error as exc:
        raise ValueError(text) from exc


_CONSTRUCTOR = SafeConstructor()
_NUMBER_TAGS = {_CORE + "int", _CORE + "float"}
_CONVERT: dict[str, Callable[[str], Any]] = {
    _CORE + "int": _int,
    _CORE + "float": _float,
    _CORE + "bool": lambda text: _BOOLS[text.lower()],
    _CORE + "null": lambda text: None,
}
_CHECK: dict[str, Callable[[str], None]] = {
    _CORE + "timestamp": _timestamp,
    _CORE + "binary": _binary,
}
_WANTED = {
    _CORE + "int": "a whole number",
    _CORE + "float": "a number",
    _CORE + "bool": "true or false (yes/no, on/off)",
    _CORE + "timestamp": "a date or time (2025-01-31, 2025-01-31T12:00:00Z)",
    _CORE + "binary": "base64 text",
}


def _unreadable(tag: str) -> str:
    # the value is not echoed: it may be a key written under the wrong tag
    return (
        f"the value is not {_WANTED[tag]}, as its tag {_short(tag)} says: fix it or remove the tag"
    )


def _too_many(span: Span, document: int) -> Problem:
    return Problem(
        "CW005",
        span,
        (
            f"more than {MAX_PROBLEMS:,} problems in one file; cwlint stopped reading it here: "
            "fix these first"
        ),
        (),
        document,
    )


class _Builder:
    """Node tree -> plain data, recording spans; one instance per document."""

    def __init__(self, doc: Document, problems: list[Problem], limit: int) -> None:
        self.doc = doc
        self.problems = problems
        self.limit = limit  # problems this document may add before the file's cap is reached
        self.count = 0

    def problem(self, rule: str, node_or_span: Any, message: str, path: Pointer) -> None:
        span = node_or_span if isinstance(node_or_span, Span) else _span(node_or_span)
        if len(self.problems) >= self.limit:
            raise _Abort(_too_many(span, self.doc.index))
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
                        f"nesting deeper than {MAX_DEPTH} levels; cwlint reads files a few levels deep: "
                        "flatten the structure"
                    ),
                    path,
                    self.doc.index,
                )
            )
        values = self.doc.values
        if path not in values:  # an alias reached again keeps its first place
            s, e = node.start_mark, node.end_mark  # _span, inline: once per node
            values[path] = _new_span(Span, (s.line + 1, s.column + 1, e.line + 1, e.column + 1))
        if node.tag == _STR and node.__class__ is yaml.ScalarNode:  # most values: text as is
            return node.value
        if isinstance(node, yaml.MappingNode):
            self._tag(node, path, _MAPPING_TAGS)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._tag(node, path, _SEQUENCE_TAGS)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if not self._tag(node, path, _SCALAR_TAGS):
            return node.value
        return self._scalar(node, path)

    def _tag(self, node: yaml.Node, path: Pointer, fits: set[str]) -> bool:
        """Whether the node's tag is a core tag of its kind; a finding when it is not."""
        tag = node.tag
        if tag in fits:
            return True
        if tag in _SCALAR_TAGS or tag in _MAPPING_TAGS or tag in _SEQUENCE_TAGS:
            kind = "a single value" if tag in _SCALAR_TAGS else "a mapping or a list"
            self.problem(
                "CW001",
                node,
                f"the tag {_short(tag)} marks {kind}, not what follows it: remove the tag",
                path,
            )
        else:
            self.problem(
                "CW005",
                node,
                (
                    f"custom tag {quote(_short(tag))} is not allowed: cwlint reads plain YAML "
                    "only; remove the tag"
                ),
                path,
            )
        return False

    def _scalar(self, node: yaml.Node, path: Pointer) -> Any:
        """The value of a scalar as its core tag reads it; the text when it cannot be read."""
        tag, text = node.tag, node.value
        convert = _CONVERT.get(tag)
        if convert is None:  # str, and what JSON has no type for (timestamp, binary): the text
            check = _CHECK.get(tag)
            if check is not None:
                try:
                    check(text)
                except ValueError:
                    self.problem("CW001", node, _unreadable(tag), path)
            return text
        if tag in _NUMBER_TAGS and len(text) > MAX_NUMBER_CHARS:
            self.problem(
                "CW005",
                node,
                (
                    f"a number written with {len(text):,} characters; cwlint reads numbers up "
                    f"to {MAX_NUMBER_CHARS}: quote it if it is text"
                ),
                path,
            )
            return text
        try:
            value = convert(text)
        except (ValueError, KeyError):
            self.problem("CW001", node, _unreadable(tag), path)
            return text
        self.doc.written[path] = text
        return value

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
            s, e = key_node.start_mark, key_node.end_mark  # _span, inline: once per key
            span = _new_span(Span, (s.line + 1, s.column + 1, e.line + 1, e.column + 1))
            if key in first:
                self.problem(
                    "CW002",
                    span,
                    (
                        f"duplicate key {quote(key)} (first at line {first[key].line}); YAML loaders "
                        "silently keep the last one: remove or merge the repeats"
                    ),
                    key_path,
                )
                # the last one wins, as in every YAML loader: drop the earlier value's places
                for table in (self.doc.values, self.doc.keys, self.doc.written):
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


def encoding(raw: bytes) -> str:
    """The file's encoding as YAML detects it: a byte order mark, else the NUL bytes that
    UTF-16 and UTF-32 put around an ASCII first character; UTF-8 otherwise."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec
    head = raw[:4]
    if len(head) == 4 and head[:3] == b"\0\0\0":
        return "utf-32-be"
    if len(head) == 4 and head[1:] == b"\0\0\0":
        return "utf-32-le"
    if len(head) >= 2 and head[0] == 0 and head[1] != 0:
        return "utf-16-be"
    if len(head) >= 2 and head[1] == 0 and head[0] != 0:
        return "utf-16-le"
    return "utf-8"


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Text of the file, or the CW001 problem that stops reading it."""
    codec = encoding(raw)
    if codec != "utf-8":
        try:
            return raw.decode(codec).removeprefix("\ufeff"), None
        except UnicodeDecodeError:
            pass  # not text in that encoding after all: binary, as the NUL bytes say
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


LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks


def _indenting_tab(text: str, mark: Any) -> str:
    """The message for a syntax error at a tab in a line's indentation (the YAML parser's own
    words, "found character that cannot start any token", do not say "tab"), or ``""``."""
    if mark is None:
        return ""
    lines = LINE_BREAK.split(text, maxsplit=mark.line + 1)
    line = lines[mark.line] if mark.line < len(lines) else ""
    if line[mark.column : mark.column + 1] != "\t" or line[: mark.column].strip(" \t"):
        return ""
    return (
        f"YAML syntax: a tab indents line {mark.line + 1} (column {mark.column + 1}); YAML "
        "forbids tabs for indentation: indent with spaces"
    )


def _offset_span(raw: bytes, offset: int) -> Span:
    """Line and column (in characters, as editors count) of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return Span(line, col, line, col + 1)


def load(raw: bytes, file: str) -> Loaded:
    """Every manifest in ``raw`` (a file may hold several, separated by ``---``)."""
    return _load(raw, file, manifest=True)


def load_data(raw: bytes, file: str) -> Loaded:
    """Every document of a YAML file that is not a manifest (a config, a profile): read with the
    same bounds and findings, without the manifest's ``cwlint:`` format check."""
    return _load(raw, file, manifest=False)


def _load(raw: bytes, file: str, *, manifest: bool) -> Loaded:
    result = Loaded()
    if len(raw) > MAX_BYTES:  # raw may be only the head of the file (cwlint.files.Truncated)
        size = raw.size if isinstance(raw, Truncated) else len(raw)
        result.problems.append(
            Problem(
                "CW005",
                FILE_START,
                (
                    f"file is {size_text(size) if size else f'over {size_text(MAX_BYTES)}'}; "
                    f"cwlint reads manifests up to {size_text(MAX_BYTES)}: is this the right file?"
                ),
            )
        )
        return result
    text, problem = decode(raw)
    result.encoding = encoding(raw)
    if problem is not None:
        result.problems.append(problem)
        return result
    assert text is not None
    result.text = text
    if not text.strip():
        if not manifest:
            return result
        result.problems.append(
            Problem("CW004", FILE_START, ("the file is empty: a manifest starts with `cwlint: 1`"))
        )
        return result
    loader = _Loader(text)
    index = 0
    end = None  # where the last document read ends
    try:
        while loader.check_node():
            if index == MAX_DOCUMENTS:
                result.problems.append(_too_many_documents(end, index))
                break
            node = loader.get_node()
            end = node.end_mark if node is not None else end
            if node is not None and not _document(
                node, Document(file, index, text=text), result, manifest
            ):
                break
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
                        f"nesting deeper than {MAX_DEPTH} levels; cwlint reads files a few levels deep: "
                        "flatten the structure"
                    ),
                    (),
                    index,
                )
            )
            return result
        tab = _indenting_tab(text, mark)
        if tab:
            result.problems.append(Problem("CW001", where, tab, (), index))
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
    if manifest and index == 0 and not result.documents and not result.problems:
        result.problems.append(
            Problem(
                "CW004",
                FILE_START,
                ("the file holds no YAML document: a manifest starts with `cwlint: 1`"),
            )
        )
    return result


def _too_many_documents(mark: Any, index: int) -> Problem:
    return Problem(
        "CW005",
        _at(mark) if mark is not None else FILE_START,
        (
            f"more than {MAX_DOCUMENTS:,} documents in one file; cwlint stopped reading it after "
            "this one: split the file"
        ),
        (),
        index,
    )


def _document(node: yaml.Node, doc: Document, result: Loaded, manifest: bool) -> bool:
    """Build one document into ``result``; False when the file's problem cap is reached."""
    problems: list[Problem] = []
    limit = MAX_PROBLEMS - len(result.problems)
    try:
        doc.data = _Builder(doc, problems, limit).build(node, ())
    except _Abort as stop:
        result.problems.extend(problems)
        result.problems.append(stop.problem)
        return len(result.problems) <= MAX_PROBLEMS
    result.problems.extend(problems)
    version_problem = _format_problem(doc) if manifest else None
    if version_problem is None:
        result.documents.append(doc)
    elif len(result.problems) < MAX_PROBLEMS:
        result.problems.append(version_problem)
    else:
        result.problems.append(_too_many(version_problem.span, doc.index))
        return False
    return True


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
        (f"unknown manifest format {doc.shown(('cwlint',))}; {hint}"),
        ("cwlint",),
        doc.index,
    )
