"""Vendor profiles: ``rules/profiles/<id>.yaml`` or a user's own file of the same format.

Format: ``schemas/profile-1.schema.json``. A built-in profile is trusted data and is not validated
at run time (the test-suite validates every shipped profile); a user's file is read with bounds
(size, no aliases) and validated against the schema, jsonschema being imported only then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cwlint._record import field_names, record
from cwlint.catalog._yaml import DataError, load_untrusted_yaml, load_yaml

if TYPE_CHECKING:
    from cwlint.catalog.sections import Levels, SecurityCatalog

SCHEMA_FILE = "profile-1.schema.json"
#: A row's tier: the integration fails without it (the default) ...
REQUIRED = "required"
#: ... or the vendor distinguishes required rows from others but its distinction is lost
#: (1stream marks them in bold and underline; the text cwlint was built from kept neither).
UNCONFIRMED = "unconfirmed"
#: Any other tier is the id of one of the profile's ``features``: only that feature needs the row.
_EMPTY: Mapping[str, str] = MappingProxyType({})


class ProfileError(DataError):
    """A profile cannot be used: unknown id (with a "did you mean"), unreadable file, invalid
    YAML or a schema violation. ``str(error)`` / ``error.message`` is the user-facing message.
    ``problems`` holds one ``(line, column, message)`` per schema violation of a user's file
    (line and column 1-based, ``0`` when unknown)."""

    def __init__(self, message: str, problems: tuple[tuple[int, int, str], ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


@record
class Customize:
    """What the vendor says about a function's Customize list.

    ``allow``: entries the integration needs allowed (canonical spelling). ``choice``: which
    entries to allow is the user's choice (Gradient: the agreement types you want synced), so no
    entry is required. ``optional``: the entries are only recommended (a gap is a warning)."""

    allow: tuple[str, ...] = ()
    choice: bool = False
    optional: bool = False
    note: str | None = None


@record
class Feature:
    """A vendor feature that needs rows of its own: a shortfall is a warning, or quiet when the
    manifest's ``features:`` does not list it (an error when it does)."""

    id: str
    name: str
    says: str  #: the vendor's own words that make the rows optional
    source: str | None = None


@record
class Requirement:
    """The minimum levels a vendor lists on one module/function (canonical names and levels).

    - :meth:`level` is the level the vendor lists (the lowest level when omitted);
    - :meth:`tier_of` says whether a verb is ``required``, needed by a feature (its id) or
      ``unconfirmed``;
    - :meth:`allowed` is the highest level that is not excess (``conditional`` levels included).
    """

    module: str
    function: str
    levels: Mapping[str, str] = field(hash=False)  #: verb -> canonical level, every verb
    scale: Levels = field(compare=False, repr=False)
    customize: Customize | None = None
    tier: str = REQUIRED
    required_verbs: tuple[str, ...] = ()  #: verbs required whatever the row's tier
    says: str | None = None  #: the vendor's words for this row's tier
    conditional: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False)
    condition: str | None = None
    note: str | None = None
    uncertain: str | None = None
    raw: str | None = None
    as_written: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False)
    known: bool = True  #: module/function is in the ConnectWise catalogue

    @property
    def key(self) -> tuple[str, str]:
        return (self.module, self.function)

    def level(self, verb: str) -> str:
        if verb not in self.levels:
            raise ValueError(f"unknown verb {verb!r}; use one of {', '.join(self.levels)}")
        return self.levels[verb]

    def tier_of(self, verb: str) -> str:
        """``required``, a feature id or ``unconfirmed``: how much ``verb``'s level matters."""
        return REQUIRED if verb in self.required_verbs else self.tier

    def allowed(self, verb: str) -> str:
        return self.scale.max(self.level(verb), self.conditional.get(verb))


@record
class Variant:
    """Another permission set the vendor documents (older page, least-privilege); informational."""

    id: str
    description: str | None
    source: str | None
    permissions: tuple[Requirement, ...]


@record
class UncertainIP:
    """A published address that is unusable as written (e.g. Gradient's truncated ``3.138.54``)."""

    value: str
    reason: str
    source: str | None = None


@record
class ConnectionField:
    vendor_field: str
    manifest_field: str | None = None
    description: str | None = None
    example: str | None = None


@record
class PodExample:
    description: str | None = None
    screen: str | None = None
    type: str | None = None
    url: str | None = None
    origin: str | None = None
    height: int | None = None


@record
class Profile:
    """What one vendor requires. ``completeness != "full"`` means the permissions are a lower
    bound: gaps may only ever give warnings, and grants beyond it are not reliably "excess"."""

    id: str
    name: str
    sources: tuple[str, ...]
    completeness: str  #: full | near_full | partial
    permissions: tuple[Requirement, ...]
    features: tuple[Feature, ...] = ()
    required_says: str | None = None  #: the vendor's words that make the listed rows required
    required_source: str | None = None
    unconfirmed_says: str | None = None  #: why the tier of ``unconfirmed`` rows is not known
    variants: tuple[Variant, ...] = ()
    vendor_ips: tuple[str, ...] = ()
    uncertain_ips: tuple[UncertainIP, ...] = ()
    legacy_ips: tuple[str, ...] = ()
    vendor_ips_url: str | None = None
    pod_hosts: tuple[str, ...] = ()
    pod_examples: tuple[PodExample, ...] = ()
    min_version: str | None = None
    version_note: str | None = None
    certificate: str | None = None
    connection_fields: tuple[ConnectionField, ...] = ()
    user_mapping: str | None = None
    other_requirements: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    path: Path | None = None  #: the file it was read from
    builtin: bool = False

    @property
    def is_complete(self) -> bool:
        return self.completeness == "full"

    def feature(self, feature_id: str) -> Feature | None:
        return next((f for f in self.features if f.id == feature_id), None)

    def requirement(self, module: str, function: str) -> Requirement | None:
        """The requirement for a canonical ``module > function``, or ``None``."""
        return next((r for r in self.permissions if r.key == (module, function)), None)

    def min_version_tuple(self) -> tuple[int, int] | None:
        if not self.min_version:
            return None
        major, _, minor = self.min_version.partition(".")
        return (int(major), int(minor))


# ------------------------------------------------------------------------------------ parsing
def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value or () if isinstance(v, str))


def _requirement(
    row: Mapping[str, Any],
    security: SecurityCatalog,
    levels: Levels,
    where: str,
    tiers: frozenset[str],
) -> Requirement:
    module, function = row.get("module"), row.get("function")
    if not isinstance(module, str) or not isinstance(function, str):
        raise ProfileError(f"{where}: module and function are required")
    as_written = {k: str(v) for k, v in (row.get("as_written") or {}).items()}
    resolved = security.resolve_function(module, function)
    if resolved is not None:
        if resolved[0] != module:
            as_written.setdefault("module", module)
        if resolved[1] != function:
            as_written.setdefault("function", function)
        module, function = resolved
    found: dict[str, str] = {}
    for verb in levels.verbs:
        value = row.get(verb)
        level = levels.canonical(value)
        if level is None:
            raise ProfileError(
                f"{where}: {verb}: {value!r} is not a level ({', '.join(levels.order)})"
            )
        found[verb] = level
    conditional = {}
    for verb, value in (row.get("conditional") or {}).items():
        level = levels.canonical(value)
        if verb not in levels.verbs or level is None:
            raise ProfileError(f"{where}: conditional.{verb}: {value!r} is not a level")
        conditional[verb] = level
    tier = row.get("tier", REQUIRED)
    if tier not in tiers:
        from cwlint.catalog import suggest

        close = suggest(str(tier), sorted(tiers))
        hint = f"; did you mean {close!r}?" if close else ""
        raise ProfileError(
            f"{where}: tier {tier!r} is neither {REQUIRED!r}, {UNCONFIRMED!r} nor one of the "
            f"profile's features{hint}"
        )
    required_verbs = _strs(row.get("required_verbs"))
    for verb in required_verbs:
        if verb not in levels.verbs:
            raise ProfileError(f"{where}: required_verbs: {verb!r} is not a verb")
    customize = None
    if isinstance(row.get("customize"), Mapping):
        c = row["customize"]
        customize = Customize(
            allow=_strs(c.get("allow")),
            choice=bool(c.get("choice", False)),
            optional=bool(c.get("optional", False)),
            note=_opt_str(c.get("note")),
        )
    return Requirement(
        module=module,
        function=function,
        levels=MappingProxyType(found),
        scale=levels,
        customize=customize,
        tier=tier,
        required_verbs=required_verbs,
        says=_opt_str(row.get("says")),
        conditional=MappingProxyType(conditional),
        condition=_opt_str(row.get("condition")),
        note=_opt_str(row.get("note")),
        uncertain=_opt_str(row.get("uncertain")),
        raw=_opt_str(row.get("raw")),
        as_written=MappingProxyType(as_written),
        known=resolved is not None,
    )


def _permissions(
    rows: Any, security: SecurityCatalog, levels: Levels, where: str, tiers: frozenset[str]
) -> tuple[Requirement, ...]:
    if not isinstance(rows, list):
        raise ProfileError(f"{where}: permissions must be a list")
    result = tuple(
        _requirement(r if isinstance(r, Mapping) else {}, security, levels, f"{where}[{i}]", tiers)
        for i, r in enumerate(rows)
    )
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(result):
        if r.key in seen:
            raise ProfileError(f"{where}[{i}]: {r.module} > {r.function} is listed twice")
        seen.add(r.key)
    return result


def parse_profile(
    data: Any,
    security: SecurityCatalog,
    levels: Levels,
    *,
    origin: str,
    path: Path | None = None,
    builtin: bool = False,
) -> Profile:
    """Build a :class:`Profile` from parsed YAML (already schema-valid for user files)."""
    if not isinstance(data, Mapping):
        raise ProfileError(f"{origin}: a profile is a YAML mapping")
    for key in ("id", "name", "completeness"):
        if not isinstance(data.get(key), str):
            raise ProfileError(f"{origin}: missing or invalid {key!r}")
    features = tuple(
        Feature(
            id=str(f.get("id")),
            name=str(f.get("name", f.get("id"))),
            says=str(f.get("says", "")),
            source=_opt_str(f.get("source")),
        )
        for f in data.get("features") or ()
        if isinstance(f, Mapping)
    )
    tiers = frozenset({REQUIRED, UNCONFIRMED, *(f.id for f in features)})
    required = given if isinstance(given := data.get("required"), Mapping) else {}
    variants = tuple(
        Variant(
            id=str(v.get("id")),
            description=_opt_str(v.get("description")),
            source=_opt_str(v.get("source")),
            permissions=_permissions(
                v.get("permissions"),
                security,
                levels,
                f"{origin}: variants[{i}].permissions",
                tiers,
            ),
        )
        for i, v in enumerate(data.get("variants") or ())
        if isinstance(v, Mapping)
    )
    return Profile(
        id=data["id"],
        name=data["name"],
        sources=_strs(data.get("sources")),
        completeness=data["completeness"],
        permissions=_permissions(
            data.get("permissions"), security, levels, f"{origin}: permissions", tiers
        ),
        features=features,
        required_says=_opt_str(required.get("says")),
        required_source=_opt_str(required.get("source")),
        unconfirmed_says=_opt_str(data.get("unconfirmed")),
        variants=variants,
        vendor_ips=_strs(data.get("vendor_ips")),
        uncertain_ips=tuple(
            UncertainIP(
                value=str(u.get("value")),
                reason=str(u.get("reason", "")),
                source=_opt_str(u.get("source")),
            )
            for u in data.get("uncertain_ips") or ()
            if isinstance(u, Mapping)
        ),
        legacy_ips=_strs(data.get("legacy_ips")),
        vendor_ips_url=_opt_str(data.get("vendor_ips_url")),
        pod_hosts=tuple(h.lower() for h in _strs(data.get("pod_hosts"))),
        pod_examples=tuple(
            PodExample(**{k: p.get(k) for k in field_names(PodExample)})
            for p in data.get("pod_examples") or ()
            if isinstance(p, Mapping)
        ),
        min_version=_opt_str(data.get("min_version")),
        version_note=_opt_str(data.get("version_note")),
        certificate=_opt_str(data.get("certificate")),
        connection_fields=tuple(
            ConnectionField(
                vendor_field=str(c["vendor_field"]),
                manifest_field=_opt_str(c.get("manifest_field")),
                description=_opt_str(c.get("description")),
                example=_opt_str(c.get("example")),
            )
            for c in data.get("connection_fields") or ()
            if isinstance(c, Mapping)
        ),
        user_mapping=_opt_str(data.get("user_mapping")),
        other_requirements=_strs(data.get("other_requirements")),
        notes=_strs(data.get("notes")),
        uncertain=_strs(data.get("uncertain")),
        path=path,
        builtin=builtin,
    )


# --------------------------------------------------------------------------------- validation
def schema_text() -> str:
    """``profile-1.schema.json`` as shipped (``cwlint schema --profile``), ending in a newline."""
    from cwlint.catalog.paths import schemas_dir

    text = (schemas_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    return text if text.endswith("\n") else text + "\n"


Problem = tuple[tuple[Any, ...], bool, str]  #: (path in the file, at the key?, message)


def schema_errors(data: Any, schemas: Path) -> list[Problem]:
    """Violations of ``profile-1.schema.json``, one per problem: an unknown key each (with a
    "did you mean"), a missing key, a wrong type or value. Values from the file are never
    echoed (a misnamed secrets file must not reach CI logs), keys are.

    Imports jsonschema, so it is called only for a user's own profile file (and in tests).
    """
    import json  # only where a schema is checked (not for built-in data)

    from jsonschema import Draft202012Validator

    from cwlint.catalog import suggest

    schema = json.loads((schemas / SCHEMA_FILE).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    found: list[Problem] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        where = _where(path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = list(error.schema.get("properties", {}))
            for key in error.instance:
                if key in known:
                    continue
                close = suggest(str(key), known)
                hint = f"did you mean {close!r}?" if close else f"the keys are {', '.join(known)}"
                found.append(
                    ((*path, key), True, f"{_where((*path, key))}: unknown key {key!r}; {hint}")
                )
            continue
        if error.validator == "enum" and isinstance(error.instance, str):
            choices = [str(c) for c in error.validator_value]
            close = suggest(error.instance, choices)
            hint = f"; did you mean {close!r}?" if close else ""
            found.append((path, False, f"{where}: expected one of {', '.join(choices)}{hint}"))
            continue
        problem = (path, False, f"{where}: {_expected(error)}")
        if problem not in found:  # `required` yields one error per missing key, alike here
            found.append(problem)
    return found


def _where(path: tuple[Any, ...]) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return text.lstrip(".") or "(top level)"


def _expected(error: Any) -> str:
    """What the schema wanted at the place, in words that hold no value from the file."""
    arg = error.validator_value
    if error.validator == "type":
        return f"expected {arg if isinstance(arg, str) else ' or '.join(arg)}"
    if error.validator == "required":
        missing = [k for k in arg if isinstance(error.instance, dict) and k not in error.instance]
        return f"missing {', '.join(map(repr, missing))}"
    if error.validator == "const":
        return f"expected {arg!r}"
    return f"breaks the schema's {error.validator!r} rule (see `cwlint schema --profile`)"


def _positions(path: Path, problems: list[Problem]) -> tuple[tuple[int, int, str], ...]:
    """``(line, column, message)`` of each problem in the file (1-based; 0 when unknown)."""
    import yaml

    from cwlint.catalog._yaml import _loader

    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        root = None
    out = []
    for where, at_key, message in problems:
        node, mark = root, None
        for part in where:
            mark = None
            if isinstance(node, yaml.MappingNode):
                pair = next((kv for kv in node.value if kv[0].value == part), None)
                if pair is None:
                    node = None
                    break
                mark = pair[0].start_mark if at_key and part == where[-1] else None
                node = pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if part < len(node.value) else None
            else:
                node = None
                break
        if mark is None and node is not None:
            mark = node.start_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        out.append((line, col, message))
    return tuple(out)


def read_builtin(path: Path, security: SecurityCatalog, levels: Levels) -> Profile:
    try:
        data = load_yaml(path)
    except DataError as exc:
        raise ProfileError(exc.message) from None
    return parse_profile(
        data, security, levels, origin=f"profile {path.stem}", path=path, builtin=True
    )


def read_user_file(path: Path, security: SecurityCatalog, levels: Levels, schemas: Path) -> Profile:
    try:
        data = load_untrusted_yaml(path)
    except DataError as exc:
        raise ProfileError(exc.message) from None
    if not isinstance(data, Mapping):
        raise ProfileError(f"{path}: a profile file is a YAML mapping (see profile-1.schema.json)")
    problems = schema_errors(data, schemas)
    if problems:
        placed = _positions(path, problems)
        first = placed[0]
        more = f" (and {len(placed) - 1} more)" if len(placed) > 1 else ""
        raise ProfileError(
            f"{path}:{first[0]}:{first[1]}: not a valid cwlint profile: {first[2]}{more}",
            problems=placed,
        )
    return parse_profile(data, security, levels, origin=str(path), path=path)
