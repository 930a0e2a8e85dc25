"""What the connection rules (CW101-CW110, CW205) share: the manifest's URLs, parsed once.

A URL is split with :mod:`urllib.parse`, never trusted to be well formed: a value that is not a
URL gets a :attr:`Url.error` (CW106 reports it; the other rules skip it), a bare host
(``na.myconnectwise.net``) is read as a host with no scheme, and parts that hold a ``${VAR}``
reference are unknown (``None``) rather than guessed. :attr:`Url.shown` is the only form a
message may print: it drops user-info, query and fragment, where credentials live.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.context import Context
from cwlint.findings import Issue, Pointer, dotted
from cwlint.secrets import REFERENCE_FORM, env_reference, looks_like_reference
from cwlint.urls import Url, parse_url

if TYPE_CHECKING:
    from cwlint.catalog import Regions

#: The connection URLs, in the order messages name them.
CONNECTION_URLS = ("site", "api_url")
#: Fields of a pod that hold a URL ("other ConnectWise links" when they point at ConnectWise).
POD_URLS = ("url", "origin")


def label(path: Pointer) -> str:
    """How a message names a URL field: ``site``, ``api_url``, ``pods[0].url``."""
    return dotted(path[1:] if path[:1] == ("connection",) else path)


def connection_url(ctx: Context, name: str) -> Url | None:
    """``connection.<name>`` parsed; ``None`` when absent, empty (CW003's), not text or a
    ``${VAR}``."""
    value = ctx.doc.get(("connection", name))
    return parse_url(value) if isinstance(value, str) and value.strip() else None


def connection_urls(ctx: Context) -> Iterator[tuple[Pointer, Url]]:
    """``(path, url)`` of ``connection.site`` and ``connection.api_url`` (strings only)."""
    for name in CONNECTION_URLS:
        if (url := connection_url(ctx, name)) is not None:
            yield ("connection", name), url


def pod_urls(ctx: Context) -> tuple[tuple[Pointer, Url], ...]:
    """``(path, url)`` of every pod's ``url`` and ``origin`` (strings only), found once per
    manifest for the rules that read them."""
    return ctx.memo("connection.pod_urls", lambda: tuple(_pod_urls(ctx)))


def _pod_urls(ctx: Context) -> Iterator[tuple[Pointer, Url]]:
    for pod_path, pod in ctx.doc.items(("pods",)):
        if not isinstance(pod, dict):
            continue
        for name in POD_URLS:
            value = pod.get(name)
            if isinstance(value, str) and (url := parse_url(value)) is not None:
                yield (*pod_path, name), url


_HOST = re.compile(r"(\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^/?#@]*@)?)([^/?#:\[\]@]+)")


def host_at(value: str, host: str) -> tuple[int, int] | None:
    """Where in the URL ``value`` its host (``host``, as :func:`parse_url` read it) is
    written: ``(start, end)`` offsets for a fix to replace; ``None`` when not found as such."""
    found = _HOST.match(value)
    if found is None or found.group(2).lower().rstrip(".") != host:
        return None
    return found.start(2), found.end(2)


def deployment(ctx: Context) -> str | None:
    """``cloud`` or ``on-premise`` as the manifest says; ``None`` when absent or invalid."""
    value = ctx.doc.get(("connection", "deployment"))
    return value if value in ("cloud", "on-premise") else None


def host_note(regions: Regions, host: str) -> str:
    """`` (note: ...)`` when ``host`` is an API host ConnectWise does not document (aus, za):
    a message that suggests it says so; ``""`` otherwise."""
    region = regions.for_host(host)
    if region is None or region.documented or host != region.api_host:
        return ""
    return f" (note: {region.uncertain or host + ' is not listed by ConnectWise'})"


def path_codebase(path: str, api_suffix: str) -> str | None:
    """The path segment before ``apis/3.0`` with its slash (``/v2025_1/apis/3.0/`` ->
    ``v2025_1/``); ``None`` when ``apis/3.0`` is missing or nothing precedes it."""
    at = path.find("/" + api_suffix.rstrip("/"))
    return path[:at].rsplit("/", 1)[-1] + "/" if at > 0 else None


def literal_key(ctx: Context, name: str, risk: str, then: str = "") -> Iterator[Issue]:
    """CW201/CW202: ``connection.<name>`` is not a ``${VAR}`` reference (never shown)."""
    path = ("connection", name)
    value = ctx.doc.get(path)
    if not isinstance(value, str) or env_reference(value):
        return
    variable = "${CW_" + name.upper() + "}"
    from cwlint.checks._edits import fix, set_scalar

    repair = fix(
        f"Write {name}: {variable} (then set CW_{name.upper()} in the environment)",
        [set_scalar(ctx.doc, path, variable)],
        safe=False,
    )
    if not value.strip():
        yield Issue(
            path, f"{name} is empty: write {name}: {variable} and set the variable", fix=repair
        )
    elif looks_like_reference(value):
        yield Issue(path, f"{name} looks like a variable reference, but {REFERENCE_FORM}")
    else:
        yield Issue(
            path,
            (
                f"{name} holds the key itself: {risk}. Move it to an environment variable and write "
                f"{name}: {variable}{then}"
            ),
            fix=repair,
        )
