"""The language server: pygls over stdio, every static rule on the unsaved text.

Linting runs in one worker thread, so that a large manifest never holds up completion, hover
or code actions; a change cancels the lint of the version before it if it has not started, and
only the latest version's diagnostics are published. A change is linted after a pause of half
the time the document's last lint took (at most :data:`MAX_DEBOUNCE`): a small manifest is
judged at once, a large one is not re-judged at every keystroke.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from cwlint import __version__
from cwlint.discover import STDIN, is_manifest
from cwlint.errors import UsageError
from cwlint.findings import Finding, Severity, Span
from cwlint.options import Options
from cwlint.server import actions, assist
from cwlint.server.locate import locate
from cwlint.server.positions import UTF16, Text

MAX_DEBOUNCE = 0.3  # seconds
#: Live rules never run in the editor: no request leaves the machine while typing.
OPTIONS = Options(live=False)
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@dataclass
class Linted:
    """One version of a document as judged: each shown finding with its diagnostic, or the
    usage error (a broken config) that keeps it from being judged."""

    version: int | None
    text: Text
    filename: str
    findings: list[tuple[Finding, types.Diagnostic]] = field(default_factory=list)
    error: str | None = None

    @property
    def diagnostics(self) -> list[types.Diagnostic]:
        if self.error is not None:
            start = types.Position(0, 0)
            return [
                types.Diagnostic(
                    types.Range(start, start),
                    self.error,
                    types.DiagnosticSeverity.Error,
                    source="cwlint",
                )
            ]
        return [d for _, d in self.findings]


def filename(uri: str) -> str:
    """The path whose config judges the document (``-`` for an unsaved, untitled one)."""
    return to_fs_path(uri) or STDIN if uri.startswith("file:") else STDIN


def _encodable(source: str) -> str:
    """The text with any lone surrogate (JSON can carry one) as ``?``: same length, so every
    position stays where it was."""
    return source.encode("utf-8", "replace").decode("utf-8")


def judge(source: str, name: str) -> list[Finding] | str:
    """The findings shown for a text (none for a YAML file that is not a manifest), or the
    usage error (a broken config) that stops it being judged."""
    source = _encodable(source)
    if not is_manifest(source.encode("utf-8")):
        return []
    from cwlint.engine import lint_text

    try:
        report = lint_text(source, name, OPTIONS)
    except UsageError as exc:
        return str(exc)
    return [f for f in report.findings if f.suppressed is None]


def diagnostic(text: Text, finding: Finding) -> types.Diagnostic:
    from cwlint.registry import all_rules

    url = all_rules()[finding.rule].url if finding.rule in all_rules() else None
    return types.Diagnostic(
        range=text.range(finding_span(finding)),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=url) if url else None,
        source="cwlint",
    )


def finding_span(finding: Finding) -> Span:
    return Span(finding.line, finding.col, finding.end_line, finding.end_col)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


class CwlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "cwlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cwlint-lint")
        self.tasks: dict[str, asyncio.Task[Linted | None]] = {}
        self.linted: dict[str, Linted] = {}
        self.cost: dict[str, float] = {}  # seconds the document's last lint took

    # ------------------------------------------------------------------ diagnostics
    def schedule(self, uri: str, delay: float) -> asyncio.Task[Linted | None]:
        old = self.tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        task = asyncio.get_running_loop().create_task(self.refresh(uri, delay))
        self.tasks[uri] = task
        return task

    async def lint(self, uri: str) -> Linted:
        """The document's current version, judged (in the lint thread)."""
        doc = self.workspace.get_text_document(uri)
        version, source, name = doc.version, doc.source, filename(uri)
        started = time.perf_counter()
        found = await asyncio.get_running_loop().run_in_executor(self.linter, judge, source, name)
        self.cost[uri] = time.perf_counter() - started
        text = Text(source, self.encoding)
        if isinstance(found, str):
            return Linted(version, text, name, error=found)
        return Linted(version, text, name, [(f, diagnostic(text, f)) for f in found])

    async def refresh(self, uri: str, delay: float) -> Linted | None:
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            linted = await self.lint(uri)
        except Exception as exc:  # a bug must not stop the server: say so, keep serving
            self.window_log_message(
                types.LogMessageParams(
                    types.MessageType.Error,
                    f"cwlint could not judge {uri} ({type(exc).__name__}): please report this",
                )
            )
            return None
        if self.tasks.get(uri) is not asyncio.current_task():
            return None  # a newer version is on its way: these diagnostics are stale
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, linted.diagnostics, linted.version)
        )
        return linted

    async def current(self, uri: str) -> Linted:
        """The findings of the document as it is now (judged again if it changed since)."""
        doc = self.workspace.get_text_document(uri)
        linted = self.linted.get(uri)
        if linted is not None and linted.version == doc.version:
            return linted
        pending = self.tasks.get(uri)
        if pending is not None and not pending.done():
            try:
                done = await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # this request was cancelled, not the lint
                done = None
            if done is not None and done.version == doc.version:
                return done
        return await self.lint(uri)

    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client (UTF-16 unless it prefers another)."""
        return str(self.workspace.position_encoding or UTF16)

    def profiles_path(self, name: str) -> str | None:
        from cwlint.engine import Engine

        try:
            return Engine(OPTIONS).plan(name).profiles_path
        except UsageError:
            return None


server = CwlintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: CwlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: CwlintServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.schedule(uri, min(MAX_DEBOUNCE, ls.cost.get(uri, 0.0) / 2))


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: CwlintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: CwlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.tasks.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.linted.pop(uri, None)
    ls.cost.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


# ---------------------------------------------------------------------- code actions
@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    ),
)
async def code_action(
    ls: CwlintServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    linted = await ls.current(uri)
    only = params.context.only

    def wanted(kind: str) -> bool:
        return not only or any(kind.startswith(o) for o in only)

    out: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix):
        for finding, diag in linted.findings:
            if not _overlaps(diag.range, params.range):
                continue
            if finding.fix is not None and finding.fix.edits:
                out.append(actions.quick_fix(uri, linted.version, linted.text, finding.fix, diag))
            out.append(actions.disable_line(uri, linted.version, linted.text, finding, diag))
    if wanted(types.CodeActionKind.SourceFixAll) and any(
        f.fix is not None and f.fix.safe for f, _ in linted.findings
    ):
        fixed = await asyncio.get_running_loop().run_in_executor(
            ls.linter, _fix_all, linted.text.source, linted.filename
        )
        if fixed != linted.text.source:
            out.append(actions.fix_all(uri, linted.version, linted.text, fixed))
    return out


def _fix_all(source: str, name: str) -> str:
    from cwlint.fix import fix_text

    if _encodable(source) != source:
        return source  # a lone surrogate: the whole-text edit would replace it
    try:
        return fix_text(source, name, OPTIONS).text
    except UsageError:
        return source


# ---------------------------------------------------------------------- completion, hover
@server.feature(
    types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " ", "/"])
)
async def completion(
    ls: CwlintServer, params: types.CompletionParams
) -> types.CompletionList | None:
    doc = ls.workspace.get_text_document(params.text_document.uri)
    source = doc.source
    if not is_manifest(_encodable(source).encode("utf-8")):
        return None
    name = filename(params.text_document.uri)
    text = Text(source, ls.encoding)
    items = await asyncio.to_thread(_complete, text, params.position, name, ls.profiles_path(name))
    return types.CompletionList(is_incomplete=False, items=items)


def _complete(
    text: Text, position: types.Position, name: str, profiles_path: str | None
) -> list[types.CompletionItem]:
    place = locate(text.source, text.at(position))
    if place is None:
        return []
    return assist.completions(
        text, place, assist.manifest_profile(text.source), profiles_path, _base(name)
    )


def _base(name: str) -> Path | None:
    return Path(name).parent if name != STDIN else None


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: CwlintServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    source = doc.source
    if not is_manifest(_encodable(source).encode("utf-8")):
        return None
    linted = ls.linted.get(uri)
    here = types.Range(params.position, params.position)
    findings: Iterable[Finding] = (
        [f for f, d in linted.findings if _overlaps(d.range, here)]
        if linted is not None and linted.version == doc.version
        else []
    )
    name = filename(uri)
    profiles_path = ls.profiles_path(name)
    shown = await asyncio.to_thread(
        _hover,
        Text(source, ls.encoding),
        params.position,
        list(findings),
        profiles_path,
        _base(name),
    )
    if not shown:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, shown))


def _hover(
    text: Text,
    position: types.Position,
    findings: list[Finding],
    profiles_path: str | None,
    base: Path | None,
) -> str:
    place = locate(text.source, text.at(position))
    return assist.hover_text(
        place, findings, assist.manifest_profile(text.source), profiles_path, base
    )


def serve() -> None:
    """Speak LSP on standard input and output until the client says exit."""
    server.start_io()
