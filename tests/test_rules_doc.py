"""Rule metadata has one renderer, cwlint.rules_doc: `rules`, `explain`, SARIF and the README."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cwlint.cli import cli
from cwlint.registry import all_rules, docs_url
from cwlint.report.sarif import rule_descriptor
from cwlint.rules_doc import FORMATS, as_dict, explain, help_markdown, listing, markdown_table

RULES = list(all_rules().values())


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_rules_command_prints_the_listing(fmt: str) -> None:
    assert invoke("rules", "--format", fmt) == listing(fmt)


def test_listing_formats() -> None:
    text = listing("text").splitlines()
    assert len(text) == len(RULES)
    assert text[1] == (
        "CW002  error    duplicate-key          A mapping repeats a key (YAML loaders silently keep "
        "the last)"
    )
    assert json.loads(listing("json")) == [as_dict(r) for r in RULES]
    assert listing("markdown") == markdown_table()


def test_json_carries_every_field() -> None:
    rule = all_rules()["CW911"]
    assert as_dict(rule) == {
        "id": "CW911",
        "name": "version-drift",
        "severity": str(rule.severity),
        "summary": rule.summary,
        "live": True,
        "fix": None,
        "audit": False,
        "url": f"{docs_url()}rules/CW911/",  # its page on the site (tests/test_docs_site.py)
        "rationale": rule.rationale,
        "bad": rule.bad,
        "good": rule.good,
        "source": rule.source,
    }


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_explain_and_sarif_render_the_same_text(rule) -> None:
    assert invoke("explain", rule.name) == explain(rule) + "\n"
    descriptor = rule_descriptor(rule)
    assert descriptor["help"] == {"text": explain(rule), "markdown": help_markdown(rule)}
    assert (descriptor["shortDescription"], descriptor["fullDescription"]) == (
        {"text": rule.summary},
        {"text": rule.rationale},
    )


def test_explain_text() -> None:
    rule = all_rules()["CW006"]
    assert explain(rule) == (
        f"CW006 unused-suppression (default: warning)\n\n{rule.summary}\n\n{rule.rationale}\n\n"
        "Bad:\n    cwlint: 1\n    name: acme-1stream  # cwlint: disable=CW302\n\n"
        "Good:\n    cwlint: 1\n    name: acme-1stream\n\n"
        f"Source: {rule.source}\n\n"
        f"Docs: {docs_url()}rules/CW006/"
    )


def test_help_markdown() -> None:
    rule = all_rules()["CW006"]
    assert help_markdown(rule) == (
        f"**{rule.summary}**\n\n{rule.rationale}\n\n"
        "Bad:\n\n```yaml\ncwlint: 1\nname: acme-1stream  # cwlint: disable=CW302\n```\n\n"
        "Good:\n\n```yaml\ncwlint: 1\nname: acme-1stream\n```\n\n"
        f"Source: {rule.source}"
    )
