"""A cloud or staging api_url uses the web host instead of its `api-` host.

On ConnectWise cloud and staging the REST API is served by the `api-` host of the region
(`api-na.myconnectwise.net` for `na.myconnectwise.net`). Calls to the web host are refused with
`{"code":"Security","message":"SSL is required."}`, which sends people hunting for a TLS
problem that is not there. On-premise servers have no such prefix and are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import connection_url, host_at, host_note
from cwlint.checks._edits import edit_scalar, fix
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW102"
NAME = "api-host-prefix"
SEVERITY = Severity.ERROR
SUMMARY = "a cloud/staging api_url host lacks the `api-` prefix"
BAD = """
cwlint: 1
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  api_url: https://na.myconnectwise.net/v2025_1/apis/3.0/
"""
GOOD = """
cwlint: 1
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
SOURCE = "rules/connectwise/regions.yaml (ConnectWise PSA Developer Guide)"
FIX = "safe"  # the region's own API host, from the catalogue


def check(ctx: Context) -> Iterator[Issue]:
    regions = ctx.catalog.regions
    url = connection_url(ctx, "api_url")
    if url is None or not url.host or url.error:
        return
    if regions.is_cloud_host(url.host) and not regions.is_api_host(url.host):
        wanted = regions.api_host_for(url.host) or ""
        raw = ctx.doc.get(("connection", "api_url"))
        where = host_at(raw, url.host) if wanted and isinstance(raw, str) else None
        edit = edit_scalar(ctx.doc, ("connection", "api_url"), *where, wanted) if where else None
        yield Issue(
            ("connection", "api_url"),
            (
                f"api_url host {url.host} lacks the {regions.api_prefix!r} prefix: ConnectWise cloud "
                f'answers "{regions.ssl_required_message}" on the web host; use '
                f"{wanted}{host_note(regions, wanted)}"
            ),
            fix=fix(f"Use the API host {wanted}", [edit]),
        )
