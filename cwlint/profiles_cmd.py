"""`cwlint profiles`: the built-in vendor profiles as a list, or one profile in full (text or JSON).

Library code, no click: :func:`render` raises :class:`cwlint.catalog.ProfileError` (with a "did
you mean") for an unknown id, which the command line turns into a usage error.
"""

from __future__ import annotations

import json
from typing import Any

from cwlint.catalog import REQUIRED, UNCONFIRMED, Catalog, Profile, Requirement, load_catalog

FORMATS = ("text", "json")


def render(
    profile_id: str | None,
    fmt: str = "text",
    catalog: Catalog | None = None,
    search: str | None = None,
) -> str:
    """Every built-in profile (``profile_id`` None), or one profile: an id (looked up in the
    ``search`` folder first, the config's ``profiles-path``) or a path to a profile file.
    Ends with a newline."""
    catalog = catalog or load_catalog()
    if profile_id is None:
        profiles = [catalog.profile(pid) for pid in catalog.profile_ids()]
        return render_list(profiles, fmt)
    return render_profile(catalog.profile(profile_id, search=search), fmt, catalog)


# ----------------------------------------------------------------------------------- the list
def _summary(profile: Profile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "vendor": profile.name,
        "completeness": profile.completeness,
        "source": next(iter(profile.sources), None),
    }


def render_list(profiles: list[Profile], fmt: str = "text") -> str:
    """One line per profile: id, vendor, completeness, first source URL."""
    rows = [_summary(p) for p in profiles]
    if fmt == "json":
        return json.dumps(rows, indent=2) + "\n"
    header = {"id": "ID", "vendor": "VENDOR", "completeness": "COMPLETENESS", "source": "SOURCE"}
    lines = _table([header, *({**r, "source": r["source"] or ""} for r in rows)], list(header))
    partial = sum(1 for p in profiles if not p.is_complete)
    return (
        "\n".join(
            [
                *lines,
                "",
                (
                    f"{len(profiles)} profiles; {partial} not complete (their gaps are warnings, not errors). "
                    "`cwlint profiles ID` shows one; `cwlint init --profile ID` writes a starter manifest."
                ),
            ]
        )
        + "\n"
    )


# -------------------------------------------------------------------------------- one profile
def _customize(requirement: Requirement) -> str:
    wanted = requirement.customize
    if wanted is None:
        return ""
    if wanted.choice:
        text = "allow the entries you use (your choice)"
    elif wanted.allow:
        text = "allow " + "; ".join(wanted.allow)
    else:
        text = "used (entries not named)"
    return text + (" (recommended)" if wanted.optional else "")


def tier_text(requirement: Requirement) -> str:
    """``required``, ``feature: <id>`` or ``unconfirmed`` (+ the verbs required anyway)."""
    tier = requirement.tier
    text = tier if tier in (REQUIRED, UNCONFIRMED) else f"feature: {tier}"
    if requirement.required_verbs:
        text += f" ({', '.join(requirement.required_verbs)}: required)"
    return text


def _condition(requirement: Requirement, verbs: tuple[str, ...], none: str) -> str:
    parts = []
    extra = {v: level for v, level in requirement.conditional.items() if level != none}
    if extra:
        levels = ", ".join(f"{v.capitalize()} {extra[v]}" for v in verbs if v in extra)
        parts.append(
            f"may need {levels}" + (f" ({requirement.condition})" if requirement.condition else "")
        )
    if requirement.says:
        parts.append(f"vendor: {requirement.says!r}")
    if requirement.uncertain:
        parts.append(f"uncertain: {requirement.uncertain}")
    return "; ".join(parts)


def _requirement_json(requirement: Requirement) -> dict[str, Any]:
    wanted = requirement.customize
    return {
        "module": requirement.module,
        "function": requirement.function,
        **requirement.levels,
        "tier": requirement.tier,
        "required_verbs": list(requirement.required_verbs),
        "says": requirement.says,
        "customize": None
        if wanted is None
        else {
            "allow": list(wanted.allow),
            "choice": wanted.choice,
            "optional": wanted.optional,
            "note": wanted.note,
        },
        "conditional": dict(requirement.conditional),
        "condition": requirement.condition,
        "note": requirement.note,
        "uncertain": requirement.uncertain,
    }


def profile_json(profile: Profile) -> dict[str, Any]:
    """Everything ``cwlint profiles ID --format json`` prints."""
    return {
        "id": profile.id,
        "vendor": profile.name,
        "completeness": profile.completeness,
        "builtin": profile.builtin,
        "sources": list(profile.sources),
        "required": {"says": profile.required_says, "source": profile.required_source},
        "unconfirmed": profile.unconfirmed_says,
        "features": [
            {"id": f.id, "name": f.name, "says": f.says, "source": f.source}
            for f in profile.features
        ],
        "permissions": [_requirement_json(r) for r in profile.permissions],
        "vendor_ips": list(profile.vendor_ips),
        "uncertain_ips": [
            {"value": u.value, "reason": u.reason, "source": u.source}
            for u in profile.uncertain_ips
        ],
        "legacy_ips": list(profile.legacy_ips),
        "vendor_ips_url": profile.vendor_ips_url,
        "pod_hosts": list(profile.pod_hosts),
        "min_version": profile.min_version,
        "version_note": profile.version_note,
        "certificate": profile.certificate,
        "other_requirements": list(profile.other_requirements),
        "notes": list(profile.notes),
        "uncertain": list(profile.uncertain),
    }


def render_profile(profile: Profile, fmt: str = "text", catalog: Catalog | None = None) -> str:
    """One profile: its requirements as a table, IPs, pod hosts, notes and uncertainties."""
    if fmt == "json":
        return json.dumps(profile_json(profile), indent=2) + "\n"
    scale = (catalog or load_catalog()).levels
    verbs = scale.verbs
    out = [
        f"{profile.id}: {profile.name}",
        f"completeness: {profile.completeness}"
        + ("" if profile.is_complete else " (gaps in a role are warnings, not errors)"),
    ]
    out += [f"source: {url}" for url in profile.sources]
    header = {
        "module": "MODULE",
        "function": "FUNCTION",
        **{v: v.upper() for v in verbs},
        "tier": "TIER",
        "customize": "CUSTOMIZE",
        "condition": "NOTES",
    }
    rows = [
        {
            "module": r.module,
            "function": r.function,
            **r.levels,
            "tier": tier_text(r),
            "customize": _customize(r),
            "condition": _condition(r, verbs, scale.none),
        }
        for r in profile.permissions
    ]
    order = " < ".join(scale.order)
    out += ["", f"Permissions ({order}; a function not listed is {scale.none}):"]
    out += ["  " + line for line in _table([header, *rows], list(header))]
    out += ["", "Tiers (a shortfall on a required row is an error; on a feature's row a warning,"]
    out += ["  quiet when the manifest's `features:` leaves the feature out):"]
    if profile.required_says:
        out.append(f"  required: {profile.name}: {profile.required_says!r}")
        if profile.required_source:
            out.append(f"    {profile.required_source}")
    for feature in profile.features:
        out.append(f"  feature {feature.id} ({feature.name}): {feature.says!r}")
        if feature.source:
            out.append(f"    {feature.source}")
    if profile.unconfirmed_says:
        out.append(f"  unconfirmed (a warning): {profile.unconfirmed_says}")
    out += ["", "Vendor IPs (allow them on premise): " + (", ".join(profile.vendor_ips) or "none")]
    out += [f"  unusable as published: {u.value}: {u.reason}" for u in profile.uncertain_ips]
    if profile.legacy_ips:
        out.append("  legacy (older pages): " + ", ".join(profile.legacy_ips))
    if profile.vendor_ips_url:
        out.append(f"  current list: {profile.vendor_ips_url}")
    out.append("Pod hosts: " + (", ".join(profile.pod_hosts) or "none listed"))
    version = profile.min_version or profile.version_note
    if version:
        out.append(f"Minimum PSA version: {version}")
    if profile.certificate:
        out.append(f"Certificate (on premise): {profile.certificate}")
    for title, items in (
        ("Other requirements", profile.other_requirements),
        ("Notes", profile.notes),
        ("Uncertain", profile.uncertain),
    ):
        if items:
            out += ["", f"{title}:", *(f"  - {item}" for item in items)]
    return "\n".join(out) + "\n"


def _table(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    """Left-aligned columns, two spaces apart, trailing blanks trimmed."""
    widths = {c: max(len(str(r[c])) for r in rows) for c in columns}
    return ["  ".join(f"{r[c]!s:<{widths[c]}}" for c in columns).rstrip() for r in rows]
