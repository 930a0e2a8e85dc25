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
- :func:`written_secrets` -- the secrets a manifest holds as written (literal keys, URL
  credentials), for the fixer's ``--diff`` to redact: the one helper that returns values, and
  only ever to a :class:`Redactor`.
- :class:`Redactor` -- the one step every text a server sent (or a transport error built from
  what it sent) passes before it is shown: each secret, in the spellings a server may echo it
  in, becomes ``***``; the text is cut to a bound and its control characters escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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


def written_secrets(data: object) -> set[str]:
    """Every secret ``data`` (a manifest's plain data) holds as written: the literal values of
    the credential fields (:data:`SECRET_FIELDS`, wherever they are), and in every text that
    reads as a URL its user name, password and the values of its credential parameters.
    Pass the result to a :class:`Redactor` only."""
    from urllib.parse import parse_qsl, urlsplit

    found: set[str] = set()
    stack: list[object] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in SECRET_FIELDS and isinstance(value, str) and not env_reference(value):
                    found.add(value.strip())
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and ("@" in node or "?" in node):
            try:
                parts = urlsplit(node.strip())
                found.update(p for p in (parts.username, parts.password) if p)
                query = parse_qsl(parts.query, keep_blank_values=False)
            except ValueError:
                continue
            names = set(secret_parameters(query))
            found.update(value for name, value in query if name in names)
    return {s for s in found if s}


#: The most characters of a server's text (or of a message built from one) that are shown.
MAX_SHOWN = 300
REDACTED = "***"
#: Other spellings of a character a server may echo: base64's URL alphabet (``-_`` for
#: ``+/``) and a form-decoded ``+`` (a space).
_ALTERNATES = {"+": "+- ", "/": "/_"}
#: Characters a server may drop from an echoed secret (the clientId's dashes, base64 padding).
_OPTIONAL = frozenset("-=")
#: A run of characters that can belong to a secret in one of its spellings: a cut inside one
#: drops the whole run, so that no part of a secret is left at the end of a cut text.
_SECRET_RUN = re.compile(r"[^\s\"'<>(),;\[\]{}|]+")
_SECRET_RUN_END = re.compile(_SECRET_RUN.pattern + r"\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Redactor:
    """Replaces every secret it was given, in any spelling a server may echo it in, with
    ``***``: any letter case, dashes and ``=`` padding dropped, punctuation percent-encoded
    (``%2B``, ``%2b``) or backslash-escaped, ``+`` and ``/`` in base64's URL alphabet. Pass it
    the credentials and the base64 Authorization token (so that the decoded keys, the token
    and the clientId are all caught). A server that wants to publish a secret it received can
    always spell it some other way; this catches the echoes (of status lines, header lines,
    bodies, URLs) that make such text end up in a report.

    Holds the secrets in a compiled pattern: its repr shows none, and it cannot be pickled."""

    __slots__ = ("_pattern",)

    def __init__(self, secrets: Iterable[str]) -> None:
        forms = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(_spellings(s) for s in forms), re.IGNORECASE) if forms else None
        )

    def __call__(self, text: str, limit: int = MAX_SHOWN) -> str:
        """``text`` safe to show: its first line, cut to ``limit`` characters (never inside a
        secret), each secret replaced by ``***``, control characters escaped."""
        lines = text.strip().splitlines()
        text = self.replace(_cut(lines[0].strip() if lines else "", limit))
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)

    def replace(self, text: str) -> str:
        """``text`` with each secret replaced by ``***``, nothing else changed."""
        return self._pattern.sub(REDACTED, text) if self._pattern is not None else text

    def __repr__(self) -> str:
        return "Redactor(***)"

    def __reduce__(self) -> tuple:  # pickling would carry the secrets out of the process
        raise TypeError("a Redactor cannot be pickled")


def _spellings(secret: str) -> str:
    """A pattern matching ``secret`` as :class:`Redactor` describes (with ``re.IGNORECASE``)."""
    parts = []
    for char in secret:
        if char.isascii() and char.isalnum():
            parts.append(re.escape(char))
            continue
        forms = []
        for form in _ALTERNATES.get(char, char):
            percent = "".join(f"%{byte:02x}" for byte in form.encode())
            forms += [re.escape(form), "\\\\" + re.escape(form), re.escape(percent)]
        parts.append(f"(?:{'|'.join(forms)}){'?' if char in _OPTIONAL else ''}")
    return "".join(parts)


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with ``...``: never inside a run of
    characters that could hold a secret (such a run is dropped whole)."""
    if len(text) <= limit:
        return text
    head = text[: limit - 3]
    if _SECRET_RUN.match(text[limit - 3 :]):  # the cut falls inside a run
        head = _SECRET_RUN_END.sub("", head)
    return head + "..."


#: Environment variable names whose values are treated as secrets in debug output.
_SECRET_NAME = re.compile(r"KEY|SECRET|TOKEN|PASS|CLIENT|AUTH|CRED", re.IGNORECASE)


def redact_environment(text: str, environ: Mapping[str, str]) -> str:
    """``text`` (a traceback for ``CWLINT_DEBUG``) with the value of every environment variable
    whose name says it holds a credential replaced by ``***``."""
    return Redactor(
        v for k, v in environ.items() if _SECRET_NAME.search(k) and len(v) >= 4
    ).replace(text)
