"""An API member no vendor profile matches: its effective permissions, for review
(`cwlint audit`).

The audit matches each API member to a vendor profile (a mapping, a pod host, its names). One it
cannot match may be an integration cwlint has no profile for, a script someone wrote, or a key
nobody remembers: either way nobody has said what it needs. The finding lists what its role
grants. Map it with `--map MEMBER=PROFILE` (or `map:` in the audit config) if its vendor has a
profile, or write a profile for it (`docs/profiles.md`); remove it if no one owns it.
"""

from __future__ import annotations

from cwlint.findings import Severity

ID = "CW925"
NAME = "unknown-integration"
SEVERITY = Severity.WARNING
SUMMARY = "An API member no profile matches, with its effective permissions"
AUDIT = True
BAD = """
cwlint_audit: 1
roles:
  - name: Zeta Sync Role
    permissions:
      - {module: Service Desk, function: Service Tickets, add: All, edit: All, inquire: All}
api_members:
  - {identifier: zetasync, name: Zeta Sync, role: Zeta Sync Role}
"""
GOOD = """
cwlint_audit: 1
roles:
  - name: Rewst Integration
    permissions:
      - {module: Service Desk, function: Service Tickets, add: All, edit: All, inquire: All}
api_members:
  - {identifier: rewstapi, name: Rewst, role: Rewst Integration}
"""
SOURCE = "rules/profiles/ (pod_hosts, names); the audit's --map"
