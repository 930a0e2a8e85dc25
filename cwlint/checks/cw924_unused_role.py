"""A security role no active member or API member holds (`cwlint audit`).

A role nobody uses is dead weight at best; at worst it is the old over-privileged integration
role that will be handed to the next API member because it "already exists". Delete it
(System > Security Roles) or, if it is a template kept on purpose, accept the finding in the
audit config with a reason. Inactive roles and ConnectWise's admin roles are not reported.
Needs the members read (System > Member Maintenance, Inquire).
"""

from __future__ import annotations

from cwlint.findings import Severity

ID = "CW924"
NAME = "unused-role"
SEVERITY = Severity.INFO
SUMMARY = "A security role no active member uses"
AUDIT = True
BAD = """
cwlint_audit: 1
roles:
  - name: Old Zapier Integration
    users: 0
    permissions:
      - {module: Companies, function: Contacts, inquire: All}
api_members: []
"""
GOOD = """
cwlint_audit: 1
roles:
  - name: Technician
    users: 12
    permissions:
      - {module: Service Desk, function: Service Tickets, add: All, edit: All, inquire: All}
api_members: []
"""
SOURCE = "ConnectWise PSA: System > Security Roles; /system/members securityRole"
