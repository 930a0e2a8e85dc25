"""`--live`: the manifest's security role does not exist in the tenant, or is inactive.

The role is looked up by name in `/system/securityroles`. A least-privilege integration role
usually cannot read that list (it needs System > Security Roles Inquire); then the API member's
own role, as `/system/apiMembers` gives it, is evidence enough that a role of that name exists.
A close name is suggested, since a role renamed in the UI is the usual cause.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._live import data, role_path
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW905"
NAME = "role-missing"
SEVERITY = Severity.ERROR
SUMMARY = "the security role does not exist"
BAD = """
cwlint: 1
# tenant roles: "1stream Integration", ...
security_role:
  name: 1Stream Integraton
"""
GOOD = """
cwlint: 1
security_role:
  name: 1stream Integration
"""
SOURCE = "rules/connectwise/api.yaml (security_roles)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ("security_roles", "api_members")


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    from cwlint.live.snapshot import manifest_role, role_name_of

    name = manifest_role(data(ctx))
    if tenant is None or not name:
        return
    path = role_path(ctx)
    roles = tenant.result("security_roles")
    if not roles.ok:
        members = tenant.value("api_members") or [None]
        if (role_name_of(members[0]) or "").casefold() != name.casefold():
            yield from tenant.unavailable("security_roles", path, "that the security role exists")
        return
    found = next(
        (r for r in roles.value if str(r.get("name", "")).casefold() == name.casefold()), None
    )
    if found is None:
        from cwlint.manifest.schema import suggest

        hint = suggest(name, [str(r.get("name", "")) for r in roles.value])
        yield Issue(
            path,
            (
                f"the tenant has no security role {name!r}: create it in System > Security Roles, "
                f"or correct the name{hint}"
            ),
        )
    elif found.get("inactiveFlag") is True:
        yield Issue(
            path,
            (
                f"security role {found.get('name')!r} is inactive in the tenant: members with it "
                "cannot work; reactivate it in System > Security Roles"
            ),
        )
