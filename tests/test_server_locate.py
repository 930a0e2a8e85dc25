"""The server's positions and cursor places, in process: what the end-to-end tests build on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from cwlint.findings import Span
from cwlint.server.assist import completions, hover_text
from cwlint.server.locate import locate
from cwlint.server.positions import Text


def place_at(marked: str):
    """The place of the ``|`` in ``marked`` (removed from the text)."""
    at = marked.index("|")
    return locate(marked.replace("|", "", 1), at)


def test_utf16_positions_around_a_character_outside_the_bmp() -> None:
    text = Text("a: \U0001f4de x\nb: y\n")
    # cwlint's 1:6 is the character after the emoji and a blank: UTF-16 column 6, not 5
    assert text.range(Span(1, 6, 1, 7)) == types.Range(types.Position(0, 6), types.Position(0, 7))
    assert text.at(types.Position(0, 6)) == 5
    assert text.range(Span(2, 4, 2, 5)) == types.Range(types.Position(1, 3), types.Position(1, 4))


@pytest.mark.parametrize(("encoding", "column"), [("utf-8", 8), ("utf-32", 5), ("utf-16", 6)])
def test_the_negotiated_position_encoding(encoding: str, column: int) -> None:
    # Neovim prefers UTF-8: the emoji is four units there, one in UTF-32, two in UTF-16
    text = Text("a: \U0001f4de x\n", encoding)
    assert text.range(Span(1, 6, 1, 7)).start == types.Position(0, column)
    assert text.at(types.Position(0, column)) == 5


def test_a_line_break_only_yaml_counts_shifts_nothing() -> None:
    # libyaml counts U+2028 as a line break, LSP does not: the offset reconciles them
    text = Text("a: x\u2028y\nb: z\n")
    assert text.range(Span(3, 4, 3, 5)) == types.Range(types.Position(1, 3), types.Position(1, 4))


BLOCK = """\
cwlint: 1
security_role:
  permissions:
    - module: Companies
      function: Contacts
    - module: Service Desk
      function: Serv|
"""


@pytest.mark.parametrize(
    ("marked", "path", "typed", "siblings"),
    [
        (
            BLOCK,
            ("security_role", "permissions", 1, "function"),
            "Serv",
            {"module": "Service Desk"},
        ),
        # a half-typed line that breaks the YAML: the lines answer
        (
            "cwlint: 1\nsecurity_role:\n  permissions:\n  - module: Sales\n    add: A|\n  - {\n",
            ("security_role", "permissions", 0, "add"),
            "A",
            {"module": "Sales"},
        ),
        (
            "cwlint: 1\nsecurity_role:\n  permissions:\n    - {module: Finance, function: Ag|",
            ("security_role", "permissions", 0, "function"),
            "Ag",
            {"module": "Finance"},
        ),
        (
            'cwlint: 1\npods:\n  - {screen: x}\n  - screen: "Serv|"\n',
            ("pods", 1, "screen"),
            "Serv",
            {},
        ),
    ],
)
def test_values(marked: str, path: tuple, typed: str, siblings: dict) -> None:
    place = place_at(marked)
    assert place is not None and not place.on_key
    assert (place.path, place.typed, place.siblings) == (path, typed, siblings)


def test_a_customize_entry_knows_its_permission() -> None:
    place = place_at(
        "cwlint: 1\nsecurity_role:\n  permissions:\n    - module: System\n"
        "      function: Table Setup\n      customize:\n        allow:\n          - Serv|\n"
        "      bad: [\n"
    )
    assert place is not None
    assert place.path == ("security_role", "permissions", 0, "customize", "allow", 0)
    assert place.owner == {"module": "System", "function": "Table Setup"}


def test_a_key_being_typed() -> None:
    place = place_at("cwlint: 1\nconnection:\n  site: x\n  co|\n")
    assert place is not None and place.on_key
    assert place.path == ("connection", "co")
    assert place.siblings == {"site": "x"}


def test_the_replaced_range_ends_at_the_value() -> None:
    marked = "cwlint: 1\nprofile: 1st|ream  # vendor\n"
    place = place_at(marked)
    assert place is not None
    text = marked.replace("|", "")
    assert text[place.start : place.end] == "1stream"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=" \t\n-:#{}[],'\"abcAB1|>&*!\U0001f4de", max_size=80),
    st.integers(0, 80),
)
def test_any_text_any_cursor_gives_a_place_or_none(text: str, at: int) -> None:
    source = "cwlint: 1\n" + text
    place = locate(source, min(at, len(text)) + 10)
    assert place is None or 0 <= place.start <= place.end <= len(source)
    if place is not None:  # and completion and hover answer it
        assert isinstance(completions(Text(source), place, None, None, None), list)
        assert isinstance(hover_text(place, [], None, None, None), str)
