"""An API member is inactive but still exists, with its role (`cwlint audit`).

An inactive API member is an integration someone stopped using: its keys no longer work, but
anyone who may edit members can switch it back on, and its role stays in the tenant. Delete the
API member (System > Members > API Members) and, once no one uses it, its role; if it was
deactivated on purpose and must be kept, accept the finding in the audit config with a reason.
"""

from __future__ import annotations

from cwlint.findings import Severity

ID = "CW923"
NAME = "inactive-api-member"
SEVERITY = Severity.WARNING
SUMMARY = "An inactive API member still exists with its role"
AUDIT = True
BAD = """
cwlint_audit: 1
roles:
  - name: Legacy Integration
    permissions:
      - {module: Companies, function: Company Maintenance, inquire: All}
api_members:
  - {identifier: oldsyncapi, role: Legacy Integration, inactive: true}
"""
GOOD = """
cwlint_audit: 1
roles:
  - name: Legacy Integration
    users: 0
api_members: []
"""
SOURCE = "ConnectWise PSA: System > Members > API Members (Inactive flag); least privilege"
