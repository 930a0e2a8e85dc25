"""A function's Customize allow-list lacks an entry the vendor's profile requires.

Some functions have a Customize list next to their levels ("Allow Access to these" / "Disallow"):
Table Setup's list says which setup tables the role may read or change, Agreements' list which
agreement types. Granting the function at All is not enough when the entry the integration reads
sits on the Disallow side: Gradient MSP's alerts, for one, need Table Setup's
"Service / Service Board" allowed. Entries match forgiving case, spacing and dashes; a near miss
("Service / Servce Board") gets a "did you mean". A profile asking for every entry to be allowed
(`all`) is broken by any entry on the Disallow side.

Errors become warnings when the vendor only recommends the entries, when the row is needed only
for an optional feature, or when the profile is not complete. A function the role does not grant
at all is CW301's. Quiet without a profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.checks._role import caveat, declares_role, key_of, rows, severity
from cwlint.context import Context
from cwlint.findings import Issue, Severity

if TYPE_CHECKING:
    from cwlint.catalog import Requirement

ID = "CW306"
NAME = "customize-missing"
SEVERITY = Severity.ERROR
SUMMARY = "A customize allow-list lacks an entry the profile requires"
BAD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - module: System
      function: Table Setup
      add: All
      inquire: All
      customize:
        allow: [Company / Company Status, Company / Company Type, Invoicing / Billing Cycle]
"""
GOOD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - module: System
      function: Table Setup
      add: All
      inquire: All
      customize:
        allow: [Company / Company Status, Company / Company Type, Invoicing / Billing Cycle,
                Service / Service Board]
"""
SOURCE = "rules/profiles/<id>.yaml (permissions[].customize); rules/connectwise/customize.yaml"


def check(ctx: Context) -> Iterator[Issue]:
    profile = ctx.profile
    if profile is None or not declares_role(ctx):
        return
    from cwlint.catalog import norm_name, suggest

    catalog = ctx.catalog
    first = {}
    for row in rows(ctx):
        first.setdefault(row.key, row)
    for requirement in profile.permissions:
        wanted = requirement.customize
        row = first.get(key_of(catalog, requirement.module, requirement.function))
        if wanted is None or not (wanted.allow or wanted.all) or row is None:
            continue
        block = row.data.get("customize")
        if block is not None and not isinstance(block, dict):
            continue  # CW003
        block = block or {}
        allow, disallow = block.get("allow"), block.get("disallow")
        level = Severity.WARNING if wanted.optional or requirement.optional else None
        level = severity(profile, requirement) or level
        note = caveat(profile, requirement) + _optional(wanted.optional, requirement)
        base = (*row.path, "customize")
        if wanted.all and isinstance(disallow, list):
            why = f": {wanted.note}" if wanted.note else ""
            for i, entry in enumerate(disallow):
                if isinstance(entry, str):
                    yield Issue(
                        (*base, "disallow", i),
                        (
                            f"{row.name}: {profile.name} needs every customize entry allowed{why}; "
                            f"move {entry!r} from disallow to allow{note}"
                        ),
                        severity=level,
                    )
        if not wanted.allow:
            continue
        if "allow" not in block:
            listed = ", ".join(wanted.allow)
            yield Issue(
                base if "customize" in row.data else row.path,
                (
                    f"{row.name} has no customize allow-list, but {profile.name} requires these "
                    f"entries allowed: {listed}; add customize: {{allow: [{listed}]}}{note}"
                ),
                at_key="customize" in row.data,
                severity=level,
            )
            continue
        if not isinstance(allow, list):
            continue  # CW003
        entries = {i: e for i, e in enumerate(allow) if isinstance(e, str)}
        needed = {norm_name(n) for n in wanted.allow}
        spare = {i: e for i, e in entries.items() if norm_name(e) not in needed}
        have = {norm_name(e) for e in entries.values()}
        refused = {norm_name(e) for e in disallow or () if isinstance(e, str)}
        for need in wanted.allow:
            if norm_name(need) in have:
                continue
            close = suggest(need, spare.values())
            if close is not None:
                index = next(i for i, e in spare.items() if e == close)
                del spare[index]
                yield Issue(
                    (*base, "allow", index),
                    (
                        f"{close!r} is not {need!r}, which {profile.name} requires in "
                        f"{row.name}'s customize allow-list; did you mean {need!r}?{note}"
                    ),
                    severity=level,
                )
                continue
            fix = (
                ", but it is in disallow: move it to allow"
                if norm_name(need) in refused
                else ": add it to allow"
            )
            yield Issue(
                (*base, "allow"),
                (
                    f"{row.name}'s customize allow-list lacks {need!r}, which {profile.name} "
                    f"requires{fix}{note}"
                ),
                at_key=True,
                severity=level,
            )


def _optional(recommended: bool, requirement: Requirement) -> str:
    """Why a gap is only a warning: an optional row, or entries the vendor only recommends."""
    if requirement.optional:
        return f" (an optional row: {requirement.condition or 'needed for a feature only'})"
    return " (the vendor recommends these entries)" if recommended else ""
