"""`cwlint init`: a starter manifest for a vendor profile that `cwlint check` passes as written.

Everything comes from the profile and the catalogue: the profile's permissions exactly (rows only
one of the vendor's features needs are written as comments, with ``features: []``: least
privilege first), the region's web and API
hosts, the codebase and REST path, secrets as ``${VAR}`` references. Placeholders a user must
replace (company id, API member, on-premise host) are valid values, named as placeholders in a
comment. The YAML is written by hand to keep key order and explain each value in a comment.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from cwlint.catalog import (
    REQUIRED,
    UNCONFIRMED,
    Catalog,
    DataError,
    Profile,
    Requirement,
    load_catalog,
)

DEPLOYMENTS = ("cloud", "on-premise")
DEFAULT_REGION = "na"
ENV = {"client_id": "CW_CLIENT_ID", "public_key": "CW_PUBLIC_KEY", "private_key": "CW_PRIVATE_KEY"}


class InitError(DataError):
    """A usage problem: an unknown region, a region with on-premise, an existing output file."""


def starter(
    profile_id: str,
    *,
    deployment: str = "cloud",
    region: str | None = None,
    output: Path | None = None,
    catalog: Catalog | None = None,
    search: str | None = None,
    company_id: str | None = None,
    host: str | None = None,
) -> str:
    """The starter manifest for a built-in profile id or a profile file (a path). ``output``
    is where it will be written (a profile path is written relative to it). ``company_id``
    and ``host`` (on premise) replace the starter placeholders, which CW111 reports until they
    are replaced. Raises :class:`InitError` or :class:`cwlint.catalog.ProfileError` with a
    user-facing message."""
    catalog = catalog or load_catalog()
    company = company_id or catalog.connection.starter_company_id
    if deployment not in DEPLOYMENTS:
        raise InitError(f"unknown deployment {deployment!r}; use one of {', '.join(DEPLOYMENTS)}")
    profile = catalog.profile(profile_id, search=search)  # search: the config's profiles-path
    if deployment == "on-premise" and region is not None:
        raise InitError(
            "--region applies to cloud deployments only (an on-premise server has its own host)"
        )
    lines = _header(profile)
    lines += [
        "cwlint: 1",
        f"name: {_plain(f'{company}-{profile.id}')}",
        f"profile: {_plain(_reference(profile, output))}",
        *_features(profile),
        *_connection(profile, catalog, deployment, region or DEFAULT_REGION, company, host),
        *_role(profile, catalog),
        "# users:                        # product users -> ConnectWise member identifiers",
        "#   - user: alice@example.com",
        "#     member: asmith",
    ]
    if profile.user_mapping:
        lines += _comment(f"{profile.name} user mapping: {profile.user_mapping}")
    if profile.pod_hosts:
        lines += _comment(
            f"pods: {profile.name} serves pods from {', '.join(profile.pod_hosts)} "
            f"(`cwlint profiles {profile.id}`)"
        )
    if deployment == "on-premise":
        lines += _on_premise(profile)
    return "\n".join(lines) + "\n"


def write(text: str, output: Path, force: bool = False) -> None:
    """Write the manifest; an existing file is kept unless ``force``."""
    from cwlint import files

    if os.path.lexists(output) and not force:
        raise InitError(
            f"{files.shown(output)} already exists; use --force to overwrite it, or choose "
            "another file with -o"
        )
    try:
        files.write(output, text)
    except files.FileError as exc:
        raise InitError(str(exc)) from None


# --------------------------------------------------------------------------------- sections
def _header(profile: Profile) -> list[str]:
    lines = [f"# {profile.name} on ConnectWise PSA (Manage): starter manifest from `cwlint init`."]
    lines += [f"# Vendor documentation: {url}" for url in profile.sources[:1]]  # URLs unwrapped
    lines += _comment(
        "Replace the placeholders (company_id, api_member, hosts), export "
        f"{', '.join(ENV.values())}, then run `cwlint check` on this file (and "
        "`cwlint check --live` against the tenant)."
    )
    if not profile.is_complete:
        lines += _comment(
            f"The {profile.id} profile is partial (completeness: "
            f"{profile.completeness}): compare the role with the vendor's page."
        )
    return lines


def _features(profile: Profile) -> list[str]:
    """``features: []``: none of the vendor's optional features (their rows are comments)."""
    if not profile.features:
        return []
    names = "; ".join(f"{f.id} ({f.name})" for f in profile.features)
    return [
        *_comment(
            f"{profile.name} features that need rows of their own: {names}. List the ones you "
            "use and uncomment their rows below; a feature left out needs none of its rows."
        ),
        "features: []",
    ]


def _reference(profile: Profile, output: Path | None) -> str:
    """``profile:`` as the manifest writes it: the id, or the file relative to the manifest."""
    if profile.builtin or profile.path is None:
        return profile.id
    start = output.resolve().parent if output is not None else Path.cwd()
    relative = os.path.relpath(profile.path.resolve(), start)
    return relative if os.sep in relative or "/" in relative else f"./{relative}"


def _connection(
    profile: Profile,
    catalog: Catalog,
    deployment: str,
    region_id: str,
    company: str,
    host: str | None,
) -> list[str]:
    facts = catalog.connection
    starter = company == facts.starter_company_id
    fields = {
        f.manifest_field: f.vendor_field for f in profile.connection_fields if f.manifest_field
    }

    def said(field: str, comment: str = "") -> str:
        vendor = fields.get(f"connection.{field}")
        parts = [f"{profile.name}: {vendor}" if vendor else "", comment]
        text = "; ".join(p for p in parts if p)
        return f"  # {text}" if text else ""

    if deployment == "cloud":
        region = catalog.regions.get(region_id)
        if region is None:
            ids = [r.id for r in catalog.regions.regions]
            meant = " or ".join(repr(r) for r in catalog.regions.suggest(region_id))
            hint = f"did you mean {meant}? " if meant else ""
            raise InitError(f"unknown region {region_id!r}: {hint}choose one of {', '.join(ids)}")
        web, api = region.web_host, region.api_host
        codebase = facts.cloud_codebase_example
        codebase_note = (
            f"as https://{web}{facts.companyinfo_path.format(company_id=company)} returns it"
        )
        api_note = f"uncertain: {region.uncertain}" if region.uncertain else ""
        site_note = region.name
    else:
        web = api = host or facts.starter_host
        codebase = facts.on_premise_codebase
        site_note = "your server" if host else "placeholder: your server"
        codebase_note, api_note = "always on premise", ""
    return [
        "connection:",
        f"  deployment: {deployment}",
        f"  site: https://{web}/{said('site', site_note)}",
        f"  api_url: https://{api}{facts.api_path(codebase)}{said('api_url', api_note)}",
        f"  company_id: {_plain(company)}"
        + said("company_id", "placeholder: your login company id" if starter else ""),
        f"  codebase: {codebase}{said('codebase', codebase_note)}",
        *(f"  {field}: ${{{var}}}{said(field)}" for field, var in ENV.items()),
    ]


def _role(profile: Profile, catalog: Catalog) -> list[str]:
    facts = catalog.connection
    stem = re.sub(r"[^a-z0-9].*", "", profile.id.lower(), flags=re.DOTALL) or "integration"
    identifier = (stem + "api")[: facts.member_identifier_max]
    name = f"{profile.name} API"
    if len(name) > facts.role_name_max:
        name = name[: facts.role_name_max].rstrip()
    lines = [
        "api_member:",
        f"  identifier: {identifier}  # placeholder: System > Members > API Members",
        f"  security_role: {_plain(name)}",
        "security_role:",
        f"  name: {_plain(name)}",
        "  permissions:",
    ]
    for requirement in profile.permissions:
        lines += _permission(requirement, catalog)
    return lines


def _permission(requirement: Requirement, catalog: Catalog) -> list[str]:
    scale = catalog.levels
    levels = [
        f"{verb}: {requirement.level(verb)}"
        for verb in scale.verbs
        if scale.grants(requirement.level(verb))
    ]
    head = [f"module: {_plain(requirement.module)}", f"function: {_plain(requirement.function)}"]
    wanted = requirement.customize
    comments = []
    if requirement.conditional:
        extra = ", ".join(f"{v}: {level}" for v, level in requirement.conditional.items())
        comments.append(f"may need {extra}: {requirement.condition or 'for a feature'}")
    if requirement.tier == UNCONFIRMED:
        comments.append("the vendor's page does not let cwlint tell whether this row is required")
    allow = list(wanted.allow) if wanted is not None and not wanted.choice else []
    if wanted is not None and (wanted.choice or not allow):
        comments.append(
            "customize: "
            + ("allow the entries you use" if wanted.choice else "entries not named")
            + (f" ({wanted.note})" if wanted.note else "")
        )
    elif wanted is not None and wanted.optional:
        comments.append("customize entries recommended by the vendor")
    if allow:
        body = [*head, *levels]
        entry = [
            "    - " + body[0],
            *(f"      {field}" for field in body[1:]),
            "      customize:",
            "        allow:",
            *(f"          - {_plain(item)}" for item in allow),
        ]
    else:
        entry = ["    - {" + ", ".join([*head, *levels]) + "}" + _accepted(requirement, catalog)]
    if requirement.tier not in (REQUIRED, UNCONFIRMED):
        return [
            *_comment(f"only for the {requirement.tier!r} feature (add it to features:):", "    "),
            *("    # " + line[4:] for line in entry),
        ]
    return [*(line for c in comments for line in _comment(c, "    ")), *entry]


def _accepted(requirement: Requirement, catalog: Catalog) -> str:
    """A reasoned ``# cwlint: disable=CW307`` where the vendor itself asks for a level that
    makes the role admin-equivalent (the user accepts it knowingly, or removes the comment)."""
    scale = catalog.levels
    for privileged in catalog.security.privileged:
        if (privileged.module, privileged.function) == requirement.key and any(
            scale.grants(requirement.level(verb)) for verb in privileged.verbs
        ):
            return "  # cwlint: disable=CW307 -- the vendor's documented role asks for it"
    return ""


def _on_premise(profile: Profile) -> list[str]:
    lines = [
        "on_premise:",
        "  certificate: fully-chained  # what you assert; `cwlint check --live` verifies it",
    ]
    if profile.min_version:
        lines.append(
            f'  version: "{profile.min_version}"  # your server\'s PSA version; '
            f"{profile.name} needs at least this"
        )
    else:
        lines.append('  # version: "YYYY.N"  # your server\'s PSA version')
        if profile.version_note:
            lines += _comment(f"{profile.name}: {profile.version_note}", "  ")
    if profile.vendor_ips or profile.uncertain_ips:
        lines.append(
            "  # If the server's firewall restricts access by IP, allow the vendor's addresses:"
        )
        lines.append("  # allowed_ips:")
        lines += [f"  #   - {ip}" for ip in profile.vendor_ips]
        for unusable in profile.uncertain_ips:
            lines += _comment(
                f"{profile.name} also publishes {unusable.value!r}: "
                f"{unusable.reason}; ask the vendor for the complete address",
                "  ",
            )
    return lines


# ------------------------------------------------------------------------------------ YAML
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ()&/.'_-]*")
_RESERVED = re.compile(r"(?i)(null|true|false|yes|no|on|off|~|[-+]?[0-9][0-9_.:eE+-]*)")


def _plain(value: str) -> str:
    """A string as a YAML scalar that reads back as the same string, block or flow context:
    plain when safe, else double-quoted (JSON's escaping is valid YAML)."""
    if _PLAIN_SAFE.fullmatch(value) and not _RESERVED.fullmatch(value) and value == value.strip():
        return value
    import json

    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str = "") -> list[str]:
    """``text`` as YAML comment lines of at most 100 characters."""
    import textwrap

    return textwrap.wrap(
        " ".join(text.split()),
        width=100,
        initial_indent=indent + "# ",
        subsequent_indent=indent + "# ",
        break_on_hyphens=False,
        break_long_words=False,
    )
