"""The catalogue: ConnectWise facts and vendor profiles, as data under ``rules/``.

Checks never hard-code a host, a function name or a vendor minimum: they ask this package.
Data is YAML, read with ``yaml.CSafeLoader`` when available; each file is parsed on first use
and only if needed, and nothing heavy is imported (jsonschema only to validate a user's own
profile file, or a catalogue read from a folder other than the shipped one). Every file has a JSON
Schema, ``schemas/connectwise/<file>-1.schema.json``; the test suite validates the shipped data.

API::

    load_catalog() -> Catalog                       # cached; sections load lazily
    catalog.regions / .levels / .security / .customize / .hosted / .connection / .api
    catalog.profile_ids() -> tuple[str, ...]        # built-in profile ids (no YAML parsed)
    load_profile(id_or_path, base_dir=None) -> Profile   # raises ProfileError
    canonical_level("ALL") == "All"; canonical_level("Mine") == "My"; canonical_level("x") is None
    level_rank("My") == 1; is_level_alias("N/A") is True
    resolve_function("Projects", "project ticket") == ("Project", "Project Tickets")
    suggest("Tabel Setup", names) -> "Table Setup" | None
    region_for_host("https://api-eu.myconnectwise.net/...") -> Region(id="eu", ...)
    is_cloud_host("na.myconnectwise.net") is True
    known_screens() -> tuple[str, ...]; hosted_limits()["description"].max_length == 50
    rules_dir() / schemas_dir() -> Path             # the data folders in use (paths.py)

Levels: ``None < My < All`` (the API enum). Aliases (any case): ALL, MY, NONE, ``Mine`` -> My
(the closest API level: MINE meant "only the user's own records", narrower than My), ``N/A``,
``-``, ``""`` and YAML null -> None.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path

from cwlint._record import record
from cwlint.catalog._yaml import DataError, load_yaml, norm_name
from cwlint.catalog.paths import rules_dir, schemas_dir
from cwlint.catalog.profiles import (
    REQUIRED,
    UNCONFIRMED,
    ConnectionField,
    Customize,
    Feature,
    PodExample,
    Profile,
    ProfileError,
    Requirement,
    UncertainIP,
    Variant,
    read_builtin,
    read_user_file,
)
from cwlint.catalog.sections import (
    ApiFacts,
    CatalogError,
    ConnectionFacts,
    CustomizeCatalog,
    CustomizeList,
    FieldLimit,
    Function,
    HostedCatalog,
    Levels,
    Module,
    Privileged,
    Read,
    Region,
    Regions,
    Screen,
    SecurityCatalog,
    host_of,
)
from cwlint.catalog.validate import schema_errors, schema_path

__all__ = [
    "REQUIRED",
    "UNCONFIRMED",
    "ApiFacts",
    "Catalog",
    "CatalogError",
    "ConnectionFacts",
    "ConnectionField",
    "Customize",
    "CustomizeCatalog",
    "CustomizeList",
    "DataError",
    "Feature",
    "FieldLimit",
    "Function",
    "HostedCatalog",
    "Levels",
    "Module",
    "PodExample",
    "Privileged",
    "Profile",
    "ProfileError",
    "Read",
    "Region",
    "Regions",
    "Requirement",
    "Screen",
    "SecurityCatalog",
    "UncertainIP",
    "Variant",
    "canonical_level",
    "host_of",
    "hosted_limits",
    "is_cloud_host",
    "is_level_alias",
    "known_screens",
    "level_rank",
    "load_catalog",
    "load_profile",
    "norm_name",
    "region_for_host",
    "resolve_function",
    "rules_dir",
    "schemas_dir",
    "suggest",
]

PROFILE_SUFFIXES = (".yaml", ".yml")


def suggest(name: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``name`` for a "did you mean ...?", or ``None``.

    Compares case-, space- and dash-insensitively (difflib), and returns the choice's own
    spelling; a choice equal to ``name`` up to case/spacing is returned as is.
    """
    import difflib

    keyed: dict[str, str] = {}
    for choice in choices:
        keyed.setdefault(norm_name(choice), choice)
    key = norm_name(str(name))
    if key in keyed:
        return keyed[key]
    close = difflib.get_close_matches(key, list(keyed), n=1, cutoff=cutoff)
    return keyed[close[0]] if close else None


def _looks_like_path(value: str) -> bool:
    return (
        "/" in value
        or "\\" in value
        or value.startswith(".")
        or value.lower().endswith(PROFILE_SUFFIXES)
    )


@record
class Catalog:
    """ConnectWise facts, one lazily loaded section per file of ``rules/connectwise/``.

    Each file is checked against its schema when first read, unless ``validate`` is off: only
    for the shipped folder (:func:`load_catalog`), which the test suite validates."""

    root: Path  #: the ``rules/`` folder
    validate: bool = True

    def _read(self, name: str) -> object:
        path = self.root / "connectwise" / name
        try:
            data = load_yaml(path)
        except DataError as exc:
            raise CatalogError(exc.message) from None
        if self.validate and (problems := schema_errors(data, name)):
            shown = "; ".join(problems[:5])
            more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
            schema = schema_path(name).name
            raise CatalogError(f"{path} does not match schemas/connectwise/{schema}: {shown}{more}")
        return data

    @cached_property
    def regions(self) -> Regions:
        """Cloud regions and hosts (``regions.yaml``)."""
        return Regions.from_data(self._read("regions.yaml"))

    @cached_property
    def levels(self) -> Levels:
        """Access levels and aliases (``levels.yaml``)."""
        return Levels.from_data(self._read("levels.yaml"))

    @cached_property
    def security(self) -> SecurityCatalog:
        """Modules and functions (``security-functions.yaml``)."""
        return SecurityCatalog.from_data(self._read("security-functions.yaml"))

    @cached_property
    def customize(self) -> CustomizeCatalog:
        """Customizable functions and Table Setup entries (``customize.yaml``)."""
        return CustomizeCatalog.from_data(self._read("customize.yaml"))

    @cached_property
    def hosted(self) -> HostedCatalog:
        """Manage Hosted API types, limits and screens (``hosted.yaml``)."""
        return HostedCatalog.from_data(self._read("hosted.yaml"))

    @cached_property
    def connection(self) -> ConnectionFacts:
        """Codebase, API path, keys, clientId, identifiers (``connection.yaml``)."""
        return ConnectionFacts.from_data(self._read("connection.yaml"))

    @cached_property
    def api(self) -> ApiFacts:
        """The REST reads of ``--live`` and ``pull``, and their paging (``api.yaml``)."""
        return ApiFacts.from_data(self._read("api.yaml"), self.regions.ssl_required_message)

    # -- shortcuts ------------------------------------------------------------------------
    def canonical_level(self, value: object) -> str | None:
        return self.levels.canonical(value)

    def level_rank(self, level: object) -> int:
        return self.levels.rank(level)

    def is_level_alias(self, value: object) -> bool:
        return self.levels.is_alias(value)

    def resolve_function(self, module: str, function: str) -> tuple[str, str] | None:
        return self.security.resolve_function(module, function)

    def region_for_host(self, host_or_url: str) -> Region | None:
        return self.regions.for_host(host_or_url)

    def is_cloud_host(self, host_or_url: str) -> bool:
        return self.regions.is_cloud_host(host_or_url)

    # -- profiles -------------------------------------------------------------------------
    @functools.cache  # noqa: B019 - one Catalog per process (load_catalog), listed once
    def profile_ids(self) -> tuple[str, ...]:
        """Ids of the built-in profiles, sorted (file names; no YAML is parsed)."""
        folder = self.root / "profiles"
        try:
            return tuple(
                sorted(p.stem for p in folder.iterdir() if p.suffix == ".yaml" and p.is_file())
            )
        except OSError:
            return ()

    def profile(
        self, id_or_path: str, base_dir: Path | None = None, search: str | None = None
    ) -> Profile:
        """A built-in profile by id, or a user's profile file (a path, relative to ``base_dir``,
        the manifest's folder). An id is first looked up as ``<search>/<id>.yaml`` (the
        ``profiles-path`` folder of the user's own profiles), so an in-house profile keeps
        working even if a later cwlint ships a built-in of the same id.
        Raises :class:`ProfileError` with a clear message."""
        if not isinstance(id_or_path, str) or not id_or_path.strip():
            raise ProfileError(
                "profile: expected a built-in profile id or a path to a profile file"
            )
        value = id_or_path.strip()
        if search and not _looks_like_path(value):
            for suffix in PROFILE_SUFFIXES:
                candidate = Path(search, value + suffix)
                if candidate.is_file():
                    return _load_user_profile(self, candidate.resolve())
        if _looks_like_path(value):
            try:
                path = Path(value).expanduser()
            except RuntimeError as exc:  # ~user that does not exist
                raise ProfileError(f"profile {value!r}: {exc}") from None
            if not path.is_absolute():
                path = (base_dir if base_dir is not None else Path.cwd()) / path
            return _load_user_profile(self, path)
        if value not in self.profile_ids():
            hint = suggest(value, self.profile_ids())
            did_you_mean = f"; did you mean {hint!r}?" if hint else ""
            raise ProfileError(
                f"unknown profile {value!r}{did_you_mean} (see 'cwlint profiles' for the built-in "
                "ids, or give a path to a profile file)"
            )
        return _load_builtin_profile(self, value)


@functools.cache
def _load_builtin_profile(catalog: Catalog, profile_id: str) -> Profile:
    return read_builtin(
        catalog.root / "profiles" / f"{profile_id}.yaml", catalog.security, catalog.levels
    )


@functools.lru_cache(maxsize=64)
def _load_user_profile(catalog: Catalog, path: Path) -> Profile:
    return read_user_file(path, catalog.security, catalog.levels, schemas_dir())


@functools.cache
def load_catalog() -> Catalog:
    """The catalogue of the shipped ``rules/`` folder, created once per process (not validated at
    run time: tests/test_catalog.py validates every file against its schema)."""
    return Catalog(rules_dir(), validate=False)


def load_profile(id_or_path: str, base_dir: Path | None = None) -> Profile:
    """A built-in profile id or a path to a user's profile file (relative to ``base_dir``)."""
    return load_catalog().profile(id_or_path, base_dir)


def canonical_level(value: object) -> str | None:
    """``None``/``My``/``All`` for a level or alias (case-insensitive), ``None`` if unknown."""
    return load_catalog().levels.canonical(value)


def level_rank(level: object) -> int:
    """0/1/2 for None/My/All (aliases accepted); ``ValueError`` for an unknown level."""
    return load_catalog().levels.rank(level)


def is_level_alias(value: object) -> bool:
    """Whether a level is written as an accepted non-canonical spelling (CW309)."""
    return load_catalog().levels.is_alias(value)


def resolve_function(module: str, function: str) -> tuple[str, str] | None:
    """Canonical ``(module, function)``; aliases, case, spacing and dashes are forgiven."""
    return load_catalog().security.resolve_function(module, function)


def region_for_host(host_or_url: str) -> Region | None:
    """The cloud region of a web or API host (or URL), or ``None``."""
    return load_catalog().regions.for_host(host_or_url)


def is_cloud_host(host_or_url: str) -> bool:
    """Whether the host (or URL's host) is ConnectWise cloud or staging."""
    return load_catalog().regions.is_cloud_host(host_or_url)


def known_screens() -> tuple[str, ...]:
    """Hosted screen names known to the catalogue (best effort; not ConnectWise-published)."""
    return load_catalog().hosted.screen_names()


def hosted_limits() -> Mapping[str, FieldLimit]:
    """Pod field limits by manifest field name (2025.8 OpenAPI)."""
    return load_catalog().hosted.limits
