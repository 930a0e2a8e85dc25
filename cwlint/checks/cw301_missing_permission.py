"""The security role grants less than the vendor's profile requires.

An API member can do only what its security role allows: a function the integration needs at
All but granted at My (or not at all) fails at run time with 403 on some records, or silently
syncs only part of the data. Levels compare as None < My < All; a level the entry omits is None,
and so is every level of a function the role does not list. The profile's minimum comes from the
vendor's own documentation (`rules/profiles/<id>.yaml`), each row tiered in the vendor's words:
a `required` row's shortfall is an error; a row only one of the vendor's features needs is a
warning, or quiet when the manifest's `features:` lists the features in use and leaves that one
out (an error when it lists it); a row whose tier the vendor's page does not let cwlint tell
(`unconfirmed`, e.g. 1stream's lost bold/underline marks) is a warning that says so. A name in
`features:` that is not one of the profile's features is a warning with a "did you mean".

A profile whose table is not complete (`completeness` other than `full`) or a row whose levels
are uncertain gives warnings, never errors: the vendor's page may be cut off or ambiguous, so
cwlint says so rather than guessing. Quiet without a profile, and when the manifest has no
`security_role` (it then describes no role to compare).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cwlint.checks import _edits
from cwlint.checks._role import (
    FEATURES,
    PERMISSIONS,
    Grade,
    declares_role,
    grade,
    key_of,
    levels_text,
    rows,
    ui_path,
)
from cwlint.context import Context
from cwlint.findings import Edit, Issue, Severity

if TYPE_CHECKING:
    from cwlint.catalog import Profile, Requirement

ID = "CW301"
NAME = "missing-permission"
SEVERITY = Severity.ERROR
SUMMARY = "The role grants less than the profile requires (None < My < All)"
BAD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  # Add is My where Gradient requires All, and the other functions it requires are missing
  permissions:
    - {module: Service Desk, function: Service Tickets, add: My, edit: All, inquire: All}
"""
GOOD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - {module: Companies, function: Company Maintenance, inquire: All}
    - {module: Finance, function: Agreement Sales, inquire: All}
    - {module: Finance, function: Agreements, add: All, edit: All, inquire: All}
    - {module: Procurement, function: Product Catalog, inquire: All}
    - {module: Procurement, function: Products, inquire: All}
    - {module: Service Desk, function: Close Service Tickets, add: All, edit: All, inquire: All}
    - {module: Service Desk, function: Merge Tickets, add: All, edit: All, inquire: All}
    - {module: Service Desk, function: Service Tickets, add: All, edit: All, inquire: All}
    - {module: System, function: Table Setup, add: All, inquire: All}
"""
SOURCE = "rules/profiles/<id>.yaml (permissions, from each vendor's documentation)"
FIX = "unsafe"  # grants what the profile requires: more than the role grants now


def check(ctx: Context) -> Iterator[Issue]:
    profile = ctx.profile
    if profile is None or not declares_role(ctx):
        return
    catalog = ctx.catalog
    scale = catalog.levels
    verbs = scale.verbs
    yield from _unknown_features(ctx, profile)
    granted: dict[tuple[str, str], list] = {}
    for row in rows(ctx):
        granted.setdefault(row.key, []).append(row)
    for requirement in profile.permissions:
        listed = {v: requirement.level(v) for v in verbs if scale.grants(requirement.level(v))}
        graded = {
            v: g
            for v in listed
            if (g := grade(ctx, profile, requirement, requirement.tier_of(v))) is not None
        }
        needed = {v: level for v, level in listed.items() if v in graded}
        if not needed:
            continue
        found = granted.get(key_of(catalog, requirement.module, requirement.function))
        where = ui_path(ctx, requirement.module, requirement.function)
        if not found:
            first = _strongest([graded[v] for v in needed])
            yield Issue(
                PERMISSIONS,
                (
                    f"the role does not grant {requirement.module} > {requirement.function}, "
                    f"which {profile.name} requires ({levels_text(needed, verbs, scale.none)}; a "
                    f"function the role does not list is {scale.none} everywhere): add "
                    f"{_entry(requirement, needed)} (in ConnectWise: {where}){first.note}"
                ),
                at_key=True,
                severity=first.severity,
                fix=_edits.fix(
                    f"Add {requirement.module} > {requirement.function} "
                    f"({levels_text(needed, verbs, scale.none)})",
                    [_add_row(ctx, requirement, needed)],
                    safe=False,
                ),
            )
            continue
        row = found[0]  # a repeat is CW308's; the first entry is the one to fix
        short = {}
        for verb, need in needed.items():
            have = [scale.rank(r.levels[verb]) for r in found if verb in r.levels]
            if have and max(have) < scale.rank(need):
                short[verb] = need
        for verb, need in short.items():
            if verb not in row.written:
                continue
            yield Issue(
                (*row.path, verb),
                (
                    f"{row.name}: {verb.capitalize()} is {row.shown(verb)}, but {profile.name} "
                    f"requires {need}: set {verb}: {need} (in ConnectWise: {where}, "
                    f"{verb.capitalize()} Level){graded[verb].note}"
                ),
                severity=graded[verb].severity,
                fix=_edits.fix(
                    f"Set {verb}: {need} on {row.name}",
                    [_edits.set_scalar(ctx.doc, (*row.path, verb), need)],
                    safe=False,
                ),
            )
        omitted: dict[Grade, dict[str, str]] = {}
        for verb, need in short.items():
            if verb not in row.written:
                omitted.setdefault(graded[verb], {})[verb] = need
        for how, levels in omitted.items():
            missing = " or ".join(v.capitalize() for v in levels)
            fix = ", ".join(f"{v}: {need}" for v, need in levels.items())
            yield Issue(
                row.path,
                (
                    f"{row.name} grants no {missing} (an omitted level is {scale.none}), but "
                    f"{profile.name} requires {levels_text(levels, verbs, scale.none)}: add {fix} "
                    f"(in ConnectWise: {where}){how.note}"
                ),
                severity=how.severity,
                fix=_edits.fix(
                    f"Add {fix} to {row.name}",
                    [_edits.add_keys(ctx.doc, row.path, levels)],
                    safe=False,
                ),
            )


def _strongest(grades: list[Grade]) -> Grade:
    """The grade of the most serious shortfall (the rule's own severity first)."""
    return min(grades, key=lambda g: 0 if g.severity is None else -int(g.severity))


def _unknown_features(ctx: Context, profile: Profile) -> Iterator[Issue]:
    """Entries of the manifest's ``features:`` that are not features of the profile."""
    from cwlint.catalog import suggest

    known = [f.id for f in profile.features]
    for path, value in ctx.doc.items(FEATURES):
        if not isinstance(value, str) or value.strip().lower() in known:
            continue
        close = suggest(value, known) if known else None
        hint = (
            f"did you mean {close!r}?"
            if close
            else (
                f"its features are {', '.join(known)}"
                if known
                else "it has no optional features (remove `features:`)"
            )
        )
        yield Issue(
            path,
            f"{value!r} is not a feature of the {profile.id} profile: {hint}",
            severity=Severity.WARNING,
        )


def _add_row(ctx: Context, requirement: Requirement, levels: dict[str, str]) -> Edit | None:
    """The entry to add, at its sorted place when the list is sorted (else at its end), in the
    list's style."""
    entry: dict[str, str] = {"module": requirement.module, "function": requirement.function}
    entry.update(levels)
    if requirement.customize is not None and requirement.customize.allow:
        allow = ", ".join(_edits.render(a, flow=True) for a in requirement.customize.allow)
        entry["customize"] = _edits.Raw(f"{{allow: [{allow}]}}")
    listed = ctx.doc.get(PERMISSIONS)
    if not isinstance(listed, list):
        return None
    names = [
        _sort_key(item.get("module"), item.get("function"))
        for item in listed
        if isinstance(item, dict)
    ]
    if len(names) != len(listed):
        return None
    at = _edits.position(names, _sort_key(requirement.module, requirement.function))
    return _edits.add_item(ctx.doc, PERMISSIONS, at, entry)


def _sort_key(module: object, function: object) -> tuple[str, str]:
    return (
        module.strip().casefold() if isinstance(module, str) else "",
        function.strip().casefold() if isinstance(function, str) else "",
    )


def _entry(requirement: Requirement, levels: dict[str, str]) -> str:
    """The manifest entry to add, in YAML flow style."""
    fields = [
        f"module: {requirement.module}",
        f"function: {requirement.function}",
        *(f"{v}: {level}" for v, level in levels.items()),
    ]
    if requirement.customize is not None and requirement.customize.allow:
        fields.append(f"customize: {{allow: [{', '.join(requirement.customize.allow)}]}}")
    return "- {" + ", ".join(fields) + "}"
