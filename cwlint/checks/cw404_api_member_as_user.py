"""The API member is mapped to a product user.

The API member (`api_member.identifier`) holds the integration's keys and its security role; it
is not a person and cannot sign in to ConnectWise. Mapping a product user to it records that
user's work under the integration, with the integration's permissions. Map the user to their own
member. Identifiers are compared without regard to case.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW404"
NAME = "api-member-as-user"
SEVERITY = Severity.ERROR
SUMMARY = "The API member is mapped as a human user"
BAD = """
cwlint: 1
api_member:
  identifier: acme1stream
users:
  - user: alice@acme.example
    member: acme1stream
"""
GOOD = """
cwlint: 1
api_member:
  identifier: acme1stream
users:
  - user: alice@acme.example
    member: asmith
"""
SOURCE = "https://support.meetgradient.com/cwmanage-integration (System > Members > API Members)"


def check(ctx: Context) -> Iterator[Issue]:
    api = ctx.doc.get(("api_member", "identifier"))
    if not isinstance(api, str) or not api.strip():
        return
    for path, entry in ctx.doc.items(("users",)):
        member = entry.get("member") if isinstance(entry, dict) else None
        if isinstance(member, str) and member.casefold() == api.casefold():
            user = entry.get("user")
            who = repr(user) if isinstance(user, str) else "this user"
            yield Issue(
                (*path, "member"),
                (
                    f"{who} is mapped to {member!r}, the API member "
                    f"(api_member.identifier): an API member is not a person; map the user to "
                    "their own member"
                ),
            )
