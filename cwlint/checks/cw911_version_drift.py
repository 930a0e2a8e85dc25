"""`--live`: the tenant's PSA version (`/system/info`) is older than the profile's minimum, or
differs from `on_premise.version`.

Vendors support PSA releases from a minimum on (features, API models). Cloud tenants follow
ConnectWise's releases; on-premise servers lag behind until their partner upgrades, and the
manifest's `on_premise.version` goes stale. Versions compare as `YEAR.N`.
"""

from __future__ import annotations

from collections.abc import Iterator

from cwlint.context import Context
from cwlint.findings import Issue, Pointer, Severity

ID = "CW911"
NAME = "version-drift"
SEVERITY = Severity.WARNING
SUMMARY = "/system/info version below the profile's minimum"
BAD = """
cwlint: 1
# /system/info: {"version": "v2023.2.98765"}; the profile's min_version is 2024.1
profile: some-vendor
"""
GOOD = """
cwlint: 1
# /system/info: {"version": "v2025.1.104812"}
profile: some-vendor
"""
SOURCE = "rules/profiles/*.yaml (min_version); rules/connectwise/connection.yaml (version)"
LIVE = True
#: The tenant reads this rule needs (rules/connectwise/api.yaml), beyond companyinfo and
#: system/info, which every live run makes.
READS: tuple[str, ...] = ()


def check(ctx: Context) -> Iterator[Issue]:
    tenant = ctx.tenant
    if tenant is None:
        return
    profile = ctx.profile
    minimum = profile.min_version_tuple() if profile is not None else None
    said_raw = ctx.doc.get(("on_premise", "version"))
    facts = ctx.catalog.connection
    said = facts.parse_version(said_raw) if isinstance(said_raw, (str, int, float)) else None
    if minimum is None and said is None:
        return
    path: Pointer = ("on_premise", "version") if said is not None else ("profile",)
    info = tenant.result("info")
    if not info.ok:
        yield from tenant.unavailable("info", path, "the PSA version")
        return
    raw = info.value.get("version")
    live = facts.parse_version(raw) if isinstance(raw, str) else None
    if live is None:
        return
    shown = f"{live[0]}.{live[1]}"
    if profile is not None and minimum is not None and live < minimum:
        yield Issue(
            path,
            (
                f"the tenant runs PSA {shown} ({raw}), older than {profile.name}'s minimum "
                f"{minimum[0]}.{minimum[1]}: upgrade ConnectWise PSA before relying on the "
                "integration"
            ),
        )
    if said is not None and said != live:
        yield Issue(
            ("on_premise", "version"),
            (
                f"the tenant runs PSA {shown} ({raw}), the manifest says {said_raw}: set "
                f'on_premise.version: "{shown}"'
            ),
        )
