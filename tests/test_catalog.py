"""The ConnectWise catalogue (rules/connectwise) and the vendor profiles (rules/profiles)."""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

import cwlint.catalog as catalog
from cwlint.catalog import (
    ProfileError,
    canonical_level,
    is_cloud_host,
    is_level_alias,
    level_rank,
    load_catalog,
    load_profile,
    region_for_host,
    resolve_function,
    suggest,
)
from cwlint.catalog.paths import rules_dir, schemas_dir

ROOT = Path(__file__).resolve().parent.parent
PROFILE_IDS = load_catalog().profile_ids()
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def raw_profile(profile_id: str) -> dict:
    return yaml.load((rules_dir() / "profiles" / f"{profile_id}.yaml").read_bytes(), Loader=LOADER)


@pytest.fixture(scope="module")
def profile_validator():
    from jsonschema import Draft202012Validator

    schema = json.loads((schemas_dir() / "profile-1.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# ------------------------------------------------------------------------------ data location
def test_data_dirs_are_the_repo_folders_in_a_checkout():
    assert rules_dir() == ROOT / "rules"
    assert schemas_dir() == ROOT / "schemas"
    assert (rules_dir() / "connectwise" / "regions.yaml").is_file()


def test_data_dirs_in_a_wheel_layout(tmp_path):
    """A wheel installs rules/ and schemas/ as cwlint/_data/...; paths.py must prefer them."""
    package = tmp_path / "site" / "cwlint"
    (package / "catalog").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "_record.py").write_bytes((ROOT / "cwlint" / "_record.py").read_bytes())
    for source in (ROOT / "cwlint" / "catalog").glob("*.py"):
        (package / "catalog" / source.name).write_bytes(source.read_bytes())
    (package / "_data" / "rules").mkdir(parents=True)
    (package / "_data" / "schemas").mkdir()
    code = "import cwlint.catalog.paths as p; print(p.rules_dir()); print(p.schemas_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    data = package.resolve() / "_data"
    assert out == [str(data / "rules"), str(data / "schemas")]


def test_import_is_light():
    code = (
        "import sys, cwlint.catalog as c; "
        "assert 'jsonschema' not in sys.modules, 'jsonschema imported'; "
        "assert 'yaml' not in sys.modules, 'yaml imported at import time'; "
        "c.load_profile('1stream'); c.load_catalog().hosted; "
        "assert 'jsonschema' not in sys.modules, 'jsonschema imported for a built-in profile'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ------------------------------------------------------------------------------------ schema
def test_profile_schema_has_id_and_describes_every_property():
    schema = json.loads((schemas_dir() / "profile-1.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:cwlint:schema:profile-1"  # an identifier, never fetched
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if "description" not in sub:
                    missing.append(f"{where}.{name}")
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}[{i}]")

    walk(schema, "$")
    assert not missing


# ----------------------------------------------------------------------------------- profiles
def test_at_least_25_profiles_including_the_founding_vendors():
    assert len(PROFILE_IDS) >= 25
    assert {"1stream", "gradient-msp"} <= set(PROFILE_IDS)


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_shipped_profile_validates_and_loads(profile_id, profile_validator):
    data = raw_profile(profile_id)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in profile_validator.iter_errors(data)]
    assert not errors
    assert data["id"] == profile_id
    profile = load_profile(profile_id)
    assert profile.builtin and profile.id == profile_id
    assert any(s.startswith(("https://", "http://")) for s in profile.sources)


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_shipped_profile_uses_canonical_catalogue_names(profile_id):
    cat = load_catalog()
    data = raw_profile(profile_id)
    rows = list(data["permissions"])
    for variant in data.get("variants") or ():
        rows += variant["permissions"]
    for row in rows:
        module, function = row["module"], row["function"]
        assert resolve_function(module, function) == (module, function), (module, function)
        aw = row.get("as_written") or {}
        if "module" in aw:
            assert cat.security.resolve_module(aw["module"]) == module
        if "function" in aw:
            assert resolve_function(module, aw["function"]) == (module, function)
        allow = (row.get("customize") or {}).get("allow") or ()
        if (module, function) == ("System", "Table Setup"):
            for entry in allow:
                assert cat.customize.canonical_entry(entry) == entry, entry


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_vendor_ips_are_complete_addresses(profile_id):
    profile = load_profile(profile_id)
    for value in profile.vendor_ips + profile.legacy_ips:
        ipaddress.ip_network(value, strict=False)  # raises on 3.138.54


def test_gradient_truncated_ip_is_uncertain_not_invented():
    gradient = load_profile("gradient-msp")
    assert gradient.vendor_ips == ("3.23.117.12",)
    assert not any(ip.startswith("3.138.54") for ip in gradient.vendor_ips)
    assert [u.value for u in gradient.uncertain_ips] == ["3.138.54"]
    assert "truncated" in gradient.uncertain_ips[0].reason
    assert gradient.legacy_ips == ("3.19.3.152", "3.19.4.238")
    assert gradient.min_version is None and "latest stable" in gradient.version_note
    assert gradient.certificate == "fully-chained"


def test_gradient_role_as_documented():
    gradient = load_profile("gradient-msp")
    levels = {r.key: tuple(r.levels.values()) for r in gradient.permissions}
    inquire, aei = ("None", "None", "None", "All"), ("All", "All", "None", "All")
    assert levels == {
        ("Companies", "Company Maintenance"): inquire,
        ("Finance", "Agreement Sales"): inquire,
        ("Finance", "Agreements"): aei,
        ("Procurement", "Product Catalog"): inquire,
        ("Procurement", "Products"): inquire,
        ("Service Desk", "Close Service Tickets"): aei,
        ("Service Desk", "Merge Tickets"): aei,
        ("Service Desk", "Service Tickets"): aei,
        ("System", "Table Setup"): ("All", "None", "None", "All"),
    }
    table = gradient.requirement("System", "Table Setup")
    assert table.customize.allow == (
        "Company / Company Status",
        "Company / Company Type",
        "Invoicing / Billing Cycle",
        "Service / Service Board",
    )
    agreements = gradient.requirement("Finance", "Agreements").customize
    assert agreements.choice and not agreements.allow  # 'limit the agreement types you sync'
    assert all(r.tier == "required" for r in gradient.permissions)
    assert "following permissions" in gradient.required_says


def test_1stream_role_as_documented():
    first = load_profile("1stream")
    aei, ai, i = (
        ("All", "All", "None", "All"),
        ("All", "None", "None", "All"),
        ("None",) * 3 + ("All",),
    )
    assert {r.key: tuple(r.levels.values()) for r in first.permissions} == {
        ("Companies", "Company Maintenance"): aei,
        ("Companies", "Contacts"): aei,
        ("Companies", "CRM/Sales Activities"): aei,
        ("Companies", "Manage Attachments"): ai,
        ("Companies", "Notes"): aei,
        ("Finance", "Agreements"): ai,
        ("Finance", "Billing View Time"): i,
        ("Project", "Project Headers"): aei,
        ("Project", "Project Tickets"): aei,
        ("Sales", "Opportunity"): aei,
        ("Service Desk", "Close Service Tickets"): aei,
        ("Service Desk", "Resource Scheduling"): aei,
        ("Service Desk", "Service Tickets"): aei,
        ("System", "Manage Hosted API"): aei,
        ("System", "Member Maintenance"): i,
        ("System", "My Company"): i,
        ("System", "Table Setup"): ai,
        ("Time & Expense", "Time Entry"): aei,
    }
    assert first.requirement("Project", "Project Headers").as_written["module"] == "Projects"
    assert (
        first.requirement("Time & Expense", "Time Entry").as_written["module"] == "Time and Expense"
    )
    fields = {f.vendor_field: f.manifest_field for f in first.connection_fields}
    assert fields["CRM Details Link"] == "connection.site"
    assert fields["Endpoint"] == "connection.api_url"
    assert fields["CRM Company"] == "connection.company_id"
    assert first.is_complete and first.vendor_ips == ()
    # the page's bold (required) / underline (future) marks are lost: every row unconfirmed,
    # except the Inquire levels its 'Why do you need XYZ permission?' section calls essential
    assert {r.tier for r in first.permissions} == {"unconfirmed"}
    essential = {r.key for r in first.permissions if r.required_verbs == ("inquire",)}
    assert essential == {
        ("Companies", "Company Maintenance"),
        ("Companies", "Contacts"),
        ("Companies", "CRM/Sales Activities"),
    }
    assert "bolded are required" in first.unconfirmed_says


def test_partial_profiles_say_so():
    for pid in ("brightgauge", "huntress", "quoter"):
        profile = load_profile(pid)
        assert profile.completeness == "partial" and not profile.is_complete
        assert profile.uncertain


def test_requirement_levels_semantics():
    crushbank = load_profile("crushbank")
    tickets = crushbank.requirement("Service Desk", "Service Tickets")
    assert tickets.level("inquire") == "All" and tickets.level("edit") == "None"
    assert tickets.allowed("edit") == "All" and tickets.allowed("delete") == "None"
    engine = load_profile("manageengine-ec-msp")
    asset = engine.requirement("Companies", "Configurations")
    assert asset.tier == "asset-sync" and asset.tier_of("add") == "asset-sync"
    assert engine.feature("asset-sync").name == "Asset sync"
    rewst = load_profile("rewst")
    assert {"app.rewst.io", "app.eu.rewst.io"} <= set(rewst.pod_hosts)
    required = {r.key for r in rewst.permissions if r.tier == "required"}
    assert required == {("System", "Member Maintenance"), ("Companies", "Company Maintenance")}
    assert "To use them all" in rewst.feature("actions").says


def test_every_feature_row_names_a_feature_with_the_vendors_words():
    for pid in PROFILE_IDS:
        profile = load_profile(pid)
        for row in profile.permissions:
            if row.tier not in ("required", "unconfirmed"):
                feature = profile.feature(row.tier)
                assert feature is not None and feature.says and feature.source, (pid, row.key)
        if any(r.tier == "unconfirmed" for r in profile.permissions):
            assert profile.unconfirmed_says, pid


def test_profile_ids_are_cheap_and_sorted():
    assert list(PROFILE_IDS) == sorted(PROFILE_IDS)


# ---------------------------------------------------------------------- profile errors, paths
def test_unknown_profile_id_suggests():
    with pytest.raises(ProfileError, match=r"unknown profile '1strem'; did you mean '1stream'\?"):
        load_profile("1strem")
    with pytest.raises(ProfileError, match="did you mean 'gradient-msp'"):
        load_profile("gradient")
    with pytest.raises(ProfileError, match="unknown profile 'zzzzzz'") as info:
        load_profile("zzzzzz")
    assert "did you mean" not in str(info.value)


USER_PROFILE = """\
cwlint_profile: 1
id: acme-inhouse
name: ACME in-house sync
completeness: full
sources: [https://wiki.acme.example/cw-sync]
vendor_ips: [203.0.113.7, 2001:db8::/32]
pod_hosts: [pods.acme.example]
min_version: "2024.1"
permissions:
  - {module: Projects, function: project ticket, inquire: All}
  - module: System
    function: Table Setup
    inquire: All
    customize: {allow: [Service / Service Board]}
"""


def test_user_profile_from_a_path_relative_to_the_manifest(tmp_path):
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "acme.yaml").write_text(USER_PROFILE, encoding="utf-8")
    profile = load_profile("profiles/acme.yaml", base_dir=tmp_path)
    assert not profile.builtin and profile.path == tmp_path / "profiles" / "acme.yaml"
    assert profile.id == "acme-inhouse" and profile.min_version_tuple() == (2024, 1)
    req = profile.requirement("Project", "Project Tickets")
    assert req is not None and req.level("inquire") == "All" and req.known
    assert req.as_written == {"module": "Projects", "function": "project ticket"}
    assert profile.requirement("System", "Table Setup").customize.allow == (
        "Service / Service Board",
    )
    # an absolute path works without base_dir
    assert load_profile(str(tmp_path / "profiles" / "acme.yaml")).id == "acme-inhouse"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (USER_PROFILE.replace("inquire: All}", "inquire: ALL}"), "not a valid cwlint profile"),
        (USER_PROFILE.replace("cwlint_profile: 1\n", ""), "cwlint_profile"),
        ("a: [unclosed\n", r"p\.yaml:2:1: YAML syntax"),
        ("- just\n- a list\n", "YAML mapping"),
        ("a: &x [1, 2]\nb: *x\n", "aliases"),
        ("a: " + "[" * 500 + "]" * 500 + "\n", "nesting deeper"),  # under libyaml's own bound
        ("", "empty"),
        ("a: 1\n---\nb: 2\n", "one YAML document"),
        ("a: !!python/object:os.system {}\n", "p.yaml:1:4: custom tag '!!python/object:os.system'"),
        ("a: !!bool maybe\n", r"p\.yaml:1:4: the value is not true or false"),
        ("a: !!int _\n", r"p\.yaml:1:4: the value is not a whole number"),
        ("a: 0x" + "f" * 5000 + "\n", "p.yaml:1:4: a number written with 5,002 characters"),
        (
            USER_PROFILE + "  - {module: Project, function: Project Tickets, add: All}\n",
            "listed twice",
        ),
    ],
)
def test_bad_user_profiles_give_profile_error(tmp_path, text, message):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile(str(path))


def test_missing_and_binary_user_profiles(tmp_path):
    with pytest.raises(ProfileError, match="no such file"):
        load_profile("./nope.yaml", base_dir=tmp_path)
    (tmp_path / "bin.yaml").write_bytes(b"a: \x00garbage")
    with pytest.raises(ProfileError, match="binary file"):
        load_profile("bin.yaml", base_dir=tmp_path)
    (tmp_path / "latin.yaml").write_bytes(b"a: caf\xe9\n")
    with pytest.raises(ProfileError, match="invalid UTF-8"):
        load_profile("latin.yaml", base_dir=tmp_path)
    with pytest.raises(ProfileError, match="is a folder"):
        load_profile(str(tmp_path) + "/")


# ------------------------------------------------------------------------------------- levels
@pytest.mark.parametrize(
    ("value", "canonical", "alias"),
    [
        ("All", "All", False),
        ("ALL", "All", True),
        ("all", "All", True),
        ("My", "My", False),
        ("MY", "My", True),
        ("Mine", "My", True),
        ("MINE", "My", True),
        ("None", "None", False),
        ("NONE", "None", True),
        ("none", "None", True),
        ("N/A", "None", True),
        ("-", "None", True),
        ("", "None", True),
        (None, "None", False),
        ("Everything", None, False),
        (3, None, False),
    ],
)
def test_levels_and_aliases(value, canonical, alias):
    assert canonical_level(value) == canonical
    assert is_level_alias(value) is alias


def test_level_rank_orders_none_my_all():
    assert [level_rank(v) for v in ("None", "My", "All")] == [0, 1, 2]
    assert level_rank("Mine") == 1 and level_rank("n/a") == 0
    with pytest.raises(ValueError, match="unknown access level"):
        level_rank("Sometimes")
    assert load_catalog().levels.max("My", "None", "ALL") == "All"


# -------------------------------------------------------------------------- modules/functions
@pytest.mark.parametrize(
    ("module", "function", "expected"),
    [
        ("Companies", "Company Maintenance", ("Companies", "Company Maintenance")),
        ("companies", "  company   maintenance ", ("Companies", "Company Maintenance")),
        ("Company", "Teams Members", ("Companies", "Team Members")),
        ("Projects", "Project Ticket", ("Project", "Project Tickets")),
        ("Time and Expense", "Time Entries", ("Time & Expense", "Time Entry")),
        ("Time & Expenses", "Time Entry", ("Time & Expense", "Time Entry")),
        (
            "Service Desk",
            "Service Ticket \u2013 Dependencies",
            ("Service Desk", "Service Ticket - Dependencies"),
        ),
        (
            "Service Desk",
            "Service Ticket- Dependencies",
            ("Service Desk", "Service Ticket - Dependencies"),
        ),
        ("Service Desk", "Close Service Ticket", ("Service Desk", "Close Service Tickets")),
        ("Project", "Project Ticket - Dependancies", ("Project", "Project Ticket - Dependencies")),
        ("System", "Setup Tables", ("System", "Table Setup")),
        (
            "Companies",
            "Configuration-display passwords",
            ("Companies", "Configuration - Display Passwords"),
        ),
        ("System", "Tabel Setup", None),
        ("Nowhere", "Table Setup", None),
        ("Companies", "Table Setup", None),
    ],
)
def test_resolve_function(module, function, expected):
    assert resolve_function(module, function) == expected


def test_catalogue_modules_and_completeness():
    security = load_catalog().security
    assert security.module_names() == (
        "Companies",
        "Finance",
        "Marketing",
        "Procurement",
        "Project",
        "Sales",
        "Service Desk",
        "System",
        "Time & Expense",
    )
    assert {m.name for m in security.modules if m.complete} == {"Companies", "Finance", "Marketing"}
    assert len(security.function_names("Companies")) == 15
    assert security.modules_with_function("Table Setup") == ("System",)
    assert security.function("System", "Table Setup").customize_identifier == "SystemTableSetup"
    assert security.function("System", "Manage Hosted API").uncertain
    roles = security.resolve_function("System", "Security Roles")
    assert any((p.module, p.function) == roles and "edit" in p.verbs for p in security.privileged)


def test_suggest():
    names = load_catalog().security.function_names("System")
    assert suggest("Tabel Setup", names) == "Table Setup"
    assert suggest("member maintenence", names) == "Member Maintenance"
    assert suggest("Xylophone", names) is None
    assert suggest("table setup", names) == "Table Setup"


def test_customize_entries():
    customize = load_catalog().customize
    assert customize.canonical_entry("Service/ Service Board") == "Service / Service Board"
    assert customize.canonical_entry("invoicing / tax code") == "Invoicing / Tax Code"
    assert customize.canonical_entry("General / Manage Hosted API") == "General / Manage Hosted API"
    assert customize.canonical_entry("Nope / Nothing") is None
    table = customize.list_for("System", "Table Setup")
    assert table is not None and table.catalogue
    assert not customize.list_for("Finance", "Agreements").catalogue


# ---------------------------------------------------------------------------- regions, hosts
def test_regions_and_hosts():
    regions = load_catalog().regions
    assert [r.id for r in regions.regions] == ["na", "eu", "au", "aus", "za", "staging"]
    assert {r.id for r in regions.regions if not r.documented} == {"aus", "za"}
    assert region_for_host("na.myconnectwise.net").id == "na"
    assert region_for_host("https://API-EU.myconnectwise.net/v2025_1/apis/3.0/").id == "eu"
    assert region_for_host("api-staging.connectwisedev.com:443").id == "staging"
    assert region_for_host("cw.example.com") is None
    assert is_cloud_host("https://na.myconnectwise.net/") and is_cloud_host(
        "api-za.myconnectwise.net"
    )
    assert not is_cloud_host("myconnectwise.net.evil.example")
    assert not is_cloud_host("evilmyconnectwise.net")
    assert regions.api_host_for("https://aus.myconnectwise.net/") == "api-aus.myconnectwise.net"
    assert regions.is_api_host("api-na.myconnectwise.net") and not regions.is_api_host(
        "na.myconnectwise.net"
    )
    assert regions.api_prefix == "api-" and regions.ssl_required_message == "SSL is required."


def test_connection_facts():
    facts = load_catalog().connection
    assert facts.is_cloud_codebase("v2025_1/") and not facts.is_cloud_codebase("v2025_1")
    assert facts.is_codebase("v4_6_release/") and not facts.is_codebase("v4_6_release")
    assert facts.api_path("v2025_1/") == "/v2025_1/apis/3.0/"
    assert facts.is_guid("0f8fad5b-d9cb-469f-a165-70867728950e") and not facts.is_guid("acme")
    assert facts.is_key_format("gNfvfMdPxIAPOIvB") and not facts.is_key_format("short")
    assert facts.key_heuristic
    assert facts.member_identifier_max == 15
    assert facts.is_company_id("acme") and not facts.is_company_id("ACME Corp")
    assert not facts.is_company_id("https://na.myconnectwise.net")
    assert facts.parse_version("v2025.1.12345") == (2025, 1) and facts.parse_version("x") is None


# ------------------------------------------------------------------------------------- hosted
def test_hosted_limits_follow_the_2025_8_spec():
    hosted = load_catalog().hosted
    assert hosted.types == ("Tab", "Pod", "ToolbarButton")
    assert hosted.limit("description") == 50
    assert hosted.limit("url") == 1024
    assert hosted.limit("origin") == 100
    assert hosted.limits["toolbar_button_text"].max_length == 50
    assert hosted.limits["toolbar_button_text"].required_for == ("ToolbarButton",)
    assert set(hosted.placeholders) == {"[cw_id]", "[cw_screen]"}
    assert not hosted.screens_complete


def test_known_screens():
    hosted = load_catalog().hosted
    assert "Service Ticket" in catalog.known_screens()
    assert hosted.screen("service ticket").name == "Service Ticket"
    # one name per screen: Rewst's 'Service Tickets' is the same screen (id Ticket)
    assert hosted.screen("Service Tickets").name == "Service Ticket"
    names = [s.name for s in hosted.screens]
    assert len(names) == len({s.screen_id or s.name for s in hosted.screens}) == len(set(names))
    assert hosted.screen("Ticket").name == "Service Ticket"
    assert hosted.screen("SalesOrder").name == "Sales Order"
    assert hosted.screen("Nowhere") is None
    assert suggest("Service Tiket", catalog.known_screens()) == "Service Ticket"


def test_catalogue_files_carry_sources():
    for path in sorted((rules_dir() / "connectwise").glob("*.yaml")):
        data = yaml.load(path.read_bytes(), Loader=LOADER)
        assert data.get("format") == 1, path.name
        assert data.get("sources"), path.name


def test_catalog_is_loaded_once():
    assert load_catalog() is load_catalog()
    cat = load_catalog()
    assert cat.levels is cat.levels
    assert load_profile("rewst") is load_profile("rewst")


def test_docstring_documents_the_api():
    doc = textwrap.dedent(catalog.__doc__ or "")
    for name in ("load_catalog", "load_profile", "canonical_level", "resolve_function", "suggest"):
        assert name in doc


def test_the_profile_in_docs_profiles_md_is_valid(tmp_path, cwlint):
    """docs/profiles.md's example is a profile cwlint reads, and `cwlint schema --profile`
    prints the schema it is validated against."""
    import re

    text = (Path(__file__).resolve().parent.parent / "docs" / "profiles.md").read_text()
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    (tmp_path / "acme-sync.yaml").write_text(example, encoding="utf-8")
    profile = load_profile(str(tmp_path / "acme-sync.yaml"))
    assert profile.feature("time-entries").name == "Time entries"
    assert profile.requirement("Time & Expense", "Time Entry").tier == "time-entries"
    shown = cwlint("schema", "--profile")
    assert shown.returncode == 0 and json.loads(shown.stdout)["title"].startswith("cwlint vendor")
