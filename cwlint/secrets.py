"""Secrets in a manifest: ``${VAR}`` references, key-shaped values and credentials in URLs.

Nothing here ever returns or formats a secret's value: helpers answer yes/no, a variable
*name*, a parameter *name* or a description ("has 20 characters"), so a message built from them
is safe to print in any format.

- :func:`env_reference` -- the variable a value references (``"${CW_PRIVATE_KEY}"`` ->
  ``"CW_PRIVATE_KEY"``); only a whole-value reference counts (static rules CW107/CW201-CW203,
  and what ``--live`` resolves).
- :func:`has_reference` -- a ``${VAR}`` anywhere in the text (a templated URL part).
- :func:`looks_like_reference` -- a reference written wrongly (``$CW_KEY``, ``%CW_KEY%``...).
- :func:`key_format_problem` -- the 16-alphanumerics test of an API key (CW203), for a literal
  or, with ``--live``, a resolved value; ``None`` when the value passes.
- :func:`secret_parameters` -- query parameters of a URL whose names say they carry a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cwlint.catalog import ConnectionFacts

#: ``${NAME}``: a POSIX-style environment variable name in braces, the whole value.
#: Connection fields whose values are credentials: never echoed, wrapped in a Secret for --live.
SECRET_FIELDS = ("client_id", "public_key", "private_key")
ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

#: Other ways people write a variable (shell, Windows, Makefile, templates): never resolved.
_MISWRITTEN = re.compile(r"\$\{.*|\$\(?\w+\)?|%\w+%|\{\{?\s*[\w.]+\s*\}?\}", re.DOTALL)

#: Query parameter names (compared without case, ``-`` and ``_``) that carry credentials.
#: A cwlint heuristic, not a ConnectWise fact: ConnectWise authenticates with the
#: Authorization header and the clientId header, never with query parameters.
SECRET_PARAMETERS = frozenset(
    {
        "privatekey",
        "publickey",
        "apikey",
        "key",
        "secret",
        "clientsecret",
        "clientid",
        "password",
        "passwd",
        "pass",
        "pwd",
        "token",
        "accesstoken",
        "apitoken",
        "authtoken",
        "auth",
        "authorization",
        "sig",
        "signature",
        "sessionid",
    }
)


def env_reference(value: object) -> str | None:
    """The variable name when ``value`` is exactly ``${NAME}``, else ``None``."""
    if not isinstance(value, str):
        return None
    match = ENV_REFERENCE.fullmatch(value.strip())
    return match.group(1) if match else None


def has_reference(text: str) -> bool:
    """Whether ``text`` holds a ``${NAME}`` reference anywhere (e.g. inside a URL)."""
    return "${" in text


def looks_like_reference(value: object) -> bool:
    """Whether ``value`` is a variable reference written another way (``$CW_KEY``,
    ``${ CW_KEY }``, ``%CW_KEY%``, ``{{CW_KEY}}``...), which is never resolved. Keys, GUIDs and
    URLs never look like this; no part of the value is returned, so nothing can leak."""
    return (
        isinstance(value, str)
        and env_reference(value) is None
        and _MISWRITTEN.fullmatch(value.strip()) is not None
    )


#: What a message says about a reference written another way.
REFERENCE_FORM = "only the form ${NAME} is resolved (not $NAME, %NAME%, {{NAME}} or ${bad name})"


def key_format_problem(value: str, facts: ConnectionFacts) -> str | None:
    """How ``value`` fails the API-key shape (16 letters and digits), without showing it;
    ``None`` if it passes. The shape is a heuristic (``facts.key_heuristic``)."""
    if facts.is_key_format(value):
        return None
    if value != value.strip():
        return "it has leading or trailing whitespace"
    if value.isalnum() and value.isascii():
        return f"it has {len(value)} characters, not {facts.key_length}"
    return f"it has characters other than letters and digits ({len(value)} characters)"


def _param_key(name: str) -> str:
    return name.replace("-", "").replace("_", "").casefold()


def secret_parameters(query: Iterable[tuple[str, str]]) -> list[str]:
    """Names of the parameters, with a value, whose names say they carry a credential."""
    names: list[str] = []
    for name, value in query:
        if value.strip() and _param_key(name) in SECRET_PARAMETERS and name not in names:
            names.append(name)
    return names
