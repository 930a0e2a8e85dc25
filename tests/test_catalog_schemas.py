"""Every file of rules/connectwise/ has a JSON Schema (schemas/connectwise/) and matches it.

The shipped catalogue is validated here, never at run time; a catalogue read from another folder
is validated when each file is first read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from cwlint.catalog import Catalog, CatalogError, load_catalog
from cwlint.catalog.paths import rules_dir, schemas_dir
from cwlint.catalog.validate import schema_errors, schema_path
from tests.conftest import ROOT

FILES = sorted(p.name for p in (rules_dir() / "connectwise").glob("*.yaml"))
SECTIONS = {
    "api.yaml": "api",
    "connection.yaml": "connection",
    "customize.yaml": "customize",
    "hosted.yaml": "hosted",
    "levels.yaml": "levels",
    "regions.yaml": "regions",
    "security-functions.yaml": "security",
}
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def schema_of(name: str) -> dict:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def test_every_catalogue_file_is_a_section_with_a_schema_and_no_schema_is_orphaned() -> None:
    assert sorted(SECTIONS) == FILES
    schemas = sorted(p.name for p in (schemas_dir() / "connectwise").glob("*.schema.json"))
    assert schemas == sorted(schema_path(name).name for name in FILES)


@pytest.mark.parametrize("name", FILES)
def test_shipped_file_matches_its_schema(name: str) -> None:
    data = yaml.load((rules_dir() / "connectwise" / name).read_bytes(), Loader=LOADER)
    assert schema_errors(data, name) == []


@pytest.mark.parametrize("name", FILES)
def test_schema_has_an_id_and_describes_every_property(name: str) -> None:
    schema = schema_of(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    stem = name.removesuffix(".yaml")
    assert schema["$id"] == f"https://cwlint.dev/schemas/connectwise/{stem}-1.schema.json"
    assert schema["title"].endswith(f"(rules/connectwise/{name})") and schema["description"]
    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key in ("properties", "patternProperties"):
                for prop, sub in (node.get(key) or {}).items():
                    if "description" not in sub and "$ref" not in sub:
                        missing.append(f"{where}.{prop}")
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}[{i}]")

    walk(schema, "$")
    assert all("description" in d for d in schema["$defs"].values())
    assert not missing


# ------------------------------------------------------------------------ what a schema refuses
@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir() / "connectwise", copy / "connectwise")
    return copy


def _edit(rules: Path, name: str, old: str, new: str) -> None:
    path = rules / "connectwise" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


BROKEN = [
    (
        "regions.yaml",
        "    api_host: api-na.myconnectwise.net\n",
        "    api_hots: api-na.myconnectwise.net\n",
        "regions[0]: unknown key 'api_hots' (did you mean 'api_host'?): use one of id, name, "
        "web_host, api_host, documented, source, uncertain, aliases or a <key>_source / <key>_note; "
        "regions[0]: 'api_host' is a required property",
    ),
    (
        "levels.yaml",
        "verbs: [add, edit, delete, inquire]",
        "verbs: add",
        "verbs: 'add' is not of type 'array'",
    ),
    (
        "connection.yaml",
        "  identifier_max_length: 15",
        "  identifier_max_length: fifteen",
        "member.identifier_max_length: 'fifteen' is not of type 'integer'",
    ),
    (
        "connection.yaml",
        "  pattern: '^[A-Za-z0-9]{16}$'",
        "  pattern: '^[A-Za-z0-9{16}$'",
        "api_keys.pattern: '^[A-Za-z0-9{16}$' is not a 'regex'",
    ),
    (
        "hosted.yaml",
        "  description: {max_length: 50,",
        "  description: {max_length: 0,",
        "limits.description.max_length: 0 is less than the minimum of 1",
    ),
    (
        "customize.yaml",
        "    catalogue: true\n",
        "    catalog: true\n",
        "functions[0]: unknown key 'catalog' (did you mean 'catalogue'?): use one of module, "
        "function, customize_identifier, holds, catalogue, examples, source or a "
        "<key>_source / <key>_note; functions[0]: 'catalogue' is a required property",
    ),
    (
        "security-functions.yaml",
        "      - {name: Company Maintenance}",
        "      - {name: Company Maintenance, customisable: true}",
        "modules[0].functions[0]: unknown key 'customisable' (did you mean 'customizable'?): "
        "use one of name, aliases, customizable, customize_identifier, customize_holds, "
        "uncertain, source or a <key>_source / <key>_note",
    ),
    (
        "api.yaml",
        "    path: system/info\n",
        "",
        "reads.info: 'path' is a required property",
    ),
    ("api.yaml", "format: 1", "format: 2", "format: 1 was expected"),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"), BROKEN, ids=[f"{c[0]}-{i}" for i, c in enumerate(BROKEN)]
)
def test_a_catalogue_read_from_another_folder_is_validated(rules_copy, name, old, new, problem):
    _edit(rules_copy, name, old, new)
    with pytest.raises(CatalogError) as caught:
        getattr(Catalog(rules_copy), SECTIONS[name])
    path = rules_copy / "connectwise" / name
    assert str(caught.value) == (
        f"{path} does not match schemas/connectwise/{schema_path(name).name}: {problem}"
    )


def test_a_valid_copy_reads_as_the_shipped_catalogue(rules_copy) -> None:
    copy, shipped = Catalog(rules_copy), load_catalog()
    assert shipped.validate is False and copy.validate is True
    for section in SECTIONS.values():
        assert getattr(copy, section) == getattr(shipped, section), section


def test_only_the_file_read_is_validated(rules_copy) -> None:
    _edit(rules_copy, "hosted.yaml", "format: 1", "format: 2")
    assert Catalog(rules_copy).regions.api_prefix == "api-"


def test_the_shipped_catalogue_costs_no_jsonschema_import() -> None:
    sections = "; ".join(f"c.{s}" for s in SECTIONS.values())
    code = (
        f"import sys, cwlint.catalog as cat; c = cat.load_catalog(); {sections}; "
        "assert 'jsonschema' not in sys.modules, 'jsonschema imported for the shipped catalogue'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ------------------------------------------------------------------------------ the API facts
def test_api_facts_come_from_the_catalogue() -> None:
    api = load_catalog().api
    assert api.api_version == "2025.8" and (api.page_size, api.batch_size) == (1000, 100)
    assert api.reads["info"].path == "system/info" and api.reads["info"].permission is None
    assert api.reads["members"].permission == ("System", "Member Maintenance")
    assert api.ssl_required_message == load_catalog().regions.ssl_required_message
