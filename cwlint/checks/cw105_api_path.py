"""api_url is not the REST base `https://{api host}/{codebase}apis/3.0/`.

Products that ask for an "Endpoint" (1stream) or API URL append resource paths such as
`company/companies` to it. Without the codebase, with a resource already on the end, or with
another API version, every call goes to a path that does not exist. The trailing slash after
`3.0` is optional (vendors write it, ConnectWise's OpenAPI `servers` entry does not).

Fixed where the REST base is certain: a path with no codebase (or none at all) gets the
manifest's `codebase`, and a codebase glued to `apis` gets its slash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.checks._connection import connection_url, path_codebase
from cwlint.checks._edits import edit_scalar, fix
from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.secrets import has_reference

if TYPE_CHECKING:
    from cwlint.catalog.sections import ConnectionFacts
    from cwlint.urls import Url

ID = "CW105"
NAME = "api-path"
SEVERITY = Severity.ERROR
SUMMARY = "api_url does not end in `/{codebase}apis/3.0/`"
BAD = """
cwlint: 1
connection:
  api_url: https://api-na.myconnectwise.net/apis/3.0/
  codebase: v2025_1/
"""
GOOD = """
cwlint: 1
connection:
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
  codebase: v2025_1/
"""
SOURCE = "rules/connectwise/connection.yaml (PSA Developer Guide, 'API Request URL Format')"
FIX = "safe"

PATH = ("connection", "api_url")


def _what(path: str, facts: ConnectionFacts) -> str:
    """What is wrong with an api_url path that does not match the REST base."""
    suffix, is_codebase = facts.api_suffix, facts.is_codebase
    marker = "/" + suffix.rstrip("/")  # /apis/3.0
    at = path.find(marker)
    if path in ("", "/"):
        return "api_url has no path"
    if at < 0:
        # a codebase (either pattern, without its trailing slash) glued to "apis"
        unslashed = "|".join(
            p.strip("^$").removesuffix("/")
            for p in (facts.cloud_codebase_pattern, re.escape(facts.on_premise_codebase))
        )
        if re.search(f"(?:{unslashed}){re.escape(suffix.split('/')[0])}", path):
            return "the codebase in api_url lacks its trailing slash"
        return f"api_url's path {path!r} does not end in {suffix}"
    after = path[at + len(marker) :].strip("/")
    if after:
        return (
            f"api_url goes past the REST base: drop {after!r} after {suffix} (the product "
            "appends resource paths itself)"
        )
    codebase = path_codebase(path, suffix)
    if codebase is None or not is_codebase(codebase):
        return f"api_url lacks the codebase before {suffix}"
    before = path[: path.find("/" + codebase)]
    if before:
        return f"api_url has {before!r} before the codebase"
    return f"api_url's path {path!r} is not /{{codebase}}{suffix}"


def check(ctx: Context) -> Iterator[Issue]:
    facts = ctx.catalog.connection
    url = connection_url(ctx, "api_url")
    if url is None or url.error or url.path is None:
        return
    if re.fullmatch(facts.api_path_pattern, url.path):
        return
    codebase = ctx.doc.get(("connection", "codebase"))
    known = isinstance(codebase, str) and not has_reference(codebase)
    expected = facts.api_path(codebase if known and facts.is_codebase(codebase) else "{codebase}")
    what = _what(url.path, facts)
    path = _certain_path(url, facts, codebase if known and facts.is_codebase(codebase) else None)
    raw = ctx.doc.get(PATH)
    edit = None
    if path is not None and isinstance(raw, str) and raw.endswith(url.path):
        edit = edit_scalar(ctx.doc, PATH, len(raw) - len(url.path), len(raw), path)
    yield Issue(
        PATH,
        f"{what}; the REST base is {url.with_path(expected)}",
        fix=fix(f"Set api_url to {url.with_path(path or '')}", [edit]),
    )


def _certain_path(url: Url, facts: ConnectionFacts, codebase: str | None) -> str | None:
    """The REST base path when it is certain: ``codebase`` where the path has none (or no path
    at all), the path's own codebase where it lacks its slash; ``None`` otherwise (and for a
    URL with credentials, a query or a fragment, which the fix would have to keep)."""
    if url.userinfo or url.query or url.fragment or url.path is None:
        return None
    suffix = facts.api_suffix.rstrip("/")  # apis/3.0
    body = url.path.strip("/")
    if body in ("", suffix):
        return facts.api_path(codebase) if codebase else None
    glued = body.removesuffix(suffix) + "/"
    if body.endswith(suffix) and "/" not in glued[:-1] and facts.is_codebase(glued):
        return facts.api_path(glued)
    return None
