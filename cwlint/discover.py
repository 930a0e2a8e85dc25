"""Discovery: which files a run checks, and reading them (bounded).

:func:`candidates` walks the paths and yields what to read, without reading anything: files
named on the command line (``named=True``), and the ``*.yaml``/``*.yml`` files found in folders.
The caller reads each one (:func:`read`) and keeps a walked file only when
:func:`is_manifest` says its top-level mapping has ``cwlint:``, so that files can be streamed
to workers instead of being held in memory.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from cwlint.errors import UsageError
from cwlint.manifest.load import MAX_BYTES

STDIN = "-"
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
        elif os.path.isdir(arg):
            for name in _walk(arg, excluded):
                if name not in seen:
                    seen.add(name)
                    yield Candidate(name, False)
        elif os.path.exists(arg):
            if arg not in seen:
                seen.add(arg)
                yield Candidate(arg, True)
        elif os.path.islink(arg):
            raise UsageError(f"{arg}: a symbolic link to nothing (broken, or a loop)")
        else:
            raise UsageError(f"{arg}: no such file or directory")


def _walk(top: str, excluded: Excluded) -> list[str]:
    found = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d not in _SKIP_DIRS and not excluded(os.path.join(root, d))
        )
        names = [
            os.path.normpath(os.path.join(root, f)) for f in files if f.endswith((".yaml", ".yml"))
        ]
        # regular files only: a FIFO or device found in a tree is never opened (it could block)
        found += [n for n in names if os.path.isfile(n) and not excluded(n)]
    return sorted(found)


def read(name: str) -> bytes:
    """The bytes of a file (``-``: standard input), at most one byte past the loader's bound."""
    if name == STDIN:
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    try:
        with open(name, "rb") as fh:
            return fh.read(MAX_BYTES + 1)  # past the bound the loader reports, never reads on
    except OSError as exc:
        raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from None


def is_manifest(raw: bytes) -> bool:
    """Whether the file's top-level mapping has a ``cwlint:`` key (a cwlint manifest)."""
    return _MANIFEST_MARK.search(raw) is not None
