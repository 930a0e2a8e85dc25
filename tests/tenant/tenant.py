"""The data a fake ConnectWise tenant serves, and a generator for a believable one.

Records are plain dataclasses with Python names; ``Tenant.*_json`` methods render them with
the exact field names of ``shared/connectwise/manage-api-subset.json``.  Mutators
(``set_permission``, ``deactivate_member``, ``disable_hosted_setup``, ``upgrade_codebase`` …)
introduce drift; call them between requests (the server reads the tenant without a lock).
"""

from __future__ import annotations

import operator
import pickle
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from . import catalog

__all__ = [
    "ONESTREAM_API_MEMBER",
    "ONESTREAM_ROLE",
    "ApiMember",
    "CustomizeItem",
    "HostedScreen",
    "HostedSetup",
    "Level",
    "Member",
    "RoleSetting",
    "SecurityRole",
    "Tenant",
    "realistic_tenant",
]

Level = Literal["None", "My", "All"]
LEVELS: tuple[str, ...] = ("None", "My", "All")

#: Canary credentials: distinctive so a test can grep any output for a leak.
CANARY_PUBLIC_KEY = "CanaryPub7Kq2Xw9"
CANARY_PRIVATE_KEY = "CanaryPriv4Zm8Rt"
CANARY_CLIENT_ID = "0e7c8a4d-5b1f-4c2e-9d3a-6f8b1c2d3e4f"

ONESTREAM_ROLE = "1stream Integration"
ONESTREAM_API_MEMBER = "acme1stream"

_STAMP = "2025-03-14T15:09:26Z"


def _info(updated_by: str = "admin1", stamp: str = _STAMP) -> dict[str, Any]:
    return {"lastUpdated": stamp, "updatedBy": updated_by}


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    return level


@dataclass(slots=True)
class SecurityRole:
    id: int
    name: str
    role_type: str = "Standard"
    admin_flag: bool = False
    inactive_flag: bool = False

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "roleType": self.role_type,
            "adminFlag": self.admin_flag,
            "inactiveFlag": self.inactive_flag,
            "_info": _info(),
        }


@dataclass(slots=True)
class RoleSetting:
    id: int
    module: str
    function: str
    add: str = "None"
    edit: str = "None"
    delete: str = "None"
    inquire: str = "None"
    custom_flag: bool = False
    my_all_flag: bool = True
    report_flag: bool = False
    restrict_flag: bool = False
    sort_order: int = 0

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "addLevel": self.add,
            "editLevel": self.edit,
            "deleteLevel": self.delete,
            "inquireLevel": self.inquire,
            "moduleFunctionName": self.function,
            "moduleFunctionDescription": f"{self.module} - {self.function}",
            "myAllFlag": self.my_all_flag,
            "moduleFunctionIdentifier": catalog.identifier_slug(self.function),
            "reportFlag": self.report_flag,
            "restrictFlag": self.restrict_flag,
            "customFlag": self.custom_flag,
            "moduleDescription": self.module,
            "moduleIdentifier": catalog.identifier_slug(self.module),
            "moduleName": self.module,
            "sortOrder": self.sort_order,
            "_info": _info(),
        }


@dataclass(slots=True)
class Member:
    id: int
    identifier: str
    first_name: str
    last_name: str
    role_id: int
    license_class: str = "F"  # F full, A API, C StreamlineIT, X subcontractor
    inactive_flag: bool = False
    title: str | None = None
    email: str | None = None
    hire_date: str = "2019-04-01T00:00:00Z"
    admin_flag: bool = False
    last_login: str | None = "2025-03-10T13:22:05Z"

    def __setattr__(self, name: str, value: Any) -> None:
        _MEMBER_WRITES[0] += 1  # any change to any member: members_json renders again
        object.__setattr__(self, name, value)


_member_fields = operator.attrgetter(*Member.__slots__)
_MEMBER_WRITES = [0]  # assignments to Member fields so far (creations included)


@dataclass(slots=True)
class ApiMember:
    id: int
    identifier: str
    name: str
    role_id: int
    email: str | None = None
    inactive_flag: bool = False
    notes: str | None = None


@dataclass(slots=True)
class HostedScreen:
    id: int
    screen_id: str
    name: str

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "screenId": self.screen_id, "name": self.name}


@dataclass(slots=True)
class HostedSetup:
    id: int
    screen_id: int
    description: str
    url: str
    type: str = "Pod"  # Tab | Pod | ToolbarButton
    origin: str | None = None
    pod_height: int | None = None
    disabled_flag: bool = False
    client_id: str | None = None
    toolbar_button_text: str | None = None
    toolbar_button_tooltip: str | None = None
    toolbar_button_dialog_height: int | None = None
    toolbar_button_dialog_width: int | None = None
    location_ids: list[int] = field(default_factory=list)
    created_by: str = "admin1"
    date_created: str = "2024-06-02T10:11:12Z"

    def to_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "screenId": self.screen_id,
            "description": self.description,
            "url": self.url,
            "type": self.type,
            "clientId": self.client_id,
            "origin": self.origin,
            "podHeight": self.pod_height,
        }
        if self.type == "ToolbarButton":
            out.update(
                toolbarButtonDialogHeight=self.toolbar_button_dialog_height,
                toolbarButtonDialogWidth=self.toolbar_button_dialog_width,
                toolbarButtonText=self.toolbar_button_text,
                toolbarButtonToolTip=self.toolbar_button_tooltip,
            )
        out.update(
            disabledFlag=self.disabled_flag,
            locationIds=list(self.location_ids),
            locationsEnabledFlag=bool(self.location_ids),
            createdBy=self.created_by,
            dateCreated=self.date_created,
            _info=_info(self.created_by),
        )
        return {k: v for k, v in out.items() if v is not None}


@dataclass(slots=True)
class CustomizeItem:
    id: int
    customize_identifier: str
    item_identifier: str

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customizeIdentifier": self.customize_identifier,
            "itemIdentifier": self.item_identifier,
        }


T = TypeVar("T")


def _by_name(items: Iterable[T], attr: str, name: str, what: str) -> T:
    """The item whose ``attr`` equals ``name`` case-insensitively (ConnectWise's matching)."""
    low = name.casefold()
    for item in items:
        if getattr(item, attr).casefold() == low:
            return item
    raise KeyError(f"no {what} {name!r}")


@dataclass
class Tenant:
    """Everything the fake tenant serves.  Field names are Pythonic; ``*_json`` render API."""

    company_id: str = "acme"
    company_name: str = "Acme Managed Services"
    codebase: str = "v2025_1/"
    version: str = "v2025.1.104812"  # /system/info version
    version_number: str = "v4.6.104812"  # companyinfo VersionNumber
    is_cloud: bool = True
    cloud_region: str = "NA"
    server_time_zone: str = "Eastern Standard Time"
    public_key: str = CANARY_PUBLIC_KEY
    private_key: str = CANARY_PRIVATE_KEY
    #: required value of the clientId header; None accepts any non-empty value.
    client_id: str | None = CANARY_CLIENT_ID
    #: identifier of the API member the keys belong to (drives /system/mySecurity).
    key_owner: str = ONESTREAM_API_MEMBER
    roles: list[SecurityRole] = field(default_factory=list)
    role_settings: dict[int, list[RoleSetting]] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    api_members: list[ApiMember] = field(default_factory=list)
    hosted_screens: list[HostedScreen] = field(default_factory=list)
    hosted_setups: list[HostedSetup] = field(default_factory=list)
    #: role id -> customize allow-list entries (only the key owner's are served).
    customize_items: dict[int, list[CustomizeItem]] = field(default_factory=dict)
    license_bits: list[tuple[str, bool]] = field(
        default_factory=lambda: [
            ("CRM", True),
            ("Service", True),
            ("Project", True),
            ("Procurement", True),
            ("Finance", True),
            ("Marketing", False),
        ]
    )
    _next_id: int = field(default=100_000, repr=False)
    _next_setting_id: int = field(default=0, repr=False)
    _member_cache: dict[int, tuple[Member, tuple[Any, ...], dict[str, Any]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: the last members_json() list and what it was made from (no member written since, the
    #: same member objects in the same order, the same role names): served again as it is
    _member_list: tuple[Any, list[dict[str, Any]]] | None = field(
        default=None, repr=False, compare=False
    )

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_member_cache"] = {}
        state["_member_list"] = None
        return state

    def copy(self) -> Tenant:
        """An independent deep copy (faster than regenerating a large tenant)."""
        clone: Tenant = pickle.loads(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return clone

    # ------------------------------------------------------------------ lookups
    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    @property
    def version_code(self) -> str:
        """companyinfo ``VersionCode``: ``v2025_1/`` -> ``v2025.1``."""
        return self.codebase.rstrip("/").replace("_", ".") if self.is_cloud else "v4.6"

    def role(self, name: str) -> SecurityRole:
        low = name.casefold()
        for role in self.roles:
            if role.name.casefold() == low:
                return role
        raise KeyError(f"no security role named {name!r}")

    def role_by_id(self, role_id: int) -> SecurityRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def member(self, identifier: str) -> Member:
        return _by_name(self.members, "identifier", identifier, "member")

    def api_member(self, identifier: str) -> ApiMember:
        return _by_name(self.api_members, "identifier", identifier, "API member")

    def setting(self, role_name: str, module: str, function: str) -> RoleSetting:
        role = self.role(role_name)
        for s in self.role_settings.get(role.id, []):
            if s.module.casefold() == module.casefold() and (
                s.function.casefold() == function.casefold()
            ):
                return s
        raise KeyError(f"role {role_name!r} has no setting {module} > {function}")

    def hosted_setup(self, description: str, screen: str | None = None) -> HostedSetup:
        screen_id = self.screen(screen).id if screen is not None else None
        for h in self.hosted_setups:
            if h.description == description and (screen_id is None or h.screen_id == screen_id):
                return h
        raise KeyError(f"no hosted setup {description!r}")

    def screen(self, name: str) -> HostedScreen:
        return _by_name(self.hosted_screens, "name", name, "hosted screen")

    def key_owner_role(self) -> SecurityRole | None:
        try:
            owner = self.api_member(self.key_owner)
        except KeyError:
            try:
                return self.role_by_id(self.member(self.key_owner).role_id)
            except KeyError:
                return None
        return self.role_by_id(owner.role_id)

    # ------------------------------------------------------------------ drift mutators
    def add_role(self, name: str, *, admin: bool = False, inactive: bool = False) -> SecurityRole:
        """A new role with every function at level None (or All for an admin role)."""
        role = SecurityRole(self.new_id(), name, "Admin" if admin else "Standard", admin, inactive)
        self.roles.append(role)
        level = "All" if admin else "None"
        self.role_settings[role.id] = self._settings(level)
        return role

    def remove_role(self, name: str) -> None:
        role = self.role(name)
        self.roles.remove(role)
        self.role_settings.pop(role.id, None)
        self.customize_items.pop(role.id, None)

    def rename_role(self, old: str, new: str) -> None:
        self.role(old).name = new

    def set_permission(
        self,
        role_name: str,
        module: str,
        function: str,
        *,
        add: str | None = None,
        edit: str | None = None,
        delete: str | None = None,
        inquire: str | None = None,
    ) -> RoleSetting:
        """Change only the levels given ("None" | "My" | "All")."""
        s = self.setting(role_name, module, function)
        if add is not None:
            s.add = _check_level(add)
        if edit is not None:
            s.edit = _check_level(edit)
        if delete is not None:
            s.delete = _check_level(delete)
        if inquire is not None:
            s.inquire = _check_level(inquire)
        return s

    def clear_permission(self, role_name: str, module: str, function: str) -> RoleSetting:
        """Set every level of one function to None (ConnectWise never drops the row)."""
        return self.set_permission(
            role_name, module, function, add="None", edit="None", delete="None", inquire="None"
        )

    def set_customize_items(
        self, role_name: str, customize_identifier: str, items: Iterable[str]
    ) -> None:
        role = self.role(role_name)
        kept = [
            c
            for c in self.customize_items.get(role.id, [])
            if c.customize_identifier != customize_identifier
        ]
        kept.extend(CustomizeItem(self.new_id(), customize_identifier, i) for i in items)
        self.customize_items[role.id] = kept

    def add_member(
        self,
        identifier: str,
        first_name: str,
        last_name: str,
        role_name: str = "Technician",
        *,
        license_class: str = "F",
        inactive: bool = False,
    ) -> Member:
        m = Member(
            self.new_id(),
            identifier,
            first_name,
            last_name,
            self.role(role_name).id,
            license_class,
            inactive,
            email=f"{identifier}@{self.company_id}.example",
        )
        self.members.append(m)
        return m

    def deactivate_member(self, identifier: str) -> None:
        self.member(identifier).inactive_flag = True

    def remove_member(self, identifier: str) -> None:
        self.members.remove(self.member(identifier))

    def set_member_role(self, identifier: str, role_name: str) -> None:
        """Also applies to the API member of that identifier, if any."""
        role = self.role(role_name)
        found = False
        for m in self.members:
            if m.identifier.casefold() == identifier.casefold():
                m.role_id, found = role.id, True
        for a in self.api_members:
            if a.identifier.casefold() == identifier.casefold():
                a.role_id, found = role.id, True
        if not found:
            raise KeyError(f"no member or API member {identifier!r}")

    def deactivate_api_member(self, identifier: str) -> None:
        self.api_member(identifier).inactive_flag = True
        for m in self.members:
            if m.identifier.casefold() == identifier.casefold():
                m.inactive_flag = True

    def remove_api_member(self, identifier: str) -> None:
        self.api_members.remove(self.api_member(identifier))
        self.members = [m for m in self.members if m.identifier.casefold() != identifier.casefold()]

    def add_hosted_setup(
        self,
        description: str,
        screen: str,
        url: str,
        type: str = "Pod",
        *,
        origin: str | None = None,
        pod_height: int | None = None,
        disabled: bool = False,
    ) -> HostedSetup:
        h = HostedSetup(
            self.new_id(),
            self.screen(screen).id,
            description,
            url,
            type,
            origin,
            pod_height,
            disabled,
            client_id=self.client_id,
        )
        self.hosted_setups.append(h)
        return h

    def update_hosted_setup(
        self, description: str, *, screen: str | None = None, **changes: Any
    ) -> HostedSetup:
        """``update_hosted_setup("1stream call pod", url=..., type="Tab", new_screen="Company")``;
        keyword names are HostedSetup attributes, ``new_screen`` takes a screen name."""
        h = self.hosted_setup(description, screen)
        new_screen = changes.pop("new_screen", None)
        if new_screen is not None:
            h.screen_id = self.screen(new_screen).id
        for key, value in changes.items():
            if not hasattr(h, key):
                raise AttributeError(f"HostedSetup has no attribute {key!r}")
            setattr(h, key, value)
        return h

    def disable_hosted_setup(self, description: str, screen: str | None = None) -> None:
        self.hosted_setup(description, screen).disabled_flag = True

    def remove_hosted_setup(self, description: str, screen: str | None = None) -> None:
        self.hosted_setups.remove(self.hosted_setup(description, screen))

    def upgrade_codebase(self, codebase: str, version: str | None = None) -> None:
        """A cloud upgrade: companyinfo and /system/info move on; the old codebase 404s."""
        self.codebase = codebase
        year_n = codebase.strip("/").lstrip("v").replace("_", ".")
        build = self.version.rsplit(".", 1)[-1]
        self.version = version or f"v{year_n}.{build}"

    # ------------------------------------------------------------------ API rendering
    def _role_ref(
        self, role_id: int, roles: dict[int, SecurityRole] | None = None
    ) -> dict[str, Any] | None:
        role = roles.get(role_id) if roles is not None else self.role_by_id(role_id)
        if role is None:
            return None
        return {"id": role.id, "name": role.name, "_info": {}}

    def company_info_json(self, site_url: str | None = None) -> dict[str, Any]:
        return {
            "CompanyName": self.company_name,
            "Codebase": self.codebase if self.is_cloud else "v4_6_release/",
            "VersionCode": self.version_code,
            "VersionNumber": self.version_number,
            "CompanyID": self.company_id,
            "IsCloud": "True" if self.is_cloud else "False",
            "SiteUrl": site_url or "",
        }

    def info_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "isCloud": self.is_cloud,
            "serverTimeZone": self.server_time_zone,
            "licenseBits": [{"name": n, "activeFlag": a} for n, a in self.license_bits],
            "cloudRegion": self.cloud_region if self.is_cloud else None,
            "maxWorkFlowRecordsAllowed": 5000,
        }

    def members_json(self) -> list[dict[str, Any]]:
        """All members rendered; renderings are cached per member while its fields (and its
        role's name) are unchanged, so treat the returned dicts as read-only. The list itself is
        the same object while nothing changed (the server indexes it: see server.py)."""
        stamp = (
            _MEMBER_WRITES[0],
            tuple(map(id, self.members)),
            tuple((r.id, r.name) for r in self.roles),
        )
        if self._member_list is not None and self._member_list[0] == stamp:
            return self._member_list[1]
        roles = {r.id: r for r in self.roles}
        cache = self._member_cache
        out = []
        for m in self.members:
            role = roles.get(m.role_id)
            key = (_member_fields(m), role.name if role is not None else None)
            hit = cache.get(id(m))
            if hit is not None and hit[0] is m and hit[1] == key:
                out.append(hit[2])
                continue
            rendered = self.member_json(m, roles)
            cache[id(m)] = (m, key, rendered)
            out.append(rendered)
        if len(cache) > 2 * len(self.members) + 100:
            live = {id(m) for m in self.members}
            for k in [k for k in cache if k not in live]:
                del cache[k]
        self._member_list = (stamp, out)
        return out

    def api_members_json(self) -> list[dict[str, Any]]:
        roles = {r.id: r for r in self.roles}
        return [self.api_member_json(a, roles) for a in self.api_members]

    def member_json(
        self, m: Member, roles: dict[int, SecurityRole] | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": m.id,
            "identifier": m.identifier,
            "disableOnlineFlag": False,
            "licenseClass": m.license_class,
            "inactiveFlag": m.inactive_flag,
        }
        if m.inactive_flag:
            out["inactiveDate"] = "2024-11-29T00:00:00Z"
        out.update(
            {
                "lastLogin": m.last_login,
                "firstName": m.first_name,
                "lastName": m.last_name,
                "hireDate": m.hire_date,
                "officeEmail": m.email,
                "defaultEmail": "Office",
                "primaryEmail": m.email,
                "officePhone": "555-0100",
                "defaultPhone": "Office",
                "securityRole": self._role_ref(m.role_id, roles),
                "title": m.title,
                "enableMobileFlag": m.license_class == "F",
                "type": {"id": 1, "name": "Employee", "_info": {}},
                "timeZone": {"id": 1, "name": "US Eastern", "_info": {}},
                "adminFlag": m.admin_flag,
                "structureLevel": {"id": 1, "name": "Corporate", "_info": {}},
                "securityLocation": {"id": 2, "name": "Tampa Office", "_info": {}},
                "defaultLocation": {"id": 2, "name": "Tampa Office", "_info": {}},
                "defaultDepartment": {
                    "id": 10,
                    "identifier": "Services",
                    "name": "Professional Services",
                    "_info": {},
                },
                "dailyCapacity": 8.0,
                "includeInUtilizationReportingFlag": m.license_class == "F",
                "_info": _info(),
            }
        )
        return {k: v for k, v in out.items() if v is not None}

    def api_member_json(
        self, a: ApiMember, roles: dict[int, SecurityRole] | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": a.id,
            "identifier": a.identifier,
            "name": a.name,
            "emailAddress": a.email,
            "inactiveFlag": a.inactive_flag,
            "timeZone": {"id": 1, "name": "US Eastern", "_info": {}},
            "securityRole": self._role_ref(a.role_id, roles),
            "structureLevel": {"id": 1, "name": "Corporate", "_info": {}},
            "securityLocation": {"id": 2, "name": "Tampa Office", "_info": {}},
            "defaultLocation": {"id": 2, "name": "Tampa Office", "_info": {}},
            "defaultDepartment": {
                "id": 10,
                "identifier": "Services",
                "name": "Professional Services",
                "_info": {},
            },
            "notes": a.notes,
            "excludedServiceBoardIds": [],
            "blockPriceFlag": False,
            "blockCostFlag": False,
            "_info": _info(),
        }
        if a.inactive_flag:
            out["inactiveDate"] = "2024-11-29T00:00:00Z"
        return {k: v for k, v in out.items() if v is not None}

    def role_settings_json(self, role_id: int) -> list[dict[str, Any]] | None:
        settings = self.role_settings.get(role_id)
        if settings is None or self.role_by_id(role_id) is None:
            return None
        return [s.to_api() for s in settings]

    def my_security_json(self) -> list[dict[str, Any]]:
        role = self.key_owner_role()
        if role is None:
            return []
        owner = next(
            (a for a in self.api_members if a.identifier.casefold() == self.key_owner.casefold()),
            None,
        )
        ref = {
            "id": owner.id if owner else 0,
            "identifier": self.key_owner,
            "name": owner.name if owner else self.key_owner,
            "_info": {},
        }
        out = []
        for s in self.role_settings.get(role.id, []):
            d = s.to_api()
            info = d.pop("_info")
            d["member"] = ref
            d["_info"] = info
            out.append(d)
        return out

    def my_customize_items_json(self) -> list[dict[str, Any]]:
        role = self.key_owner_role()
        if role is None:
            return []
        return [c.to_api() for c in self.customize_items.get(role.id, [])]

    # ------------------------------------------------------------------ construction helpers
    def _settings(self, level: str = "None") -> list[RoleSetting]:
        out = []
        order = 0
        for module, functions in catalog.MODULE_FUNCTIONS.items():
            for function in functions:
                order += 1
                self._next_setting_id += 1
                out.append(
                    RoleSetting(
                        self._next_setting_id,
                        module,
                        function,
                        level,
                        level,
                        level,
                        level,
                        custom_flag=(module, function) in catalog.CUSTOMIZE_IDENTIFIERS,
                        report_flag=function.endswith("Reports"),
                        sort_order=order,
                    )
                )
        return out


# ---------------------------------------------------------------------- the generator
_INTEGRATIONS: tuple[tuple[str, str, str], ...] = (
    # (role name, API member identifier, API member name)
    (ONESTREAM_ROLE, ONESTREAM_API_MEMBER, "1stream Integration"),
    ("Gradient MSP Integration", "acmegradient", "Gradient MSP Sync"),
    ("Rewst Integration", "rewstapi", "Rewst Automation"),
    ("Hudu Integration", "huduapi", "Hudu Documentation"),
    ("ScalePad Integration", "scalepadapi", "ScalePad Lifecycle"),
)

_ROLE_DEPTS = (
    "Service",
    "Projects",
    "Sales",
    "Finance",
    "NOC",
    "SOC",
    "Field",
    "Purchasing",
    "Help Desk",
    "Dispatch",
    "Account Mgmt",
    "Onboarding",
    "Backup",
    "Cloud",
    "Network",
)
_ROLE_LEVELS = (
    "Tier 1",
    "Tier 2",
    "Tier 3",
    "Lead",
    "Manager",
    "Contractor",
    "Intern",
    "Read Only",
    "Restricted",
    "Extended",
    "Night Shift",
    "Weekend",
    "Remote",
    "Onsite",
)

#: Members every realistic tenant has (identifier, first, last, role, license, inactive).
KNOWN_MEMBERS: tuple[tuple[str, str, str, str, str, bool], ...] = (
    ("admin1", "Adam", "Ministrator", "Admin", "F", False),
    ("asmith", "Alice", "Smith", "Technician", "F", False),
    ("bjones", "Brian", "Jones", "Service Manager", "F", False),
    ("cdavis", "Carla", "Davis", "Dispatcher", "F", False),
    ("dmiller", "Daniel", "Miller", "Senior Technician", "F", False),
    ("egarcia", "Elena", "Garcia", "Sales", "F", False),
    ("jdoe", "Jane", "Doe", "Technician", "F", True),  # left the company
    ("tformer", "Tina", "Former", "Help Desk", "F", True),  # left the company
    ("subkwan", "Kim", "Kwan", "Technician", "X", False),  # subcontractor
)


def _grant(tenant: Tenant, role: SecurityRole, table: Iterable[tuple[str, ...]]) -> None:
    for module, function, add, edit, delete, inquire in table:
        tenant.set_permission(
            role.name, module, function, add=add, edit=edit, delete=delete, inquire=inquire
        )


def _member_identifier(first: str, last: str, taken: set[str]) -> str:
    base = (first[0] + "".join(ch for ch in last if ch.isalpha())).lower()[:15]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = str(n)
        candidate = base[: 15 - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def realistic_tenant(
    members: int = 5000,
    roles: int = 200,
    hosted_setups: int = 300,
    *,
    seed: int = 1,
    company_id: str = "acme",
) -> Tenant:
    """A believable MSP tenant.

    - roles: the standard roles (Admin, Technician, …), one role per integration
      (``1stream Integration`` exactly as the 1stream profile requires, with Table Setup
      customize allow-list "Company / Company Status", "Service / Service Board";
      ``Gradient MSP Integration`` likewise), an inactive ``Legacy Integration``, then
      generated department roles up to ``roles``.
    - API members: ``acme1stream`` (role 1stream Integration, owner of the keys),
      ``acmegradient``, ``rewstapi``, ``huduapi``, ``scalepadapi`` and inactive ``oldsyncapi``;
      each also appears in /system/members with licenseClass "A".
    - members: :data:`KNOWN_MEMBERS` (``asmith`` active; ``jdoe``/``tformer`` inactive) plus
      generated ones up to ``members`` in total (identifiers ≤ 15 chars, unique; ids with gaps;
      about 2% inactive).
    - hosted setups: first the SPEC's ``1stream call pod`` on ``Service Ticket``
      (``https://pods.example.com/cw/ticket?id=[cw_id]``, origin ``https://pods.example.com``,
      height 300), then vendor pods/tabs/toolbar buttons up to ``hosted_setups``.
    """
    rng = random.Random(seed)
    t = Tenant(company_id=company_id)
    t._next_id = 0

    # --- roles
    for name in catalog.STANDARD_ROLES:
        t.add_role(name, admin=(name == "Admin"))
    for role_name, _ident, _name in _INTEGRATIONS:
        t.add_role(role_name)
    t.add_role("Legacy Integration", inactive=True)
    extra = [f"{d} {lv}" for lv in _ROLE_LEVELS for d in _ROLE_DEPTS]
    i = 0
    while len(t.roles) < roles and i < len(extra):
        t.add_role(extra[i], inactive=(i % 37 == 36))
        i += 1
    n = 0
    while len(t.roles) < roles:
        n += 1
        t.add_role(f"Custom Role {n:03d}")

    _grant(t, t.role(ONESTREAM_ROLE), catalog.ONESTREAM_PERMISSIONS)
    t.set_customize_items(ONESTREAM_ROLE, "SystemTableSetup", catalog.ONESTREAM_TABLE_SETUP_ALLOW)
    _grant(t, t.role("Gradient MSP Integration"), catalog.GRADIENT_PERMISSIONS)
    t.set_customize_items(
        "Gradient MSP Integration", "SystemTableSetup", catalog.GRADIENT_TABLE_SETUP_ALLOW
    )
    for role in t.roles:
        if role.admin_flag or role.name in (ONESTREAM_ROLE, "Gradient MSP Integration"):
            continue
        r = random.Random(seed * 7919 + role.id)
        read_only = "Read Only" in role.name
        for s in t.role_settings[role.id]:
            s.inquire = r.choices(LEVELS, (2, 1, 3))[0]
            if s.inquire != "None" and not read_only:
                s.add = r.choices(LEVELS, (3, 1, 2))[0]
                s.edit = r.choices(LEVELS, (3, 1, 2))[0]
                s.delete = r.choices(LEVELS, (8, 1, 1))[0]

    # --- members: the known ones, then the API members (ids shared with their
    # /system/members rows), then generated people
    t._next_id = 100
    taken: set[str] = set()
    for ident, first, last, role_name, lic, inactive in KNOWN_MEMBERS:
        m = t.add_member(ident, first, last, role_name, license_class=lic, inactive=inactive)
        m.admin_flag = role_name == "Admin"
        m.title = rng.choice(catalog.TITLES)
        taken.add(ident)
    api_rows: list[tuple[str, str, str, bool]] = [
        (role, ident, name, False) for role, ident, name in _INTEGRATIONS
    ]
    api_rows.append(("Legacy Integration", "oldsyncapi", "Old PSA Sync", True))
    for role_name, ident, name, inactive in api_rows:
        a = ApiMember(
            t.new_id(),
            ident,
            name,
            t.role(role_name).id,
            email=f"{ident}@{company_id}.example",
            inactive_flag=inactive,
            notes=f"API member for {name}",
        )
        t.api_members.append(a)
        first, _, last = name.partition(" ")
        t.members.append(
            Member(
                a.id,
                a.identifier,
                first[:30],
                (last or "API")[:30],
                a.role_id,
                "A",
                a.inactive_flag,
                email=a.email,
                last_login=None,
            )
        )
        taken.add(a.identifier)
    human_roles = [r for r in t.roles if r.role_type != "Admin" and "Integration" not in r.name]
    weights = [
        30 if r.name in ("Technician", "Senior Technician", "Help Desk") else 1 for r in human_roles
    ]
    while len(t.members) < members:
        first = rng.choice(catalog.FIRST_NAMES)
        last = rng.choice(catalog.LAST_NAMES)
        ident = _member_identifier(first, last, taken)
        t._next_id += rng.choice((0, 0, 0, 1, 2, 5))  # deleted members leave gaps
        m = Member(
            t.new_id(),
            ident,
            first,
            last,
            rng.choices(human_roles, weights)[0].id,
            "X" if rng.random() < 0.01 else "F",
            rng.random() < 0.02,
            title=rng.choice(catalog.TITLES),
            email=f"{ident}@{company_id}.example",
        )
        t.members.append(m)
    t.members.sort(key=lambda m: m.id)

    # --- hosted screens and setups
    for idx, name in enumerate(catalog.HOSTED_SCREENS, start=1):
        t.hosted_screens.append(HostedScreen(idx, str(idx), name))
    t._next_id = 0
    onestream_client = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    t.hosted_setups.append(
        HostedSetup(
            t.new_id(),
            t.screen("Service Ticket").id,
            "1stream call pod",
            "https://pods.example.com/cw/ticket?id=[cw_id]",
            "Pod",
            "https://pods.example.com",
            300,
            client_id=onestream_client,
            created_by=ONESTREAM_API_MEMBER,
        )
    )
    seen = {(t.hosted_setups[0].screen_id, t.hosted_setups[0].description)}
    combos = [
        (vendor, screen, kind)
        for kind in ("Pod", "Tab", "ToolbarButton")
        for screen in t.hosted_screens
        for vendor in catalog.POD_VENDORS
    ]
    rng.shuffle(combos)
    vendor_clients = {
        v[0]: str(uuid.UUID(int=rng.getrandbits(128), version=4)) for v in catalog.POD_VENDORS
    }
    for (label, host, stem, path), screen, kind in combos:
        if len(t.hosted_setups) >= hosted_setups:
            break
        desc = f"{stem} {screen.name} {'Button' if kind == 'ToolbarButton' else kind}"[:50]
        if (screen.id, desc) in seen:
            continue
        seen.add((screen.id, desc))
        slug = screen.name.lower().replace(" ", "-")
        h = HostedSetup(
            t.new_id(),
            screen.id,
            desc,
            f"https://{host}{path.format(screen=slug)}",
            kind,
            f"https://{host}",
            rng.choice((200, 250, 300, 400)) if kind == "Pod" else None,
            disabled_flag=rng.random() < 0.05,
            client_id=vendor_clients[label],
            created_by="admin1",
        )
        if kind == "ToolbarButton":
            h.toolbar_button_text = f"Open {stem}"[:50]
            h.toolbar_button_tooltip = f"Open this {screen.name.lower()} in {label}"[:50]
            h.toolbar_button_dialog_height = 600
            h.toolbar_button_dialog_width = 800
        t.hosted_setups.append(h)

    t._next_id = 1_000_000
    return t
