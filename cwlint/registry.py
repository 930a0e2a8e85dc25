"""The rules: one module each under ``cwlint/checks``, found by name, loaded once.

A rule module is named ``cwNNN_<name>.py`` (``cw301_missing_permission.py``) and declares
``ID`` (``CW301``), ``NAME`` (``missing-permission``), ``SEVERITY``, ``SUMMARY``, a docstring (the
rationale), ``BAD`` and ``GOOD`` examples (complete manifests), ``SOURCE`` (where the fact it
encodes comes from), optionally ``LIVE = True``, ``FIX = "safe"`` or ``"unsafe"`` (its
findings may carry a fix of that kind), ``TAGS`` (SARIF tags: ``security`` makes code scanning
show it as a security alert) with ``SECURITY_SEVERITY`` (a CVSS-like score as text, ``"9.8"``:
over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, below that low), and ``check(ctx)`` unless a
stage emits its findings (CW001-CW005 come from the loader and the schema, CW006 from
suppressions, CW921-CW925 from ``cwlint audit``'s judging, ``AUDIT = True``: their examples
describe a tenant). Any other
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
import re
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

from cwlint import checks
from cwlint._record import record
from cwlint.findings import Issue, Severity

#: A rule's page under the documentation site: ``rules/CW301/`` (``mkdocs_hooks.py`` writes
#: one page per rule at exactly this path).
RULE_PAGE = "rules/{id}/"
#: The text every rule module must declare (the docstring is the rationale).
DOC_FIELDS = ("SUMMARY", "BAD", "GOOD", "SOURCE")
_TAG = re.compile(r"[a-z0-9][a-z0-9./_-]*")
_SCORE = re.compile(r"(?:10|[0-9])\.[0-9]")
#: What a rule module's ``FIX`` may say: which flag applies its fixes.
FIX_KINDS = (None, "safe", "unsafe")


class RegistryError(Exception):
    """A rule module breaks the conventions above: a bug in cwlint, not in the user's input."""


@record
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
    #: SARIF ``properties.tags`` (``security`` for secret and privilege rules, CWE references)
    tags: tuple[str, ...] = ()
    #: SARIF ``properties.security-severity``: a score from ``"0.1"`` to ``"10.0"``
    security_severity: str | None = None
    #: ``"safe"`` (``--fix``) or ``"unsafe"`` (``--unsafe-fixes``) when its findings may carry
    #: a fix (a rule with safe fixes may offer an unsafe one where it cannot be sure); ``None``
    fix: str | None = None
    #: a tenant-level rule of ``cwlint audit`` (its findings come from the audit's judging
    #: stage; its BAD/GOOD examples describe a tenant's API members and roles)
    audit: bool = False

    @property
    def url(self) -> str | None:
        """The rule's documentation page (``explain``, SARIF ``helpUri``, ``rules --format
        json``), or ``None`` when the installed cwlint names no documentation site."""
        base = docs_url()
        return base + RULE_PAGE.format(id=self.id) if base else None


@functools.cache
def docs_url() -> str | None:
    """The documentation site, from the one place that names it: ``[project.urls]
    Documentation`` in pyproject.toml, as the installed distribution's metadata carries it
    (``Project-URL: Documentation, URL``); with a trailing ``/``. Read on first use only:
    start-up time is a budget."""
    from importlib import metadata

    try:
        urls = metadata.metadata("cwlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/") + "/"
    return None


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
    tags = getattr(module, "TAGS", ())
    if not isinstance(tags, tuple) or not all(
        isinstance(t, str) and _TAG.fullmatch(t) for t in tags
    ):
        raise fail(
            'TAGS must be a tuple of lower-case tags (e.g. "security", "external/cwe/cwe-798")'
        )
    score = getattr(module, "SECURITY_SEVERITY", None)
    if score is not None:
        if not isinstance(score, str) or not _SCORE.fullmatch(score) or not 0 < float(score) <= 10:
            raise fail(f'SECURITY_SEVERITY is {score!r}; write a score from "0.1" to "10.0"')
        if "security" not in tags:
            raise fail('SECURITY_SEVERITY needs "security" in TAGS (code scanning reads both)')
    fixes = getattr(module, "FIX", None)
    if fixes not in FIX_KINDS:
        raise fail('FIX must be "safe" or "unsafe" (or absent: the rule offers no fix)')
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
        tags=tags,
        security_severity=score,
        fix=fixes,
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
