"""`--live`: ConnectWise refused the credentials (401), or knows no such company.

The API authenticates `company_id+public_key:private_key` together with the `clientId` header,
so a 401 does not say which one is wrong: the company id (the login company, not the display
name), either key (regenerated, or copied from another API member), an inactive API member, or
the clientId. An unknown company id is also reported here: companyinfo answers `null` for it.
So is a 401 that comes later: `system/info` accepted the keys, then reads of other endpoints
were refused (the keys regenerated or the member deactivated meanwhile, or a gateway in between
answering): one finding names those endpoints, and the checks that needed them stay silent. And
a 401 from companyinfo, which needs no credentials (cwlint sends none there).
The keys are never shown, only the names of the fields and variables that hold them.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._live import endpoints, what
from cwlint.context import Context
from cwlint.findings import Issue, Pointer, Severity
from cwlint.live.snapshot import Kind

ID = "CW902"
NAME = "auth-failed"
SEVERITY = Severity.ERROR
SUMMARY = "401: company id / keys wrong (never echo the keys)"
BAD = """
cwlint: 1
connection:
  company_id: Acme Managed Services   # the display name, not the login company id
"""
GOOD = """
cwlint: 1
connection:
  company_id: acme
"""
SOURCE = "ConnectWise Developer Guide: 'HTTP Response Statuses' (401), 'Calling Company Info'"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ()


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None:
        return
    company = tenant.connection.company_id
    info = tenant.result("company_info")
    if info.ok and info.value is None:
        yield Issue(
            ("connection", "company_id"),
            (
                f"ConnectWise knows no company {company!r} (companyinfo answered null): company_id "
                "is the company id of the login screen, not the company's display name"
            ),
        )
        return
    site = tenant.site_failure
    if site is not None and site.kind is Kind.AUTH:
        yield Issue(
            ("connection", "site"),
            (
                f"companyinfo not read: {site.host or 'the site'} answered 401, but companyinfo "
                "needs no credentials (cwlint sends none there): something between cwlint and "
                "ConnectWise (a proxy or a gateway) asks for them, and will stop the integration too"
            ),
        )
    path: Pointer = (
        ("connection", "public_key")
        if ctx.doc.get(("connection", "public_key"))
        else ("connection",)
    )
    failure = tenant.api_failure
    if failure is not None and failure.kind is Kind.AUTH:
        named = [
            f"{name} (${{{var}}})" if var else name
            for name, var in (
                (name, _variable(ctx, name)) for name in ("public_key", "private_key")
            )
        ]
        yield Issue(
            path,
            (
                f"ConnectWise refused the credentials (401) for company {company!r}: check "
                f"company_id, that {' and '.join(named)} are the keys of the API member "
                f"{_member(ctx)}(System > Members > API Members > API Keys), that this member is "
                "active, and client_id"
            ),
        )
    later = [read for read, _ in tenant.failed_reads({Kind.AUTH})]
    if later:
        accepted = (
            "accepted the credentials for /system/info, then " if tenant.result("info").ok else ""
        )
        yield Issue(
            path,
            (
                f"ConnectWise {accepted}refused them (401) for {endpoints(later)}, so "
                f"{what(later)} were not checked: the keys may have been regenerated or the API "
                f"member {_member(ctx)}deactivated meanwhile, or something between cwlint and "
                "ConnectWise answers for it; check System > Members > API Members, and run again"
            ),
        )


def _variable(ctx: Context, name: str) -> str | None:
    from cwlint.secrets import env_reference

    return env_reference(ctx.doc.get(("connection", name)))


def _member(ctx: Context) -> str:
    ident = ctx.doc.get(("api_member", "identifier"))
    return f"{ident!r} " if isinstance(ident, str) and ident else ""
