"""Secrets and ``${VAR}`` references: resolved from the environment (or ``--env-file``) for
``--live`` and ``pull`` only, and wrapped so that no repr, str, log or error can show them.

No httpx here: CW204 (which only needs to know what is unset) imports this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cwlint._record import record
from cwlint.findings import Pointer
from cwlint.secrets import SECRET_FIELDS, env_reference, key_format_problem

if TYPE_CHECKING:
    from cwlint.catalog import ConnectionFacts

T = TypeVar("T")
#: Connection fields that may be ``${VAR}`` references (resolved for --live).
CONNECTION_FIELDS = ("site", "api_url", "company_id", "codebase", *SECRET_FIELDS)

_DOTENV_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*")


class Secret:
    """A credential. ``str``/``repr``/f-strings show ``'***'``; only :meth:`reveal` gives the
    value, and only the live client calls it, to build the Authorization and clientId headers."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself: for building request headers, nowhere else."""
        return self._value

    def judge(self, test: Callable[[str], T]) -> T:
        """``test(value)``: for shape tests that answer about the value without returning it
        (``cwlint.secrets.key_format_problem``)."""
        return test(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __reduce__(self) -> tuple:  # pickling would carry the value out of the process
        raise TypeError("a Secret cannot be pickled")


MAX_ENV_FILE_BYTES = 1 << 20  # a dotenv file holds a few variables


class EnvFileError(ValueError):
    """``--env-file`` cannot be read or has a line that is not ``KEY=VALUE`` (the message names
    the file and line, never the line's content, which may hold a key)."""


def read_env_file(path: str | Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a dotenv file: ``#`` comments and blank lines skipped, an
    optional ``export``, values optionally in single or double quotes (``\\n`` and ``\\"``
    understood in double quotes), `` # comment`` after an unquoted value dropped."""
    from cwlint import files

    try:
        text = files.read(path, MAX_ENV_FILE_BYTES, "env file").decode("utf-8-sig")
    except files.FileError as exc:
        raise EnvFileError(str(exc)) from None
    except UnicodeDecodeError:
        raise EnvFileError(f"{files.shown(path)}: not UTF-8 text") from None
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _DOTENV_LINE.fullmatch(line)
        value = _unquote(match.group(2)) if match else None
        if match is None or value is None:
            raise EnvFileError(
                f"{path}:{number}: expected KEY=VALUE (a name of letters, digits and _, then =, "
                "then the value, optionally quoted)"
            )
        values[match.group(1)] = value
    return values


def _unquote(raw: str) -> str | None:
    """The value of a dotenv assignment, or None when a quote is left open."""
    if raw[:1] in ("'", '"'):
        quote = raw[0]
        end = raw.find(quote, 1)
        while quote == '"' and end > 0 and raw[end - 1] == "\\":
            end = raw.find(quote, end + 1)
        if end < 0 or raw[end + 1 :].strip()[:1] not in ("", "#"):
            return None
        inner = raw[1:end]
        if quote == '"':
            inner = inner.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")
        return inner
    return re.split(r"\s+#", raw, maxsplit=1)[0].strip()


def environment(env_file: str | None, process: Mapping[str, str]) -> dict[str, str]:
    """The variables ``${VAR}`` references see: the env file's, overridden by the process
    environment (as docker compose and python-dotenv do: what the shell sets wins)."""
    merged = read_env_file(env_file) if env_file else {}
    merged.update(process)
    return merged


@record
class Unresolved:
    """A ``${VAR}`` reference whose variable is unset or empty (CW204)."""

    path: Pointer
    variable: str
    empty: bool  # set but empty, rather than unset


@record
class Connection:
    """``connection:`` with its references resolved: plain strings for the public fields,
    :class:`Secret` for the credentials, ``None`` for a missing or unresolved value."""

    deployment: str | None
    site: str | None
    api_url: str | None
    company_id: str | None
    codebase: str | None
    client_id: Secret | None
    public_key: Secret | None
    private_key: Secret | None
    unresolved: tuple[Unresolved, ...]

    def unresolved_field(self, name: str) -> bool:
        """Whether ``connection.<name>`` is a reference whose variable is unset or empty."""
        return any(u.path[-1] == name for u in self.unresolved)

    def missing_credentials(self) -> tuple[str, ...]:
        """Credential fields that are absent, or references left unresolved (client_id may be
        absent: it is then not sent)."""
        return tuple(
            name
            for name in ("company_id", "public_key", "private_key", "client_id")
            if self.unresolved_field(name) or (name != "client_id" and not getattr(self, name))
        )


def references(connection: object) -> Iterator[tuple[Pointer, str]]:
    """``(path, variable)`` of each ``${VAR}`` value among the connection fields."""
    if not isinstance(connection, dict):
        return
    for name in CONNECTION_FIELDS:
        value = connection.get(name)
        variable = env_reference(value)
        if variable:
            yield ("connection", name), variable


def resolve(connection: object, env: Mapping[str, str]) -> Connection:
    """Resolve the manifest's ``connection:`` mapping against ``env``."""
    data = connection if isinstance(connection, dict) else {}
    unresolved = []
    values: dict[str, str | None] = {}
    refs = dict(references(data))
    for name in CONNECTION_FIELDS:
        raw = data.get(name)
        variable = refs.get(("connection", name))
        if variable is not None:
            raw = env.get(variable, "")
            if not raw.strip():
                unresolved.append(Unresolved(("connection", name), variable, variable in env))
                raw = None
        if not isinstance(raw, str) or not raw.strip():
            values[name] = None
        else:  # credentials as given: a stray space is CW203's to report, not ours to mend
            values[name] = raw if name in SECRET_FIELDS else raw.strip()
    secrets = {name: Secret(value) if (value := values[name]) else None for name in SECRET_FIELDS}
    deployment = data.get("deployment")
    return Connection(
        deployment=deployment if isinstance(deployment, str) else None,
        site=values["site"],
        api_url=values["api_url"],
        company_id=values["company_id"],
        codebase=values["codebase"],
        client_id=secrets["client_id"],
        public_key=secrets["public_key"],
        private_key=secrets["private_key"],
        unresolved=tuple(unresolved),
    )


def resolved_key_problems(
    connection: object, env: Mapping[str, str], facts: ConnectionFacts
) -> Iterator[tuple[Pointer, str]]:
    """For CW203 with ``--live``: ``(path, problem)`` of each ``${VAR}`` key whose resolved
    value is not key-shaped (:func:`cwlint.secrets.key_format_problem`; never the value)."""
    resolved = resolve(connection, env)
    refs = dict(references(connection))
    for name in ("public_key", "private_key"):
        secret = getattr(resolved, name)
        path = ("connection", name)
        if secret is not None and path in refs:
            problem = secret.judge(lambda value: key_format_problem(value, facts))
            if problem:
                yield path, problem
