"""The same module/function appears twice in the role.

A ConnectWise security role has one row per function, so two entries for it cannot both be true:
the role set up from the manifest gets one of them, and the comparisons with the vendor's profile
read the first. Entries are the same after the catalogue's aliases and forgiving matching
("Service Ticket" is Service Desk > Service Tickets). Reported at every repeat; a repeat that
grants exactly what the first entry grants (the same levels and customize lists) is removed by
the fix, while entries that differ are left for you to merge.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._edits import fix, remove_item
from cwlint.checks._role import Row, rows
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW308"
NAME = "duplicate-permission"
SEVERITY = Severity.ERROR
SUMMARY = "The same module/function appears twice"
BAD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: Service Desk, function: Close Service Tickets, inquire: All}
    - {module: Service Desk, function: Close Service Ticket, add: All, edit: All}
"""
GOOD = """
cwlint: 1
security_role:
  name: Gradient Sync
  permissions:
    - {module: Service Desk, function: Close Service Tickets, add: All, edit: All, inquire: All}
"""
SOURCE = "ConnectWise System > Security Roles (one row per module function)"
FIX = "safe"  # only a repeat identical to the first entry is removed


def check(ctx: Context) -> Iterator[Issue]:

    first: dict[tuple[str, str], Row] = {}
    for row in rows(ctx):
        if row.key not in first:
            first[row.key] = row
            continue
        same = _grants(first[row.key]) == _grants(row)
        yield Issue(
            row.path,
            (
                f"{row.name} is listed again; first at line {ctx.doc.span(first[row.key].path).line}"
                f": a role has one row per function, so "
                + ("remove this repeat" if same else "merge the two entries into one")
            ),
            fix=fix(f"Remove the repeated {row.name}", [remove_item(ctx.doc, row.path)])
            if same
            else None,
        )


def _grants(row: Row) -> tuple[object, ...]:
    """What an entry grants: its levels (an omitted one is the lowest) and its other fields."""
    levels = {verb: row.level(verb) for verb in {*row.levels, *row.written}}
    others = {k: v for k, v in row.data.items() if k not in ("module", "function", *row.written)}
    return tuple(sorted(levels.items())), repr(sorted(others.items()))
