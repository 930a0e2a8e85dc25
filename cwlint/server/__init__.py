"""``cwlint server``: the language server (LSP over stdio) for editors.

Diagnostics from every static rule on the unsaved text, the findings' fixes as code actions,
completion and hover from the catalogue. pygls and lsprotocol are imported here only.
"""

from __future__ import annotations


def serve() -> None:
    """Run the server on standard input and output."""
    from cwlint.server.lsp import serve as run

    run()
