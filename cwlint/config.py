"""Configuration files: ``[tool.cwlint]`` in ``pyproject.toml``, or ``.cwlint.yaml``.

Library code (no click). Each checked file is judged by the closest config file above it (as
ruff does; ``--config`` gives one file for all): :class:`Resolver` finds and reads it into a
:class:`Config`, once per folder; :func:`merge` lays the command-line options over it and returns
the fields of the file's :class:`~cwlint.engine.Plan` with where each came from.

Precedence, highest first: flags, the config file, built-in defaults. ``--select`` replaces the
file's ``select`` (and rules it names are no longer removed by the file's ``ignore``);
``--ignore`` adds to the file's ``ignore``; ``--severity`` re-grades on top of ``severity``.
Globs (``per-file-ignores``, ``exclude``) and ``profiles-path`` are relative to the file's folder.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cwlint import files
from cwlint._record import record
from cwlint.display import quote
from cwlint.findings import Severity
from cwlint.globs import FileIgnores, Glob, GlobError, Globs  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from cwlint.options import Options

#: Files looked for in each folder, best first; a pyproject.toml counts only with [tool.cwlint].
CONFIG_NAMES = (".cwlint.yaml", ".cwlint.yml", "pyproject.toml")
KEYS = ("select", "ignore", "severity", "per-file-ignores", "fail-on", "profiles-path", "exclude")
MAX_CONFIG_BYTES = 1 << 20
DEFAULT = "default"


class ConfigError(Exception):
    """A config file cannot be used (exit 2): the message names the file, the key and the fix."""


@record
class Config:
    """What one config file says, validated; ``path`` is None when no file was found."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity | None = None
    profiles_path: str | None = None
    exclude: tuple[str, ...] = ()
    keys: frozenset[str] = frozenset()  # the keys the file sets

    @property
    def root(self) -> str | None:
        """The folder the file's globs and paths are relative to."""
        return str(self.path.parent) if self.path else None

    @property
    def label(self) -> str:
        return _display(self.path) if self.path else DEFAULT


# -- finding and reading ---------------------------------------------------------------------


class Resolver:
    """The config that governs each checked path: ``--config`` for all of them, else the
    closest file above the path (as ruff does: nested configs each govern their own files).
    Each folder is looked up once and each file read once per run."""

    def __init__(self, explicit: str | None = None) -> None:
        self.explicit = load(Path(explicit)) if explicit is not None else None
        self._folders: dict[Path, Config] = {}
        self._files: dict[Path, Config] = {}

    def for_path(self, path: str) -> Config:
        """The config of a file (or folder) ``path``; ``-`` (stdin): the working folder's."""
        if self.explicit is not None:
            return self.explicit
        folder = Path.cwd() if path == "-" else Path(os.path.abspath(path)).parent
        return self.for_folder(folder)

    def for_folder(self, folder: Path) -> Config:
        """The config of the files directly in ``folder``."""
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = self._lookup(folder)
        return found

    def _lookup(self, folder: Path) -> Config:
        for name in CONFIG_NAMES:
            candidate = folder / name
            try:
                is_file = candidate.is_file()
            except OSError as exc:  # a folder on the way up that cannot be searched
                where = files.shown(exc.filename or str(folder))
                raise ConfigError(
                    f"{where}: {files.reason(exc)} (looking for a config file)"
                ) from None
            if is_file and (name != "pyproject.toml" or _has_table(candidate)):
                return load(candidate)
        parent = folder.parent
        return Config() if parent == folder else self.for_folder(parent)


def discover(paths: Iterable[str], explicit: str | None = None) -> Config:
    """The config of the first path (a folder: the config of its files), for commands that
    use one config (``profiles``, ``init``); ``explicit`` (``--config``) wins."""
    resolver = Resolver(explicit)
    first = next(iter(paths), "-")
    if first != "-" and os.path.isdir(first):
        return resolver.explicit or resolver.for_folder(Path(os.path.abspath(first)))
    return resolver.for_path(first)


def load(path: Path) -> Config:
    """Read and validate one config file (``*.toml``: its ``[tool.cwlint]`` table; else YAML)."""
    if path.suffix == ".toml":
        data = _toml(path).get("tool", {})
        table = data.get("cwlint") if isinstance(data, dict) else None
        if table is None:
            raise ConfigError(
                f"{_display(path)}: no [tool.cwlint] table; add one, or pass a "
                ".cwlint.yaml file to --config"
            )
        where = f"{_display(path)}: [tool.cwlint]"
    else:
        table = _yaml(path)
        where = _display(path)
    if not isinstance(table, dict):
        raise ConfigError(
            f"{where}: expected a mapping of settings ({', '.join(KEYS)}), got {_kind(table)}"
        )
    return _validate(path, where, table)


def _display(path: Path) -> str:
    """A path as the user would type it: relative to cwd when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _read(path: Path) -> bytes:
    try:
        return files.read(_display(path), MAX_CONFIG_BYTES, "config file")
    except files.FileError as exc:
        raise ConfigError(str(exc)) from None


@functools.cache
def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    raw = _read(path)
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{_display(path)}: not valid TOML: {exc}") from None
    except ValueError:  # an integer past Python's digit bound for int()
        raise ConfigError(
            f"{_display(path)}: not valid TOML: a number over 4,300 digits long"
        ) from None


def _has_table(pyproject: Path) -> bool:
    """Whether a ``pyproject.toml`` has ``[tool.cwlint]``; one that is not valid TOML is a
    :class:`ConfigError` whether it has the table or not (it could be meant to). One past the
    size bound is not read: it counts only if its first MiB names cwlint (then :func:`_read`
    refuses it as too large)."""
    try:
        head = files.head(pyproject, MAX_CONFIG_BYTES)
    except files.FileError as exc:
        raise ConfigError(str(exc)) from None
    if len(head) > MAX_CONFIG_BYTES and b"cwlint" not in head:
        return False
    tool = _toml(pyproject).get("tool")
    return isinstance(tool, dict) and "cwlint" in tool


def _yaml(path: Path) -> Any:
    from cwlint.manifest.load import load_data

    shown = _display(path)
    loaded = load_data(_read(path), shown)
    if loaded.problems:
        first = loaded.problems[0]
        raise ConfigError(f"{shown}:{first.span.line}:{first.span.col}: {first.message}")
    if len(loaded.documents) > 1:
        raise ConfigError(
            f"{shown}: holds {len(loaded.documents)} YAML documents; a config file holds one"
        )
    return (
        loaded.documents[0].data
        if loaded.documents and loaded.documents[0].data is not None
        else {}
    )


# -- validation ------------------------------------------------------------------------------


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and value.bit_length() > 256:  # TOML's 0xfff...: no repr
        return "a number too long to show"
    return quote(value)


def _validate(path: Path, where: str, table: dict[str, Any]) -> Config:
    from cwlint.manifest.schema import suggest

    for key in table:
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown key {key!r}{suggest(key, KEYS)} (valid keys: {', '.join(KEYS)})"
            )

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where}: {key}: {message}")

    values: dict[str, Any] = {}
    if "select" in table:
        values["select"] = _rules(table["select"], lambda m: fail("select", m))
    if "ignore" in table:
        values["ignore"] = _rules(table["ignore"], lambda m: fail("ignore", m))
    if "severity" in table:
        values["severity"] = _severity_map(table["severity"], lambda m: fail("severity", m))
    if "per-file-ignores" in table:
        values["per_file_ignores"] = _per_file(
            table["per-file-ignores"], lambda m: fail("per-file-ignores", m)
        )
    if "fail-on" in table:
        values["fail_on"] = _level(table["fail-on"], lambda m: fail("fail-on", m))
    if "exclude" in table:
        values["exclude"] = _strings(table["exclude"], "globs", lambda m: fail("exclude", m))
        for pattern in values["exclude"]:
            _check_glob(pattern, lambda m: fail("exclude", m))
    if "profiles-path" in table:
        value = table["profiles-path"]
        if not isinstance(value, str) or not value.strip():
            raise fail("profiles-path", f"expected the path of a folder, got {_kind(value)}")
        try:
            folder = (path.parent / Path(value).expanduser()).resolve()
        except RuntimeError as exc:  # ~user that does not exist
            raise fail("profiles-path", f"{value!r}: {exc}") from None
        if not folder.is_dir():
            raise fail("profiles-path", f"{value!r} is not a folder (looked for {folder})")
        values["profiles_path"] = str(folder)
    return Config(path=path.resolve(), keys=frozenset(table), **values)


def _strings(value: object, what: str, fail: Callable[[str], ConfigError]) -> tuple[str, ...]:
    """A list of strings; a single string is a comma-separated list (as on the command line)."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise fail(f"expected a list of {what}, got {_kind(value)}")
    return tuple(i.strip() for i in items if i.strip())


def _within(fail: Callable[[str], ConfigError], prefix: str) -> Callable[[str], ConfigError]:
    """``fail`` for a message about one entry, which ``prefix`` names."""
    return lambda message: fail(prefix + message)


def _rules(value: object, fail: Callable[[str], ConfigError]) -> tuple[str, ...]:
    from cwlint.registry import UnknownRule, resolve

    ids: list[str] = []
    for selector in _strings(value, 'rule IDs or names (e.g. ["CW3", "CW101"])', fail):
        try:
            ids += resolve(selector)
        except UnknownRule as exc:
            raise fail(str(exc)) from None
    return tuple(dict.fromkeys(ids))


def _level(value: object, fail: Callable[[str], ConfigError]) -> Severity:
    from cwlint.manifest.schema import suggest

    if isinstance(value, str):
        try:
            return Severity.parse(value)
        except ValueError as exc:
            levels = [str(s) for s in sorted(Severity, reverse=True)]
            raise fail(f"{exc}{suggest(value, levels)}") from None
    raise fail(f"expected one of error, warning, info, got {_kind(value)}")


def _severity_map(value: object, fail: Callable[[str], ConfigError]) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise fail(
            f'expected a mapping of rule ID to level (e.g. CW302 = "error"), got {_kind(value)}'
        )
    out: dict[str, Severity] = {}
    for selector, level in value.items():
        severity = _level(level, _within(fail, f"{selector}: "))
        for rule_id in _rules(str(selector), fail):
            out[rule_id] = severity
    return out


def _per_file(
    value: object, fail: Callable[[str], ConfigError]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise fail(
            f'expected a mapping of glob to rule IDs (e.g. "legacy/*.yaml" = '
            f'["CW302"]), got {_kind(value)}'
        )
    out = []
    for pattern, rules in value.items():
        if not isinstance(pattern, str) or not pattern.strip():
            raise fail(f"{pattern!r} is not a glob")
        _check_glob(pattern, fail)
        out.append((pattern.strip(), _rules(rules, _within(fail, f"{pattern!r}: "))))
    return tuple(out)


# -- merging with the command line -----------------------------------------------------------


def merge(
    config: Config,
    *,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    severity: Mapping[str, Severity] | None = None,
    fail_on: Severity | None = None,
    exclude: tuple[str, ...] | None = None,
    extend_exclude: tuple[str, ...] = (),
) -> tuple[dict[str, Any], dict[str, str]]:
    """Settings fields from the file and the flags (empty/None = flag not given), and the
    origin of each field: ``"flag"``, the config file, or ``"default"``."""
    origin: dict[str, str] = {}

    def source(flag_given: bool, key: str) -> str:
        return "flag" if flag_given else (config.label if key in config.keys else DEFAULT)

    chosen = select or config.select or ()
    origin["select"] = source(bool(select), "select")
    kept_ignores = tuple(r for r in config.ignore if r not in select)
    ignored = tuple(dict.fromkeys((*kept_ignores, *ignore)))
    origin["ignore"] = (
        "flag"
        if ignore and not kept_ignores
        else f"{config.label} + flag"
        if ignore
        else source(False, "ignore")
    )
    regrade = {**config.severity, **(severity or {})}
    origin["severity"] = (
        "flag"
        if severity and not config.severity
        else f"{config.label} + flag"
        if severity
        else source(False, "severity")
    )
    fields: dict[str, Any] = {
        "select": chosen,
        "ignore": ignored,
        "severity": regrade,
        "fail_on": fail_on or config.fail_on or Severity.ERROR,
        "per_file_ignores": config.per_file_ignores,
        # --exclude replaces the file's globs, --extend-exclude adds to them (as in ruff)
        "exclude": (*(config.exclude if exclude is None else exclude), *extend_exclude),
        "profiles_path": config.profiles_path,
        "config_root": config.root,
    }
    origin["fail_on"] = source(fail_on is not None, "fail-on")
    origin["per_file_ignores"] = source(False, "per-file-ignores")
    origin["exclude"] = (
        "flag"
        if exclude is not None or (extend_exclude and not config.exclude)
        else f"{config.label} + flag"
        if extend_exclude
        else source(False, "exclude")
    )
    origin["profiles_path"] = source(False, "profiles-path")
    return fields, origin


def explain(paths: Iterable[str], options: Options) -> str:
    """``cwlint config PATHS``: for each path, the config that governs it (a folder: its
    files) with the options laid over it, as :func:`describe` shows it."""
    resolver = Resolver(options.config)
    shown = list(paths)
    parts = []
    for path in shown:
        if resolver.explicit is None and path != "-" and os.path.isdir(path):
            found = resolver.for_folder(Path(os.path.abspath(path)))
        else:
            found = resolver.for_path(path)
        fields, origin = merge(
            found,
            select=options.select or (),
            ignore=options.ignore,
            severity=options.severity,
            fail_on=options.fail_on,
            exclude=options.exclude,
            extend_exclude=options.extend_exclude,
        )
        text = describe(found, fields, origin)
        parts.append(
            f"{path}:\n" + "".join(f"  {line}\n" for line in text.splitlines())
            if len(shown) > 1
            else text
        )
    return "".join(parts)


def describe(config: Config, fields: Mapping[str, Any], origin: Mapping[str, str]) -> str:
    """``cwlint config``: the effective settings, one per line, with where each came from."""

    def ids(values: Iterable[str]) -> str:
        return ", ".join(values) or "-"

    rows = [
        ("select", ids(fields["select"]) if fields["select"] else "all rules", origin["select"]),
        ("ignore", ids(fields["ignore"]), origin["ignore"]),
        (
            "severity",
            ids(f"{k}={v}" for k, v in sorted(fields["severity"].items())),
            origin["severity"],
        ),
        (
            "per-file-ignores",
            "; ".join(f"{glob}: {ids(rules)}" for glob, rules in fields["per_file_ignores"]) or "-",
            origin["per_file_ignores"],
        ),
        ("fail-on", str(fields["fail_on"]), origin["fail_on"]),
        ("profiles-path", fields["profiles_path"] or "-", origin["profiles_path"]),
        ("exclude", ids(fields["exclude"]), origin["exclude"]),
    ]
    width = max(len(key) for key, _, _ in rows)
    head = f"config file: {config.label if config.path else 'none found (defaults)'}"
    return (
        "\n".join([head, *(f"{key:<{width}}  {value}  ({where})" for key, value, where in rows)])
        + "\n"
    )


# -- paths: globs (cwlint.globs; FileIgnores and Globs are re-exported while callers move) ---


def _check_glob(pattern: str, fail: Callable[[str], ConfigError]) -> None:
    try:
        Glob(pattern)
    except GlobError as exc:
        raise fail(f"{quote(pattern)} is not a valid glob ({exc})") from None
