"""`--live`: the role in the tenant grants less (error) or more (warning) than the manifest.

The manifest is the reviewed statement of what the integration may do; the tenant is what it
can do. Someone tightening the role in the UI breaks the integration (error, at the level
concerned); someone widening it breaks least privilege unnoticed (warning, including functions
the manifest does not list at all). The settings come from `/system/mySecurity` when the keys
are the API member's and its role is the manifest's (no extra permission needed), else from
`/system/securityRoles/{id}/settings`. Customize allow-lists can only be read for the API
member's own role (`/system/mySecurity/customizeItems`); for another role they are not compared.
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

_LEVEL_FIELDS = {
    "add": "addLevel",
    "edit": "editLevel",
    "delete": "deleteLevel",
    "inquire": "inquireLevel",
}


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
    from cwlint.checks._role import levels_text, rows

    catalog = ctx.catalog
    rank = catalog.level_rank
    live = _live_levels(ctx, settings.value)
    where = f"in System > Security Roles > {role}"
    listed = set()
    for row in rows(ctx):
        listed.add(row.key)
        found = live.get(row.key)
        if found is None:
            if any(level != "None" for level in row.levels.values()):
                yield Issue(
                    row.path,
                    (
                        f"the live role has no {row.name}: the tenant does not know this function, "
                        "so the levels the manifest grants cannot be in effect"
                    ),
                )
            continue
        name, levels = found
        for verb in catalog.levels.verbs:
            said, actual = row.level(verb), levels.get(verb, "None")
            if said is None or rank(said) == rank(actual):
                continue
            if rank(actual) < rank(said):
                yield Issue(
                    row.at(verb),
                    (
                        f"{name}: the live role grants {verb.capitalize()} {actual}, the manifest "
                        f"{said}: the integration will be refused; set it to {said} {where}"
                    ),
                )
            else:
                yield Issue(
                    row.at(verb),
                    (
                        f"{name}: the live role grants {verb.capitalize()} {actual}, more than the "
                        f"manifest's {said}: set it to {said} {where}, or record it in the manifest"
                    ),
                    severity=Severity.WARNING,
                )
        yield from _customize(ctx, tenant, row)
    extra = [
        (name, levels)
        for key, (name, levels) in sorted(live.items())
        if key not in listed and any(v != "None" for v in levels.values())
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
                f"the live role grants {name} ({levels_text(levels, catalog.levels.verbs)}), which "
                f"the manifest does not list: remove it {where}, or add it to the manifest"
            ),
            severity=Severity.WARNING,
        )


def _live_levels(ctx: Context, settings: Any) -> dict[tuple[str, str], tuple[str, dict]]:
    """Live rows by comparison key: (``Module > Function``, level per verb); rows that map to
    the same catalogue function (aliases) are merged at their highest level."""
    from cwlint.checks._role import key_of

    catalog = ctx.catalog
    out: dict[tuple[str, str], tuple[str, dict]] = {}
    for row in settings if isinstance(settings, list) else ():
        module, function = row.get("moduleName"), row.get("moduleFunctionName")
        if not isinstance(module, str) or not isinstance(function, str):
            continue
        key = key_of(catalog, module, function)
        name, levels = out.get(key, (f"{module} > {function}", {}))
        for verb, field in _LEVEL_FIELDS.items():
            level = catalog.canonical_level(row.get(field)) or "None"
            levels[verb] = catalog.levels.max(levels.get(verb, "None"), level)
        out[key] = (name, levels)
    return out


def _customize(ctx: Context, tenant: Any, row: Any) -> Iterator[Issue]:
    """The Allow list of ``row`` against the API member's own customize items."""
    allow = (
        row.data.get("customize", {}).get("allow")
        if isinstance(row.data.get("customize"), dict)
        else None
    )
    if not isinstance(allow, list) or "my_customize" not in tenant.reads:
        return
    path = (*row.path, "customize", "allow")
    items = tenant.result("my_customize")
    if not items.ok:
        yield from tenant.unavailable("my_customize", path, "the customize list")
        return
    function = ctx.catalog.security.function(*row.key)
    ident = function.customize_identifier if function is not None else None
    if not ident:
        return
    same = ctx.catalog.customize.same_entry
    live = [
        str(i.get("itemIdentifier"))
        for i in items.value
        if i.get("customizeIdentifier") == ident and i.get("itemIdentifier")
    ]
    for j, entry in enumerate(allow):
        if isinstance(entry, str) and not any(same(entry, item) for item in live):
            yield Issue(
                (*path, j),
                (
                    f"{row.name}: {entry!r} is not in the live role's Allow list: the integration "
                    f"cannot use it; allow it in the role's Customize list for {row.name}"
                ),
            )
    extra = [item for item in live if not any(isinstance(e, str) and same(e, item) for e in allow)]
    if extra:
        yield Issue(
            path,
            (
                f"{row.name}: the live role also allows {', '.join(map(repr, extra))}, which the "
                "manifest does not list: remove it from the Customize list, or add it here"
            ),
            severity=Severity.WARNING,
        )
