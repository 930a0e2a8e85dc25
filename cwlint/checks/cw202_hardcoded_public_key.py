"""`public_key` is written out instead of a `${VAR}` reference.

The public key is half of the API credential: alone it grants nothing, but it names the key
pair, and it travels with the private key in every Authorization header. Keeping both in the
environment keeps them together, lets the pair be replaced without editing the manifest and
stops a private key from being pasted into the wrong field of a committed file. A warning, as
the public key is not a secret on its own. The value is never printed.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._connection import literal_key
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW202"
NAME = "hardcoded-public-key"
SEVERITY = Severity.WARNING
SUMMARY = "public_key is a literal, not `${VAR}`"
BAD = """
cwlint: 1
connection:
  public_key: FAKEpublKEY12345
"""
GOOD = """
cwlint: 1
connection:
  public_key: ${CW_PUBLIC_KEY}
"""
SOURCE = "SPEC §1 (secrets are ${NAME} references)"
#: Code scanning: a security alert; CVSS-like score (half of the credential (the private key is the other)).
TAGS = ("security", "secret", "external/cwe/cwe-798")
SECURITY_SEVERITY = "5.3"
FIX = "unsafe"  # moves the key to a ${VAR} the user must then set


def check(ctx: Context) -> Iterator[Issue]:
    yield from literal_key(
        ctx,
        "public_key",
        ("it names the key pair and belongs with the private key in the environment"),
    )
