"""Which vendor profile each API member is: from a mapping, else by evidence, always with why.

Evidence, strongest first: a mapping (``--map member=profile`` or the audit config's ``map:``);
a hosted setup the member created (or one registered with the same clientId) whose URL host is
one of a profile's ``pod_hosts``; the profile's name in the member's identifier, name or role
name (the profile id, the vendor's first word of five letters or more, or a part of the id no
other profile shares). Several equally good candidates, or none, give "unknown".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cwlint.audit.landscape import Integration, Landscape

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Match:
    profile: str | None  #: the profile id, ``None`` for an unknown integration
    how: str  #: ``map``, ``pod host``, ``name`` or ``unknown``
    why: str  #: the evidence, in words


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


@functools.cache
def _keys() -> dict[str, tuple[str, ...]]:
    """Name keys per built-in profile id (see the module docstring)."""
    from cwlint.catalog import load_catalog

    catalog = load_catalog()
    ids = catalog.profile_ids()
    segments: dict[str, list[str]] = {}
    for pid in ids:
        for part in pid.split("-"):
            if len(part) >= 6:
                segments.setdefault(part, []).append(pid)
    out = {}
    for pid in ids:
        first = _compact(catalog.profile(pid).name.split()[0])
        keys = {_compact(pid)}
        if len(first) >= 5:
            keys.add(first)
        keys |= {p for p in pid.split("-") if segments.get(p) == [pid]}
        out[pid] = tuple(sorted(keys, key=len, reverse=True))
    return out


def match_all(landscape: Landscape, mapping: Mapping[str, str]) -> dict[str, Match]:
    """A :class:`Match` for every API member of ``landscape``, by identifier."""
    wanted = {k.casefold(): v for k, v in mapping.items()}
    return {
        i.identifier: _match(landscape, i, wanted.get(i.identifier.casefold()))
        for i in landscape.integrations
    }


def _match(landscape: Landscape, integration: Integration, mapped: str | None) -> Match:
    if mapped:
        return Match(mapped, "map", f"mapped to {mapped} by the audit's mapping")
    by_host = _by_pod_host(landscape, integration)
    if by_host is not None:
        return by_host
    fields = (
        ("identifier", integration.identifier, 3),
        ("name", integration.name, 2),
        ("role", integration.role_name or "", 1),
    )
    scores: dict[str, tuple[int, list[str]]] = {}
    for pid, keys in _keys().items():
        score, said = 0, []
        for key in keys:
            for what, text, weight in fields:
                if key in _compact(text):
                    score += weight
                    said.append(f"{key!r} in its {what} {text!r}")
        if score:
            scores[pid] = (score, said)
    if not scores:
        return Match(None, UNKNOWN, "no profile's name, pod host or mapping matches it")
    best = max(s for s, _ in scores.values())
    top = sorted(pid for pid, (s, _) in scores.items() if s == best)
    if len(top) > 1:
        return Match(
            None,
            UNKNOWN,
            f"its names fit several profiles ({', '.join(top)}): map it with --map "
            f"{integration.identifier}=PROFILE",
        )
    return Match(top[0], "name", "; ".join(scores[top[0]][1][:3]))


def _by_pod_host(landscape: Landscape, integration: Integration) -> Match | None:
    from cwlint.catalog import load_catalog

    ident = integration.identifier.casefold()
    mine = [s for s in landscape.setups if s.created_by.casefold() == ident]
    clients = {s.client for s in mine if s.client is not None}
    mine += [s for s in landscape.setups if s.client in clients and s not in mine]
    catalog = load_catalog()
    for pid in catalog.profile_ids():
        hosts = catalog.profile(pid).pod_hosts
        for setup in mine:
            if any(setup.host == h or setup.host.endswith("." + h) for h in hosts):
                return Match(
                    pid,
                    "pod host",
                    f"its hosted setup {setup.description!r} is on {setup.host}, a pod host of "
                    f"the {pid} profile",
                )
    return None
