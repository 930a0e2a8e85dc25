"""`--live`: the API member is missing or inactive, has another role, or the keys are another's.

The keys authenticate as one API member, and that member's security role is what the
integration can do. `/system/apiMembers` tells whether the manifest's member exists, is
active and has the manifest's role; `/system/mySecurity` tells whose keys these are (keys
copied from another API member work, with that member's rights and audit trail).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._live import data
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW908"
NAME = "api-member-drift"
SEVERITY = Severity.ERROR
SUMMARY = "API member missing, inactive, or with another role"
BAD = """
cwlint: 1
# live: acme1stream has the role Admin
api_member:
  identifier: acme1stream
  security_role: 1stream Integration
"""
GOOD = """
cwlint: 1
# live: acme1stream has the role 1stream Integration
api_member:
  identifier: acme1stream
  security_role: 1stream Integration
"""
SOURCE = "rules/connectwise/api.yaml (api_members, my_security)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ("my_security", "api_members")


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    from cwlint.live.snapshot import key_owner, manifest_api_member, manifest_role, role_name_of

    ident = manifest_api_member(data(ctx))
    if tenant is None or not ident:
        return
    path = ("api_member", "identifier")
    yield from tenant.unavailable("my_security", path, "whose keys these are")
    owner = key_owner(tenant.value("my_security"))
    if owner and owner.casefold() != ident.casefold():
        yield Issue(
            path,
            (
                f"the keys belong to API member {owner!r}, not {ident!r}: use {ident!r}'s own keys "
                "(System > Members > API Members > API Keys), or name the member they belong to"
            ),
        )
    members = tenant.result("api_members")
    if not members.ok:
        yield from tenant.unavailable("api_members", path, "the API member")
        return
    found = next(
        (m for m in members.value if str(m.get("identifier", "")).casefold() == ident.casefold()),
        None,
    )
    if found is None:
        yield Issue(
            path,
            (
                f"the tenant has no API member {ident!r}: create it in System > Members > API "
                "Members, or correct the identifier"
            ),
        )
        return
    if found.get("inactiveFlag") is True:
        yield Issue(
            path,
            (
                f"API member {ident!r} is inactive: its keys are refused; reactivate it in System > "
                "Members > API Members"
            ),
        )
    said = ctx.doc.get(("api_member", "security_role"))
    expected = said.strip() if isinstance(said, str) and said.strip() else manifest_role(data(ctx))
    actual = role_name_of(found)
    if expected and actual is not None and actual.casefold() != expected.casefold():
        at = (
            ("api_member", "security_role")
            if ctx.doc.get(("api_member", "security_role"))
            else path
        )
        yield Issue(
            at,
            (
                f"API member {ident!r} has the security role {actual!r} in the tenant, the manifest "
                f"says {expected!r}: assign {expected!r} in System > Members > API Members, or "
                "correct the manifest"
            ),
        )
