"""A tenant with a realistic integration landscape, for ``cwlint audit`` and ``pull --all``.

``landscape_tenant()`` is a small :func:`realistic_tenant` (60 roles, 300 members) with 20 API
members for a dozen vendors, each role built from the vendor's profile in ``rules/profiles/``
and then bent the way real tenants are:

==================  ==============================  ==========================================
API member          role                            what the audit should find
==================  ==============================  ==========================================
acme1stream         1stream Integration             nothing (exactly the profile)
acmegradient        Gradient MSP Integration        nothing
rewstapi            Rewst Integration               excess (Finance > Invoicing Edit All) and
                                                    a Delete (Service Tickets Delete All)
huduapi             Hudu Integration                nothing
threadapi           Thread Integration              missing (Service Tickets Add None)
autoelevate         AutoElevate Integration         admin-equivalent (Member Maintenance Edit)
passportal          Admin                           admin role, held by an API member
smileback           Survey Integrations             role shared with ``timesanity``
timesanity          Survey Integrations             (shared role)
oldsyncapi          Legacy Integration              inactive API member
zetasync            Zeta Sync Role                  unknown integration
cwlintaudit         cwlint Auditor                  the auditor (profile cwlint-auditor)
liongardapi, crushbankapi, scalepadapi, chatstyleapi, guardzapi, teamgpsapi, strategyapi
                    their vendor's role             nothing, or what their partial profile says
==================  ==============================  ==========================================

Roles ``Old Zapier Integration`` and ``Unused Sync Role`` are used by no member. The keys of
the tenant are the auditor's (``key_owner = "cwlintaudit"``). Hosted setups name their
creator; Rewst's pods are on ``app.rewst.io`` (a pod host of its profile), Zeta's on a host no
profile lists. Reads ``rules/profiles/*.yaml`` with PyYAML (a test dependency already).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .tenant import ApiMember, HostedSetup, Member, Tenant, realistic_tenant

PROFILES = Path(__file__).resolve().parents[2] / "rules" / "profiles"
AUDITOR = "cwlintaudit"
VERBS = ("add", "edit", "delete", "inquire")

#: (identifier, name, role, profile or None) of the API members added to the realistic ones.
INTEGRATIONS: tuple[tuple[str, str, str, str | None], ...] = (
    ("threadapi", "Thread Inbox", "Thread Integration", "thread"),
    ("autoelevate", "CyberFox AutoElevate", "AutoElevate Integration", "cyberfox-autoelevate"),
    ("passportal", "N-able Passportal", "Admin", None),
    ("smileback", "SmileBack Surveys", "Survey Integrations", "smileback"),
    ("timesanity", "TimeSanity", "Survey Integrations", None),
    ("zetasync", "Zeta Sync", "Zeta Sync Role", None),
    (AUDITOR, "cwlint audit", "cwlint Auditor", "cwlint-auditor"),
    ("liongardapi", "Liongard Roar", "Liongard Integration", "liongard"),
    ("crushbankapi", "CrushBank AI", "CrushBank Integration", "crushbank"),
    ("chatstyleapi", "ChatStyle", "ChatStyle Integration", "chatstyle"),
    ("guardzapi", "Guardz", "Guardz Integration", "guardz"),
    ("teamgpsapi", "Team GPS", "Team GPS Integration", "team-gps"),
    ("strategyapi", "Strategy Overview", "Strategy Overview Integration", "strategy-overview"),
    ("lifecycleapi", "Lifecycle Insights", "Lifecycle Insights Integration", "lifecycle-insights"),
)
#: Roles of the realistic tenant rebuilt from a profile (their generated levels are random).
REBUILT = {
    "Rewst Integration": "rewst",
    "Hudu Integration": "hudu",
    "ScalePad Integration": "scalepad-lifecycle-manager",
}
UNUSED_ROLES = ("Old Zapier Integration", "Unused Sync Role")


def profile_rows(profile_id: str) -> list[dict[str, Any]]:
    """The permission rows of a built-in profile (its required levels)."""
    data = yaml.safe_load((PROFILES / f"{profile_id}.yaml").read_text(encoding="utf-8"))
    return [row for row in data.get("permissions") or [] if isinstance(row, dict)]


def grant_profile(tenant: Tenant, role: str, profile_id: str) -> None:
    """Give ``role`` exactly the levels ``profile_id`` lists (every other function None)."""
    for row in profile_rows(profile_id):
        module, function = row["module"], row["function"]
        try:
            tenant.setting(role, module, function)
        except KeyError:  # a function the tenant's catalogue lacks: add the row
            from .tenant import RoleSetting

            tenant._next_setting_id += 1
            tenant.role_settings[tenant.role(role).id].append(
                RoleSetting(tenant._next_setting_id, module, function)
            )
        levels = {verb: str(row.get(verb, "None")) for verb in VERBS}
        tenant.set_permission(role, module, function, **levels)


def landscape_tenant(*, members: int = 300, roles: int = 60, seed: int = 3) -> Tenant:
    """The landscape described in the module docstring (deterministic)."""
    t = realistic_tenant(members=members, roles=roles - 12, hosted_setups=40, seed=seed)
    for role_name, profile_id in REBUILT.items():
        for s in t.role_settings[t.role(role_name).id]:
            s.add = s.edit = s.delete = s.inquire = "None"
        grant_profile(t, role_name, profile_id)
    new_roles = {role for _, _, role, _ in INTEGRATIONS if role != "Admin"}
    for role in sorted(new_roles) + list(UNUSED_ROLES):
        t.add_role(role)
    for _, _, role, profile_id in INTEGRATIONS:
        if profile_id and role != "Admin":
            grant_profile(t, role, profile_id)
    # the test server guards the roles with the function under its other name (see
    # rules/connectwise/security-functions.yaml: 'Security', alias 'Security Roles')
    t.clear_permission("cwlint Auditor", "System", "Security")
    t.set_permission("cwlint Auditor", "System", "Security Roles", inquire="All")
    # Survey Integrations: SmileBack's rows plus what TimeSanity needs
    grant_profile(t, "Survey Integrations", "timesanity")
    grant_profile(t, "Survey Integrations", "smileback")
    # Rewst: more than it needs, and a Delete
    t.set_permission("Rewst Integration", "Finance", "Invoicing", edit="All", inquire="All")
    t.set_permission("Rewst Integration", "Service Desk", "Service Tickets", delete="All")
    # Thread: a level short of its profile
    t.set_permission("Thread Integration", "Service Desk", "Service Tickets", add="None")
    # AutoElevate: may edit members, so may make itself an administrator
    t.set_permission("AutoElevate Integration", "System", "Member Maintenance", edit="All")
    # Zeta: nobody knows what it is; it reads companies and edits tickets
    t.set_permission("Zeta Sync Role", "Companies", "Company Maintenance", inquire="All")
    t.set_permission(
        "Zeta Sync Role", "Service Desk", "Service Tickets", add="All", edit="All", inquire="All"
    )
    t.set_permission("Old Zapier Integration", "Companies", "Contacts", inquire="All")
    for ident, name, role, _ in INTEGRATIONS:
        api = ApiMember(
            t.new_id(),
            ident,
            name,
            t.role(role).id,
            email=f"{ident}@{t.company_id}.example",
            notes=f"API member for {name}",
        )
        t.api_members.append(api)
        first, _, last = name.partition(" ")
        t.members.append(
            Member(api.id, ident, first, last or "API", api.role_id, "A", email=api.email)
        )
    t.key_owner = AUDITOR
    screen = t.screen("Service Ticket").id
    for ident, host, label in (
        ("rewstapi", "app.rewst.io", "Rewst crate"),
        ("zetasync", "sync.zeta.example", "Zeta ticket pod"),
    ):
        t.hosted_setups.append(
            HostedSetup(
                t.new_id(),
                screen,
                label,
                f"https://{host}/cw/ticket?id=[cw_id]",
                "Pod",
                f"https://{host}",
                300,
                created_by=ident,
            )
        )
    return t


__all__ = ["AUDITOR", "INTEGRATIONS", "UNUSED_ROLES", "landscape_tenant"]
