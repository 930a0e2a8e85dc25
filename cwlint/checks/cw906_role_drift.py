"""`--live`: the role in the tenant grants less (error) or more (warning) than the manifest.

The manifest is the reviewed statement of what the integration may do; the tenant is what it
can do. Someone tightening the role in the UI breaks the integration (error, at the level
concerned); someone widening it breaks least privilege unnoticed (warning, including functions
the manifest does not list at all). The settings come from `/system/mySecurity` when the keys
are the API member's and its role is the manifest's (no extra permission needed), else from
`/system/securityRoles/{id}/settings`. A live level below the manifest's that still meets the
profile's need is a warning (record the lower level: least privilege), not an error.

Customize lists (read as CW306 reads them: neither `allow` nor `disallow` restricts nothing) can
only be read for the API member's own role (`/system/mySecurity/customizeItems`); for another
role they are not compared. Every message names the place to fix in ConnectWise.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cwlint.checks._live import data, role_path
from cwlint.context import Context
from cwlint.findings import Issue, Severity

ID = "CW906"
NAME = "role-drift"
SEVERITY = Severity.ERROR
SUMMARY = "live role settings miss (error) or exceed (warning) the manifest"
BAD = """
cwlint: 1
# live role: Companies > Contacts Add None, Edit All, Inquire All
security_role:
  permissions:
    - {module: Companies, function: Contacts, add: All, edit: All, inquire: All}
"""
GOOD = """
cwlint: 1
# live role: Companies > Contacts Add All, Edit All, Inquire All
security_role:
  permissions:
    - {module: Companies, function: Contacts, add: All, edit: All, inquire: All}
"""
SOURCE = "rules/connectwise/api.yaml (my_security, role_settings, my_customize)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = (
    "role_settings",
    "security_roles",
    "my_security",
    "api_members",
    "my_customize",
)


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    from cwlint.live.snapshot import manifest_role

    role = manifest_role(data(ctx))
    if tenant is None or not role:
        return
    settings = tenant.result("role_settings")
    if not settings.ok:
        yield from tenant.unavailable("role_settings", role_path(ctx), "the role's permissions")
        return
    from cwlint.checks._role import levels_text, needed_by, rows, ui_path

    catalog = ctx.catalog
    scale = catalog.levels
    profile = ctx.profile
    live = _live_levels(ctx, settings.value)
    listed = set()
    for row in rows(ctx):
        listed.add(row.key)
        where = ui_path(ctx, *row.key) if row.known else ui_path(ctx)
        found = live.get(row.key)
        if found is None:
            if any(scale.grants(level) for level in row.levels.values()):
                yield Issue(
                    row.path,
                    (
                        f"the live role has no {row.name}: the tenant does not know this function, "
                        "so the levels the manifest grants cannot be in effect (compare the name "
                        f"with the functions under {ui_path(ctx, row.key[0])})"
                    ),
                )
            continue
        name, levels = found
        requirement = profile.requirement(*row.key) if profile is not None else None
        for verb in scale.verbs:
            said, actual = row.level(verb), levels.get(verb, scale.none)
            if said is None or scale.rank(said) == scale.rank(actual):
                continue
            how = f"in ConnectWise: {where}, {verb.capitalize()} Level"
            if scale.rank(actual) < scale.rank(said):
                needs = (
                    needed_by(ctx, profile, requirement, verb)
                    if profile is not None and requirement is not None
                    else said
                )
                if profile is not None and scale.rank(actual) >= scale.rank(needs):
                    yield Issue(
                        row.at(verb),
                        (
                            f"{name}: the live role grants {verb.capitalize()} {actual}, the "
                            f"manifest {said}; {profile.name} needs only {needs}, so set {verb}: "
                            f"{actual} in the manifest (least privilege), or raise it ({how})"
                        ),
                        severity=Severity.WARNING,
                    )
                    continue
                yield Issue(
                    row.at(verb),
                    (
                        f"{name}: the live role grants {verb.capitalize()} {actual}, the manifest "
                        f"{said}: the integration will be refused; set it to {said} ({how})"
                    ),
                )
            else:
                yield Issue(
                    row.at(verb),
                    (
                        f"{name}: the live role grants {verb.capitalize()} {actual}, more than the "
                        f"manifest's {said}: set it to {said} ({how}), or record it in the manifest"
                    ),
                    severity=Severity.WARNING,
                )
        yield from _customize(ctx, tenant, row)
    extra = [
        (name, levels)
        for key, (name, levels) in sorted(live.items())
        if key not in listed and any(scale.grants(v) for v in levels.values())
    ]
    at = (
        ("security_role", "permissions")
        if ctx.doc.get(("security_role", "permissions")) is not None
        else role_path(ctx)
    )
    for name, levels in extra:
        yield Issue(
            at,
            (
                f"the live role grants {name} ({levels_text(levels, scale.verbs, scale.none)}), "
                f"which the manifest does not list: set its levels to {scale.none} in "
                f"{ui_path(ctx, *name.split(' > ', 1))}, or add it to the manifest"
            ),
            severity=Severity.WARNING,
        )


def _live_levels(ctx: Context, settings: Any) -> dict[tuple[str, str], tuple[str, dict]]:
    """Live rows by comparison key: (``Module > Function``, level per verb); rows that map to
    the same catalogue function (aliases) are merged at their highest level."""
    from cwlint.checks._role import key_of

    catalog = ctx.catalog
    scale = catalog.levels
    fields = ctx.catalog.api.setting_fields
    out: dict[tuple[str, str], tuple[str, dict]] = {}
    for row in settings if isinstance(settings, list) else ():
        module, function = row.get(fields.module), row.get(fields.function)
        if not isinstance(module, str) or not isinstance(function, str):
            continue
        key = key_of(catalog, module, function)
        name, levels = out.get(key, (f"{module} > {function}", {}))
        for verb, field in fields.levels.items():
            level = scale.canonical(row.get(field)) or scale.none
            levels[verb] = scale.max(levels.get(verb, scale.none), level)
        out[key] = (name, levels)
    return out


def _customize(ctx: Context, tenant: Any, row: Any) -> Iterator[Issue]:
    """The row's Customize lists (SPEC semantics, as CW306 reads them) against the API
    member's own customize items: the entries the live role allows."""
    from cwlint.checks._role import customize_path

    block = row.data.get("customize")
    if not isinstance(block, dict) or "my_customize" not in tenant.reads:
        return
    allow, disallow = block.get("allow"), block.get("disallow")
    customize = ctx.catalog.customize
    if customize.allows_everything(allow, disallow):
        return  # nothing restricted: every live entry is what the manifest says
    path = (*row.path, "customize")
    items = tenant.result("my_customize")
    if not items.ok:
        yield from tenant.unavailable("my_customize", path, "the customize list")
        return
    function = ctx.catalog.security.function(*row.key)
    ident = function.customize_identifier if function is not None else None
    if not ident:
        return
    where = customize_path(ctx, *row.key)
    live = [
        str(i.get("itemIdentifier"))
        for i in items.value
        if i.get("customizeIdentifier") == ident and i.get("itemIdentifier")
    ]
    for j, entry in enumerate(allow if isinstance(allow, list) else ()):
        if isinstance(entry, str) and not any(customize.same_entry(entry, i) for i in live):
            yield Issue(
                (*path, "allow", j),
                (
                    f"{row.name}: {entry!r} is not allowed in the live role: the integration "
                    f"cannot use it; move it to Allow Access to these in {where}"
                ),
            )
    extra = [item for item in live if customize.allows(allow, disallow, item) is False]
    if extra:
        yield Issue(
            (*path, "allow") if isinstance(allow, list) else (*path, "disallow"),
            (
                f"{row.name}: the live role also allows {', '.join(map(repr, extra))}, which the "
                f"manifest keeps out: move it to Disallow in {where}, or allow it here"
            ),
            severity=Severity.WARNING,
        )
