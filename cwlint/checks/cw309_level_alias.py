"""A level is written in a vendor's spelling instead of the API's None, My or All.

ConnectWise's API knows three levels, `None`, `My` and `All` (SecurityRoleSetting's enum); vendor
tables also write `ALL`, `MY`, `Mine`, `N/A` or `-`. cwlint reads them as the API level they
stand for (`rules/connectwise/levels.yaml`) and says so, so that the manifest reads like the
role screen and nothing is lost in translation. `Mine` deserves a look: the API has no such
level, so it can only be granted as `My`, which also covers the records of the user's team.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._edits import fix, set_scalar
from cwlint.checks._role import PERMISSIONS
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW309"
NAME = "level-alias"
SEVERITY = Severity.INFO
SUMMARY = "A level is written as an alias (ALL, Mine, N/A, ...)"
BAD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: Service Desk, function: Service Tickets, add: ALL, edit: Mine, inquire: N/A}
"""
GOOD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: Service Desk, function: Service Tickets, add: All, edit: My, inquire: None}
"""
SOURCE = "rules/connectwise/levels.yaml (ConnectWise OpenAPI 2025.8 SecurityRoleSetting levels)"
FIX = "safe"  # the level cwlint already reads the alias as: what is judged does not change


def check(ctx: Context) -> Iterator[Issue]:
    levels = ctx.catalog.levels
    api = ", ".join(levels.order)
    for path, entry in ctx.doc.items(PERMISSIONS):
        if not isinstance(entry, dict):
            continue
        for verb in levels.verbs:
            value = entry.get(verb)
            level = levels.canonical(value)
            if level is None or not levels.is_alias(value):
                continue
            if value.strip().casefold() == level.casefold():
                why = f"{value!r} is the API's {level!r} in another case"
            elif not value.strip():
                why = f"an empty level is {level!r}"
            elif level != levels.default:
                why = (
                    f"the API has no {value.strip()!r} level (only {api}): cwlint reads it as "
                    f"{level!r}, the closest API level, which may grant more than "
                    f"{value.strip()!r} meant"
                )
            else:
                why = f"the API has no {value.strip()!r} level (only {api}): it means {level!r}"
            yield Issue(
                (*path, verb),
                f"{verb}: {why}; write {verb}: {level}",
                fix=fix(f"Write {verb}: {level}", [set_scalar(ctx.doc, (*path, verb), level)]),
            )
