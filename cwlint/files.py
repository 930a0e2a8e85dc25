"""Reading a named file: regular files only, bounded before a byte is read.

Every file cwlint reads (manifests, configs, ``pyproject.toml``, env files, profiles, CA bundles)
goes through :func:`head` or :func:`read`, every file it writes through :func:`write`. A FIFO, device or socket is refused without blocking
(it is opened non-blocking and checked on the open descriptor, so a symlink or a swap in between
changes nothing); at most ``limit + 1`` bytes are read, whatever the file claims to hold.
Failures raise :class:`FileError`, whose message names the path and what to do; callers turn it
into their own error (a usage error, a CW007 finding).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from typing import BinaryIO

from cwlint.display import escape

STDIN = "-"

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileError(Exception):
    """A named file cannot be read: ``str()`` names it, says what is wrong and what to do."""


class Truncated(bytes):
    """The first ``limit + 1`` bytes of a longer file; ``size`` is its length (None: a pipe)."""

    size: int | None

    def __new__(cls, data: bytes, size: int | None) -> Truncated:
        head = super().__new__(cls, data)
        head.size = size
        return head

    def __reduce__(self) -> tuple[type[Truncated], tuple[bytes, int | None]]:
        return Truncated, (bytes(self), self.size)


def shown(path: str | os.PathLike[str]) -> str:
    """A path as messages show it: control characters escaped."""
    return escape(os.fspath(path))


def size_text(size: int) -> str:
    """``512 bytes``, ``4.8 MiB``, ``3.0 GiB``."""
    value, unit = float(size), "bytes"
    for larger in ("KiB", "MiB", "GiB", "TiB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"


def reason(exc: OSError) -> str:
    """What an OS error means for the user, in a few words."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: give cwlint read access, or leave the file out"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    return f"cannot read: {exc.strerror or exc}"


def head(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (``-``: standard input); a :class:`Truncated`
    head of ``limit + 1`` bytes when it is longer than ``limit``."""
    if os.fspath(path) == STDIN:
        return _bounded(sys.stdin.buffer, limit, None)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot be opened: say what it is
            with contextlib.suppress(OSError):
                _refuse_special(path, os.stat(path).st_mode)
        raise FileError(f"{shown(path)}: {reason(exc)}") from None
    try:
        info = os.fstat(fd)
        _refuse_special(path, info.st_mode)
        with os.fdopen(fd, "rb", buffering=0) as fh:
            fd = -1  # the file object closes it now
            return _bounded(fh, limit, info.st_size)
    except OSError as exc:
        raise FileError(f"{shown(path)}: {reason(exc)}") from None
    finally:
        if fd >= 0:
            os.close(fd)


def _refuse_special(path: str | os.PathLike[str], mode: int) -> None:
    for test, kind in _KINDS:
        if test(mode):
            raise FileError(f"{shown(path)}: is {kind}, not a regular file: name a file")


def read(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The whole regular file at ``path``; :class:`FileError` when it is over ``limit`` bytes
    (``what`` names the kind of file in the message: "config file", "env file")."""
    data = head(path, limit)
    if isinstance(data, Truncated):
        size = f" ({size_text(data.size)})" if data.size is not None else ""
        raise FileError(
            f"{shown(path)}: larger than {size_text(limit)}{size}, too large for a {what}: "
            "is this the right file?"
        )
    return data


def _bounded(fh: BinaryIO, limit: int, size: int | None) -> bytes:
    chunks, left = [], limit + 1
    while left > 0:
        chunk = fh.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        return Truncated(data, max(size, len(data)) if size is not None else None)
    return data


def write(path: str | os.PathLike[str], text: str | bytes, append: bool = False) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to the regular file at ``path``, created if
    absent (replacing what it held, or after it with ``append``); a FIFO, device or socket is
    refused without blocking and left as it was."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | (os.O_APPEND if append else 0), 0o666)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO without a reader, or a socket
            with contextlib.suppress(OSError):
                _refuse_special(path, os.stat(path).st_mode)
        raise FileError(f"{shown(path)}: cannot write: {exc.strerror or exc}") from None
    try:
        _refuse_special(path, os.fstat(fd).st_mode)
        if not append:
            os.ftruncate(fd, 0)
        with os.fdopen(fd, "wb") as fh:
            fd = -1  # the file object closes it now
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as exc:
        raise FileError(f"{shown(path)}: cannot write: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
