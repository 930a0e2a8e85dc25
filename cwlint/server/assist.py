"""Completion items and hover text from the catalogue, the manifest schema and the rules."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types

from cwlint.catalog import Catalog, ProfileError, load_catalog
from cwlint.findings import Finding, Pointer
from cwlint.server.locate import Place, uncomment, unquote
from cwlint.server.positions import Text


@functools.cache
def schema() -> dict[str, Any]:
    from cwlint.manifest.schema import schema_text

    return dict(json.loads(schema_text()))


def subschema(path: Pointer) -> dict[str, Any] | None:
    """The schema of the value at ``path`` (``$ref`` followed), or ``None``."""
    root = schema()
    node: Any = root
    for step in path:
        node = _deref(root, node)
        node = node.get("items") if isinstance(step, int) else node.get("properties", {}).get(step)
        if not isinstance(node, dict):
            return None
    return dict(_deref(root, node))


def _deref(root: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"].removeprefix("#/")
        node = root
        for part in ref.split("/"):
            node = node.get(part, {})
    return node


def profile_ids(catalog: Catalog, profiles_path: str | None) -> list[str]:
    """The built-in profile ids and those of the ``profiles-path`` folder."""
    ids = set(catalog.profile_ids())
    if profiles_path:
        with contextlib.suppress(OSError):
            ids |= {p.stem for p in Path(profiles_path).iterdir() if p.suffix in (".yaml", ".yml")}
    return sorted(ids)


def _in_permission(place: Place) -> bool:
    return place.path[:2] == ("security_role", "permissions") and len(place.path) == 4


def value_choices(
    place: Place, manifest: str | None, profiles_path: str | None, base: Path | None
) -> list[tuple[str, str]]:
    """``(value, detail)`` pairs for the value at ``place``."""
    catalog = load_catalog()
    key, path = place.key, place.path
    if _in_permission(place) and key == "module":
        return [(m.name, "module") for m in catalog.security.modules]
    if _in_permission(place) and key == "function":
        module = catalog.security.resolve_module(place.siblings.get("module", ""))
        return (
            [(f, f"function of {module}") for f in catalog.security.function_names(module)]
            if module
            else []
        )
    if _in_permission(place) and key in catalog.levels.verbs:
        return [(level, f"{key} level") for level in catalog.levels.order]
    if len(path) >= 3 and path[-3] == "customize" and isinstance(path[-1], int):
        return _customize(catalog, place.owner)
    if path == ("profile",):
        return [(p, "vendor profile") for p in profile_ids(catalog, profiles_path)]
    if len(path) == 2 and path[0] == "features":
        return _features(catalog, manifest, base, profiles_path)
    if len(path) == 3 and path[0] == "pods" and key == "screen":
        return [(s, "hosted screen") for s in catalog.hosted.screen_names()]
    if len(path) == 3 and path[0] == "pods" and key == "type":
        return [(t, "hosted API type") for t in catalog.hosted.types]
    if path == ("connection", "site"):
        return [(f"https://{r.web_host}/", r.name) for r in catalog.regions.regions]
    if path == ("connection", "api_url"):
        facts = catalog.connection
        codebase = place.siblings.get("codebase", "")
        if not facts.is_codebase(codebase):
            codebase = facts.cloud_codebase_example
        return [
            (f"https://{r.api_host}/{codebase}{facts.api_suffix}", r.name)
            for r in catalog.regions.regions
        ]
    node = subschema(path)
    if node is not None and isinstance(node.get("enum"), list):
        return [(str(v), "") for v in node["enum"]]
    return []


def _customize(catalog: Catalog, owner: dict[str, str]) -> list[tuple[str, str]]:
    resolved = catalog.resolve_function(owner.get("module", ""), owner.get("function", ""))
    if resolved is None:
        return []
    listed = catalog.customize.list_for(*resolved)
    if listed is None:
        return []
    entries = catalog.customize.table_setup if listed.catalogue else listed.examples
    return [(e, f"{resolved[1]}: {listed.holds}") for e in entries]


def _features(
    catalog: Catalog, manifest: str | None, base: Path | None, profiles_path: str | None
) -> list[tuple[str, str]]:
    if not manifest:
        return []
    try:
        profile = catalog.profile(manifest, base, profiles_path)
    except ProfileError:
        return []
    return [(f.id, f.name) for f in profile.features]


def key_choices(place: Place) -> list[tuple[str, str]]:
    """Keys the schema allows in the mapping at ``place`` and not yet written there."""
    node = subschema(place.path[:-1])
    if node is None:
        return []
    taken = set(place.siblings)
    return [
        (name, str(sub.get("description", "")))
        for name, sub in node.get("properties", {}).items()
        if name not in taken
    ]


def completions(
    text: Text, place: Place, manifest: str | None, profiles_path: str | None, base: Path | None
) -> list[types.CompletionItem]:
    edit_range = types.Range(text.position(place.start), text.position(place.end))
    if place.on_key:
        return [
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                detail=detail[:80] or None,
                text_edit=types.TextEdit(edit_range, f"{name}: "),
            )
            for name, detail in key_choices(place)
        ]
    return [
        types.CompletionItem(
            label=value,
            kind=types.CompletionItemKind.Value,
            detail=detail or None,
            text_edit=types.TextEdit(edit_range, value),
            sort_text=f"{i:04d}",
        )
        for i, (value, detail) in enumerate(value_choices(place, manifest, profiles_path, base))
    ]


def manifest_profile(text: str) -> str | None:
    """The ``profile:`` a manifest names (a top-level line; read while the YAML is broken)."""
    m = re.search(r"^profile[ \t]*:[ \t]*(.+)$", text, re.MULTILINE)
    return unquote(uncomment(m[1])) or None if m else None


def hover_text(
    place: Place | None,
    findings: Iterable[Finding],
    profile: str | None,
    profiles_path: str | None,
    base: Path | None,
) -> str:
    """Markdown: the rules of the findings under the cursor, the key's schema description,
    and for ``profile:`` the vendor and its sources."""
    from cwlint.registry import all_rules

    parts = []
    rules = all_rules()
    for rule_id in dict.fromkeys(f.rule for f in findings):
        rule = rules[rule_id]
        link = f" ([docs]({rule.url}))" if rule.url else ""
        parts.append(f"**{rule.id} {rule.name}**{link}: {rule.summary}\n\n{rule.rationale}")
    if place is not None and place.path:
        # a key, or the value of one; in a list item, the list's
        path = place.path if isinstance(place.path[-1], str) else place.path[:-1]
        node = subschema(path) if path else None
        if node is not None and node.get("description"):
            parts.append(f"`{path[-1]}`: {node['description']}")
        if place.path == ("profile",) and profile:
            parts.append(_profile_text(profile, profiles_path, base))
    return "\n\n---\n\n".join(p for p in parts if p)


def _profile_text(name: str, profiles_path: str | None, base: Path | None) -> str:
    try:
        profile = load_catalog().profile(name, base, profiles_path)
    except ProfileError as exc:
        return str(exc)
    where = "built-in profile" if profile.builtin else f"profile file {profile.path}"
    sources = "\n".join(f"- {s}" for s in profile.sources)
    return f"**{profile.name}** (`{profile.id}`, {where}, {profile.completeness})\n\nSources:\n{sources}"
