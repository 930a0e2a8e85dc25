"""An `allowed_ips` entry is not an IPv4/IPv6 address or CIDR range.

A firewall rule built from a malformed entry either fails to load or allows something else than
intended, and the vendor's sync is blocked. The classic case is copying a vendor page that is
wrong itself: Gradient MSP publishes its second address as `3.138.54`, three octets only. cwlint
never completes such an address: ask the vendor for it. A range with host bits set
(`10.0.0.1/24`) is reported too, since it is unclear whether the network or the one address
was meant.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks._ips import network, truncated_ipv4, why_unusable
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW601"
NAME = "ip-invalid"
SEVERITY = Severity.ERROR
SUMMARY = "An allowed_ips entry is not an IPv4/IPv6 address or CIDR range"
BAD = """
cwlint: 1
on_premise:
  allowed_ips: [3.23.117.12, 3.138.54]
"""
GOOD = """
cwlint: 1
on_premise:
  allowed_ips: [3.23.117.12, 203.0.113.0/24]
"""
SOURCE = "https://docs.python.org/3/library/ipaddress.html; rules/profiles/gradient-msp.yaml"


def check(ctx: Context) -> Iterator[Issue]:
    for path, entry in ctx.doc.items(("on_premise", "allowed_ips")):
        if isinstance(entry, str):
            problem = _problem(ctx, entry)
            if problem:
                yield Issue(path, problem)


def _problem(ctx: Context, entry: str) -> str | None:
    from ipaddress import ip_network

    try:
        ip_network(entry.strip())
        return None
    except ValueError:
        pass
    profile = ctx.profile
    for uncertain in profile.uncertain_ips if profile is not None else ():
        if profile is not None and entry.strip() == uncertain.value.strip():
            source = f" ({uncertain.source})" if uncertain.source else ""
            return (
                f"{entry!r} is not an IP address: {profile.name} publishes it "
                f"{why_unusable(uncertain)}{source}; ask {profile.name} for the complete "
                "address and list that (cwlint does not guess the missing part)"
            )
    if truncated_ipv4(entry) is not None:
        return (
            f"{entry!r} has {entry.strip().count('.') + 1} of 4 octets: write the complete "
            "IPv4 address"
        )
    lenient = network(entry)
    if lenient is not None:
        address = entry.strip().partition("/")[0]
        return (
            f"{entry!r} has host bits set: write the network {str(lenient)!r}, or "
            f"{address!r} for the one address"
        )
    return (
        f"{entry!r} is not an IPv4/IPv6 address or CIDR range (e.g. 203.0.113.7, "
        "203.0.113.0/24, 2001:db8::/32): fix the entry"
    )
