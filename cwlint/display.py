"""How text from files, paths and servers is shown to people: escaped and bounded.

Anything cwlint echoes (a file name, a value as written, a host, a server's message) may hold
control characters: a newline forges a GitHub workflow command, CR and ESC rewrite the terminal,
bidirectional overrides reorder what the reader sees. :func:`escape` writes each of them as a
visible escape (``\\n``, ``\\x1b``, ``\\u202e``); :func:`cut` bounds the length; :func:`quote`
does both and quotes text as ``repr`` does, as a message shows a value.
"""

from __future__ import annotations

import re

#: Longest value a message quotes; longer ones keep their start and end around an ellipsis.
VALUE_LIMIT = 80
#: Longest message a finding carries.
MESSAGE_LIMIT = 1000

# a value a message quotes as repr does ('...' or "..."), longer than VALUE_LIMIT; the quotes
# stand apart from words, so an apostrophe in prose ("the pod's URL") opens none
_LONG_QUOTED = re.compile(
    r"""(?<!\w)(['"])((?:(?!\1)[^\\]|\\.){""" + str(VALUE_LIMIT + 1) + r""",})\1(?!\w)"""
)


def _escaped(char: str) -> str:
    return char if char.isprintable() else repr(char)[1:-1]


def escape(text: str) -> str:
    """``text`` with every character Python would not print (controls, line and paragraph
    separators, bidi overrides, the BOM) written as an escape, as ``repr`` writes it."""
    return text if text.isprintable() else "".join(map(_escaped, text))


def cut(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` at most ``limit`` characters long: its start and end kept around ``…``."""
    if len(text) <= limit:
        return text
    tail = limit // 3
    return f"{text[: limit - tail - 1]}…{text[-tail:]}"


def quote(value: object, limit: int = VALUE_LIMIT) -> str:
    """A value as a message quotes it: ``'text'`` escaped and cut (other types as written)."""
    return repr(cut(value, limit)) if isinstance(value, str) else escape(cut(repr(value), limit))


def message(text: str) -> str:
    """A finding's message as reports show it: each quoted value cut to :data:`VALUE_LIMIT`, the
    whole to :data:`MESSAGE_LIMIT`, control characters escaped."""
    text = cut(text, 16 * MESSAGE_LIMIT)  # bounds the work below, whatever a check echoed
    text = _LONG_QUOTED.sub(lambda m: m[1] + cut(m[2]) + m[1], text)
    return escape(cut(text, MESSAGE_LIMIT))
