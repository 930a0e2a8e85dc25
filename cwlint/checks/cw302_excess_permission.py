"""The security role grants more than the vendor's profile requires.

Least privilege: the API member's keys live in a third-party product, so whatever the role allows
is what a leaked key or a bug in that product can do. A level above the vendor's documented
minimum (including levels a feature of the vendor may need, `conditional` in the profile) and any
level on a function a complete profile does not list is more than the integration needs.

Only with a profile. A profile whose table is not complete (`completeness` other than `full`)
may simply not list a function the vendor uses, so functions it does not mention are not
reported; levels above what it does list still are. Delete levels are CW305's. When the
manifest's `features:` lists the vendor features in use, the rows and levels only an unused
feature needs are excess too.

A least-privilege hint (info) where a row's Customize list allows every entry (no `customize:`,
ConnectWise's default) and the profile needs only some of them: keep those under "Allow Access
to these" and move the rest to "Disallow".
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._role import customize_path, declares_role, excess, key_of, rows
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW302"
NAME = "excess-permission"
SEVERITY = Severity.WARNING
SUMMARY = "The role grants more than the profile requires (least privilege)"
BAD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - {module: Companies, function: Company Maintenance, edit: All, inquire: All}
    - {module: Companies, function: Contacts, inquire: All}
"""
GOOD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - {module: Companies, function: Company Maintenance, inquire: All}
"""
SOURCE = "rules/profiles/<id>.yaml (permissions, conditional levels, completeness)"
#: Code scanning: a security alert; CVSS-like score (more than the vendor needs: least privilege).
TAGS = ("security", "privilege", "external/cwe/cwe-272")
SECURITY_SEVERITY = "4.3"
FIX = "unsafe"  # lowers the level to what the profile allows: the role grants less


def check(ctx: Context) -> Iterator[Issue]:
    scale = ctx.catalog.levels
    verbs = tuple(v for v in scale.verbs if v not in scale.destructive)
    yield from excess(ctx, verbs, why="grant only what the integration needs")
    yield from _customize_everything(ctx)


def _customize_everything(ctx: Context) -> Iterator[Issue]:
    profile = ctx.profile
    if profile is None or not declares_role(ctx):
        return
    catalog = ctx.catalog
    listed = {key_of(catalog, r.module, r.function): r for r in profile.permissions}
    seen = set()
    for row in rows(ctx):
        requirement = listed.get(row.key)
        if requirement is None or row.key in seen:
            continue
        seen.add(row.key)
        wanted = requirement.customize
        block = row.data.get("customize")
        if wanted is None or not wanted.allow or not (block is None or isinstance(block, dict)):
            continue
        block = block or {}
        if not catalog.customize.allows_everything(block.get("allow"), block.get("disallow")):
            continue
        entries = ", ".join(wanted.allow)
        yield Issue(
            (*row.path, "customize") if "customize" in row.data else row.path,
            (
                f"{row.name} restricts no customize entry (ConnectWise allows every one by "
                f"default), but {profile.name} needs only {entries}: least privilege: keep those "
                f"under Allow Access to these and move the others to Disallow in "
                f"{customize_path(ctx, *requirement.key)}, and write customize: {{allow: "
                f"[{entries}]}}"
            ),
            at_key="customize" in row.data,
            severity=Severity.INFO,
        )
