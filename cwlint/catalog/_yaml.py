"""YAML reading and name normalisation shared by the catalogue and the profiles (internal)."""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import Any

#: A user's profile file larger than this is refused (built-in data is small).
MAX_PROFILE_BYTES = 1 << 20


class DataError(Exception):
    """A data file cannot be read or parsed; ``str()`` is a one-line, user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    """Parse one trusted data file (shipped with cwlint) with the C loader when available;
    what it held is kept in the cache (:func:`cache_dir`) with the bytes it was parsed from,
    so an unchanged file is not parsed again and a changed one is never read stale."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    import marshal

    cached = _cache_file(data)
    if cached is not None:
        try:
            source, value = marshal.loads(cached.read_bytes())
            if source == data:  # the very bytes, not only the same checksum
                return value
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not cached yet (or a broken entry): parse, then cache
    import yaml

    try:
        value = yaml.load(data, Loader=_loader())
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {_yaml_problem(exc)}") from None
    if cached is not None:
        _store(cached, (data, value))
    return value


def cache_dir() -> Path | None:
    """Where parsed data files are cached: ``$CWLINT_CACHE_DIR``, else ``cwlint`` in
    ``$XDG_CACHE_HOME`` or ``~/.cache``; None (no cache) when no home is known or
    ``CWLINT_CACHE_DIR`` is set empty."""
    chosen = os.environ.get("CWLINT_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "cwlint") if os.path.isabs(base) else None


def _cache_file(data: bytes) -> Path | None:
    """The cache entry of a data file's bytes: named by their length and CRC and the
    interpreter's marshal format; the entry holds the bytes themselves, compared on reading
    (a checksum alone could collide)."""
    folder = cache_dir()
    if folder is None:
        return None
    import binascii  # already loaded by PyYAML: no hash library to start

    crc = binascii.crc32(data)
    return folder / f"data-{sys.implementation.cache_tag}-{len(data)}-{crc:08x}.marshal"


def _store(path: Path, value: Any) -> None:
    """Write a cache entry atomically; any failure (a read-only home, a value marshal cannot
    write) only means no cache."""
    import marshal

    try:
        raw = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(raw)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass


def load_untrusted_yaml(path: Path) -> Any:
    """Parse a user's file: a bounded regular file, no aliases (no alias bombs), one document,
    read as manifests are (numbers bounded, core tags checked); messages never echo a value."""
    import yaml

    from cwlint import files
    from cwlint.manifest.load import load_data

    try:
        raw = files.read(path, MAX_PROFILE_BYTES, "profile file")
    except files.FileError as exc:
        raise DataError(str(exc)) from None
    shown = files.shown(path)
    try:
        for event in yaml.parse(raw, Loader=_loader()):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                where = f"{mark.line + 1}:{mark.column + 1}:" if mark is not None else ""
                raise DataError(
                    f"{shown}:{where} YAML aliases (*name) are not allowed in a profile file"
                )
    except yaml.YAMLError:
        pass  # the loader below says where the YAML breaks
    loaded = load_data(raw, shown)
    if loaded.problems:
        first = loaded.problems[0]
        raise DataError(f"{shown}:{first.span.line}:{first.span.col}: {first.message}")
    docs = loaded.documents
    if not docs or (len(docs) == 1 and docs[0].data is None):
        raise DataError(f"{shown}: the profile file is empty")
    if len(docs) != 1:
        raise DataError(f"{shown}: a profile file holds one YAML document, found {len(docs)}")
    return docs[0].data


def _yaml_problem(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(problem)


_SLASH = re.compile(r"\s*/\s*")
_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015\u2212]+")


@functools.lru_cache(maxsize=4096)  # the same few hundred names, asked for by every manifest
def norm_name(value: str) -> str:
    """Comparison key of a module, function, screen or customize entry.

    Ignores case, runs of whitespace, dashes of any kind (hyphen, en dash, em dash) and
    underscores, and spaces around ``/``: ``"Service Ticket- Dependencies"``, ``"service ticket
    dependencies"`` and ``"Service Ticket - Dependencies"`` compare equal, as do
    ``"Service/ Service Board"`` and ``"Service / Service Board"``.
    """
    key = _SLASH.sub("/", value.casefold())
    return _SEPARATORS.sub(" ", key).strip()
