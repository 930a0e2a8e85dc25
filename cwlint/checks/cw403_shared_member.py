"""One ConnectWise member is mapped to several product users.

Whatever those users do in the product (calls logged, tickets updated, time entered) is recorded
in ConnectWise as that one member, so the audit trail and member-based reports lose who did it.
It is usually a copy-paste slip; if the users really share one seat, suppress the finding.
Identifiers are compared without regard to case (`ASmith` is `asmith`).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW403"
NAME = "shared-member"
SEVERITY = Severity.WARNING
SUMMARY = "One member is mapped to several users"
BAD = """
cwlint: 1
users:
  - user: alice@acme.example
    member: asmith
  - user: bob@acme.example
    member: asmith
"""
GOOD = """
cwlint: 1
users:
  - user: alice@acme.example
    member: asmith
  - user: bob@acme.example
    member: bjones
"""
SOURCE = "https://www.bvoip.com/en/kb/mapping-crm-users (each product user maps to a member)"


def check(ctx: Context) -> Iterator[Issue]:
    first: dict[str, tuple[int, str]] = {}  # member key -> (index, user) of its first mapping
    for path, entry in ctx.doc.items(("users",)):
        member = entry.get("member") if isinstance(entry, dict) else None
        if not isinstance(member, str) or not member.strip():
            continue
        key = member.casefold()
        user = entry.get("user")
        user = repr(user) if isinstance(user, str) else "this user"
        if key not in first:
            first[key] = (path[1], user)
            continue
        index, other = first[key]
        line = ctx.doc.span(("users", index)).line
        yield Issue(
            (*path, "member"),
            (
                f"member {member!r} is also mapped to {other} (users[{index}], line {line}): "
                f"both users' work would be recorded as one member; map {user} to their own "
                "member"
            ),
        )
