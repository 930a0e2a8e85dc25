"""The same module/function appears twice in the role.

A ConnectWise security role has one row per function, so two entries for it cannot both be true:
the role set up from the manifest gets one of them, and the comparisons with the vendor's profile
read the first. Entries are the same after the catalogue's aliases and forgiving matching
("Service Ticket" is Service Desk > Service Tickets). Reported at every repeat.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._role import rows
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


def check(ctx: Context) -> Iterator[Issue]:

    first: dict[tuple[str, str], int] = {}
    for row in rows(ctx):
        line = ctx.doc.span(row.path).line
        if row.key not in first:
            first[row.key] = line
            continue
        yield Issue(
            row.path,
            (
                f"{row.name} is listed again; first at line {first[row.key]}: a role has one "
                "row per function, so merge the two entries into one"
            ),
        )
