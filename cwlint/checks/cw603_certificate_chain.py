"""On premise, the server's certificate is not asserted to be fully chained.

A vendor's cloud service connects to an on-premise ConnectWise server over TLS. It trusts the
server only if the certificate comes from a public CA and the server sends the intermediate
certificates with it: server-side HTTP clients do not fetch missing intermediates as browsers
do, so a chain that looks fine in a browser still fails. A self-signed certificate is trusted
by no one. Gradient MSP lists a fully chained certificate as an on-premise minimum.
`on_premise.certificate` is what the admin asserts; `cwlint check --live` verifies it (CW910).
Nothing is said when `certificate` is absent.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW603"
NAME = "certificate-chain"
SEVERITY = Severity.ERROR
SUMMARY = "On premise, the certificate is not fully-chained"
BAD = """
cwlint: 1
connection:
  deployment: on-premise
on_premise:
  certificate: self-signed
"""
GOOD = """
cwlint: 1
connection:
  deployment: on-premise
on_premise:
  certificate: fully-chained
"""
SOURCE = "https://support.meetgradient.com/cwmanage-integration (on-premise minimum requirements)"

FULL = "fully-chained"
_WHY = {
    "self-signed": "a self-signed certificate is trusted by no vendor's servers",
    "incomplete-chain": (
        "the server does not send its intermediate certificates, and "
        "server-side clients do not fetch them"
    ),
    "unknown": "the certificate has not been checked",
}


def check(ctx: Context) -> Iterator[Issue]:
    certificate = ctx.doc.get(("on_premise", "certificate"))
    if (
        not isinstance(certificate, str)
        or certificate == FULL
        or ctx.doc.get(("connection", "deployment")) != "on-premise"
    ):
        return
    why = _WHY.get(certificate, f"{certificate!r} is not {FULL}")
    profile = ctx.profile
    required = (
        f"; {profile.name} requires a {profile.certificate} certificate"
        if profile is not None and profile.certificate
        else ""
    )
    yield Issue(
        ("on_premise", "certificate"),
        (
            f"certificate is {certificate!r}: {why}{required}. Install a certificate from a public "
            f"CA, have the server send its full chain, then write certificate: {FULL} "
            "(`cwlint check --live` verifies it)"
        ),
    )
