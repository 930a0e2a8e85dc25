"""YAML reading and name normalisation shared by the catalogue and the profiles (internal)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

#: A user's profile file larger than this is refused (built-in data is small).
MAX_PROFILE_BYTES = 1 << 20
#: ... or nested deeper than this (a real profile is about 5 levels deep).
MAX_DEPTH = 32


class DataError(Exception):
    """A data file cannot be read or parsed; ``str()`` is a one-line, user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    """Parse one trusted data file (shipped with cwlint) with the C loader when available."""
    import yaml

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return yaml.load(data, Loader=_loader())
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {_yaml_problem(exc)}") from None


def load_untrusted_yaml(path: Path) -> Any:
    """Parse a user's file: bounded size, UTF-8, no aliases (no alias bombs), one document."""
    import yaml

    try:
        if path.is_dir():
            raise DataError(f"{path} is a directory, not a profile file")
        if path.exists() and not path.is_file():  # a FIFO or device could block or never end
            raise DataError(f"{path} is not a regular file, not a profile file")
        with path.open("rb") as fh:
            raw = fh.read(MAX_PROFILE_BYTES + 1)
        if len(raw) > MAX_PROFILE_BYTES:
            raise DataError(f"{path}: too large for a profile file (limit 1 MiB)")
    except FileNotFoundError:
        raise DataError(f"profile file not found: {path}") from None
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    loader = _loader()
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise DataError(
                    f"{path}:{mark.line + 1}:{mark.column + 1}: "
                    "YAML aliases (*name) are not allowed in a profile file"
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise DataError(
                        f"{path}:{mark.line + 1}:{mark.column + 1}: nested deeper than "
                        f"{MAX_DEPTH} levels"
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        docs = list(yaml.load_all(text, Loader=loader))
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {_yaml_problem(exc)}") from None
    except RecursionError:
        raise DataError(f"{path}: nested too deeply") from None
    if not docs or (len(docs) == 1 and docs[0] is None):
        raise DataError(f"{path}: the profile file is empty")
    if len(docs) != 1:
        raise DataError(f"{path}: a profile file holds one YAML document, found {len(docs)}")
    return docs[0]


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
