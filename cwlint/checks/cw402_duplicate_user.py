"""A product user is mapped twice in `users`.

Each product user (1stream user, Gradient user, ...) maps to exactly one ConnectWise member:
the product's mapping screen has one row per user. A second entry either repeats the first or,
worse, maps the same person to another member, and only one of them can win. Email addresses are
compared without regard to case (`Alice@acme.example` is `alice@acme.example`); other user
names exactly. Reported at every repeat.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW402"
NAME = "duplicate-user"
SEVERITY = Severity.ERROR
SUMMARY = "A product user is mapped twice"
BAD = """
cwlint: 1
users:
  - user: alice@acme.example
    member: asmith
  - user: Alice@acme.example
    member: asmith2
"""
GOOD = """
cwlint: 1
users:
  - user: alice@acme.example
    member: asmith
"""
SOURCE = "https://www.bvoip.com/en/kb/mapping-crm-users (one CRM member per product user)"


def check(ctx: Context) -> Iterator[Issue]:
    first: dict[str, tuple] = {}
    for path, entry in ctx.doc.items(("users",)):
        user = entry.get("user") if isinstance(entry, dict) else None
        if not isinstance(user, str) or not user:
            continue
        key = user.casefold() if "@" in user else user
        where = (*path, "user")
        if key not in first:
            first[key] = where
            continue
        earlier = first[key]
        yield Issue(
            where,
            f"user {user!r} is already mapped at users[{earlier[1]}] "
            f"(line {ctx.doc.span(earlier).line}): keep one entry per user",
        )
