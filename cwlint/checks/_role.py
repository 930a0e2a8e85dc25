"""What the security-role rules (CW301-CW309) share: the role's rows, read once per rule.

A row is one ``security_role.permissions`` entry whose module and function are strings (others
are CW003's). Its :attr:`Row.key` compares rows with each other and with a profile's
requirements: the catalogue's canonical ``(module, function)`` when the catalogue knows the
function (aliases, case, spacing and dashes forgiven), otherwise the normalised spelling. Levels
are canonical (``None``/``My``/``All``); an omitted level is the catalogue's default (None); a
value that is no level at all is left out of every comparison (CW003 reports it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cwlint.context import Context
from cwlint.findings import Issue, Pointer, Severity

if TYPE_CHECKING:
    from cwlint.catalog import Catalog, Profile, Requirement

PERMISSIONS = ("security_role", "permissions")


@dataclass(frozen=True)
class Row:
    """One permission entry of the manifest's role."""

    path: Pointer  #: ``("security_role", "permissions", i)``
    key: tuple[str, str]  #: comparison key (see the module docstring)
    name: str  #: ``Module > Function`` in the catalogue's spelling when known
    known: bool  #: the catalogue knows this module/function
    levels: Mapping[str, str]  #: canonical level per verb; a verb with an unusable value is absent
    written: frozenset[str]  #: verbs the entry spells out (with any value)
    data: Mapping[str, Any]

    def level(self, verb: str) -> str | None:
        """The canonical level of ``verb`` (``None`` the string when omitted), or Python
        ``None`` when the entry's value is not a level."""
        return self.levels.get(verb)

    def shown(self, verb: str) -> str:
        """The level as the entry writes it, with the API level when that differs
        (``'Mine' (My)``)."""
        level, written = self.levels.get(verb, "None"), self.data.get(verb)
        return level if written == level else f"{written!r} ({level})"

    def at(self, verb: str) -> Pointer:
        """Where to report a level: the value when written, else the entry."""
        return (*self.path, verb) if verb in self.written else self.path


@functools.lru_cache(maxsize=4096)
def _resolved(catalog: Catalog, module: str, function: str) -> tuple[tuple[str, str], bool]:
    from cwlint.catalog import norm_name

    resolved = catalog.resolve_function(module, function)
    if resolved is not None:
        return resolved, True
    module = catalog.security.resolve_module(module) or module
    return (norm_name(module), norm_name(function)), False


def key_of(catalog: Catalog, module: str, function: str) -> tuple[str, str]:
    """The comparison key of a module/function (canonical names, or normalised spellings)."""
    return _resolved(catalog, module, function)[0]


#: the last document's rows: the role rules of one manifest run one after another
_last: tuple[object, tuple[Row, ...]] = (None, ())


def rows(ctx: Context) -> tuple[Row, ...]:
    """The role's permission entries that name a module and a function (read once per
    manifest, shared by the role rules)."""
    global _last
    if _last[0] is ctx.doc:
        return _last[1]
    catalog = ctx.catalog
    levels = catalog.levels
    found = []
    for path, entry in ctx.doc.items(PERMISSIONS):
        if not isinstance(entry, dict):
            continue
        module, function = entry.get("module"), entry.get("function")
        if not isinstance(module, str) or not isinstance(function, str):
            continue
        key, known = _resolved(catalog, module, function)
        canonical: dict[str, str] = {}
        for verb in levels.verbs:
            level = levels.canonical(entry.get(verb))
            if level is not None:
                canonical[verb] = level
        found.append(
            Row(
                path=path,
                key=key,
                name=" > ".join(key if known else (module.strip(), function.strip())),
                known=known,
                levels=MappingProxyType(canonical),
                written=frozenset(v for v in levels.verbs if v in entry),
                data=entry,
            )
        )
    _last = (ctx.doc, tuple(found))
    return _last[1]


def declares_role(ctx: Context) -> bool:
    """Whether the manifest describes a role whose permissions can be compared (a
    ``security_role`` mapping whose ``permissions``, if present, is a list)."""
    role = ctx.doc.get(("security_role",))
    return isinstance(role, dict) and isinstance(role.get("permissions", []), list)


def severity(profile: Profile, requirement: Requirement | None = None) -> Severity | None:
    """WARNING where the profile's facts are not certain (a partial profile, an uncertain row),
    else ``None`` (the rule's default)."""
    uncertain = requirement is not None and requirement.uncertain
    return Severity.WARNING if not profile.is_complete or uncertain else None


def caveat(
    profile: Profile, requirement: Requirement | None = None, *, partial: bool = True
) -> str:
    """The words that explain :func:`severity`'s downgrade ("" when there is none); without
    ``partial``, only a row's uncertainty (for rules that are warnings anyway)."""
    parts = []
    if partial and not profile.is_complete:
        parts.append(
            f"the {profile.id} profile is partial (completeness: {profile.completeness}) "
            "and its table may be incomplete, so this is a warning"
        )
    if requirement is not None and requirement.uncertain:
        parts.append(f"the profile marks this row uncertain: {requirement.uncertain}")
    return "".join(f"; note: {part}" for part in parts)


def levels_text(levels: Mapping[str, str], verbs: tuple[str, ...]) -> str:
    """``Add All, Inquire All`` for the verbs above None (``no level`` if none)."""
    shown = [
        f"{verb.capitalize()} {levels[verb]}"
        for verb in verbs
        if levels.get(verb, "None") != "None"
    ]
    return ", ".join(shown) or "no level"


def excess(ctx: Context, verbs: tuple[str, ...], *, why: str) -> Iterator[Issue]:
    """Levels of ``verbs`` above what the profile allows (CW302, CW305): above a listed
    function's level (``conditional`` levels allowed), or any level on a function a complete
    profile does not list (a partial profile's silence proves nothing)."""
    profile = ctx.profile
    if profile is None or not declares_role(ctx):
        return
    catalog = ctx.catalog
    rank = {level: i for i, level in enumerate(catalog.levels.order)}  # levels here are canonical
    listed = {key_of(catalog, r.module, r.function): r for r in profile.permissions}
    for row in rows(ctx):
        requirement = listed.get(row.key)
        if requirement is None:
            granted = {v: row.levels[v] for v in verbs if row.levels.get(v, "None") != "None"}
            if not granted or not profile.is_complete or not row.known:
                continue  # an unknown module/function is CW303's (most often a typo)
            others = any(level != "None" for v, level in row.levels.items() if v not in granted)
            fix = (
                f"set {' and '.join(f'{v}: None' for v in granted)}"
                if others
                else "remove the entry"
            )
            only = next(iter(granted)) if len(granted) == 1 else None
            yield Issue(
                row.at(only) if only else row.path,
                (
                    f"{row.name} grants {levels_text(granted, verbs)}, but {profile.name} does not "
                    f"use this function (its profile does not list it): {why}; {fix}"
                ),
            )
            continue
        for verb in verbs:
            level, allowed = row.level(verb), requirement.allowed(verb)
            if level is None or rank[level] <= rank[allowed]:
                continue
            need = "does not need it" if allowed == "None" else f"needs only {allowed}"
            yield Issue(
                row.at(verb),
                (
                    f"{row.name}: {verb.capitalize()} is {row.shown(verb)}, but {profile.name} "
                    f"{need}: {why}; set {verb}: {allowed}"
                    f"{caveat(profile, requirement, partial=False)}"
                ),
            )
