"""No input breaks the engine: generated manifests and byte soup get findings, never an
exception and never a rule's "internal error" (each rule must cope with any shape of input)."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cwlint.engine import Engine
from cwlint.options import Options
from tests.conftest import ROOT

ENGINE = Engine(Options())
PLAN = ENGINE.plan("fuzz.yaml")
EXAMPLES = [yaml.safe_load(p.read_text()) for p in sorted(ROOT.glob("examples/*.yaml"))]

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2**40),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "All",
            "ALL",
            "Mine",
            "N/A",
            "-",
            "None",
            "${CW_PRIVATE_KEY}",
            "${",
            "https://na.myconnectwise.net/",
            "http://api-eu.myconnectwise.net/v2025_1/",
            "https://user:pw@x.example/?apikey=abc",
            "https://[::1/",
            "3.138.54",
            "10.0.0.0/33",
            "v2025_1",
            "v4_6_release/",
            "Service Ticket",
            "Pod",
            "*",
            "Companies",
            "Table Setup",
            "2025.1",
            "cloud",
            "on-premise",
            "",
        ]
    ),
)
shapes = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def _assert_clean(raw: bytes) -> None:
    findings, _ = ENGINE.check_file("fuzz.yaml", raw, PLAN)
    internal = [f for f in findings if "internal error" in f.message]
    assert not internal, internal


def _replace_somewhere(data: object, path: list, value: object) -> object:
    """``data`` with the node ``path`` leads to (as far as it exists) replaced by ``value``."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        key = list(data)[path[0] % len(data)]
        return {**data, key: _replace_somewhere(data[key], path[1:], value)}
    index = path[0] % len(data)
    return [*data[:index], _replace_somewhere(data[index], path[1:], value), *data[index + 1 :]]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EXAMPLES), st.lists(st.integers(0, 50), max_size=5), shapes)
def test_any_value_anywhere_in_a_real_manifest(example, path, value) -> None:
    mutated = _replace_somewhere(example, path, value)
    _assert_clean(yaml.safe_dump(mutated, allow_unicode=True).encode())


@given(st.binary(max_size=300))
def test_byte_soup(raw: bytes) -> None:
    _assert_clean(b"cwlint: 1\n" + raw)
