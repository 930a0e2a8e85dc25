"""On premise, `allowed_ips` does not cover an address the vendor connects from.

A vendor's cloud service reaches an on-premise ConnectWise server from fixed addresses; a server
that restricts access by IP must allow each of them, or every sync fails with a timeout. An
entry counts when it is the address or a CIDR range containing it. Without `allowed_ips` the
manifest says the server does not restrict by IP, and nothing is checked.

Some vendors publish an address that cannot be used as written (Gradient MSP's truncated
`3.138.54`): cwlint cannot check it and says so in an info (only the vendor can complete it),
until `allowed_ips` holds an address in the range the published digits leave open (the complete
one, from the vendor).
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._ips import covers, network, truncated_ipv4, why_unusable
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW602"
NAME = "vendor-ips-missing"
SEVERITY = Severity.ERROR
SUMMARY = "On premise, a vendor IP of the profile is not allow-listed"
BAD = """
cwlint: 1
profile: gradient-msp
connection:
  deployment: on-premise
on_premise:
  allowed_ips: [203.0.113.10]
"""
GOOD = """
cwlint: 1
profile: gradient-msp
connection:
  deployment: on-premise
on_premise:
  # Gradient's second address is published truncated ("3.138.54"): an info remains until
  # the complete address, from Gradient, is added here.
  allowed_ips: [203.0.113.10, 3.23.117.12]
"""
SOURCE = "rules/profiles/<id>.yaml (vendor_ips, uncertain_ips)"

PATH = ("on_premise", "allowed_ips")


def check(ctx: Context) -> Iterator[Issue]:
    allowed = ctx.doc.get(PATH)
    if not isinstance(allowed, list) or ctx.doc.get(("connection", "deployment")) != "on-premise":
        return
    profile = ctx.profile
    if profile is None:
        return
    entries = [e.strip() for e in allowed if isinstance(e, str)]
    networks = [n for n in map(network, entries) if n is not None]
    source = profile.vendor_ips_url or next(iter(profile.sources), None)
    cite = f" ({source})" if source else ""
    for ip in profile.vendor_ips:
        vendor = network(ip)
        if vendor is None:
            yield Issue(
                PATH,
                (
                    f"profile {profile.id} lists vendor IP {ip!r}, which is not an address or CIDR "
                    "range: cwlint cannot check it; fix the profile"
                ),
                at_key=True,
                severity=Severity.WARNING,
            )
        elif not any(covers(n, vendor) for n in networks):
            yield Issue(
                PATH,
                (
                    f"{profile.name} connects from {ip}{cite}, which allowed_ips does not cover: "
                    "add it here and to the server's firewall"
                ),
            )
    for uncertain in profile.uncertain_ips:
        if uncertain.value.strip() in entries:
            continue  # CW601 reports the unusable value itself
        could_be = truncated_ipv4(uncertain.value)
        if could_be is not None and any(n.version == 4 and n.overlaps(could_be) for n in networks):
            continue  # the complete address, from the vendor
        yield Issue(
            PATH,
            (
                f"{profile.name} also publishes {uncertain.value!r}, {why_unusable(uncertain)}"
                f"{f' ({uncertain.source})' if uncertain.source else ''}: cwlint cannot check "
                f"it; ask {profile.name} for the complete address and add it"
            ),
            at_key=True,
            severity=Severity.INFO,
        )
