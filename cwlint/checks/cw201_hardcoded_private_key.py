"""`private_key` is the key itself instead of a `${VAR}` reference.

The private key is the password of the API member: with the company id and the public key it
gives every permission of the security role, and ConnectWise shows it only once. A manifest
lives in a config repository, so a literal key is in its history for good. Keep it in the
environment (CI secret, password manager) and write `private_key: ${CW_PRIVATE_KEY}`; if a
key was ever committed, create a new one and delete the old one. The value is never printed.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import literal_key
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW201"
NAME = "hardcoded-private-key"
SEVERITY = Severity.ERROR
SUMMARY = "private_key is a literal, not `${VAR}`"
BAD = """
cwlint: 1
connection:
  private_key: FAKEprivKEY12345
"""
GOOD = """
cwlint: 1
connection:
  private_key: ${CW_PRIVATE_KEY}
"""
SOURCE = "SPEC §1 (secrets are ${NAME} references); PSA Developer Guide (API member keys)"
#: Code scanning: a security alert; CVSS-like score (a usable credential in the repository: critical, as hard-coded credentials score in CVSS).
TAGS = ("security", "secret", "external/cwe/cwe-798")
SECURITY_SEVERITY = "9.8"
FIX = "unsafe"  # moves the key to a ${VAR} the user must then set


def check(ctx: Context) -> Iterator[Issue]:
    yield from literal_key(
        ctx,
        "private_key",
        "anyone who can read this file or its history can act as the API member",
        "; then replace the key, it was exposed (System > Members > API Members > API Keys)",
    )
