"""Several active API members hold the same security role (`cwlint audit`).

Each integration should have its own API member and its own role: a role shared by several
API members grants each of them the union of what all of them need, so one vendor's leaked key
can do what every one of them may, and tightening the role for one breaks the others. Give each
integration a role made from its vendor's profile (`cwlint init --profile ID`).

Reported once per role, naming its API members. Inactive API members are not counted.
"""

from __future__ import annotations

from cwlint.findings import Severity

ID = "CW921"
NAME = "shared-role"
SEVERITY = Severity.WARNING
SUMMARY = "A security role is held by several API members (one leaked key opens them all)"
AUDIT = True
BAD = """
cwlint_audit: 1
roles:
  - name: Integrations
    permissions:
      - {module: Companies, function: Company Maintenance, inquire: All}
api_members:
  - {identifier: rewstapi, role: Integrations}
  - {identifier: huduapi, role: Integrations}
"""
GOOD = """
cwlint_audit: 1
roles:
  - name: Rewst Integration
    permissions:
      - {module: Companies, function: Company Maintenance, inquire: All}
  - name: Hudu Integration
    permissions:
      - {module: Companies, function: Company Maintenance, inquire: All}
api_members:
  - {identifier: rewstapi, role: Rewst Integration}
  - {identifier: huduapi, role: Hudu Integration}
"""
SOURCE = (
    "ConnectWise PSA Developer Guide: one API member per integration; least privilege "
    "(each vendor's documented role, rules/profiles/)"
)
