"""`deployment` disagrees with the hosts of site and api_url.

Cloud tenants live on ConnectWise's hosts (`*.myconnectwise.net`, staging on
`*.connectwisedev.com`); on-premise servers live on the partner's own domain. The deployment
decides what the other rules expect (the `api-` prefix, the codebase, the on-premise
requirements), so a wrong one hides real problems or invents others. When no URL agrees with
`deployment`, the deployment is reported; otherwise each URL that disagrees is.

A cloud tenant may be reached through a custom domain (nango's ConnectWise guide mentions them),
which cwlint cannot tell from an on-premise server: cloud with a host off ConnectWise's domains
is a warning that says so (`--live` settles it: CW904 compares companyinfo's IsCloud). On premise
with a ConnectWise cloud host is certainly wrong: an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import connection_urls, deployment, host_note, label
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW109"
NAME = "deployment-mismatch"
SEVERITY = Severity.ERROR
SUMMARY = "cloud with a non-ConnectWise-cloud host, or on-premise with a cloud host"
BAD = """
cwlint: 1
connection:
  deployment: on-premise
  site: https://na.myconnectwise.net/
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
GOOD = """
cwlint: 1
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
SOURCE = "rules/connectwise/regions.yaml (cloud_domains)"


def _and(names: list[str]) -> str:
    return " and ".join(names)


def check(ctx: Context) -> Iterator[Issue]:
    kind = deployment(ctx)
    if kind is None:
        return
    regions = ctx.catalog.regions
    cloud = kind == "cloud"
    judged = [(path, url.host) for path, url in connection_urls(ctx) if url.host and not url.error]
    wrong = [(path, host) for path, host in judged if regions.is_cloud_host(host) != cloud]
    if not wrong:
        return
    domains = ", ".join("*." + d for d in regions.cloud_domains)
    if len(wrong) == len(judged):
        names = _and([label(path) for path, _ in wrong])
        verb = "is" if len(wrong) == 1 else "are"
        yield Issue(
            ("connection", "deployment"),
            (
                f"deployment is cloud, but {names} {verb} not on a ConnectWise cloud host ({domains}): "
                "set deployment: on-premise, or use your region's hosts; if this is a custom "
                "domain in front of your cloud tenant, keep it (`cwlint check --live` confirms "
                "it from companyinfo's IsCloud)"
                if cloud
                else f"deployment is on-premise, but {names} {verb} on a ConnectWise cloud host: set "
                "deployment: cloud (on premise they are your own server's address)"
            ),
            severity=Severity.WARNING if cloud else None,
        )
        return
    right = [(path, host) for path, host in judged if (path, host) not in wrong]
    others = _and([label(path) for path, _ in right])
    region = next((r for _, host in right if (r := regions.for_host(host))), None)
    for path, host in wrong:
        if cloud:
            wanted = region and (region.api_host if path[-1] == "api_url" else region.web_host)
            yield Issue(
                path,
                (
                    f"{label(path)} host {host} is not a ConnectWise cloud host ({domains}), "
                    f"although deployment is cloud and {others} is on one: use "
                    + (f"{wanted}{host_note(regions, wanted)}" if wanted else "your region's host")
                    + ", unless it is a custom domain in front of your cloud tenant"
                ),
                severity=Severity.WARNING,
            )
        else:
            yield Issue(
                path,
                (
                    f"{label(path)} host {host} is a ConnectWise cloud host, although deployment is "
                    f"on-premise and {others} is your own server: use your server's address"
                ),
            )
