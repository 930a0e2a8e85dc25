"""An active API member holds an administrator role, or one that can make itself one
(`cwlint audit`).

An API member's keys live in a third-party product. With ConnectWise's Admin role (or any role
ConnectWise flags as admin), or a role that may edit security roles or members, a leak or a bug
in that product reaches the whole tenant: it can read and change everything, and raise its own
rights. This is what security reviews look for first. The role's own rows are CW307's (in each
integration's findings); this tenant-level finding names the API member that holds it.

Which functions are privileged and which names mean the built-in administrator is data
(`privileged` and `admin_role_names` in `rules/connectwise/security-functions.yaml`).
"""

from __future__ import annotations

from cwlint.findings import Severity

ID = "CW922"
NAME = "admin-api-member"
SEVERITY = Severity.ERROR
SUMMARY = "An API member holds an admin or admin-equivalent role"
AUDIT = True
BAD = """
cwlint_audit: 1
roles:
  - name: Admin
    admin: true
    permissions:
      - {module: System, function: Member Maintenance, add: All, edit: All, inquire: All}
api_members:
  - {identifier: passportal, role: Admin}
"""
GOOD = """
cwlint_audit: 1
roles:
  - name: Passportal Integration
    permissions:
      - {module: Companies, function: Company Maintenance, inquire: All}
api_members:
  - {identifier: passportal, role: Passportal Integration}
"""
SOURCE = (
    "rules/connectwise/security-functions.yaml (privileged, admin_role_names); ConnectWise "
    "PSA Developer Guide: 'We do not recommend requesting Admin access for an integration.'"
)
