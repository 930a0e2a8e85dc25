"""`--live`: ConnectWise answered 403 to a read that the integration itself needs.

A 403 means "improper security role settings for the supplied authentication": the API member's
role lacks the permission that guards the endpoint. When the manifest's role, or the vendor
profile, says the integration needs that permission (for example System > Member Maintenance
Inquire to map users), the integration will fail the same way, so this names the permission to
grant. A 403 on a read only cwlint needs (for example System > Security Roles, which a
least-privilege role rightly lacks) is not this rule's: the check that needed it says it was not
checked, and CW905/CW906 fall back to the API member's own permissions (`/system/mySecurity`).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._live import data, role_path
from cwlint.context import Context
from cwlint.findings import Issue, Pointer, Severity
from cwlint.live.snapshot import Kind

ID = "CW903"
NAME = "forbidden"
SEVERITY = Severity.ERROR
SUMMARY = "403 on a call the integration needs: name the permission that is missing"
BAD = """
cwlint: 1
# live role: System > Member Maintenance Inquire None
security_role:
  permissions:
    - {module: System, function: Member Maintenance, inquire: All}
"""
GOOD = """
cwlint: 1
# live role: System > Member Maintenance Inquire All
security_role:
  permissions:
    - {module: System, function: Member Maintenance, inquire: All}
"""
SOURCE = "rules/connectwise/api.yaml (reads and the permission guarding each)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ()  # reports failures of whatever the other rules read


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None:
        return
    from cwlint.checks._role import key_of, rows
    from cwlint.live.snapshot import manifest_role

    catalog = ctx.catalog
    entries = {row.key: row for row in rows(ctx)}
    required = {
        key_of(catalog, r.module, r.function): r
        for r in (ctx.profile.permissions if ctx.profile is not None else ())
        if catalog.levels.grants(r.level("inquire"))
    }
    refused: dict[tuple[str, str], list[str]] = {}
    seen: set[int] = set()
    for name, read in catalog.api.reads.items():
        result = tenant.reads.get(name)
        failure = result.failure if result is not None else None
        if (
            failure is None
            or failure.kind is not Kind.FORBIDDEN
            or not read.permission
            or (id(failure) in seen)
        ):
            continue
        seen.add(id(failure))
        refused.setdefault(read.permission, []).append(read.what)
    for (module, function), reads in refused.items():
        key = key_of(catalog, module, function)
        row = entries.get(key)
        granted = row is not None and catalog.levels.grants(row.level("inquire"))
        if not granted and key not in required:
            continue  # only cwlint needed it: the checks that did say so
        who = (
            f"the manifest grants Inquire {row.level('inquire')}"
            if row is not None and granted
            else f"{ctx.profile.name if ctx.profile else 'the profile'} requires it"
        )
        path: Pointer = row.at("inquire") if row is not None else role_path(ctx)
        yield Issue(
            path,
            (
                f"ConnectWise refused to read {' and '.join(reads)} (403): the API member's live "
                f"role lacks {module} > {function} Inquire, and {who}; in System > Security Roles > "
                f"{manifest_role(data(ctx)) or 'the role'}, set {module} > {function} Inquire to All"
            ),
        )
