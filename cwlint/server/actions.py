"""Code actions: each finding's fix as a quick fix, "fix all safe" for the document, and
"disable CWnnn for this line" (an inline suppression comment, see :mod:`cwlint.suppress`)."""

from __future__ import annotations

import re

from lsprotocol import types

from cwlint.findings import Edit, Finding, Fix
from cwlint.server.locate import uncomment
from cwlint.server.positions import Text

FIX_ALL_TITLE = "Fix all safe cwlint problems"
_DIRECTIVE = re.compile(
    r"#[ \t]*cwlint[ \t]*:[ \t]*disable[ \t]*=[ \t]*([^#]*?)(?=[ \t]*--|[ \t]*$)"
)


def _edit(text: Text, edit: Edit) -> types.TextEdit:
    return types.TextEdit(text.range(edit.span), edit.text)


def workspace_edit(
    uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                types.OptionalVersionedTextDocumentIdentifier(uri, version), list(edits)
            )
        ]
    )


def quick_fix(
    uri: str, version: int | None, text: Text, fix: Fix, diagnostic: types.Diagnostic
) -> types.CodeAction:
    """One finding's fix; the preferred action when it is safe."""
    return types.CodeAction(
        title=fix.title if fix.safe else f"{fix.title} (unsafe)",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=fix.safe,
        edit=workspace_edit(uri, version, [_edit(text, e) for e in fix.edits]),
    )


def fix_all(uri: str, version: int | None, text: Text, fixed: str) -> types.CodeAction:
    """Replace the document with the text ``cwlint.fix.fix_text`` made of it."""
    return types.CodeAction(
        title=FIX_ALL_TITLE,
        kind=types.CodeActionKind.SourceFixAll,
        edit=workspace_edit(uri, version, [types.TextEdit(text.full_range(), fixed)]),
    )


def disable_line(
    uri: str, version: int | None, text: Text, finding: Finding, diagnostic: types.Diagnostic
) -> types.CodeAction:
    """``# cwlint: disable=CWnnn`` for the finding's line: added to a directive already on the
    line, else at its end, else (the line has a comment, or ends inside a quoted scalar) on a
    line of its own before it, at the same indentation."""
    line_no = diagnostic.range.start.line
    line = text.lines[line_no] if line_no < len(text.lines) else ""
    rule = finding.rule
    existing = _DIRECTIVE.search(line)
    if existing is not None:
        at = types.Position(line_no, text.units(line[: existing.end(1)]))
        edit = types.TextEdit(types.Range(at, at), f",{rule}")
    elif uncomment(line) == line and not _open_quote(line):
        end = types.Position(line_no, text.units(line.rstrip()))
        edit = types.TextEdit(
            types.Range(end, types.Position(line_no, text.units(line))),
            f"  # cwlint: disable={rule}",
        )
    else:
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        start = types.Position(line_no, 0)
        edit = types.TextEdit(types.Range(start, start), f"{indent}# cwlint: disable={rule}\n")
    return types.CodeAction(
        title=f"Disable {rule} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=workspace_edit(uri, version, [edit]),
    )


def _open_quote(line: str) -> bool:
    """Whether a quoted scalar is still open at the end of the line (a comment there would be
    text)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"" and (i == 0 or line[i - 1] in " \t:,[{-"):
            quote = ch
    return bool(quote)
