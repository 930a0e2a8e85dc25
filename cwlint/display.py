"""How text from files, paths and servers is shown to people: escaped and bounded.

Anything cwlint echoes (a file name, a value as written, a host, a server's message) may hold
control characters: a newline forges a GitHub workflow command, CR and ESC rewrite the terminal,
bidirectional overrides reorder what the reader sees. :func:`escape` writes each of them as a
visible escape (``\\n``, ``\\x1b``, ``\\u202e``); :func:`cut` bounds the length; :func:`quote`
does both and quotes text as ``repr`` does, as a message shows a value.
"""

from __future__ import annotations

#: Longest value a message quotes; longer ones keep their start and end around an ellipsis.
VALUE_LIMIT = 80
#: Longest message a finding carries.
MESSAGE_LIMIT = 1000


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
