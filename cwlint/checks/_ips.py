"""IP helpers shared by CW601 and CW602 (``ipaddress`` is imported only when a manifest lists
addresses)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipaddress import IPv4Network, IPv6Network

    from cwlint.catalog import UncertainIP

_PARTIAL_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,2}")


def network(text: str) -> IPv4Network | IPv6Network | None:
    """The addresses an allow-list entry (address or CIDR) covers; ``None`` if it is neither.
    Host bits are forgiven (``10.0.0.1/24`` covers ``10.0.0.0/24``); CW601 reports them."""
    from ipaddress import ip_network

    try:
        return ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def covers(outer: IPv4Network | IPv6Network, inner: IPv4Network | IPv6Network) -> bool:
    """Whether ``outer`` holds every address of ``inner`` (never across IPv4 and IPv6)."""
    from ipaddress import IPv4Network, IPv6Network

    if isinstance(outer, IPv4Network) and isinstance(inner, IPv4Network):
        return inner.subnet_of(outer)
    if isinstance(outer, IPv6Network) and isinstance(inner, IPv6Network):
        return inner.subnet_of(outer)
    return False


def truncated_ipv4(text: str) -> IPv4Network | None:
    """The range a truncated IPv4 address could be (``3.138.54`` -> ``3.138.54.0/24``), or
    ``None`` if ``text`` is not one to three dotted octets."""
    from ipaddress import IPv4Network

    text = text.strip()
    if not _PARTIAL_IPV4.fullmatch(text):
        return None
    octets = [int(o) for o in text.split(".")]
    if max(octets) > 255:
        return None
    padded = ".".join(map(str, octets + [0] * (4 - len(octets))))
    return IPv4Network(f"{padded}/{8 * len(octets)}")


def why_unusable(uncertain: UncertainIP) -> str:
    """How a published address is unusable: truncated (counted from the value) or the reason
    the profile records."""
    value = uncertain.value.strip()
    if truncated_ipv4(value) is not None:
        return f"truncated, {value.count('.') + 1} of 4 octets"
    return f"unusable as written: {uncertain.reason}"
