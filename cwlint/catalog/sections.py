"""Typed views of ``rules/connectwise/*.yaml``: one frozen dataclass per file.

Each ``from_data`` builds the view from the parsed YAML and raises :class:`CatalogError` (with
the file and key) if the data is malformed, so a broken data file fails loudly in tests rather
than silently in a check.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from cwlint._record import record
from cwlint.catalog._yaml import DataError, norm_name


class CatalogError(DataError):
    """A file of ``rules/connectwise/`` is missing, unreadable or malformed."""


def _need(data: Any, key: str, where: str) -> Any:
    if not isinstance(data, Mapping) or key not in data:
        raise CatalogError(f"{where}: missing key {key!r}")
    return data[key]


def _strs(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: expected a list of strings")
    return tuple(value)


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


@functools.lru_cache(maxsize=4096)  # the same hosts, asked for by several rules per value
def host_of(value: str) -> str:
    """The lower-case host of a URL or bare host (no port, no trailing dot); ``""`` if none."""
    text = value.strip()
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


# --------------------------------------------------------------------------------- regions.yaml
@record
class Region:
    """One ConnectWise cloud region: its web (UI) host and its ``api-`` host."""

    id: str
    name: str
    web_host: str
    api_host: str
    documented: bool  #: ConnectWise's Developer Guide lists the API host
    source: str = ""
    uncertain: str | None = None
    aliases: tuple[str, ...] = ()  #: other names people give it (suggested, not accepted)


@record
class Regions:
    """Cloud regions, cloud domains, the ``api-`` prefix and the "SSL is required." answer."""

    regions: tuple[Region, ...]
    cloud_domains: tuple[str, ...]
    api_prefix: str
    ssl_required_message: str
    _by_host: Mapping[str, Region] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_data(cls, data: Any, where: str = "regions.yaml") -> Regions:
        regions = []
        for i, r in enumerate(_need(data, "regions", where)):
            w = f"{where}: regions[{i}]"
            regions.append(
                Region(
                    id=_need(r, "id", w),
                    name=r.get("name", r["id"]),
                    web_host=_need(r, "web_host", w).lower(),
                    api_host=_need(r, "api_host", w).lower(),
                    documented=bool(_need(r, "documented", w)),
                    source=r.get("source", ""),
                    uncertain=r.get("uncertain"),
                    aliases=tuple(_strs(r.get("aliases", []), w)),
                )
            )
        by_host: dict[str, Region] = {}
        for region in regions:
            by_host[region.web_host] = region
            by_host[region.api_host] = region
        ssl = _need(data, "ssl_required", where)
        return cls(
            regions=tuple(regions),
            cloud_domains=tuple(
                d.lower() for d in _strs(_need(data, "cloud_domains", where), where)
            ),
            api_prefix=_need(data, "api_prefix", where),
            ssl_required_message=_need(ssl, "message", f"{where}: ssl_required"),
            _by_host=_frozen(by_host),
        )

    def get(self, region_id: str) -> Region | None:
        """The region with this id (``na``, ``eu``, ``au``, ``aus``, ``za``, ``staging``)."""
        return next((r for r in self.regions if r.id == region_id), None)

    def suggest(self, name: str) -> list[str]:
        """The region ids ``name`` may mean: those it is an alias of (``us`` -> ``na``,
        ``australia`` -> ``au``, ``aus``), else the closest id; none if nothing is close."""
        from cwlint.catalog import norm_name, suggest

        key = norm_name(name)
        meant = [r.id for r in self.regions if key in map(norm_name, r.aliases)]
        close = suggest(name, [r.id for r in self.regions])
        return meant or ([close] if close else [])

    def for_host(self, host_or_url: str) -> Region | None:
        """The region whose web or API host this is (a URL is accepted); ``None`` if none."""
        return self._by_host.get(host_of(host_or_url))

    def is_cloud_host(self, host_or_url: str) -> bool:
        """ConnectWise cloud host? (``*.myconnectwise.net``, ``*.connectwisedev.com``)."""
        host = host_of(host_or_url)
        return any(host == d or host.endswith("." + d) for d in self.cloud_domains)

    def is_api_host(self, host_or_url: str) -> bool:
        """Whether the host is a cloud host carrying the ``api-`` prefix."""
        host = host_of(host_or_url)
        return self.is_cloud_host(host) and host.startswith(self.api_prefix)

    def api_host_for(self, host_or_url: str) -> str | None:
        """The ``api-`` host of a cloud web host (known region or not); ``None`` otherwise."""
        host = host_of(host_or_url)
        region = self._by_host.get(host)
        if region is not None:
            return region.api_host
        if self.is_cloud_host(host) and not host.startswith(self.api_prefix):
            return self.api_prefix + host
        return host if self.is_api_host(host) else None


@functools.cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


_TOKEN = re.compile(r"[A-Za-z0-9_<>-]*")


# ---------------------------------------------------------------------------------- levels.yaml
_SEEN_MAX = 10_000  # spellings remembered (a manifest has a handful; a hostile one, any number)


@record
class Levels:
    """Access levels None < My < All and the aliases vendors write for them."""

    order: tuple[str, ...]
    aliases: Mapping[str, str] = field(hash=False)  #: casefolded alias -> canonical level
    default: str
    verbs: tuple[str, ...]
    destructive: tuple[str, ...] = ()  #: verbs that remove records (Delete)
    #: text -> canonical level (or None), as :meth:`canonical` found it: role rules ask for
    #: the same few spellings hundreds of times per manifest
    _seen: dict[str, str | None] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )

    @classmethod
    def from_data(cls, data: Any, where: str = "levels.yaml") -> Levels:
        order = _strs(_need(data, "order", where), where)
        aliases = {str(k).casefold(): v for k, v in (_need(data, "aliases", where) or {}).items()}
        for alias, level in aliases.items():
            if level not in order:
                raise CatalogError(f"{where}: alias {alias!r} maps to unknown level {level!r}")
        default = _need(data, "default", where)
        return cls(
            order=order,
            aliases=_frozen(aliases),
            default=default,
            verbs=_strs(_need(data, "verbs", where), where),
            destructive=_strs(data.get("destructive"), where),
        )

    def canonical(self, value: object) -> str | None:
        """``None``/``My``/``All`` for a level or alias (any case); YAML null gives the default
        level (``None``, a blank cell); ``None`` (Python) for anything unknown."""
        if value is None:
            return self.default
        if not isinstance(value, str):
            return None
        seen = self._seen
        if value in seen:
            return seen[value]
        text = value.strip()
        found = text if text in self.order else self.aliases.get(text.casefold())
        if len(seen) < _SEEN_MAX:
            seen[value] = found
        return found

    def is_alias(self, value: object) -> TypeGuard[str]:
        """True for a recognised spelling that is not the canonical one (``ALL``, ``Mine``, ``N/A``,
        ``-``, ``""``); False for canonical levels, YAML null and unknown values."""
        return isinstance(value, str) and self.canonical(value) not in (None, value)

    def rank(self, level: object) -> int:
        """0 for None, 1 for My, 2 for All (aliases accepted); ``ValueError`` if unknown."""
        canonical = self.canonical(level)
        if canonical is None:
            raise ValueError(f"unknown access level {level!r}; use one of {', '.join(self.order)}")
        return self.order.index(canonical)

    @property
    def none(self) -> str:
        """The lowest level (``None``, no access): what an omitted verb or function grants."""
        return self.order[0]

    def grants(self, level: object) -> bool:
        """Whether a level (or alias) gives any access (is above the lowest level)."""
        canonical = self.canonical(level)
        return canonical is not None and canonical != self.none

    def max(self, *levels: object) -> str:
        """The highest of the given levels (the default if none)."""
        return max(
            (self.canonical(lv) or self.default for lv in levels),
            key=self.rank,
            default=self.default,
        )


# ------------------------------------------------------------------------ security-functions.yaml
@record
class Function:
    """One function of a security module (a row of the role's module table)."""

    module: str
    name: str
    aliases: tuple[str, ...] = ()
    customizable: bool = False
    customize_identifier: str | None = None  #: MySecurityCustomizeItem.customizeIdentifier
    customize_holds: str | None = None
    uncertain: str | None = None
    source: str | None = None


@record
class Module:
    """One security module with its known functions; ``complete`` if the list is believed whole."""

    name: str
    aliases: tuple[str, ...]
    complete: bool
    functions: tuple[Function, ...]
    count_2017: int | None = None
    source: str = ""


@record
class Privileged:
    """A function whose listed verbs make a role an administrator in effect (CW307)."""

    module: str
    function: str
    verbs: tuple[str, ...]
    why: str = ""


@record
class SecurityCatalog:
    """Modules and functions of security roles, with aliases, customizable functions and the
    privileged functions and admin role names CW307 looks for."""

    modules: tuple[Module, ...]
    privileged: tuple[Privileged, ...]
    admin_role_names: tuple[str, ...]
    _modules: Mapping[str, Module] = field(repr=False, compare=False, default_factory=dict)
    _functions: Mapping[tuple[str, str], Function] = field(
        repr=False, compare=False, default_factory=dict
    )

    @classmethod
    def from_data(cls, data: Any, where: str = "security-functions.yaml") -> SecurityCatalog:
        modules: list[Module] = []
        by_module: dict[str, Module] = {}
        by_function: dict[tuple[str, str], Function] = {}
        for i, m in enumerate(_need(data, "modules", where)):
            w = f"{where}: modules[{i}]"
            name = _need(m, "name", w)
            functions = []
            for j, f in enumerate(_need(m, "functions", w)):
                fw = f"{w}.functions[{j}]"
                function = Function(
                    module=name,
                    name=_need(f, "name", fw),
                    aliases=_strs(f.get("aliases"), fw),
                    customizable=bool(f.get("customizable", False)),
                    customize_identifier=f.get("customize_identifier"),
                    customize_holds=f.get("customize_holds"),
                    uncertain=f.get("uncertain"),
                    source=f.get("source"),
                )
                functions.append(function)
                module_key = norm_name(name)
                for spelling in (function.name, *function.aliases):
                    key = (module_key, norm_name(spelling))
                    if key in by_function and by_function[key] is not function:
                        raise CatalogError(f"{fw}: {spelling!r} is already a function of {name}")
                    by_function[key] = function
            module = Module(
                name=name,
                aliases=_strs(m.get("aliases"), w),
                complete=bool(_need(m, "complete", w)),
                functions=tuple(functions),
                count_2017=m.get("count_2017"),
                source=m.get("source", ""),
            )
            modules.append(module)
            for spelling in (module.name, *module.aliases):
                by_module[norm_name(spelling)] = module
        privileged = tuple(
            Privileged(
                module=p["module"],
                function=p["function"],
                verbs=tuple(p["verbs"]),
                why=p.get("why", ""),
            )
            for p in data.get("privileged") or ()
        )
        for p in privileged:
            if (norm_name(p.module), norm_name(p.function)) not in by_function:
                raise CatalogError(
                    f"{where}: privileged {p.module} > {p.function} is not a function"
                )
        return cls(
            modules=tuple(modules),
            privileged=privileged,
            admin_role_names=_strs(data.get("admin_role_names"), where),
            _modules=_frozen(by_module),
            _functions=_frozen(by_function),
        )

    def module(self, name: str) -> Module | None:
        """The module for a name or alias (``Projects`` -> Project), any case."""
        return self._modules.get(norm_name(name)) if isinstance(name, str) else None

    def resolve_module(self, name: str) -> str | None:
        """Canonical module name, or ``None`` if unknown."""
        module = self.module(name)
        return module.name if module else None

    def function(self, module: str, function: str) -> Function | None:
        """The catalogue entry of ``module > function`` (names or aliases), or ``None``."""
        found = self.module(module)
        if found is None or not isinstance(function, str):
            return None
        return self._functions.get((norm_name(found.name), norm_name(function)))

    def resolve_function(self, module: str, function: str) -> tuple[str, str] | None:
        """``(canonical module, canonical function)``, or ``None`` if either is unknown."""
        found = self.function(module, function)
        return (found.module, found.name) if found else None

    def module_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modules)

    def function_names(self, module: str) -> tuple[str, ...]:
        """Canonical function names of a module (name or alias); ``()`` if the module is unknown."""
        found = self.module(module)
        return tuple(f.name for f in found.functions) if found else ()

    def modules_with_function(self, function: str) -> tuple[str, ...]:
        """Modules that have a function of this name or alias (to suggest the right module)."""
        key = norm_name(function)
        return tuple(m.name for m in self.modules if (norm_name(m.name), key) in self._functions)


# ------------------------------------------------------------------------------- customize.yaml
@record
class CustomizeList:
    """The Customize list of one function: what it holds and whether its entries are a
    ConnectWise catalogue (only Table Setup) or tenant data (agreement types, ...)."""

    module: str
    function: str
    identifier: str | None
    holds: str
    catalogue: bool
    examples: tuple[str, ...] = ()


@record
class CustomizeCatalog:
    """Customizable functions and the known Table Setup entries ("Category / Table")."""

    lists: tuple[CustomizeList, ...]
    table_setup: tuple[str, ...]
    separator: str
    _entries: Mapping[str, str] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_data(cls, data: Any, where: str = "customize.yaml") -> CustomizeCatalog:
        lists = []
        for i, f in enumerate(_need(data, "functions", where)):
            w = f"{where}: functions[{i}]"
            lists.append(
                CustomizeList(
                    module=_need(f, "module", w),
                    function=_need(f, "function", w),
                    identifier=f.get("customize_identifier"),
                    holds=_need(f, "holds", w),
                    catalogue=bool(_need(f, "catalogue", w)),
                    examples=_strs(f.get("examples"), w),
                )
            )
        entries: dict[str, str] = {}
        for i, e in enumerate(_need(data, "table_setup", where)):
            entry = _need(e, "entry", f"{where}: table_setup[{i}]")
            entries.setdefault(norm_name(entry), entry)
        return cls(
            lists=tuple(lists),
            table_setup=tuple(entries.values()),
            separator=_need(data, "entry_separator", where),
            _entries=_frozen(entries),
        )

    def list_for(self, module: str, function: str) -> CustomizeList | None:
        """The Customize list of a function (canonical names), or ``None`` if not customizable."""
        key = (norm_name(module), norm_name(function))
        return next(
            (c for c in self.lists if (norm_name(c.module), norm_name(c.function)) == key), None
        )

    def canonical_entry(self, entry: str) -> str | None:
        """The catalogue spelling of a Table Setup entry (``service/ service board`` ->
        ``Service / Service Board``); ``None`` if not a known entry."""
        return self._entries.get(norm_name(entry)) if isinstance(entry, str) else None

    @staticmethod
    def same_entry(a: str, b: str) -> bool:
        """Whether two customize entries are the same up to case, spacing and dashes."""
        return norm_name(a) == norm_name(b)

    @staticmethod
    def allows(allow: Any, disallow: Any, entry: str) -> bool | None:
        """Whether a function's Customize list, as a manifest writes it, lets the role use
        ``entry``. ConnectWise starts every entry in "Allow Access to these", so: neither list
        -> everything allowed; ``allow`` alone -> only its entries; ``disallow`` alone ->
        everything but its entries; both -> as listed, and an entry in neither is not stated
        (``None``). Lists that are not lists count as absent (CW003 reports them)."""
        key = norm_name(entry)
        allowed = isinstance(allow, list)
        refused = isinstance(disallow, list)
        in_allow = allowed and any(isinstance(e, str) and norm_name(e) == key for e in allow)
        in_disallow = refused and any(isinstance(e, str) and norm_name(e) == key for e in disallow)
        if in_disallow:
            return False
        if in_allow or not allowed:
            return True
        return False if not refused else None

    @staticmethod
    def allows_everything(allow: Any, disallow: Any) -> bool:
        """Neither list (or an empty Disallow list alone): ConnectWise's default."""
        return not isinstance(allow, list) and not (isinstance(disallow, list) and disallow)


# ---------------------------------------------------------------------------------- hosted.yaml
@record
class FieldLimit:
    """Length limit of one hosted-setup field (manifest pod field name), 2025.8 OpenAPI."""

    field: str
    max_length: int
    api_field: str
    required_for: tuple[str, ...] = ()  #: pod types that require the field


@record
class Screen:
    """A hosted screen name (Manage Hosted API "Screen"); best effort, see ``name_confirmed``."""

    name: str
    screen_id: str | None
    aliases: tuple[str, ...] = ()
    name_confirmed: bool = False
    note: str | None = None
    source: str | None = None


@record
class HostedCatalog:
    """Manage Hosted API facts: types, field limits, URL placeholders and known screens."""

    types: tuple[str, ...]
    limits: Mapping[str, FieldLimit] = field(hash=False)
    placeholders: Mapping[str, str] = field(hash=False)
    screens: tuple[Screen, ...]
    screens_complete: bool
    origin_wildcard: str
    _screens: Mapping[str, Screen] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_data(cls, data: Any, where: str = "hosted.yaml") -> HostedCatalog:
        limits = {}
        for name, spec in _need(data, "limits", where).items():
            w = f"{where}: limits.{name}"
            limits[name] = FieldLimit(
                field=name,
                max_length=int(_need(spec, "max_length", w)),
                api_field=spec.get("api_field", name),
                required_for=_strs(spec.get("required_for"), w),
            )
        screens = []
        index: dict[str, Screen] = {}
        for i, s in enumerate(_need(data, "screens", where)):
            w = f"{where}: screens[{i}]"
            screen = Screen(
                name=_need(s, "name", w),
                screen_id=s.get("screen_id"),
                aliases=_strs(s.get("aliases"), w),
                name_confirmed=bool(s.get("name_confirmed", False)),
                note=s.get("note"),
                source=s.get("source"),
            )
            screens.append(screen)
        for screen in screens:  # names first, so an alias never shadows another screen's name
            index.setdefault(norm_name(screen.name), screen)
        for screen in screens:
            for alias in screen.aliases:
                index.setdefault(norm_name(alias), screen)
        return cls(
            types=_strs(_need(data, "types", where), where),
            limits=_frozen(limits),
            placeholders=_frozen(_need(data, "placeholders", where)),
            screens=tuple(screens),
            screens_complete=bool(data.get("screens_complete")),
            origin_wildcard=data.get("origin_wildcard", "*"),
            _screens=_frozen(index),
        )

    def screen(self, name: str) -> Screen | None:
        """The known screen for a name, alias or Client-API screen id (any case); ``None``."""
        return self._screens.get(norm_name(name)) if isinstance(name, str) else None

    def screen_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.screens)

    def limit(self, field_name: str) -> int | None:
        """Maximum length of a pod field (``description``, ``url``, ``origin``...), or ``None``."""
        found = self.limits.get(field_name)
        return found.max_length if found else None


# ------------------------------------------------------------------------------------- api.yaml
@record
class Read:
    """One kind of read of ``cwlint check --live`` and ``cwlint pull`` (all GET)."""

    path: str  #: under the REST base; ``{id}`` is replaced
    what: str
    permission: tuple[str, str] | None  #: (module, function) whose Inquire a 403 says is missing


@record
class SettingFields:
    """Field names of a security-role setting (``SecurityRoleSetting``, ``MySecurity``)."""

    module: str
    function: str
    levels: Mapping[str, str] = field(hash=False)  #: verb -> level field (``add`` -> ``addLevel``)


@record
class ApiFacts:
    """The API version asked for, paging, every read by name, and a role setting's fields."""

    api_version: str
    page_size: int
    batch_size: int
    reads: Mapping[str, Read] = field(hash=False)
    ssl_required_message: str  #: from ``regions.yaml``: the answer to a web host used as API
    setting_fields: SettingFields

    @classmethod
    def from_data(cls, data: Any, ssl_required_message: str, where: str = "api.yaml") -> ApiFacts:
        fields = _need(data, "setting_fields", where)
        reads = {}
        for name, row in _need(data, "reads", where).items():
            w = f"{where}: reads.{name}"
            perm = _need(row, "permission", w)
            reads[name] = Read(
                path=_need(row, "path", w),
                what=_need(row, "what", w),
                permission=(perm["module"], perm["function"]) if perm else None,
            )
        return cls(
            api_version=str(_need(data, "api_version", where)),
            page_size=int(_need(data, "page_size", where)),
            batch_size=int(_need(data, "batch_size", where)),
            reads=_frozen(reads),
            ssl_required_message=ssl_required_message,
            setting_fields=SettingFields(
                module=_need(fields, "module", f"{where}: setting_fields"),
                function=_need(fields, "function", f"{where}: setting_fields"),
                levels=_frozen(_need(fields, "levels", f"{where}: setting_fields")),
            ),
        )


# ------------------------------------------------------------------------------ connection.yaml
@record
class ConnectionFacts:
    """Codebase, REST path, key, clientId and identifier rules (patterns are regex strings)."""

    cloud_codebase_pattern: str
    cloud_codebase_example: str  #: ``v2025_1/`` (cwlint init's starter value)
    on_premise_codebase: str
    api_suffix: str  #: ``apis/3.0/``: what follows the codebase in api_url's path
    api_path_template: str
    api_path_pattern: str
    key_pattern: str
    key_length: int
    key_heuristic: bool
    client_id_pattern: str
    company_id_pattern: str
    member_identifier_max: int
    company_record_identifier_max: int
    role_name_max: int
    max_page_size: int
    companyinfo_path: str
    version_pattern: str
    on_premise_codebase_on_cloud: bool  #: ``v4_6_release/`` also works on cloud (devguide)
    placeholder_patterns: tuple[str, ...] = ()  #: an unedited vendor placeholder (CW111)
    starter_company_id: str = ""  #: what `cwlint init` writes for the company id
    starter_host: str = ""  #: ... and for an on-premise server's host

    @classmethod
    def from_data(cls, data: Any, where: str = "connection.yaml") -> ConnectionFacts:
        codebase = _need(data, "codebase", where)
        api_path = _need(data, "api_path", where)
        keys = _need(data, "api_keys", where)
        return cls(
            cloud_codebase_pattern=_need(_need(codebase, "cloud", where), "pattern", where),
            cloud_codebase_example=_need(_need(codebase, "cloud", where), "example", where),
            on_premise_codebase=_need(_need(codebase, "on_premise", where), "value", where),
            api_suffix=_need(api_path, "suffix", where),
            api_path_template=_need(api_path, "template", where),
            api_path_pattern=_need(api_path, "pattern", where),
            key_pattern=_need(keys, "pattern", where),
            key_length=int(_need(keys, "length", where)),
            key_heuristic=bool(_need(keys, "heuristic", where)),
            client_id_pattern=_need(_need(data, "client_id", where), "pattern", where),
            company_id_pattern=_need(_need(data, "company_id", where), "pattern", where),
            member_identifier_max=int(
                _need(_need(data, "member", where), "identifier_max_length", where)
            ),
            company_record_identifier_max=int(
                _need(_need(data, "company_record_identifier", where), "max_length", where)
            ),
            role_name_max=int(_need(_need(data, "security_role", where), "name_max_length", where)),
            max_page_size=int(_need(_need(data, "paging", where), "max_page_size", where)),
            companyinfo_path=_need(_need(data, "companyinfo", where), "path", where),
            version_pattern=_need(_need(data, "version", where), "pattern", where),
            on_premise_codebase_on_cloud=bool(codebase.get("v4_6_release_works_on_cloud")),
            placeholder_patterns=_strs(
                _need(_need(data, "placeholders", where), "patterns", where), where
            ),
            starter_company_id=_need(data["placeholders"]["starter"], "company_id", where),
            starter_host=_need(data["placeholders"]["starter"], "on_premise_host", where),
        )

    def placeholder(self, value: object) -> str | None:
        """The placeholder token ``value`` still holds (``<org_id>``, ``YOUR_TOKEN``, or a
        `cwlint init` starter value as a whole host or id), or ``None``."""
        if not isinstance(value, str):
            return None
        for pattern in _compiled(self.placeholder_patterns):
            found = pattern.search(value)
            if found:
                end = _TOKEN.match(value, found.start())
                return end.group() if end and end.group() else found.group()
        host = host_of(value) if ("://" in value or "." in value) else ""
        for starter in (self.starter_company_id, self.starter_host):
            if starter and (value.strip().casefold() == starter.casefold() or host == starter):
                return starter
        return None

    def is_cloud_codebase(self, value: str) -> bool:
        """``vYYYY_N/`` with its trailing slash."""
        return (
            isinstance(value, str) and re.fullmatch(self.cloud_codebase_pattern, value) is not None
        )

    def is_codebase(self, value: str) -> bool:
        """A cloud codebase or ``v4_6_release/`` (which also works on cloud)."""
        return isinstance(value, str) and (
            value == self.on_premise_codebase or self.is_cloud_codebase(value)
        )

    def is_guid(self, value: str) -> bool:
        return isinstance(value, str) and re.fullmatch(self.client_id_pattern, value) is not None

    def is_key_format(self, value: str) -> bool:
        """16 alphanumerics: a heuristic (``key_heuristic``), so CW203 only warns."""
        return isinstance(value, str) and re.fullmatch(self.key_pattern, value) is not None

    def is_company_id(self, value: str) -> bool:
        """Non-empty, no spaces, not a URL (heuristic character set)."""
        return isinstance(value, str) and re.fullmatch(self.company_id_pattern, value) is not None

    def api_path(self, codebase: str) -> str:
        """The REST base path for a codebase: ``/v2025_1/apis/3.0/``."""
        return self.api_path_template.format(codebase=codebase)

    def parse_version(self, value: str | float) -> tuple[int, int] | None:
        """``(2025, 1)`` from ``"2025.1"``, ``"v2025.1.12345"``; ``None`` if not a version."""
        match = re.match(self.version_pattern, str(value).strip())
        return (int(match.group(1)), int(match.group(2))) if match else None
