"""The security role grants a Delete level the vendor's profile does not require.

Most integrations create and update records but never delete them; a Delete level lets a leaked
key, or a bug in the vendor's product, remove companies, tickets or time entries from ConnectWise.
Reported where the profile lists the function with a lower Delete level (its `conditional`
levels allowed), and on a function a complete profile does not list at all (a profile that is not
complete may just not mention it, so that case stays quiet). Quiet without a profile.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._role import excess
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW305"
NAME = "delete-granted"
SEVERITY = Severity.WARNING
SUMMARY = "A Delete level the profile does not require"
BAD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - module: Service Desk
      function: Service Tickets
      add: All
      edit: All
      delete: All
      inquire: All
"""
GOOD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - {module: Service Desk, function: Service Tickets, add: All, edit: All, inquire: All}
"""
SOURCE = "rules/profiles/<id>.yaml (permissions: delete levels)"
#: Code scanning: a security alert; CVSS-like score (the integration can remove records it never needs to).
TAGS = ("security", "privilege", "external/cwe/cwe-272")
SECURITY_SEVERITY = "5.4"
FIX = "unsafe"  # lowers the level to what the profile allows: the role grants less


def check(ctx: Context) -> Iterator[Issue]:
    verbs = ctx.catalog.levels.destructive
    yield from excess(ctx, verbs, why="a Delete level lets the integration remove records")
