"""The rules: one module each under ``cwlint/checks``, found by name, loaded once.

A rule module is named ``cwNNN_<name>.py`` (``cw301_missing_permission.py``) and declares
``ID`` (``CW301``), ``NAME`` (``missing-permission``), ``SEVERITY``, ``SUMMARY``, a docstring (the
rationale), ``BAD`` and ``GOOD`` examples (complete manifests), ``SOURCE`` (where the fact it
encodes comes from), optionally ``LIVE = True``, and ``check(ctx)`` unless a loader stage emits its
findings (CW001-CW005 come from the loader and the schema, CW006 from suppressions, CW921-CW925
from ``cwlint audit``'s judging, ``AUDIT = True``: their examples describe a tenant). Any other
module (helpers are ``_name.py``) is never taken for a rule.

A module that breaks these conventions is a developer error: :func:`all_rules` raises
:class:`RegistryError` naming the module and what to fix, so a mistake cannot ship silently (a
duplicate ID replacing a rule, a misnamed module never run). The checks are attribute look-ups
only: start-up time is a product budget.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from cwlint import checks
from cwlint.findings import Issue, Severity

#: Where a rule's page lives, ``{id}`` filled in. ``None`` while no documentation site is built
#: (the docs issue builds one and names it in ``[project.urls]``): no report, ``explain`` or
#: SARIF ``helpUri`` links to a page that does not exist.
DOCS_URL: str | None = None
#: The text every rule module must declare (the docstring is the rationale).
DOC_FIELDS = ("SUMMARY", "BAD", "GOOD", "SOURCE")


class RegistryError(Exception):
    """A rule module breaks the conventions above: a bug in cwlint, not in the user's input."""


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
    #: tenant reads the rule needs (api.yaml): a live rule's, or a static rule's that refines
    #: its verdict with the tenant under --live (it then runs after the reads)
    reads: frozenset[str] = frozenset()
    #: a tenant-level rule of ``cwlint audit`` (its findings come from the audit's judging
    #: stage; its BAD/GOOD examples describe a tenant's API members and roles)
    audit: bool = False

    @property
    def url(self) -> str | None:
        """The rule's documentation page, or ``None`` while there is no site to link to."""
        return DOCS_URL.format(id=self.id) if DOCS_URL else None


def is_rule_module(name: str) -> bool:
    """``cwNNN_<name>``: three digits, an underscore and a lower-case name."""
    return (
        len(name) > 6
        and name[:2] == "cw"
        and name[2:5].isdigit()
        and name[5] == "_"
        and name[6:].replace("_", "").isalnum()
        and name.islower()
    )


def _rule(module: ModuleType) -> Rule:
    """The rule a module declares; :class:`RegistryError` for anything missing or inconsistent."""
    where = module.__name__
    stem = where.rpartition(".")[2]
    want_id, want_name = stem[:5].upper(), stem[6:].replace("_", "-")

    def fail(problem: str) -> RegistryError:
        return RegistryError(f"rule module {where}: {problem}")

    if getattr(module, "ID", None) != want_id:
        raise fail(f"ID is {getattr(module, 'ID', None)!r}; the module name says {want_id!r}")
    if getattr(module, "NAME", None) != want_name:
        raise fail(
            f"NAME is {getattr(module, 'NAME', None)!r}; the module name says {want_name!r} "
            "(rename the module or the NAME so that they agree)"
        )
    severity = getattr(module, "SEVERITY", None)
    if not isinstance(severity, Severity):
        raise fail("SEVERITY must be a cwlint.findings.Severity")
    text = {}
    for field in DOC_FIELDS:
        value = getattr(module, field, None)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{field} is missing or empty (`cwlint explain` shows it)")
        text[field] = value.strip()
    # module-level strings carry no indentation: stripping is all they need (and cheaper
    # than importing inspect on every run)
    rationale = (module.__doc__ or "").strip()
    if not rationale:
        raise fail("the module docstring (the rule's rationale) is missing")
    check = getattr(module, "check", None)
    if check is not None and not callable(check):
        raise fail("check must be a function check(ctx)")
    live = getattr(module, "LIVE", False)
    if not isinstance(live, bool):
        raise fail("LIVE must be True or False")
    audit = getattr(module, "AUDIT", False)
    if not isinstance(audit, bool) or (audit and check is not None):
        raise fail("AUDIT must be True or False, and an audit rule has no check")
    reads = getattr(module, "READS", ())
    if not isinstance(reads, tuple) or not all(isinstance(r, str) for r in reads):
        raise fail("READS must be a tuple of read names (rules/connectwise/api.yaml)")
    return Rule(
        id=want_id,
        name=want_name,
        severity=severity,
        summary=text["SUMMARY"],
        rationale=rationale,
        bad=text["BAD"],
        good=text["GOOD"],
        source=text["SOURCE"],
        check=check,
        live=live,
        reads=frozenset(reads),
        audit=audit,
    )


def discover(package: ModuleType) -> dict[str, Rule]:
    """Every rule module of ``package`` by ID, in ID order; :class:`RegistryError` if one breaks
    the conventions (a module named like a rule but not quite, a duplicate ID or NAME, a missing
    field)."""
    found: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not is_rule_module(info.name):
            if info.name[:2].lower() == "cw" and info.name[2:3].isdigit():
                raise RegistryError(
                    f"module {package.__name__}.{info.name} looks like a rule but is not named "
                    "cwNNN_<name> (three digits, an underscore, a lower-case name): rename it, "
                    "or start a helper's name with an underscore"
                )
            continue
        rule = _rule(importlib.import_module(f"{package.__name__}.{info.name}"))
        if rule.id in found:
            raise RegistryError(
                f"rule module {package.__name__}.{info.name}: ID {rule.id} is already "
                f"{found[rule.id].name}'s: give one of them another ID"
            )
        if rule.name in names:
            raise RegistryError(
                f"rule module {package.__name__}.{info.name}: NAME {rule.name!r} is already "
                f"{names[rule.name]}'s: give one of them another NAME"
            )
        found[rule.id] = rule
        names[rule.name] = rule.id
    return dict(sorted(found.items()))


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Every rule by ID, in ID order."""
    return discover(checks)


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
