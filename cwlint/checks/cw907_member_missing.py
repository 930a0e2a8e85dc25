"""`--live`: a member that `users:` maps a product user to does not exist, or is inactive.

A mapping to a member who left (inactive) or was never created silently drops that user's
activity: calls, time entries and tickets are logged to nobody. The members are looked up in
batches of 100 (`conditions=identifier in (...)`, `fields=`), so a 5,000-member tenant costs a
request per 100 mapped users, not one per user. Identifiers that cannot be valid (CW401) are
not looked up.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW907"
NAME = "member-missing"
SEVERITY = Severity.ERROR
SUMMARY = "a mapped member does not exist or is inactive"
BAD = """
cwlint: 1
users:
  - user: jane@acme.example
    member: jdoe        # inactive since she left
"""
GOOD = """
cwlint: 1
users:
  - user: alice@acme.example
    member: asmith
"""
SOURCE = "rules/connectwise/api.yaml (members)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ("members",)


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None or "members" not in tenant.reads:
        return
    members = tenant.result("members")
    if not members.ok:
        yield from tenant.unavailable("members", ("users",), "the user mappings")
        return
    from cwlint.live.snapshot import mapped_members

    looked_up = {ident.casefold() for ident in mapped_members(ctx.doc.data)}
    for path, user in ctx.doc.items(("users",)):
        ident = user.get("member") if isinstance(user, dict) else None
        if not isinstance(ident, str) or ident.casefold() not in looked_up:
            continue
        found = members.value.get(ident.casefold())
        who = f"{user.get('user')!r}" if isinstance(user.get("user"), str) else "this user"
        if found is None:
            yield Issue(
                (*path, "member"),
                (
                    f"the tenant has no member {ident!r}, so {who} is mapped to nobody: use an "
                    "identifier from System > Members"
                ),
            )
        elif found.get("inactiveFlag") is True:
            name = " ".join(str(found.get(k)) for k in ("firstName", "lastName") if found.get(k))
            yield Issue(
                (*path, "member"),
                (
                    f"member {ident!r}{f' ({name})' if name else ''} is inactive, so {who} is "
                    "mapped to a member who cannot work: map the user to an active member, or "
                    "remove the mapping"
                ),
            )
