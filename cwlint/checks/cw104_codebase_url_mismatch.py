"""The codebase in api_url's path is not the manifest's `codebase`.

The codebase appears twice: on its own (as companyinfo returns it) and inside the REST base
(`/{codebase}apis/3.0/`). When a cloud tenant is upgraded its codebase changes; updating one
and not the other leaves an integration calling a release that is gone (404, "Could not get any
response"). `v4_6_release/` in api_url is accepted on cloud: ConnectWise's own examples (and
1stream's Endpoint) use it there, and it is redirected.

The fix writes `codebase` into api_url. It is safe where `codebase` is certain (on premise,
where it is always `v4_6_release/`); on cloud either could be the stale one, so it is an unsafe
fix: check companyinfo's Codebase first.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import connection_url, deployment, path_codebase
from cwlint.checks._edits import edit_scalar, fix
from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.secrets import has_reference

ID = "CW104"
NAME = "codebase-url-mismatch"
SEVERITY = Severity.ERROR
SUMMARY = "the codebase in api_url's path differs from `codebase`"
BAD = """
cwlint: 1
connection:
  deployment: cloud
  api_url: https://api-na.myconnectwise.net/v2024_2/apis/3.0/
  codebase: v2025_1/
"""
GOOD = """
cwlint: 1
connection:
  deployment: cloud
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
  codebase: v2025_1/
"""
SOURCE = "rules/connectwise/connection.yaml (ConnectWise PSA Developer Guide, codebase)"
FIX = "safe"


def check(ctx: Context) -> Iterator[Issue]:
    facts = ctx.catalog.connection
    codebase = ctx.doc.get(("connection", "codebase"))
    url = connection_url(ctx, "api_url")
    if (
        url is None
        or url.error
        or url.path is None
        or not isinstance(codebase, str)
        or has_reference(codebase)
        or not facts.is_codebase(codebase)
    ):
        return
    in_url = path_codebase(url.path, facts.api_suffix)
    if in_url is None or not facts.is_codebase(in_url) or in_url == codebase:
        return
    if (
        in_url == facts.on_premise_codebase
        and deployment(ctx) == "cloud"
        and facts.on_premise_codebase_on_cloud
    ):
        return
    certain = deployment(ctx) == "on-premise" and codebase == facts.on_premise_codebase
    path = ("connection", "api_url")
    raw = ctx.doc.get(path)
    at = raw.find("/" + in_url + facts.api_suffix.rstrip("/")) + 1 if isinstance(raw, str) else 0
    yield Issue(
        path,
        (
            f"api_url names codebase {in_url!r} but codebase is {codebase!r}: make them agree "
            f"(GET {{site}}{facts.companyinfo_path} returns the current one), e.g. "
            f"{url.with_path(facts.api_path(codebase))}"
        ),
        fix=fix(
            f"Write codebase {codebase!r} in api_url",
            [edit_scalar(ctx.doc, path, at, at + len(in_url), codebase) if at else None],
            safe=certain,
        ),
    )
