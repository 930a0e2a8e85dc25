"""A pod's origin is `*` or is not the origin of the pod's URL.

The Origin of a hosted setup tells ConnectWise which site may talk to it through
`window.postMessage` from inside the pod (the Hosted API client messages). It should be exactly
the origin of the page the pod loads, `scheme://host[:port]` as browsers send it: no path, no
trailing slash. `*` accepts messages from any page, including one an attacker opens in the
frame; another origin breaks the pod's messages. Origin is optional: nothing is said when it is
absent. The origin suggested is always https (a pod URL on http is CW501's, and its origin moves
to https with it).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._edits import fix, set_scalar
from cwlint.context import Context
from cwlint.findings import Fix, Issue, Pointer, Severity
from cwlint.urls import Url, parse_url

ID = "CW505"
NAME = "pod-origin"
SEVERITY = Severity.WARNING
SUMMARY = "A pod's origin is `*` or does not match its URL's origin"
BAD = """
cwlint: 1
pods:
  - description: Call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
    origin: "*"
"""
GOOD = """
cwlint: 1
pods:
  - description: Call pod
    screen: Service Ticket
    type: Pod
    url: https://pods.example.com/cw/ticket?id=[cw_id]
    origin: https://pods.example.com
"""
SOURCE = "rules/connectwise/hosted.yaml (origin_wildcard; ConnectWiseHostedSetup.origin)"
#: Code scanning: a security alert; CVSS-like score (any site may message the pod).
TAGS = ("security", "external/cwe/cwe-346")
SECURITY_SEVERITY = "5.3"
FIX = "safe"  # the origin of the pod's https URL

_DEFAULT_PORTS = {"https": 443, "http": 80}
SECURE = "https"  #: the only scheme a pod may use (CW501)


def check(ctx: Context) -> Iterator[Issue]:
    wildcard = ctx.catalog.hosted.origin_wildcard
    for path, pod in ctx.doc.items(("pods",)):
        if not isinstance(pod, dict):
            continue
        origin, url = pod.get("origin"), pod.get("url")
        if not isinstance(origin, str):
            continue
        parsed = parse_url(url) if isinstance(url, str) else None
        expected = _origin(parsed) if parsed is not None else None
        write = f"set it to {expected!r}" if expected else "set it to the pod page's origin"
        if origin.strip() == wildcard:
            yield Issue(
                (*path, "origin"),
                (
                    f"origin {origin!r} lets any page post messages to ConnectWise from the pod: "
                    f"{write}"
                ),
                fix=_repair(ctx, path, parsed, expected),
            )
        elif expected and origin.strip().casefold() != expected:
            written = parse_url(origin)
            shown = repr(written.shown) if written and not written.error else "this value"
            if written and written.userinfo:
                yield Issue(
                    (*path, "origin"),
                    (
                        "origin carries a user name or password: an origin is "
                        f"scheme://host[:port] only; {write}"
                    ),
                    fix=_repair(ctx, path, parsed, expected),
                )
                continue
            if origin.strip().casefold().rstrip("/") == "http" + expected[len(SECURE) :]:
                yield Issue(
                    (*path, "origin"),
                    (
                        f"origin {shown} is on http: a pod's page is served over https (CW501), "
                        f"and its origin with it; {write}"
                    ),
                    fix=_repair(ctx, path, parsed, expected),
                )
                continue
            yield Issue(
                (*path, "origin"),
                (
                    f"origin {shown} is not the origin of the pod URL ({expected!r}): an origin "
                    f"is scheme://host[:port] only, with no path; {write}"
                ),
                fix=_repair(ctx, path, parsed, expected),
            )


def _repair(ctx: Context, pod: Pointer, url: Url | None, origin: str | None) -> Fix | None:
    """``origin`` written as the pod's origin, for an https pod URL (an http one is CW501's:
    its origin moves when the URL does)."""
    if origin is None or url is None or url.scheme != SECURE:
        return None
    return fix(f"Set origin to {origin}", [set_scalar(ctx.doc, (*pod, "origin"), origin)])


def _origin(url: Url) -> str | None:
    """``https://host[:port]`` of a pod URL, the default port left out: an ``http://`` pod URL
    must become https (CW501), and its origin with it; ``None`` when a part is missing."""
    if url.error or not url.scheme or not url.host:
        return None
    host = f"[{url.host}]" if ":" in url.host else url.host
    port = url.port if url.port not in (None, *_DEFAULT_PORTS.values()) else None
    return f"{SECURE}://{host}" + (f":{port}" if port is not None else "")
