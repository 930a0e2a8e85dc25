"""What the security-role rules (CW301-CW310) share: the role's rows, read once per manifest.

A row is one ``security_role.permissions`` entry whose module and function are strings (others
are CW003's). Its :attr:`Row.key` compares rows with each other and with a profile's
requirements: the catalogue's canonical ``(module, function)`` when the catalogue knows the
function (aliases, case, spacing and dashes forgiven), otherwise the normalised spelling. Levels
are canonical (``levels.yaml``); an omitted level is the catalogue's default (None); a value that
is no level at all is left out of every comparison (CW003 reports it).

A profile row's tier decides how much a shortfall matters (:func:`grade`): ``required`` rows
give the rule's own severity, a feature's rows a warning (quiet when the manifest's
``features:`` leaves the feature out, the rule's severity when it lists it), ``unconfirmed`` rows
a warning that says why.

Messages name the row as the user wrote it, with the catalogue's name in brackets where they
differ, and say where in ConnectWise the fix is (:func:`ui_path`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cwlint.checks import _edits
from cwlint.context import Context
from cwlint.findings import Issue, Pointer, Severity

if TYPE_CHECKING:
    from cwlint.catalog import Catalog, Profile, Requirement

PERMISSIONS = ("security_role", "permissions")
FEATURES = ("features",)


@dataclass(frozen=True)
class Row:
    """One permission entry of the manifest's role."""

    path: Pointer  #: ``("security_role", "permissions", i)``
    key: tuple[str, str]  #: comparison key (see the module docstring)
    name: str  #: ``Module > Function`` as written, ``[Catalogue > Name]`` after it if different
    known: bool  #: the catalogue knows this module/function
    levels: Mapping[str, str]  #: canonical level per verb; a verb with an unusable value is absent
    written: frozenset[str]  #: verbs the entry spells out (with any value)
    data: Mapping[str, Any]
    none: str  #: the lowest level (what an omitted verb grants)

    def level(self, verb: str) -> str | None:
        """The canonical level of ``verb`` (the lowest level when omitted), or Python ``None``
        when the entry's value is not a level."""
        return self.levels.get(verb)

    def shown(self, verb: str) -> str:
        """The level as the entry writes it, with the API level when that differs
        (``'Mine' (My)``)."""
        level, written = self.levels.get(verb, self.none), self.data.get(verb)
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


def display(written: tuple[str, str], canonical: tuple[str, str] | None) -> str:
    """``Module > Function`` as the user wrote it, with the catalogue's spelling in brackets
    where it differs: ``Projects > Project Ticket [Project > Project Tickets]``."""
    mine = f"{written[0].strip()} > {written[1].strip()}"
    if canonical is None:
        return mine
    theirs = f"{canonical[0]} > {canonical[1]}"
    return mine if mine == theirs else f"{mine} [{theirs}]"


def rows(ctx: Context) -> tuple[Row, ...]:
    """The role's permission entries that name a module and a function (read once per
    manifest, shared by the role rules)."""
    return ctx.memo("role.rows", lambda: _rows(ctx))


def _rows(ctx: Context) -> tuple[Row, ...]:
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
                name=display((module, function), key if known else None),
                known=known,
                levels=MappingProxyType(canonical),
                written=frozenset(v for v in levels.verbs if v in entry),
                data=entry,
                none=levels.none,
            )
        )
    return tuple(found)


def declares_role(ctx: Context) -> bool:
    """Whether the manifest describes a role whose permissions can be compared (a
    ``security_role`` mapping whose ``permissions``, if present, is a list)."""
    role = ctx.doc.get(("security_role",))
    return isinstance(role, dict) and isinstance(role.get("permissions", []), list)


def role_name(ctx: Context) -> str:
    """The role's name for a UI path (``<role>`` when the manifest does not name it)."""
    name = ctx.doc.get(("security_role", "name"))
    return name.strip() if isinstance(name, str) and name.strip() else "<role>"


def ui_path(ctx: Context, module: str | None = None, function: str | None = None) -> str:
    """Where the fix is in ConnectWise: ``System > Security Roles > <role> > <module> >
    <function>`` (canonical names: what the UI shows)."""
    parts = ["System > Security Roles", role_name(ctx), module, function]
    return " > ".join(p for p in parts if p)


def customize_path(ctx: Context, module: str, function: str) -> str:
    """The function's Customize link: its "Allow Access to these" and "Disallow" lists."""
    return f"{ui_path(ctx, module, function)} > Customize"


def features_in_use(ctx: Context) -> frozenset[str] | None:
    """The manifest's ``features:`` (the profile features it uses), or ``None`` without it."""
    return ctx.memo("role.features", lambda: _features(ctx))


def _features(ctx: Context) -> frozenset[str] | None:
    value = ctx.doc.get(FEATURES)
    if not isinstance(value, list):
        return None
    return frozenset(v.strip().lower() for v in value if isinstance(v, str))


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


@dataclass(frozen=True)
class Grade:
    """How a shortfall on a profile row is reported: ``severity`` (``None``: the rule's own)
    and the words that say why."""

    severity: Severity | None
    note: str


def grade(ctx: Context, profile: Profile, requirement: Requirement, tier: str) -> Grade | None:
    """The grade of a shortfall on ``requirement`` at ``tier`` (:meth:`Requirement.tier_of`);
    ``None``: not reported (a feature the manifest's ``features:`` leaves out)."""
    from cwlint.catalog import REQUIRED, UNCONFIRMED

    base, note = severity(profile, requirement), caveat(profile, requirement)
    if tier == REQUIRED:
        return Grade(base, note)
    if tier == UNCONFIRMED:
        why = profile.unconfirmed_says or "the vendor does not say whether it is required"
        return Grade(Severity.WARNING, f"{note}; a warning, not an error: {why}")
    feature = profile.feature(tier)
    name = feature.name if feature is not None else tier
    used = features_in_use(ctx)
    if used is None:
        says = (
            f" ({profile.name}: {feature.says!r})" if feature is not None and feature.says else ""
        )
        return Grade(
            Severity.WARNING,
            (
                f"{note}; only {profile.name}'s {name} feature needs it{says}; if you do not use "
                f"it, list the features you use in `features:` (e.g. `features: []`)"
            ),
        )
    if tier in used:
        return Grade(base, f"{note}; `features:` lists {tier!r} ({name})")
    return None


def levels_text(levels: Mapping[str, str], verbs: tuple[str, ...], none: str) -> str:
    """``Add All, Inquire All`` for the verbs above the lowest level (``no level`` if none)."""
    shown = [
        f"{verb.capitalize()} {levels[verb]}" for verb in verbs if levels.get(verb, none) != none
    ]
    return ", ".join(shown) or "no level"


def needed_by(ctx: Context, profile: Profile, requirement: Requirement, verb: str) -> str:
    """The highest level of ``verb`` that is not excess: the listed (and conditional) level, or
    the lowest level when only a feature the manifest's ``features:`` leaves out needs it."""
    from cwlint.catalog import REQUIRED, UNCONFIRMED

    tier = requirement.tier_of(verb)
    used = features_in_use(ctx)
    if tier in (REQUIRED, UNCONFIRMED) or used is None or tier in used:
        return requirement.allowed(verb)
    return ctx.catalog.levels.none


def excess(ctx: Context, verbs: tuple[str, ...], *, why: str) -> Iterator[Issue]:
    """Levels of ``verbs`` above what the profile allows (CW302, CW305): above a listed
    function's level (``conditional`` levels allowed), or any level on a function a complete
    profile does not list (a partial profile's silence proves nothing)."""
    profile = ctx.profile
    if profile is None or not declares_role(ctx):
        return
    catalog = ctx.catalog
    scale = catalog.levels
    listed = {key_of(catalog, r.module, r.function): r for r in profile.permissions}
    for row in rows(ctx):
        requirement = listed.get(row.key)
        where = ui_path(ctx, *row.key) if row.known else ui_path(ctx)
        if requirement is None:
            granted = {v: row.levels[v] for v in verbs if scale.grants(row.levels.get(v))}
            if not granted or not profile.is_complete or not row.known:
                continue  # an unknown module/function is CW303's (most often a typo)
            others = any(scale.grants(level) for v, level in row.levels.items() if v not in granted)
            fix = (
                f"set {' and '.join(f'{v}: {scale.none}' for v in granted)}"
                if others
                else "remove the entry"
            )
            only = next(iter(granted)) if len(granted) == 1 else None
            repair = (
                _edits.fix(
                    f"Set {', '.join(f'{v}: {scale.none}' for v in granted)} on {row.name}",
                    [_edits.set_scalar(ctx.doc, (*row.path, v), scale.none) for v in granted],
                    safe=False,
                )
                if others
                else _edits.fix(
                    f"Remove {row.name}", [_edits.remove_item(ctx.doc, row.path)], safe=False
                )
            )
            yield Issue(
                row.at(only) if only else row.path,
                (
                    f"{row.name} grants {levels_text(granted, verbs, scale.none)}, but "
                    f"{profile.name} does not use this function (its profile does not list it): "
                    f"{why}; {fix} (in ConnectWise: {where})"
                ),
                fix=repair,
            )
            continue
        for verb in verbs:
            level, allowed = row.level(verb), needed_by(ctx, profile, requirement, verb)
            if level is None or scale.rank(level) <= scale.rank(allowed):
                continue
            if allowed != requirement.allowed(verb):
                need = (
                    f"uses it only for its {requirement.tier_of(verb)!r} feature, which "
                    "`features:` leaves out"
                )
            elif allowed == scale.none:
                need = "does not need it"
            else:
                need = f"needs only {allowed}"
            yield Issue(
                row.at(verb),
                (
                    f"{row.name}: {verb.capitalize()} is {row.shown(verb)}, but {profile.name} "
                    f"{need}: {why}; set {verb}: {allowed} (in ConnectWise: {where}, "
                    f"{verb.capitalize()} Level){caveat(profile, requirement, partial=False)}"
                ),
                fix=_edits.fix(
                    f"Set {verb}: {allowed} on {row.name}",
                    [_edits.set_scalar(ctx.doc, (*row.path, verb), allowed)],
                    safe=False,
                ),
            )
