"""`--live` could not reach the site or the API: DNS, TCP, TLS, a redirect, or the wrong host.

Before comparing anything, cwlint has to reach `GET https://{site}/login/companyinfo/{id}` and
`{api_url}system/info`. Failing that, the integration fails the same way, so this is reported
once, at the URL concerned, and the checks that needed that host stay silent. Also here:

- a redirect to another host, which cwlint does not follow with the credentials (the
  Authorization header only ever goes to the API host of the manifest);
- ConnectWise's `"SSL is required."` (a cloud API host without the `api-` prefix);
- a 404 for `system/info`: the API path in `api_url` is wrong (when its codebase differs from
  companyinfo's, CW904 says so instead);
- without `api_url`, a companyinfo `SiteUrl` that names another host than the site's own or the
  catalogue's `api-` host for it: cwlint sends it no credentials, and asks for `api_url`;
- an API host that is not ConnectWise's (no region of the catalogue lists it), on premise too,
  and that `--allow-host` does not name: cwlint sends it no credentials, and says which
  `--allow-host` to pass;
- any of these on a later read, after `system/info` was answered: reported once per kind,
  naming the endpoints, and the checks that needed those reads stay silent.

An incomplete certificate chain is CW910, refused credentials CW902.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.checks._live import api_path, endpoints
from cwlint.context import Context
from cwlint.findings import Issue, Severity
from cwlint.live.snapshot import Failure, Kind

if TYPE_CHECKING:
    from cwlint.catalog import Read

ID = "CW901"
NAME = "unreachable"
SEVERITY = Severity.ERROR
SUMMARY = "DNS, TCP or TLS failure reaching site or api_url"
BAD = """
cwlint: 1
connection:
  site: https://na.myconnectwise.net/
  api_url: https://na.myconnectwise.net/v2025_1/apis/3.0/   # "SSL is required."
"""
GOOD = """
cwlint: 1
connection:
  site: https://na.myconnectwise.net/
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
"""
SOURCE = "rules/connectwise/api.yaml; rules/connectwise/regions.yaml (ssl_required)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ()

_KINDS = frozenset(
    {
        Kind.UNREACHABLE,
        Kind.TLS,
        Kind.REDIRECT,
        Kind.SSL_REQUIRED,
        Kind.UNTRUSTED_HOST,
        Kind.NOT_FOUND,
    }
)
#: Kinds of a later read's failure reported here (a 404 there is the check's own to report).
_LATE = (Kind.UNREACHABLE, Kind.TLS, Kind.REDIRECT, Kind.SSL_REQUIRED)


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None:
        return
    site = tenant.site_failure
    if site is not None and site.kind in _KINDS - {Kind.NOT_FOUND}:
        yield Issue(("connection", "site"), f"companyinfo not read: {site.message}{_fix(site)}")
    api = tenant.api_failure
    if (
        api is not None
        and api.kind in _KINDS
        and not _same(site, api)
        and not (api.kind is Kind.NOT_FOUND and _upgraded(ctx))
    ):
        yield Issue(api_path(ctx), f"the API could not be used: {api.message}{_fix(api, ctx)}")
    late: dict[Kind, list[tuple[Read, Failure]]] = {}
    for read, failure in tenant.failed_reads(_LATE):
        late.setdefault(failure.kind, []).append((read, failure))
    answered = ", though /system/info was answered" if tenant.result("info").ok else ""
    for kind in _LATE:
        if kind in late:
            first = late[kind][0][1]
            yield Issue(
                api_path(ctx),
                (
                    f"reading {endpoints([read for read, _ in late[kind]])} failed{answered}: "
                    f"{first.message}{_fix(first, ctx)}"
                ),
            )


def _upgraded(ctx: Context) -> bool:
    """Whether api_url names another codebase than companyinfo's: CW904 explains the 404."""
    from urllib.parse import urlsplit

    from cwlint.checks._connection import path_codebase

    tenant = ctx.tenant
    info = tenant.value("company_info") if tenant is not None else None
    live = info.get("Codebase") if isinstance(info, dict) else None
    api_url = tenant.connection.api_url if tenant is not None else None
    in_url = (
        path_codebase(urlsplit(api_url).path, ctx.catalog.connection.api_suffix)
        if (api_url)
        else None
    )
    return bool(live and in_url and in_url != live)


def _same(site: Failure | None, api: Failure) -> bool:
    return site is not None and site.host == api.host and site.kind is api.kind


def _fix(failure: Failure, ctx: Context | None = None) -> str:
    kind = failure.kind
    if kind is Kind.REDIRECT:
        return (
            "; if the new address is right, write it in the manifest (cwlint only sends "
            "credentials to the manifest's API host)"
        )
    if kind is Kind.SSL_REQUIRED and ctx is not None:
        site = ctx.doc.get(("connection", "site"))
        api_host = ctx.catalog.regions.api_host_for(site) if isinstance(site, str) else None
        where = f" (here {api_host})" if api_host else ""
        return f"; ConnectWise cloud API hosts start with api-{where}"
    if kind is Kind.NOT_FOUND and ctx is not None:
        tenant = ctx.tenant
        info = tenant.value("company_info") if tenant is not None else None
        codebase = info.get("Codebase") if isinstance(info, dict) else None
        now = f" (companyinfo says the codebase is {codebase})" if codebase else ""
        return f"; api_url must end in /{{codebase}}apis/3.0/{now}"
    if kind is Kind.UNREACHABLE:
        return "; check the host name, the network and any proxy or firewall"
    return ""
