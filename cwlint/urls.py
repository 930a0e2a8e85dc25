"""URL values of a manifest split into the parts rules and the live client need.

Shared by the static rules (``cwlint.checks``) and the live package (``cwlint.live``), which
must not import each other's internals.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlsplit

from cwlint._record import record
from cwlint.secrets import has_reference

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_HTTP_WITHOUT_SLASHES = re.compile(r"(https?):/?(?!/)", re.IGNORECASE)


@record
class Url:
    """One URL value of the manifest, split into the parts the rules need."""

    scheme: str  #: lower-case; ``""`` for a bare host
    host: str | None  #: lower-case, no trailing dot; ``None`` when it holds a ``${VAR}``
    port: int | None
    path: str | None  #: ``None`` when it holds a ``${VAR}``
    query: tuple[tuple[str, str], ...] = ()
    userinfo: bool = False  #: ``user[:password]@`` before the host
    fragment: bool = False  #: a ``#...`` part (its text is never kept)
    error: str | None = None  #: why the value is not a usable URL (CW106)

    @property
    def shown(self) -> str:
        """The URL without credentials, query or fragment (safe to print)."""
        return self.with_path(self.path or "")

    def with_path(self, path: str) -> str:
        """The URL's scheme, host and port with another path (safe to print)."""
        port = f":{self.port}" if self.port is not None else ""
        head = f"{self.scheme}://" if self.scheme else ""
        return f"{head}{self.host or ''}{port}{path}"


def _invalid(scheme: str, why: str, userinfo: bool) -> Url:
    return Url(scheme=scheme, host="", port=None, path="", userinfo=userinfo, error=why)


def _authority(text: str) -> str:
    """What precedes the first ``/``, ``?`` or ``#``: ``[user[:password]@]host[:port]``."""
    return re.split(r"[/?#]", text, maxsplit=1)[0]


@functools.lru_cache(maxsize=4096)
def parse_url(value: str) -> Url | None:
    """The parts of a URL value; ``None`` when it starts with a ``${VAR}`` (all unknown)."""
    text = value.strip()
    if text.startswith("${"):
        return None
    match = _SCHEME.match(text)
    if match:
        scheme = match.group(1).lower()
        rest = text[len(scheme) + 1 :]  # keeps the "//"
    elif (bad := _HTTP_WITHOUT_SLASHES.match(text)) is not None:
        scheme = bad.group(1).lower()
        userinfo = "@" in _authority(text[bad.end() :])
        return _invalid(scheme, f"{scheme}: lacks its two slashes", userinfo)
    else:
        scheme, rest = "", "//" + text
    netloc = _authority(rest[2:])
    userinfo = "@" in netloc
    try:
        parts = urlsplit(rest)
        port = parts.port
    except ValueError as exc:
        why = (
            "unbalanced [ ] in the host"
            if "IPv6" in str(exc)
            else ("the port is not a number from 0 to 65535")
        )
        return _invalid(scheme, why, userinfo)
    hostport = netloc.rpartition("@")[2]
    if any(c.isspace() or c == "\\" for c in hostport):
        return _invalid(scheme, "the host contains spaces or a backslash", userinfo)
    host: str | None = (parts.hostname or "").rstrip(".")
    if has_reference(hostport):
        host = None
    elif not host:
        return _invalid(scheme, "it has no host", userinfo)
    return Url(
        scheme=scheme,
        host=host,
        port=port,
        path=None if has_reference(parts.path) else parts.path,
        query=tuple(parse_qsl(parts.query, keep_blank_values=True)),
        userinfo=userinfo,
        fragment=bool(parts.fragment),
    )


def shown_url(url: str | None) -> str:
    """``url`` as a message or a written manifest may show it: scheme, host, port and path,
    never user-info, query or fragment (:attr:`cwlint.urls.Url.shown`); ``""``
    when it is not a usable URL."""
    parsed = parse_url(url) if isinstance(url, str) and url.strip() else None
    return "" if parsed is None or parsed.error or not parsed.host else parsed.shown
