"""`site` is the REST API address instead of the web UI root.

`site` is where people log in (1stream's "CRM Details Link", e.g. `https://na.myconnectwise.net/`):
products build record links and the unauthenticated `GET {site}/login/companyinfo/{company_id}`
from it. The REST base with its `api-` host and `/{codebase}apis/3.0/` path belongs in
`api_url`; copying it into both fields breaks links to tickets and companies. The `api-`
prefix is only judged on ConnectWise cloud hosts, where it marks the API host.

A `site` pasted from the browser's address bar (`https://na.myconnectwise.net/v2025_1/
ConnectWise.aspx?...#...`) carries the codebase, the page and its state: only the root
(`https://na.myconnectwise.net/`) is the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.checks._connection import connection_url
from cwlint.checks._edits import fix, set_scalar
from cwlint.context import Context
from cwlint.findings import Fix, Issue, Severity

if TYPE_CHECKING:
    from cwlint.catalog import ConnectionFacts
    from cwlint.urls import Url

ID = "CW110"
NAME = "site-is-api"
SEVERITY = Severity.WARNING
SUMMARY = "site carries `api-`, `/apis/3.0` or a page of the web UI (it should be the web UI root)"
BAD = """
cwlint: 1
connection:
  site: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
GOOD = """
cwlint: 1
connection:
  site: https://na.myconnectwise.net/
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
SOURCE = "rules/connectwise/regions.yaml; 1stream 'CRM Details Link' vs 'Endpoint'"
FIX = "safe"  # the web UI root of the same host (or region): a site with credentials is left

PATH = ("connection", "site")


def check(ctx: Context) -> Iterator[Issue]:
    url = connection_url(ctx, "site")
    if url is None or url.error or not url.host:
        return
    regions = ctx.catalog.regions
    facts = ctx.catalog.connection
    api_host = regions.is_api_host(url.host)
    api_path = url.path is not None and "/" + facts.api_suffix.rstrip("/") in url.path
    if not (api_host or api_path):
        yield from _address_bar(ctx, url, facts)
        return
    region = regions.for_host(url.host)
    host = region.web_host if api_host and region else url.host
    what = " and ".join(
        part
        for part, found in (
            (f"the {regions.api_prefix!r} host {url.host}", api_host),
            (f"the REST path {facts.api_suffix}", api_path),
        )
        if found
    )
    root = f"https://{region.web_host}/" if api_host and region else url.with_path("/")
    yield Issue(
        PATH,
        (
            f"site carries {what}: site is the web UI root (https://{host}/); put the REST base "
            "in api_url"
        ),
        fix=_root(ctx, url, root),
    )


def _root(ctx: Context, url: Url, root: str) -> Fix | None:
    """Set site to ``root`` (never for a site with credentials: that is CW205's to judge)."""
    return None if url.userinfo else fix(f"Set site to {root}", [set_scalar(ctx.doc, PATH, root)])


def _address_bar(ctx: Context, url: Url, facts: ConnectionFacts) -> Iterator[Issue]:
    """A web UI page, not the root: a path beyond ``/`` (a codebase, ``ConnectWise.aspx``), a
    query or a fragment. Only the root is shown (the rest may hold session state)."""
    raw = url.path or ""
    extra = raw.strip("/") != "" or bool(url.query) or url.fragment
    if not extra:
        return
    first = raw.strip("/").split("/", 1)[0] + "/"
    parts = []
    if facts.is_codebase(first):
        parts.append(f"the codebase {first}")
    if raw.strip("/") and not facts.is_codebase(raw.strip("/") + "/"):
        parts.append("a page path")
    if url.query or url.fragment:
        parts.append("the page's query and fragment")
    yield Issue(
        PATH,
        (
            f"site carries {' and '.join(parts) or 'a page path'}: it looks copied from the "
            f"browser's address bar; site is the web UI root: {url.with_path('/')}"
        ),
        fix=_root(ctx, url, url.with_path("/")),
    )
