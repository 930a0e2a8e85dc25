"""The documentation site: `mkdocs build --strict` passes, every rule has a page generated from
its module at exactly the path its link (`Rule.url`: SARIF helpUri, `cwlint explain`, `rules
--format json`) names, and that link's base comes from one place, `[project.urls] Documentation`.
The build needs the `docs` extra (mkdocs-material), which `.ci/run` installs; without it the
build tests skip, saying so."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from cwlint import rules_doc
from cwlint.registry import all_rules, docs_url
from tests.conftest import ROOT, run_cli

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def _mkdocs_config() -> dict:
    # mkdocs.yml holds no custom tags: a safe load reads it
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed: pip install -e '.[docs]'")
    pytest.importorskip(
        "material", reason="mkdocs-material is not installed: pip install -e '.[docs]'"
    )
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    return out


def test_the_docs_url_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["urls"]["Documentation"]
    # read at run time from the installed distribution's metadata (reinstall after changing it)
    assert docs_url() == declared.rstrip("/") + "/"
    assert _mkdocs_config()["site_url"] == docs_url()
    rule = all_rules()["CW301"]
    assert rule.url == f"{docs_url()}rules/CW301/"


def test_links_use_it_in_explain_rules_json_and_sarif(tmp_path: Path) -> None:
    rule = all_rules()["CW201"]
    explained = run_cli("explain", "CW201")
    assert explained.stdout.rstrip("\n").endswith(f"Docs: {rule.url}")
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {r["id"]: r["url"] for r in listed} == {r.id: r.url for r in all_rules().values()}
    (tmp_path / "m.yaml").write_text("cwlint: 1\n")
    sarif = json.loads(run_cli("check", "--format", "sarif", "m.yaml", cwd=tmp_path).stdout)
    descriptors = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert {d["id"]: d["helpUri"] for d in descriptors} == {
        r.id: r.url for r in all_rules().values()
    }


def test_the_site_builds_strict_with_a_page_at_every_rule_link(site: Path) -> None:
    base = urlsplit(_mkdocs_config()["site_url"]).path
    for rule in all_rules().values():
        assert rule.url is not None
        path = urlsplit(rule.url).path
        assert path.startswith(base), rule.url
        page = site / path[len(base) :] / "index.html"
        assert page.is_file(), f"{rule.url} is not in the built site"
        html = page.read_text(encoding="utf-8")
        assert f"{rule.id} {rule.name}" in html
        assert "Bad" in html and "Good" in html and "Source" in html
    index = (site / "rules" / "index.html").read_text(encoding="utf-8")
    for rule in all_rules().values():
        assert f'href="{rule.id}/"' in index, rule.id


def test_the_written_pages_are_in_the_site(site: Path) -> None:
    for page in ("usage", "configuration", "profiles", "ci"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "index.html").is_file()
    assert not list((ROOT / "docs").glob("rules/*.md")), "rule pages are generated, not committed"
    # the pages load nothing from another host (no web fonts, no CDN): they work offline
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//[^"' >]+\.(js|css|woff2?)""", html), (
            page
        )
        assert "fonts.googleapis" not in html, page


def test_a_rule_page_says_which_flag_fixes_it() -> None:
    rules = all_rules()
    safe, unsafe, none = rules["CW103"], rules["CW301"], rules["CW101"]
    assert (safe.fix, unsafe.fix, none.fix) == ("safe", "unsafe", None)
    page = rules_doc.rule_page(safe)
    assert page.startswith(f"# CW103 codebase-format\n\n**{safe.summary}**\n")
    assert f"```yaml\n{safe.bad}\n```" in page and f"```yaml\n{safe.good}\n```" in page
    assert "## Fix\n\n`cwlint check --fix` fixes" in page
    assert "## Fix\n\n`cwlint check --fix --unsafe-fixes` fixes" in rules_doc.rule_page(unsafe)
    assert "## Fix" not in rules_doc.rule_page(none)


def test_angle_brackets_in_prose_are_text_not_html() -> None:
    rule = all_rules()["CW111"]
    assert "(<org_id>," in rule.summary
    assert f"**{rule.summary.replace('<', '&lt;')}**" in rules_doc.rule_page(rule)
    assert rules_doc._prose("a <b> `c <d>`") == "a &lt;b> `c <d>`"


def test_the_docs_url_is_read_only_when_a_link_is_shown() -> None:
    """Start-up time is a budget: a text check never reads the distribution's metadata."""
    probe = (
        "import sys\n"
        "from cwlint.cli import main\n"
        "sys.argv = ['cwlint', 'check', '-q', 'examples']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.splitlines()[-1] == "False", result.stderr
