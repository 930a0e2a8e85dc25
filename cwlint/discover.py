"""Discovery: which files a run checks, and reading them (bounded).

:func:`candidates` walks the paths and yields what to read, without reading anything: files
named on the command line (``named=True``), and the ``*.yaml``/``*.yml`` files found in folders.
The caller reads each one (:func:`read`) and keeps a walked file only when
:func:`is_manifest` says its top-level mapping has ``cwlint:``, so that files can be streamed
to workers instead of being held in memory.

A walk leaves out hidden folders, ``node_modules`` and virtualenvs, what the governing config's
``exclude`` (and ``--exclude``) matches, and, inside a git repository (a folder above holding
``.git``), what its ``.gitignore`` files ignore, as git reads them: each folder's own file, its
patterns relative to that folder, a deeper file's verdict winning (:class:`GitIgnores`).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from cwlint import files, repo
from cwlint.errors import UsageError
from cwlint.files import reason, shown
from cwlint.manifest.load import MAX_BYTES, decode, encoding

STDIN = files.STDIN
_MANIFEST_MARK = re.compile(rb"^(?:\xef\xbb\xbf)?([\"']?)cwlint\1[ \t]*:", re.MULTILINE)
_SKIP_DIRS = {"node_modules", "venv", "__pycache__", "site-packages"}
#: The most of a ``.gitignore`` file that is read (git's own bound is far larger; one this big
#: is not a hand-written ignore file).
MAX_GITIGNORE_BYTES = 1 << 20

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


class Candidate(NamedTuple):
    """A file to read: ``name`` as given or found; ``named`` when the command line names it."""

    name: str
    named: bool


@dataclass
class Walk:
    """What the walk of one folder named on the command line found and passed over: the YAML
    files it kept (each, even one an earlier path also found) and how many it left out."""

    files: list[str] = field(default_factory=list)
    excluded: int = 0  # by `exclude` / --exclude / --extend-exclude
    ignored: int = 0  # by .gitignore


#: ``excluded(path)``: whether a walked file or folder (or, for pre-commit, a named file) is
#: left out; the engine answers it from the config that governs ``path``.
Excluded = Callable[[str], bool]


def candidates(
    paths: Iterable[str], excluded: Excluded, walks: dict[str, Walk] | None = None
) -> Iterator[Candidate]:
    """Every file to read, in order, each once; raises :class:`UsageError` for a missing path.
    ``walks`` is filled with what each folder's walk found."""
    seen: set[str] = set()
    walks = {} if walks is None else walks
    for arg in paths:
        if arg == STDIN:
            if STDIN in seen:
                raise UsageError("'-' is given twice: standard input can be read once")
            seen.add(STDIN)
            yield Candidate(STDIN, True)
        elif _kind(arg) == "folder":
            walk = walks[arg] = _walk(arg, excluded)
            for name in walk.files:
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


def _walk(top: str, excluded: Excluded) -> Walk:
    walk = Walk()
    top_root = repo.root(os.path.abspath(top))
    ignores = GitIgnores(top_root) if top_root is not None else None

    def kept(path: str, is_dir: bool) -> bool:
        if excluded(path):
            walk.excluded += not is_dir
            return False
        if ignores is not None and ignores.ignored(path, is_dir):
            walk.ignored += not is_dir
            return False
        return True

    for root, dirs, here in os.walk(top, onerror=_walk_error):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d not in _SKIP_DIRS and kept(os.path.join(root, d), True)
        )
        names = [
            os.path.normpath(os.path.join(root, f)) for f in here if f.endswith((".yaml", ".yml"))
        ]
        # regular files only: a FIFO or device found in a tree is never opened (it could block)
        walk.files += [n for n in names if os.path.isfile(n) and kept(n, False)]
    walk.files.sort()
    return walk


class GitIgnores:
    """The ``.gitignore`` files of one repository, as git applies them: a path is matched by
    the file in each folder above it (up to the repository's root) with the path relative to
    that folder, and the deepest file with a matching pattern decides (its last matching
    pattern; ``!`` re-includes). A folder that is ignored is not walked, so nothing below it
    comes back, as in git. Each file is read once, at most :data:`MAX_GITIGNORE_BYTES`.
    Matching uses pathspec's ``GitIgnoreSpec``: these are the user's own repository files."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._specs: dict[str, GitIgnoreSpec | None] = {}

    def _spec(self, folder: str) -> GitIgnoreSpec | None:
        if folder in self._specs:
            return self._specs[folder]
        path = os.path.join(folder, ".gitignore")
        spec = None
        if os.path.isfile(path):
            from pathspec import GitIgnoreSpec

            try:
                raw = files.read(path, MAX_GITIGNORE_BYTES, ".gitignore file")
            except files.FileError as exc:
                raise UsageError(str(exc)) from None
            spec = GitIgnoreSpec.from_lines(raw.decode("utf-8", "replace").splitlines())
        self._specs[folder] = spec
        return spec

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores the file (or folder) ``path``."""
        full = os.path.abspath(path)
        folder = os.path.dirname(full)
        while True:
            spec = self._spec(folder)
            if spec is not None:
                rel = os.path.relpath(full, folder).replace(os.sep, "/") + ("/" if is_dir else "")
                verdict = spec.check_file(rel).include
                if verdict is not None:
                    return verdict
            if folder == self.root or os.path.dirname(folder) == folder:
                return False
            folder = os.path.dirname(folder)


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
