"""`--live`: companyinfo's `Codebase` or `IsCloud` differ from the manifest.

`GET https://{site}/login/companyinfo/{company_id}` tells which release a tenant runs
(`Codebase`, e.g. `v2025_1/`) and whether it is cloud. ConnectWise upgrades cloud tenants
several times a year and the codebase changes with it; a REST base still naming the old one
starts answering 404. This compares both the `codebase` field and the codebase inside
`api_url` (`v4_6_release/` is accepted there on cloud, as ConnectWise redirects it), and
`deployment` with `IsCloud`.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW904"
NAME = "codebase-drift"
SEVERITY = Severity.ERROR
SUMMARY = "companyinfo's Codebase / IsCloud differ from the manifest"
BAD = """
cwlint: 1
# companyinfo: {"Codebase": "v2025_2/", "IsCloud": "True"}
connection:
  deployment: cloud
  codebase: v2025_1/
"""
GOOD = """
cwlint: 1
connection:
  deployment: cloud
  codebase: v2025_2/
"""
SOURCE = "rules/connectwise/connection.yaml (codebase, companyinfo; changes_on_upgrade)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ()


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None:
        return
    yield from tenant.unavailable("company_info", ("connection", "codebase"), "the codebase")
    info = tenant.value("company_info")
    if not isinstance(info, dict):
        return
    from cwlint.checks._connection import path_codebase

    facts = ctx.catalog.connection
    live = info.get("Codebase") if isinstance(info.get("Codebase"), str) else None
    conn = tenant.connection
    if live and conn.codebase and conn.codebase != live:
        yield Issue(
            ("connection", "codebase"),
            (
                f"companyinfo says the codebase is {live!r}, the manifest says {conn.codebase!r}: "
                f"the tenant was upgraded (or the manifest is for another one); set codebase: {live}"
                " and use it in api_url"
            ),
        )
    path = urlsplit(conn.api_url).path if conn.api_url else ""
    in_url = path_codebase(path, facts.api_suffix) if path else None
    cloud = _is_cloud(info.get("IsCloud"))
    if (
        live
        and in_url
        and in_url != live
        and not (
            in_url == facts.on_premise_codebase and cloud and facts.on_premise_codebase_on_cloud
        )
    ):
        yield Issue(
            ("connection", "api_url"),
            (
                f"api_url names codebase {in_url!r}, but companyinfo says the tenant runs {live!r}: "
                f"write {path.replace(in_url, live, 1)} as api_url's path"
            ),
        )
    said = conn.deployment
    if cloud is not None and said in ("cloud", "on-premise") and (said == "cloud") != cloud:
        actual = "cloud" if cloud else "on-premise"
        yield Issue(
            ("connection", "deployment"),
            (
                f"companyinfo says this tenant is {actual} (IsCloud: {info.get('IsCloud')}), the "
                f"manifest says {said}: set deployment: {actual}"
            ),
        )


def _is_cloud(value: object) -> bool | None:
    """companyinfo's IsCloud: ``"True"`` in the guide, a boolean elsewhere; lenient."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None
