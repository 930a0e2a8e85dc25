"""The security role grants more than the vendor's profile requires.

Least privilege: the API member's keys live in a third-party product, so whatever the role allows
is what a leaked key or a bug in that product can do. A level above the vendor's documented
minimum (including levels a feature of the vendor may need, `conditional` in the profile) and any
level on a function a complete profile does not list is more than the integration needs.

Only with a profile. A profile whose table is not complete (`completeness` other than `full`)
may simply not list a function the vendor uses, so functions it does not mention are not
reported; levels above what it does list still are. Delete levels are CW305's.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._role import excess
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW302"
NAME = "excess-permission"
SEVERITY = Severity.WARNING
SUMMARY = "The role grants more than the profile requires (least privilege)"
BAD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - {module: Companies, function: Company Maintenance, edit: All, inquire: All}
    - {module: Companies, function: Contacts, inquire: All}
"""
GOOD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - {module: Companies, function: Company Maintenance, inquire: All}
"""
SOURCE = "rules/profiles/<id>.yaml (permissions, conditional levels, completeness)"

VERBS = ("add", "edit", "inquire")


def check(ctx: Context) -> Iterator[Issue]:
    yield from excess(ctx, VERBS, why="grant only what the integration needs")
