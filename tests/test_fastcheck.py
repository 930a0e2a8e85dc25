"""The schema pre-check agrees with jsonschema: it never calls an invalid manifest valid.

The pre-check is Python code generated from the schema and shipped
(cwlint/manifest/_schema_check.py); these tests prove it is current and compare it with
jsonschema on every example and fixture, and on generated input."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from cwlint.manifest import fastcheck
from cwlint.manifest._schema_check import is_valid as FAST
from cwlint.manifest.fastcheck import Unsupported, generate
from cwlint.manifest.load import load
from cwlint.manifest.schema import schema_text
from tests.conftest import ROOT

SCHEMA = json.loads(schema_text())
REFERENCE = Draft202012Validator(SCHEMA)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 400),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "All",
            "Mine",
            "cloud",
            "on-premise",
            "Pod",
            "x",
            "fully-chained",
            "https://na.myconnectwise.net/",
        ]
    ),
)
KEYS = [
    "cwlint",
    "name",
    "profile",
    "connection",
    "deployment",
    "site",
    "company_id",
    "public_key",
    "private_key",
    "security_role",
    "permissions",
    "module",
    "function",
    "add",
    "inquire",
    "customize",
    "allow",
    "pods",
    "description",
    "screen",
    "type",
    "url",
    "height",
    "users",
    "user",
    "member",
    "on_premise",
    "allowed_ips",
    "bogus",
]
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=30,
)
manifests = st.fixed_dictionaries(
    {"cwlint": st.just(1), "name": st.sampled_from(["a", ""])},
    optional={
        k: values
        for k in [
            "connection",
            "security_role",
            "pods",
            "users",
            "on_premise",
            "api_member",
            "profile",
            "bogus",
        ]
    },
)


@settings(max_examples=100, deadline=None)
@given(manifests)
def test_precheck_matches_jsonschema(data) -> None:
    assert FAST(data) == REFERENCE.is_valid(data)


def test_shipped_module_is_current() -> None:
    """The shipped module is exactly what the generator writes for the shipped schema
    (regenerate with `python -m cwlint.manifest.fastcheck`)."""
    assert fastcheck.MODULE.read_text(encoding="utf-8") == generate(SCHEMA)


def test_every_fixture_and_example_agrees() -> None:
    """Every document of every example and rule fixture, as the loader reads it."""
    paths = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/checks/*/*/*.yaml")])
    verdicts = set()
    for path in paths:
        for doc in load(path.read_bytes(), str(path)).documents:
            verdicts.add(FAST(doc.data))
            assert FAST(doc.data) == REFERENCE.is_valid(doc.data), path
    assert len(paths) > 100 and verdicts == {True, False}


def test_examples_and_edge_values() -> None:
    import yaml

    for path in sorted(ROOT.glob("examples/*.yaml")):
        data = yaml.safe_load(path.read_text())
        assert FAST(data) and REFERENCE.is_valid(data), path
    base = yaml.safe_load((ROOT / "examples/acme-1stream.yaml").read_text())
    for mutate in [
        lambda d: d["pods"][0].update(height=True),
        lambda d: d["pods"][0].update(height=300.0),
        lambda d: d["pods"][0].update(height=0),
        lambda d: d["security_role"]["permissions"][0].update(add=None),
        lambda d: d["security_role"]["permissions"][0].update(add="FULL"),
        lambda d: d.update(cwlint=True),
        lambda d: d["connection"].pop("site"),
    ]:
        data = json.loads(json.dumps(base))
        mutate(data)
        assert FAST(data) == REFERENCE.is_valid(data)


def test_unknown_keyword_is_refused() -> None:
    with pytest.raises(Unsupported):
        generate({"type": "object", "patternProperties": {"^x": {}}})
