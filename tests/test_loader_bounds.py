"""Scalars, tags and caps of the loader: findings at positions, never a conversion past a bound."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cwlint.display import MESSAGE_LIMIT
from cwlint.engine import MAX_FINDINGS, lint
from cwlint.files import Truncated
from cwlint.manifest.load import (
    MAX_BYTES,
    MAX_DOCUMENTS,
    MAX_NUMBER_CHARS,
    MAX_PROBLEMS,
    load,
    load_data,
)
from tests.conftest import ROOT

GOOD = (ROOT / "examples/acme-1stream.yaml").read_text()


def problems(raw: bytes) -> list[tuple[str, int, int]]:
    return [(p.rule, p.span.line, p.span.col) for p in load(raw, "m.yaml").problems]


@pytest.mark.parametrize(
    "number",
    [
        "0x" + "f" * 5000,
        "0b" + "1" * 20_000,
        "0" + "7" * 5000,  # YAML 1.1 octal
        "1" + ":59" * 3000,  # sexagesimal: quadratic to convert
        "1" * 5000,
        "-" + "1_" * 3000 + "1",
        "1" * 5000 + ".5",
        "1" + ":59" * 3000 + ".5",
    ],
    ids=["hex", "binary", "octal", "sexagesimal", "decimal", "underscores", "float", "sexa-float"],
)
def test_a_number_past_the_bound_is_a_finding_not_a_conversion(number: str) -> None:
    loaded = load(f"cwlint: 1\nname: {number}\n".encode(), "m.yaml")
    assert [(p.rule, p.span.line, p.span.col) for p in loaded.problems] == [("CW005", 2, 7)]
    assert f"{len(number):,} characters" in loaded.problems[0].message
    assert loaded.documents[0].data["name"] == number  # kept as text, never converted


def test_four_megabytes_of_sexagesimal_is_one_finding() -> None:
    raw = b"cwlint: 1\nname: 1" + b":59" * 1_500_000 + b"\n"
    assert problems(raw) == [("CW005", 2, 7)]


def test_numbers_within_the_bound_are_read_as_yaml_1_1_reads_them() -> None:
    text = "\n".join(
        [
            "cwlint: 1",
            "a: 0x1f",
            "b: 0b101",
            "c: 017",
            "d: 1:30",
            "e: -1_000",
            "f: 1:30.5",
            "g: .inf",
            "h: -.INF",
            "i: 1.5e+3",
            "j: !!int '42'",
            "k: !!float '1'",
            "l: " + "9" * MAX_NUMBER_CHARS,
        ]
    )
    data = load(text.encode(), "m.yaml").documents[0].data
    assert [data[k] for k in "abcdefhijk"] == [
        31,
        5,
        15,
        90,
        -1000,
        90.5,
        -math.inf,
        1500.0,
        42,
        1.0,
    ]
    assert data["g"] == math.inf and data["l"] == int("9" * MAX_NUMBER_CHARS)


@pytest.mark.parametrize(
    ("value", "wanted"),
    [
        ("!!bool maybe", "true or false"),
        ("!!int _", "a whole number"),
        ("!!int 09", "a whole number"),
        ("!!int ''", "a whole number"),
        ('!!float ""', "a number"),
        ("!!float abc", "a number"),
        ("!!timestamp soon", "a date or time"),
        ("!!timestamp 2025-13-45", "a date or time"),
        ("!!binary 'abc'", "base64 text"),
        ("!!int \u0661\u0662", "a whole number"),  # Arabic-Indic digits: int() reads them, YAML not
    ],
)
def test_a_core_tag_with_a_bad_value_is_a_finding_at_the_value(value: str, wanted: str) -> None:
    loaded = load(f"cwlint: 1\nname: {value}\n".encode(), "m.yaml")
    assert [(p.rule, p.span.line, p.span.col) for p in loaded.problems] == [("CW001", 2, 7)]
    assert wanted in loaded.problems[0].message
    assert "maybe" not in loaded.problems[0].message  # values are never echoed (secrets)


@pytest.mark.parametrize(
    ("value", "where"),
    [("!!map x", (2, 7)), ("!!seq x", (2, 7)), ("!!str [a]", (2, 7)), ("!!int {a: 1}", (2, 7))],
)
def test_a_core_tag_on_the_wrong_kind_of_node_is_a_finding(value: str, where: tuple) -> None:
    loaded = load(f"cwlint: 1\nname: {value}\n".encode(), "m.yaml")
    assert [(p.rule, p.span.line, p.span.col) for p in loaded.problems] == [("CW001", *where)]
    assert "remove the tag" in loaded.problems[0].message


def test_too_many_documents_stop_the_file_with_one_finding() -> None:
    loaded = load(b"cwlint: 1\n---\n" * 1_500, "m.yaml")
    assert len(loaded.documents) == MAX_DOCUMENTS
    assert [(p.rule, p.span.line) for p in loaded.problems] == [("CW005", 2 * MAX_DOCUMENTS)]
    assert "more than 1,000 documents" in loaded.problems[0].message


def test_a_million_empty_documents_stop_at_the_problem_cap() -> None:
    loaded = load(b"---\n" * 1_200_000, "m.yaml")  # 4.8 MB: each one a CW004
    assert len(loaded.problems) == MAX_PROBLEMS + 1
    assert "more than 500 problems in one file" in loaded.problems[-1].message


def test_too_many_problems_stop_the_file_with_one_finding() -> None:
    raw = b"cwlint: 1\n" + b"".join(b"a: !x %d\n" % i for i in range(5_000))
    loaded = load(raw, "m.yaml")
    assert len(loaded.problems) == MAX_PROBLEMS + 1
    last = loaded.problems[-1]
    assert last.rule == "CW005" and "more than 500 problems" in last.message
    assert last.span.line == MAX_PROBLEMS // 2 + 2  # the CW002/CW005 pairs run out mid-file


def test_findings_per_file_are_capped_with_a_finding(tmp_path) -> None:
    extra = "".join(f"\nextra{j}: 1" for j in range(12))  # 12 findings a document
    docs = "---\n".join(
        GOOD.replace("name: acme-1stream", f"name: m{i}{extra}") for i in range(100)
    )
    (tmp_path / "many.yaml").write_text(docs)
    report = lint([str(tmp_path / "many.yaml")])
    assert len(report.findings) == MAX_FINDINGS + 1
    note = report.findings[-1]
    assert note.rule == "CW005" and "more findings in this file are not shown" in note.message


def test_the_size_message_says_the_real_size() -> None:
    loaded = load(Truncated(b"#" * (MAX_BYTES + 1), 100_000_000), "big.yaml")
    assert "file is 95.4 MiB" in loaded.problems[0].message


def test_messages_quote_the_text_as_written(tmp_path) -> None:
    (tmp_path / "m.yaml").write_text(
        GOOD.replace("name: acme-1stream", "name: 2025.10").replace(
            "profile: 1stream", "profile: 012"
        )
    )
    messages = [f.message for f in lint([str(tmp_path / "m.yaml")]).findings]
    assert any(m.startswith("2025.10 is not text (name)") for m in messages), messages
    assert any(m.startswith("012 is not text (profile)") for m in messages), messages


def test_long_values_are_cut_in_messages(tmp_path) -> None:
    manifest = GOOD.replace("codebase: v2025_1/", "codebase: " + "x" * 100_000)
    manifest = manifest.replace("name: acme-1stream", "name: acme\n" + "k" * 100_000 + ": 1")
    (tmp_path / "m.yaml").write_text(manifest)
    findings = lint([str(tmp_path / "m.yaml")]).findings
    assert findings and all(len(f.message) <= MESSAGE_LIMIT for f in findings)
    assert all(len(f.message) < 400 for f in findings), [len(f.message) for f in findings]


def test_unknown_key_missing_its_space_does_not_echo_what_follows(tmp_path) -> None:
    (tmp_path / "m.yaml").write_text(
        "cwlint: 1\nname: x\nconnection: {deployment: cloud, private_key:TopSecret1234567}\n"
    )
    messages = [f.message for f in lint([str(tmp_path / "m.yaml")]).findings]
    assert any("'private_key:…'" in m and "space is missing" in m for m in messages), messages
    assert not any("TopSecret" in m for m in messages)


def test_config_and_profile_data_are_read_with_the_same_bounds() -> None:
    loaded = load_data(b"fail-on: 0x" + b"f" * 5000 + b"\nselect: !!bool maybe\n", "c.yaml")
    assert [(p.rule, p.span.line, p.span.col) for p in loaded.problems] == [
        ("CW005", 1, 10),
        ("CW001", 2, 9),
    ]
    assert load_data(b"", "c.yaml").problems == []  # an empty config is no problem


# YAML 1.1 plain scalars the resolver turns into numbers, booleans, nulls and timestamps, with
# and without explicit core tags: whatever the text, loading gives data or positioned findings.
_DIGITS = st.text("0123456789_", min_size=1, max_size=150)
_SCALARS = st.one_of(
    _DIGITS,
    _DIGITS.map(lambda d: "0x" + d),
    _DIGITS.map(lambda d: "0b" + d),
    _DIGITS.map(lambda d: "0" + d),
    st.lists(st.text("0123456789", min_size=1, max_size=3), min_size=2, max_size=60).map(":".join),
    st.tuples(_DIGITS, _DIGITS).map(lambda p: f"{p[0]}.{p[1]}e+{len(p[1])}"),
    st.sampled_from(["yes", "No", "ON", "off", "~", "null", ".inf", "-.Inf", ".NaN", "y", "n"]),
    st.sampled_from(["2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5"]),
    st.text(min_size=0, max_size=40).filter(lambda t: "\n" not in t and "'" not in t),
)
_TAGS = st.sampled_from(
    ["", "!!int ", "!!float ", "!!bool ", "!!null ", "!!str ", "!!timestamp ", "!!binary "]
)


@given(st.tuples(_TAGS, _SCALARS, st.sampled_from(["{}", "'{}'", '"{}"'])))
def test_any_yaml_1_1_scalar_loads_to_data_or_findings(case: tuple[str, str, str]) -> None:
    tag, text, style = case
    if style != "{}":
        text = text.replace("\\", "").replace('"', "")
    raw = f"cwlint: 1\nname: {tag}{style.format(text)}\n".encode()
    loaded = load(raw, "m.yaml")
    for p in loaded.problems:
        assert p.rule in ("CW001", "CW002", "CW003", "CW005") and p.span.line >= 1, p
        assert len(p.message) < 400
    for doc in loaded.documents:
        value = doc.data.get("name")
        if isinstance(value, int) and not isinstance(value, bool):
            assert len(str(value)) < 400  # printable: never past Python's digit bound
