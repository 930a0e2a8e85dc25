"""The API member's role is an administrator role, or can make itself one.

ConnectWise's built-in Admin role can do everything; so, in effect, can any role that may create
or change security roles or members (System > Security, System > Member Maintenance at Add or
Edit): it can raise its own rights or hand a member a stronger role. The API member's keys live in
a third-party product, so a leak or a bug there would then reach everything. Use a custom role
with only what the integration needs (ConnectWise's Developer Guide advises against Admin access
for integrations).

Which functions are privileged and which role names mean the built-in administrator is data
(`privileged` and `admin_role_names` in `rules/connectwise/security-functions.yaml`). Reported
with or without a profile, also for a privileged level the manifest's profile itself requires (the
vendor documents the need, e.g. N-able Passportal): the role is admin-equivalent all the same, and
the message says the vendor asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._role import rows, ui_path
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW307"
NAME = "admin-role"
SEVERITY = Severity.WARNING
SUMMARY = "The role is an admin role or can edit security roles / members"
BAD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: System, function: Member Maintenance, edit: All, inquire: All}
"""
GOOD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: System, function: Member Maintenance, inquire: All}
"""
SOURCE = (
    "rules/connectwise/security-functions.yaml (privileged, admin_role_names); ConnectWise "
    "PSA Developer Guide: 'We do not recommend requesting Admin access for an integration.'"
)
#: Code scanning: a security alert; CVSS-like score (the integration can grant itself anything).
TAGS = ("security", "privilege", "external/cwe/cwe-250")
SECURITY_SEVERITY = "8.0"


def check(ctx: Context) -> Iterator[Issue]:
    from cwlint.catalog import norm_name

    security = ctx.catalog.security
    name = ctx.doc.get(("security_role", "name"))
    if isinstance(name, str) and norm_name(name) in {
        norm_name(n) for n in security.admin_role_names
    }:
        yield Issue(
            ("security_role", "name"),
            (
                f"role {name!r} is ConnectWise's administrator role, which can do everything: create "
                "a custom role with only what the integration needs (System > Security Roles > "
                "(+)) and give it to the API member (System > Members > API Members > Role ID)"
            ),
        )
    profile = ctx.profile
    scale = ctx.catalog.levels
    privileged = {(p.module, p.function): p for p in security.privileged}
    for row in rows(ctx):
        found = privileged.get(row.key) if row.known else None
        if found is None:
            continue
        requirement = profile.requirement(*row.key) if profile is not None else None
        where = ui_path(ctx, *row.key)
        for verb in found.verbs:
            level = row.level(verb)
            if not scale.grants(level):
                continue
            why = f": {found.why}" if found.why else ""
            if (
                profile is not None
                and requirement is not None
                and scale.rank(level) <= scale.rank(requirement.allowed(verb))
            ):
                fix = (
                    f"{profile.name} asks for it, so the integration needs it: keep its keys as "
                    "you would an administrator's, or ask the vendor whether Inquire is enough"
                )
            else:
                fix = (
                    f"grant Inquire only, unless the integration really needs it (in ConnectWise: "
                    f"{where}, {verb.capitalize()} Level)"
                )
            yield Issue(
                row.at(verb),
                (
                    f"{row.name}: {verb.capitalize()} {row.shown(verb)} makes the role an "
                    f"administrator in effect{why}; {fix}"
                ),
            )
