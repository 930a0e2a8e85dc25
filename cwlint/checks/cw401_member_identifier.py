"""A ConnectWise member identifier is empty, too long or has spaces.

`users[].member` and `api_member.identifier` name ConnectWise members by their identifier: the
short login id under System > Members (API members under the API Members tab), not the member's
display name or email address. ConnectWise's API caps an identifier at 15 characters, so a longer
value cannot be a member; no source shows an identifier with spaces, which usually means a
display name was pasted instead. The mapping, the API member lookup and `--live` all fail on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW401"
NAME = "member-identifier"
SEVERITY = Severity.ERROR
SUMMARY = "A member identifier is empty, over 15 characters or has spaces"
BAD = """
cwlint: 1
api_member:
  identifier: gradient api sync user
users:
  - user: alice@acme.example
    member: alice.smith@acme.example
"""
GOOD = """
cwlint: 1
api_member:
  identifier: gradientapi
users:
  - user: alice@acme.example
    member: asmith
"""
SOURCE = "rules/connectwise/connection.yaml (member.identifier_max_length)"


def check(ctx: Context) -> Iterator[Issue]:
    limit = ctx.catalog.connection.member_identifier_max
    places = [
        (("api_member", "identifier"), "API member identifier", "System > Members > API Members")
    ]
    places += [
        ((*path, "member"), "member identifier", "System > Members")
        for path, _ in ctx.doc.items(("users",))
    ]
    for path, what, where in places:
        value = ctx.doc.get(path)
        if isinstance(value, str):
            problem = _problem(value, limit)
            if problem:
                yield Issue(
                    path,
                    f"{what} {value!r} {problem}: write the member's identifier "
                    f"as {where} shows it, not a name or email address",
                )


def _problem(value: str, limit: int) -> str | None:
    if not value.strip():
        return "is empty"
    if len(value) > limit:
        return f"has {len(value)} characters; ConnectWise allows at most {limit}"
    if any(c.isspace() for c in value):
        return "has spaces, which member identifiers do not"
    return None
