"""The rules: one module each under ``cwlint/checks``, found by name, loaded once.

A rule module declares ``ID``, ``NAME``, ``SEVERITY``, ``SUMMARY``, a docstring (the rationale),
``BAD`` and ``GOOD`` examples, optionally ``SOURCE``, and ``check(ctx)`` unless a loader stage
emits its findings (CW001-CW005 come from the loader and the schema, CW006 from suppressions).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cwlint import checks
from cwlint.findings import Issue, Severity

DOCS_URL = "https://cwlint.dev/rules/{id}"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    source: str
    check: Callable[[Any], Iterable[Issue]] | None
    live: bool  # needs the tenant (--live)

    @property
    def url(self) -> str:
        return DOCS_URL.format(id=self.id)


def _rule(module: Any) -> Rule:
    return Rule(
        id=module.ID,
        name=module.NAME,
        severity=module.SEVERITY,
        summary=module.SUMMARY,
        # module-level strings carry no indentation: stripping is all they need (and cheaper
        # than importing inspect on every run)
        rationale=(module.__doc__ or "").strip(),
        bad=getattr(module, "BAD", "").strip(),
        good=getattr(module, "GOOD", "").strip(),
        source=getattr(module, "SOURCE", ""),
        check=getattr(module, "check", None),
        live=getattr(module, "LIVE", False),
    )


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Every rule by ID, in ID order."""
    found = [
        _rule(importlib.import_module(f"{checks.__name__}.{info.name}"))
        for info in pkgutil.iter_modules(checks.__path__)
        if info.name[:2] == "cw"
    ]
    return {rule.id: rule for rule in sorted(found, key=lambda r: r.id)}


class UnknownRule(ValueError):
    """A rule selector names no rule."""


def resolve(selector: str) -> list[str]:
    """Rule IDs a selector names: an ID (``CW301``), a name (``missing-permission``),
    a prefix (``CW3``) or ``ALL``; raises :class:`UnknownRule` with a suggestion."""
    rules = all_rules()
    text = selector.strip()
    upper = text.upper()
    if upper == "ALL":
        return list(rules)
    if upper in rules:
        return [upper]
    by_name = {r.name: r.id for r in rules.values()}
    if text.lower() in by_name:
        return [by_name[text.lower()]]
    if upper.startswith("CW") and len(upper) < 5 and upper[2:].isdigit():
        matched = [rid for rid in rules if rid.startswith(upper)]
        if matched:
            return matched
    from cwlint.manifest.schema import suggest

    hint = suggest(text, [*rules, *by_name]) or "; `cwlint rules` lists them"
    raise UnknownRule(f"unknown rule {selector!r}{hint}")
