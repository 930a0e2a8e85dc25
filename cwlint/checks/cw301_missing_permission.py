"""The security role grants less than the vendor's profile requires.

An API member can do only what its security role allows: a function the integration needs at
All but granted at My (or not at all) fails at run time with 403 on some records, or silently
syncs only part of the data. Levels compare as None < My < All; a level the entry omits is None,
and so is every level of a function the role does not list. The profile's minimum comes from the
vendor's own documentation (`rules/profiles/<id>.yaml`); rows the vendor marks optional (needed
only for a feature) are not required.

A profile whose table is not complete (`completeness` other than `full`) or a row whose levels
are uncertain gives warnings, never errors: the vendor's page may be cut off or ambiguous, so
cwlint says so rather than guessing. Quiet without a profile, and when the manifest has no
`security_role` (it then describes no role to compare).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.checks._role import (
    PERMISSIONS,
    caveat,
    declares_role,
    key_of,
    levels_text,
    rows,
    severity,
)
from cwlint.context import Context
from cwlint.findings import Issue, Severity

if TYPE_CHECKING:
    from cwlint.catalog import Requirement

ID = "CW301"
NAME = "missing-permission"
SEVERITY = Severity.ERROR
SUMMARY = "The role grants less than the profile requires (None < My < All)"
BAD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  # Add is My where Gradient requires All, and the other functions it requires are missing
  permissions:
    - {module: Service Desk, function: Service Tickets, add: My, edit: All, inquire: All}
"""
GOOD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - {module: Companies, function: Company Maintenance, inquire: All}
    - {module: Finance, function: Agreement Sales, inquire: All}
    - {module: Finance, function: Agreements, add: All, edit: All, inquire: All}
    - {module: Procurement, function: Product Catalog, inquire: All}
    - {module: Procurement, function: Products, inquire: All}
    - {module: Service Desk, function: Close Service Tickets, add: All, edit: All, inquire: All}
    - {module: Service Desk, function: Merge Tickets, add: All, edit: All, inquire: All}
    - {module: Service Desk, function: Service Tickets, add: All, edit: All, inquire: All}
    - {module: System, function: Table Setup, add: All, inquire: All}
"""
SOURCE = "rules/profiles/<id>.yaml (permissions, from each vendor's documentation)"


def check(ctx: Context) -> Iterator[Issue]:
    profile = ctx.profile
    if profile is None or not declares_role(ctx):
        return
    catalog = ctx.catalog
    verbs = catalog.levels.verbs
    rank = {level: i for i, level in enumerate(catalog.levels.order)}  # levels here are canonical
    granted: dict[tuple[str, str], list] = {}
    for row in rows(ctx):
        granted.setdefault(row.key, []).append(row)
    for requirement in profile.permissions:
        needed = {v: requirement.required(v) for v in verbs if requirement.required(v) != "None"}
        if not needed:
            continue
        name = f"{requirement.module} > {requirement.function}"
        note = caveat(profile, requirement)
        level = severity(profile, requirement)
        found = granted.get(key_of(catalog, requirement.module, requirement.function))
        if not found:
            yield Issue(
                PERMISSIONS,
                (
                    f"the role does not grant {name}, which {profile.name} requires "
                    f"({levels_text(needed, verbs)}; a function the role does not list is None "
                    f"everywhere): add {_entry(requirement, needed)}"
                    f"{note}"
                ),
                at_key=True,
                severity=level,
            )
            continue
        row = found[0]  # a repeat is CW308's; the first entry is the one to fix
        short = {}
        for verb, need in needed.items():
            have = [rank[r.levels[verb]] for r in found if verb in r.levels]
            if have and max(have) < rank[need]:
                short[verb] = need
        written = {v: need for v, need in short.items() if v in row.written}
        for verb, need in written.items():
            yield Issue(
                (*row.path, verb),
                (
                    f"{row.name}: {verb.capitalize()} is {row.shown(verb)}, but {profile.name} "
                    f"requires {need}: set {verb}: {need}{note}"
                ),
                severity=level,
            )
        omitted = {v: need for v, need in short.items() if v not in written}
        if omitted:
            missing = " or ".join(v.capitalize() for v in omitted)
            fix = ", ".join(f"{v}: {need}" for v, need in omitted.items())
            yield Issue(
                row.path,
                (
                    f"{row.name} grants no {missing} (an omitted level is None), but "
                    f"{profile.name} requires {levels_text(omitted, verbs)}: add {fix}{note}"
                ),
                severity=level,
            )


def _entry(requirement: Requirement, levels: dict[str, str]) -> str:
    """The manifest entry to add, in YAML flow style."""
    fields = [
        f"module: {requirement.module}",
        f"function: {requirement.function}",
        *(f"{v}: {level}" for v, level in levels.items()),
    ]
    if requirement.customize is not None and requirement.customize.allow:
        fields.append(f"customize: {{allow: [{', '.join(requirement.customize.allow)}]}}")
    return "- {" + ", ".join(fields) + "}"
