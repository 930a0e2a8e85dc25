"""A security role name is longer than ConnectWise allows.

ConnectWise stores a role's name (its Role ID under System > Security Roles) in at most 30
characters (`SecurityRole.name`, max length 30): a longer name cannot be created as written, and
the API member's role then never matches it. Both `security_role.name` and
`api_member.security_role` are checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW310"
NAME = "role-name"
SEVERITY = Severity.ERROR
SUMMARY = "A security role name is over ConnectWise's 30 characters"
BAD = """
cwlint: 1
name: acme-gradient
api_member:
  identifier: gradientapi
  security_role: Gradient MSP Synthesize Integration
security_role:
  name: Gradient MSP Synthesize Integration
"""
GOOD = """
cwlint: 1
name: acme-gradient
api_member:
  identifier: gradientapi
  security_role: Gradient Sync
security_role:
  name: Gradient Sync
"""
SOURCE = "rules/connectwise/connection.yaml (security_role.name_max_length)"

PLACES = (("security_role", "name"), ("api_member", "security_role"))


def check(ctx: Context) -> Iterator[Issue]:
    limit = ctx.catalog.connection.role_name_max
    for path in PLACES:
        value = ctx.doc.get(path)
        if isinstance(value, str) and len(value.strip()) > limit:
            yield Issue(
                path,
                (
                    f"role name {value.strip()!r} has {len(value.strip())} characters; "
                    f"ConnectWise allows at most {limit} (System > Security Roles > Role ID): "
                    f"shorten it, e.g. {value.strip()[:limit].rstrip()!r}"
                ),
            )
