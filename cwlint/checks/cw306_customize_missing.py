"""A function's Customize list keeps out an entry the vendor's profile requires.

Some functions have a Customize link next to their levels, with two lists: "Allow Access to
these" and "Disallow". Table Setup's says which setup tables the role may use, Agreements' which
agreement types. ConnectWise starts every entry in "Allow Access to these", so a manifest row
means, for its `customize:`:

- neither `allow` nor `disallow`: nothing restricted (ConnectWise's default, everything allowed);
- `allow` alone: only those entries allowed (the others moved to Disallow);
- `disallow` alone: those entries disallowed, every other one allowed;
- both: as listed; they must not overlap, and an entry in neither is not stated.

The rule fires only when an entry the profile needs is really kept out: on the Disallow side, or
missing from an `allow`-only list (a near miss such as "Service / Servce Board" gets a "did you
mean"); an entry in neither of two lists is a warning. Where the vendor leaves the entries to the
user (Gradient: the agreement types you sync), any list is fine, but one that allows nothing is a
warning. Entries match forgiving case, spacing and dashes.

Errors become warnings when the vendor only recommends the entries, for a row only a feature
needs (quiet when `features:` leaves the feature out), for an `unconfirmed` row, or when the
profile is not complete. A function the role does not grant at all is CW301's; a row that allows
every entry where the profile needs only some is CW302's least-privilege hint. Quiet without a
profile.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.checks import _edits
from cwlint.checks._role import Row, customize_path, declares_role, grade, key_of, rows
from cwlint.context import Context
from cwlint.findings import Edit, Issue, Pointer, Severity

ID = "CW306"
NAME = "customize-missing"
SEVERITY = Severity.ERROR
SUMMARY = "A customize list keeps out an entry the profile requires"
BAD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - module: System
      function: Table Setup
      add: All
      inquire: All
      customize:
        allow: [Company / Company Status, Company / Company Type, Invoicing / Billing Cycle]
"""
GOOD = """
cwlint: 1
profile: gradient-msp
security_role:
  name: Gradient Sync
  permissions:
    - module: System
      function: Table Setup
      add: All
      inquire: All
      customize:
        allow: [Company / Company Status, Company / Company Type, Invoicing / Billing Cycle,
                Service / Service Board]
"""
SOURCE = "rules/profiles/<id>.yaml (permissions[].customize); rules/connectwise/customize.yaml"
FIX = "unsafe"  # allows the entries the profile requires: the role grants more


def check(ctx: Context) -> Iterator[Issue]:
    profile = ctx.profile
    if profile is None or not declares_role(ctx):
        return
    from cwlint.catalog import norm_name, suggest

    catalog = ctx.catalog
    allows = catalog.customize.allows
    first: dict[tuple[str, str], Row] = {}
    for listed in rows(ctx):
        first.setdefault(listed.key, listed)
    for requirement in profile.permissions:
        wanted = requirement.customize
        row = first.get(key_of(catalog, requirement.module, requirement.function))
        if wanted is None or row is None:
            continue
        block = row.data.get("customize")
        if block is not None and not isinstance(block, dict):
            continue  # CW003
        block = block or {}
        allow, disallow = block.get("allow"), block.get("disallow")
        how = grade(ctx, profile, requirement, requirement.tier)
        if how is None:
            continue  # only a feature the manifest does not use needs the row
        level = how.severity or (Severity.WARNING if wanted.optional else None)
        note = how.note + (" (the vendor recommends these entries)" if wanted.optional else "")
        where = customize_path(ctx, requirement.module, requirement.function)
        base = (*row.path, "customize")
        yield from _overlap(row, allow, disallow, where)
        if wanted.choice:
            if isinstance(allow, list) and not allow:
                why = f" ({wanted.note})" if wanted.note else ""
                yield Issue(
                    (*base, "allow"),
                    (
                        f"{row.name}: the customize allow-list is empty, so {profile.name} can "
                        f"use no entry at all{why}: allow the entries it needs in {where} "
                        "(Allow Access to these)"
                    ),
                    severity=Severity.WARNING,
                )
            continue
        spare = {
            i: e
            for i, e in enumerate(allow if isinstance(allow, list) else ())
            if isinstance(e, str) and allows(list(wanted.allow), None, e) is False
        }
        for need in wanted.allow:
            state = allows(allow, disallow, need)
            if state is True:
                continue
            refused = next(
                (
                    i
                    for i, e in enumerate(disallow if isinstance(disallow, list) else ())
                    if isinstance(e, str) and norm_name(e) == norm_name(need)
                ),
                None,
            )
            if refused is not None and isinstance(disallow, list):
                moved = [_edits.remove_item(ctx.doc, (*base, "disallow", refused))]
                if allow is not None:
                    moved.append(_allow(ctx, base, allow, need))
                yield Issue(
                    (*base, "disallow", refused),
                    (
                        f"{row.name}: {disallow[refused]!r} is disallowed, but {profile.name} "
                        f"needs it: move it to allow (in ConnectWise: {where}, from Disallow to "
                        f"Allow Access to these){note}"
                    ),
                    severity=level,
                    fix=_edits.fix(f"Move {need!r} to allow in {row.name}", moved, safe=False),
                )
                continue
            close = suggest(need, spare.values())
            if close is not None:
                index = next(i for i, e in spare.items() if e == close)
                del spare[index]
                yield Issue(
                    (*base, "allow", index),
                    (
                        f"{close!r} is not {need!r}, which {profile.name} needs in {row.name}'s "
                        f"customize allow-list; did you mean {need!r}? (in ConnectWise: {where}, "
                        f"Allow Access to these){note}"
                    ),
                    severity=level,
                    fix=_edits.fix(
                        f"Write {need!r} in {row.name}'s allow-list",
                        [_edits.set_scalar(ctx.doc, (*base, "allow", index), need)],
                        safe=False,
                    ),
                )
                continue
            if state is None:
                yield Issue(
                    base,
                    (
                        f"{row.name}: {need!r}, which {profile.name} needs, is in neither the "
                        f"allow nor the disallow list: add it to allow, and check it is under "
                        f"Allow Access to these in {where}{note}"
                    ),
                    at_key=True,
                    severity=Severity.WARNING,
                    fix=_edits.fix(
                        f"Add {need!r} to {row.name}'s allow-list",
                        [_allow(ctx, base, allow, need)],
                        safe=False,
                    ),
                )
                continue
            yield Issue(
                (*base, "allow"),
                (
                    f"{row.name}'s customize allow-list lacks {need!r}, which {profile.name} "
                    f"needs (an allow list keeps out every entry it does not name): add it to "
                    f"allow (in ConnectWise: {where}, move it to Allow Access to these){note}"
                ),
                at_key=True,
                severity=level,
                fix=_edits.fix(
                    f"Add {need!r} to {row.name}'s allow-list",
                    [_allow(ctx, base, allow, need)],
                    safe=False,
                ),
            )


def _allow(ctx: Context, base: Pointer, allow: object, need: str) -> Edit | None:
    """``need`` added at the end of the allow-list."""
    if not isinstance(allow, list):
        return None
    return _edits.add_item(ctx.doc, (*base, "allow"), len(allow), need)


def _overlap(row: Row, allow: object, disallow: object, where: str) -> Iterator[Issue]:
    """Entries in both lists: ConnectWise keeps each entry on one side only."""
    from cwlint.catalog import norm_name

    if not isinstance(allow, list) or not isinstance(disallow, list):
        return
    allowed = {norm_name(e) for e in allow if isinstance(e, str)}
    for i, entry in enumerate(disallow):
        if isinstance(entry, str) and norm_name(entry) in allowed:
            yield Issue(
                (*row.path, "customize", "disallow", i),
                (
                    f"{row.name}: {entry!r} is in both the allow and the disallow list; an entry "
                    f"is on one side only in {where}: remove it from one of them"
                ),
            )
