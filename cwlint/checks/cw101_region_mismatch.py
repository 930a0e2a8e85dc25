"""The connection URLs name different ConnectWise cloud regions.

Each ConnectWise cloud region is its own set of servers: a tenant on `eu.myconnectwise.net` is
reached through `api-eu.myconnectwise.net`, never through `api-na`. Vendors document the North
American hosts ("your prefix will vary", 1stream), so a European or Australian partner who
copies the example gets an API URL in the wrong region: the company id is unknown there and
every call fails. The site is taken as the reference (it is the web address you log in to);
the API URL and any pod URL or origin on a ConnectWise cloud host must be in the same region.

A host under a ConnectWise cloud domain that is no known region host is reported as a warning
(a typo such as `api-us.myconnectwise.net`). The `aus` and `za` API hosts are used by
third-party clients but not listed in ConnectWise's Developer Guide: using them is not a
finding; a message that suggests one says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.checks._connection import connection_urls, host_note, label, pod_urls
from cwlint.context import Context
from cwlint.findings import Issue, Severity

if TYPE_CHECKING:
    from cwlint.catalog import Region

ID = "CW101"
NAME = "region-mismatch"
SEVERITY = Severity.ERROR
SUMMARY = "site, api_url and other ConnectWise links name different cloud regions"
BAD = """
cwlint: 1
connection:
  deployment: cloud
  site: https://eu.myconnectwise.net/
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
GOOD = """
cwlint: 1
connection:
  deployment: cloud
  site: https://eu.myconnectwise.net/
  api_url: https://api-eu.myconnectwise.net/v2025_1/apis/3.0/
"""
SOURCE = "rules/connectwise/regions.yaml"


def check(ctx: Context) -> Iterator[Issue]:
    regions = ctx.catalog.regions
    urls = [*connection_urls(ctx), *pod_urls(ctx)]
    reference: tuple[str, str, Region] | None = None  # (label, host, region)
    for path, url in urls:
        if not url.host or url.error or not regions.is_cloud_host(url.host):
            continue
        region = regions.for_host(url.host)
        if region is None:
            is_api = url.host.startswith(regions.api_prefix)
            known = sorted(r.api_host if is_api else r.web_host for r in regions.regions)
            from cwlint.catalog import suggest

            hint = suggest(url.host, known)
            yield Issue(
                path,
                (
                    f"{label(path)} host {url.host} is under a ConnectWise cloud domain but is no "
                    f"known region host ({', '.join(known)})"
                    + (f"; did you mean {hint!r}?" if hint else "; check the host with ConnectWise")
                ),
                severity=Severity.WARNING,
            )
            continue
        if reference is None:
            reference = (label(path), url.host, region)
            continue
        ref_label, ref_host, ref_region = reference
        if region.id == ref_region.id:
            continue
        wanted = ref_region.api_host if url.host == region.api_host else ref_region.web_host
        yield Issue(
            path,
            (
                f"{label(path)} is in ConnectWise region {region.id} ({url.host}) but {ref_label} is "
                f"in {ref_region.id} ({ref_host}): a tenant lives in one region; use "
                f"{wanted}{host_note(regions, wanted)}, or fix {ref_label}"
            ),
        )
