"""Globs of ``exclude`` and ``per-file-ignores``, matched in time linear in the path's length.

Patterns follow gitignore's wildmatch: ``*`` and ``?`` stay within one folder name, ``[a-z]`` and
``[!a-z]`` are classes, a ``**`` segment spans any number of folders; a pattern without ``/``
(a trailing one aside) matches a name at any depth, and a folder matches every file below it.
Paths are matched relative to a root (the config file's folder).

Globs are never translated to regular expressions: ``*a*a*a*a*a*ab`` as a regex backtracks for
minutes on a 60-character name (a regex library's gitwildmatch does too). Each star instead
keeps only its latest resume point (the classic wildcard algorithm), so a match costs at most
the pattern's length times the path's, within a name and across folders alike.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from cwlint._record import record

#: A segment of ``**``: any number of folder names.
GLOBSTAR = "**"
_STAR = "*"  # within a name: any run of characters


class GlobError(ValueError):
    """A pattern that is not a glob; ``str()`` says why (the caller names the pattern)."""


@record
class _Class:
    """``[...]``: one character in (or, negated, not in) the ranges."""

    ranges: tuple[tuple[str, str], ...]
    negated: bool

    def __call__(self, char: str) -> bool:
        return any(low <= char <= high for low, high in self.ranges) != self.negated


# a name's tokens: a literal character, "?" (any one character), _STAR, or a _Class
_Token = str | _Class
_Name = tuple[_Token, ...]


def _class(body: str) -> _Class:
    negated = body[:1] in ("!", "^")
    body = body[1:] if negated else body
    ranges, i = [], 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            low, high = body[i], body[i + 2]
            if low > high:
                raise GlobError(f"bad character range {low}-{high}; a class is written [a-z]")
            ranges.append((low, high))
            i += 3
        else:
            ranges.append((body[i], body[i]))
            i += 1
    return _Class(tuple(ranges), negated)


def _name(text: str) -> _Name:
    """One folder or file name of a pattern as tokens (``**`` inside a name is ``*``)."""
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        end = text.find("]", i + 2) if char == "[" else -1
        if char == "*":
            if not tokens or tokens[-1] != _STAR:
                tokens.append(_STAR)
        elif char == "?":
            tokens.append("?")
        elif end > 0:
            tokens.append(_class(text[i + 1 : end]))
            i = end
        else:
            tokens.append(char)  # an unclosed "[" is the character itself
        i += 1
    return tuple(tokens)


def _matches(
    tokens: Sequence[Any], items: Sequence[str], star: object, one: Callable[[Any, str], bool]
) -> bool:
    """Whether ``items`` match ``tokens``: ``star`` matches any run of items, every other
    token exactly one item (``one(token, item)``). Linear space, at most
    ``len(tokens) * len(items)`` steps: on a mismatch, only the latest star takes one more."""
    t = i = 0
    resume_t, resume_i = -1, 0
    while i < len(items):
        if t < len(tokens) and tokens[t] is not star and one(tokens[t], items[i]):
            t += 1
            i += 1
        elif t < len(tokens) and tokens[t] is star:
            resume_t, resume_i = t, i
            t += 1
        elif resume_t >= 0:
            resume_i += 1
            t, i = resume_t + 1, resume_i
        else:
            return False
    while t < len(tokens) and tokens[t] is star:
        t += 1
    return t == len(tokens)


def _char(token: _Token, char: str) -> bool:
    if isinstance(token, _Class):
        return token(char)
    return token == "?" or token == char


def _segment(name: _Name, item: str) -> bool:
    return _matches(name, item, _STAR, _char)


class Glob:
    """One pattern, compiled; :class:`GlobError` when it is not a glob."""

    def __init__(self, pattern: str) -> None:
        text = pattern.strip().replace("\\", "/")
        text = text[2:] if text.startswith("./") else text
        anchored = "/" in text.rstrip("/")
        names = [n for n in text.strip("/").split("/") if n]
        if not names:
            raise GlobError("names no file or folder")
        segments: list[_Name | str] = [] if anchored else [GLOBSTAR]
        for name in names:
            segment = GLOBSTAR if name == GLOBSTAR else _name(name)
            if not (segment is GLOBSTAR and segments and segments[-1] is GLOBSTAR):
                segments.append(segment)
        if segments[-1] is not GLOBSTAR:
            segments.append(GLOBSTAR)  # a folder matches what is below it
        self.pattern = pattern
        self.segments = tuple(segments)

    def match(self, relative: str) -> bool:
        """Whether a ``/``-separated path relative to the root matches."""
        return _matches(self.segments, relative.split("/"), GLOBSTAR, _segment)


class Globs:
    """Globs relative to a root folder (the config file's); ``match(path)`` for any path."""

    def __init__(self, patterns: Iterable[str], root: str | None) -> None:
        self.patterns = tuple(patterns)
        self.globs = [Glob(p) for p in self.patterns]
        self.root = root or os.getcwd()

    def __bool__(self) -> bool:
        return bool(self.globs)

    def match(self, path: str) -> bool:
        if not self.globs:
            return False
        rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        return any(glob.match(rel) for glob in self.globs)


class Excludes:
    """``exclude`` from several places, each relative to its own root (a config's folder, the
    working folder for ``--exclude``): a path is excluded when any of them matches it."""

    def __init__(self, *parts: Globs) -> None:
        self.parts = [part for part in parts if part]

    def match(self, path: str) -> bool:
        return any(part.match(path) for part in self.parts)


class FileIgnores:
    """``per-file-ignores``: which rules are off for a given file."""

    def __init__(self, table: Iterable[tuple[str, tuple[str, ...]]], root: str | None) -> None:
        self.entries = [(Globs([pattern], root), frozenset(rules)) for pattern, rules in table]

    def __call__(self, path: str) -> frozenset[str]:
        off: frozenset[str] = frozenset()
        for globs, rules in self.entries:
            if globs.match(path):
                off |= rules
        return off
