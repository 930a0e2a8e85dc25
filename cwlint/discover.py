"""Discovery: which files a run checks, and reading them (bounded).

:func:`candidates` walks the paths and yields what to read, without reading anything: files
named on the command line (``named=True``), and the ``*.yaml``/``*.yml`` files found in folders.
The caller reads each one (:func:`read`) and keeps a walked file only when
:func:`is_manifest` says its top-level mapping has ``cwlint:``, so that files can be streamed
to workers instead of being held in memory.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from cwlint import files
from cwlint.errors import UsageError
from cwlint.files import reason, shown
from cwlint.manifest.load import MAX_BYTES, decode, encoding

STDIN = files.STDIN
_MANIFEST_MARK = re.compile(rb"^(?:\xef\xbb\xbf)?([\"']?)cwlint\1[ \t]*:", re.MULTILINE)
_SKIP_DIRS = {"node_modules", "venv", "__pycache__", "site-packages"}


class Candidate(NamedTuple):
    """A file to read: ``name`` as given or found; ``named`` when the command line names it."""

    name: str
    named: bool


#: ``excluded(path)``: whether a walked file or folder (or, for pre-commit, a named file) is
#: left out; the engine answers it from the config that governs ``path``.
Excluded = Callable[[str], bool]


def candidates(paths: Iterable[str], excluded: Excluded) -> Iterator[Candidate]:
    """Every file to read, in order, each once; raises :class:`UsageError` for a missing path."""
    seen: set[str] = set()
    for arg in paths:
        if arg == STDIN:
            if STDIN in seen:
                raise UsageError("'-' is given twice: standard input can be read once")
            seen.add(STDIN)
            yield Candidate(STDIN, True)
        elif _kind(arg) == "folder":
            for name in _walk(arg, excluded):
                if name not in seen:
                    seen.add(name)
                    yield Candidate(name, False)
        elif arg not in seen:  # a file, or what files.head refuses with its reason when read
            seen.add(arg)
            yield Candidate(arg, True)


def _kind(path: str) -> str:
    """``folder`` or ``file`` (anything else: read() says what it is); UsageError if absent."""
    try:
        return "folder" if stat.S_ISDIR(os.stat(path).st_mode) else "file"
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ELOOP) and os.path.islink(path):
            raise UsageError(
                f"{shown(path)}: a symbolic link to nothing (broken, or a loop)"
            ) from None
        raise UsageError(f"{shown(path)}: {reason(exc)}") from None


def _walk_error(exc: OSError) -> None:
    raise UsageError(f"{shown(exc.filename or '?')}: {reason(exc)}")


def _walk(top: str, excluded: Excluded) -> list[str]:
    found = []
    for root, dirs, here in os.walk(top, onerror=_walk_error):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d not in _SKIP_DIRS and not excluded(os.path.join(root, d))
        )
        names = [
            os.path.normpath(os.path.join(root, f)) for f in here if f.endswith((".yaml", ".yml"))
        ]
        # regular files only: a FIFO or device found in a tree is never opened (it could block)
        found += [n for n in names if os.path.isfile(n) and not excluded(n)]
    return sorted(found)


def read(name: str) -> bytes:
    """The bytes of a regular file (``-``: standard input); past the loader's bound, only a
    :class:`~cwlint.files.Truncated` head whose size the loader reports."""
    try:
        return files.head(name, MAX_BYTES)
    except files.FileError as exc:
        raise UsageError(str(exc)) from None


def is_manifest(raw: bytes) -> bool:
    """Whether a document's top-level mapping has a ``cwlint`` key, in any spelling the loader
    reads as one: quoted or escaped, ``? cwlint``, in flow style, anchored, tagged, an alias
    of such a scalar, merged in with ``<<``, in UTF-16 or UTF-32.

    Cheap for the usual cases: a ``cwlint:`` at the start of a line of UTF-8 says yes, and
    UTF-8 text without ``cwlint`` or a backslash (an escape could spell it) says no; only the
    rest is decoded and parsed.
    """
    if _MANIFEST_MARK.search(raw) is not None:
        return True
    if encoding(raw) == "utf-8" and b"cwlint" not in raw and b"\\" not in raw:
        return False
    text, _ = decode(raw)
    return text is not None and _has_top_level_key(text, raw)


def _has_top_level_key(text: str, raw: bytes) -> bool:
    """Parse events until a top-level key reads ``cwlint`` (what parsed before a syntax error
    counts); a top-level ``<<`` merge key leaves the answer to the loader."""
    import yaml

    from cwlint.manifest.load import load_data, parser

    anchors: dict[str, str] = {}
    stack: list[list[bool]] = []  # per open collection: [is a mapping, next item is a key]
    merges = False
    try:
        for event in yaml.parse(text, Loader=parser()):
            if isinstance(event, yaml.DocumentStartEvent):
                stack.clear()
            if not isinstance(event, (yaml.NodeEvent, yaml.CollectionEndEvent)):
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                if stack and stack[-1][0]:
                    stack[-1][1] = not stack[-1][1]
                continue
            if isinstance(event, yaml.ScalarEvent) and event.anchor:
                anchors[event.anchor] = event.value
            if len(stack) == 1 and stack[0] == [True, True]:  # a key of a top-level mapping
                key: str | None
                if isinstance(event, yaml.ScalarEvent):
                    key = event.value
                    merges |= key == "<<" and event.implicit[0]
                else:
                    key = (
                        anchors.get(event.anchor or "")
                        if isinstance(event, yaml.AliasEvent)
                        else None
                    )
                if key == "cwlint":
                    return True
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([isinstance(event, yaml.MappingStartEvent), True])
            elif stack and stack[-1][0]:
                stack[-1][1] = not stack[-1][1]
    except yaml.YAMLError:
        pass
    if merges:
        return any(
            isinstance(doc.data, dict) and "cwlint" in doc.data
            for doc in load_data(raw, "").documents
        )
    return False
