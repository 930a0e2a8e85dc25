"""`cwlint server` end to end: a real client (pytest-lsp) drives the real server process over
stdio. One server for the module; each test opens its own documents."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from cwlint.registry import all_rules

pytestmark = pytest.mark.asyncio(loop_scope="module")

EMOJI = "\U0001f4de"  # outside the BMP: two UTF-16 code units, one character
BROKEN = f"""\
cwlint: 1
name: acme
connection:
  deployment: cloud
  site: https://na.myconnectwise.net/
  api_url: https://api-na.myconnectwise.net/v2025_1/apis/3.0/
  company_id: acme
  codebase: v2025_1
  client_id: ${{CW_CLIENT_ID}}
  public_key: ${{CW_PUBLIC_KEY}}
  private_key: ${{CW_PRIVATE_KEY}}
security_role:
  name: 1stream Integration
  permissions:
    - {{module: Companies, function: Company Maintenance, add: ALL, edit: All, inquire: All}}
pods:
  - {{description: "{EMOJI} call", screen: Service Tickt, type: Pod, url: "https://pods.example.com/t?id=[cw_id]"}}
"""
LINES = BROKEN.splitlines()


def _recording_client() -> LanguageClient:
    """pytest-lsp's client, also keeping each document's last published diagnostics with the
    version they are for."""
    client = LanguageClient(converter_factory=default_converter)
    published: dict[str, types.PublishDiagnosticsParams] = {}
    history: dict[str, list[int | None]] = {}

    def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        published[params.uri] = params
        history.setdefault(params.uri, []).append(params.version)
        client.diagnostics[params.uri] = params.diagnostics

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    register_lsp_features(client, features)
    client.published = published  # type: ignore[attr-defined]
    client.history = history  # type: ignore[attr-defined]
    return client


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "cwlint", "server"],
        client_factory=_recording_client,
    ),
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("workspace")
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(root.as_uri(), "workspace")],
        )
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "cwlint", "server"],
        client_factory=_recording_client,
    ),
)
async def nvim(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    """A second server, for a client that prefers UTF-8 positions (Neovim 0.11)."""
    root = tmp_path_factory.mktemp("nvim")
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim@v0.11.0"), root_uri=root.as_uri()
        )
    )
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


# ------------------------------------------------------------------------------ helpers
_versions: dict[str, int] = {}


async def published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The diagnostics the server publishes for the document's latest version (waits for them;
    the bound only keeps a broken server from hanging the run)."""
    want = _versions[uri]
    for _ in range(3000):
        got = client.published.get(uri)  # type: ignore[attr-defined]
        if got is not None and got.version == want:
            return list(got.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for version {want} of {uri}")


def open_doc(client: LanguageClient, name: str, text: str) -> str:
    path: Path = client.root / name  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    uri = path.as_uri()
    _versions[uri] = 1
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )
    return uri


def replace_all(client: LanguageClient, uri: str, text: str) -> None:
    _versions[uri] += 1
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=_versions[uri], uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """The text with LSP edits applied (positions in UTF-16 code units)."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        line = lines[pos.line]
        chars = 0
        while utf16(line[:chars]) < pos.character:
            chars += 1
        return sum(len(x) + 1 for x in lines[: pos.line]) + chars

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def edits_of(action: types.CodeAction) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    return [e for e in change.edits if isinstance(e, types.TextEdit)]


def pos(line: int, text: str, after: str = "") -> types.Position:
    """The position of ``text`` (or just after ``after`` in it) on 0-based ``line``."""
    at = LINES[line].index(text) + len(after)
    return types.Position(line, utf16(LINES[line][:at]))


async def actions_at(
    client: LanguageClient, uri: str, diag: types.Diagnostic, only: list[str] | None = None
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            diag.range,
            types.CodeActionContext([diag], only=only),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


def by_code(diagnostics: list[types.Diagnostic]) -> dict[str, types.Diagnostic]:
    return {str(d.code): d for d in diagnostics}


# ------------------------------------------------------------------------------ diagnostics
async def test_diagnostics_have_codes_severities_and_exact_ranges(client: LanguageClient) -> None:
    uri = open_doc(client, "diag/broken.cwlint.yaml", BROKEN)
    found = by_code(await published(client, uri))
    assert sorted(found) == ["CW103", "CW309", "CW503"]
    cw103 = found["CW103"]
    assert cw103.range == types.Range(pos(7, "v2025_1"), pos(7, "v2025_1", "v2025_1"))
    assert cw103.severity == types.DiagnosticSeverity.Error
    assert cw103.source == "cwlint"
    assert "lacks its trailing slash" in cw103.message
    assert cw103.code_description is not None
    assert cw103.code_description.href == all_rules()["CW103"].url  # the rule's page
    assert found["CW309"].range == types.Range(pos(14, "ALL"), pos(14, "ALL", "ALL"))
    # after a character outside the BMP on the same line: UTF-16 code units, not characters
    start = LINES[16].index("Service Tickt")
    assert found["CW503"].range == types.Range(
        types.Position(16, start + 1), types.Position(16, start + 1 + len("Service Tickt"))
    )


async def test_positions_in_the_encoding_the_client_prefers(nvim: LanguageClient) -> None:
    uri = open_doc(nvim, "diag/broken.cwlint.yaml", BROKEN)
    found = by_code(await published(nvim, uri))
    start = len(LINES[16][: LINES[16].index("Service Tickt")].encode("utf-8"))  # emoji: 4 bytes
    assert found["CW503"].range == types.Range(
        types.Position(16, start), types.Position(16, start + len("Service Tickt"))
    )
    (disable,) = [
        a
        for a in await actions_at(nvim, uri, found["CW503"])
        if a.title == "Disable CW503 for this line"
    ]
    (edit,) = edits_of(disable)
    assert edit.range.start == types.Position(16, len(LINES[16].encode("utf-8")))


async def test_a_change_updates_the_diagnostics(client: LanguageClient) -> None:
    uri = open_doc(client, "change/broken.cwlint.yaml", BROKEN)
    assert "CW103" in by_code(await published(client, uri))
    replace_all(client, uri, BROKEN.replace("codebase: v2025_1", "codebase: v2025_1/"))
    assert sorted(by_code(await published(client, uri))) == ["CW309", "CW503"]


async def test_per_file_config_applies(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    (root / "quiet").mkdir()
    (root / "quiet" / ".cwlint.yaml").write_text("ignore: [CW503]\n")
    uri = open_doc(client, "quiet/broken.cwlint.yaml", BROKEN)
    assert sorted(by_code(await published(client, uri))) == ["CW103", "CW309"]


async def test_a_broken_config_is_one_diagnostic_that_names_it(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    (root / "badconfig").mkdir()
    (root / "badconfig" / ".cwlint.yaml").write_text("fail-on: sometimes\n")
    uri = open_doc(client, "badconfig/broken.cwlint.yaml", BROKEN)
    (only,) = await published(client, uri)
    assert only.range == types.Range(types.Position(0, 0), types.Position(0, 0))
    assert ".cwlint.yaml" in only.message and "fail-on" in only.message
    assert only.code is None


async def test_a_yaml_file_that_is_no_manifest_gets_nothing(client: LanguageClient) -> None:
    compose = "services:\n  web:\n    image: nginx\n    ports: [80]\n"
    uri = open_doc(client, "app/compose.yaml", compose)
    assert await published(client, uri) == []
    got = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(2, 11))
    )
    assert got is None


# ------------------------------------------------------------------------------ code actions
async def test_quick_fix_adds_the_slash(client: LanguageClient) -> None:
    uri = open_doc(client, "fix/broken.cwlint.yaml", BROKEN)
    cw103 = by_code(await published(client, uri))["CW103"]
    found = await actions_at(client, uri, cw103)
    fixes = [a for a in found if a.kind == types.CodeActionKind.QuickFix and a.is_preferred]
    assert [a.title for a in fixes] == ["Add the trailing slash: 'v2025_1/'"]
    fixed = apply(BROKEN, edits_of(fixes[0]))
    assert fixed == BROKEN.replace("codebase: v2025_1\n", "codebase: v2025_1/\n")
    replace_all(client, uri, fixed)
    assert "CW103" not in by_code(await published(client, uri))


async def test_fix_all_applies_every_safe_fix(client: LanguageClient) -> None:
    uri = open_doc(client, "fixall/broken.cwlint.yaml", BROKEN)
    await published(client, uri)
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext([], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    (action,) = [a for a in found or [] if isinstance(a, types.CodeAction)]
    assert action.title == "Fix all safe cwlint problems"
    assert action.kind == types.CodeActionKind.SourceFixAll
    fixed = apply(BROKEN, edits_of(action))
    # every safe fix, as `cwlint check --fix` applies them: the slash (CW103), the level (CW309)
    assert fixed == BROKEN.replace("codebase: v2025_1\n", "codebase: v2025_1/\n").replace(
        "add: ALL", "add: All"
    )


async def test_disable_for_this_line(client: LanguageClient) -> None:
    text = BROKEN.replace("codebase: v2025_1", "codebase: v2025_1  # from companyinfo")
    uri = open_doc(client, "disable/broken.cwlint.yaml", text)
    found = by_code(await published(client, uri))
    # no comment on the line: the directive goes at its end
    (cw309,) = [
        a
        for a in await actions_at(client, uri, found["CW309"])
        if a.title == "Disable CW309 for this line"
    ]
    text = apply(text, edits_of(cw309))
    assert text.splitlines()[14].endswith("inquire: All}  # cwlint: disable=CW309")
    # a comment already there: on a line of its own before, at the line's indentation
    (cw103,) = [
        a
        for a in await actions_at(client, uri, found["CW103"])
        if a.title == "Disable CW103 for this line"
    ]
    text = apply(text, edits_of(cw103))
    assert text.splitlines()[7:9] == [
        "  # cwlint: disable=CW103",
        "  codebase: v2025_1  # from companyinfo",
    ]
    replace_all(client, uri, text)
    found = by_code(await published(client, uri))
    assert sorted(found) == ["CW503"]  # and no CW006: both comments suppress what they name
    # a directive already on the line: the rule is added to it
    line = LINES[16]
    text = BROKEN.replace(line, line + "  # cwlint: disable=CW309 -- x")
    uri = open_doc(client, "disable/directive.cwlint.yaml", text)
    found = by_code(await published(client, uri))
    assert sorted(found) == ["CW006", "CW103", "CW309", "CW503"]  # nothing to disable there
    (cw503,) = [
        a
        for a in await actions_at(client, uri, found["CW503"])
        if a.title == "Disable CW503 for this line"
    ]
    text = apply(text, edits_of(cw503))
    assert text.splitlines()[16] == line + "  # cwlint: disable=CW309,CW503 -- x"
    replace_all(client, uri, text)
    assert sorted(by_code(await published(client, uri))) == ["CW006", "CW103", "CW309"]


# ------------------------------------------------------------------------------ completion
PARTIAL = """\
cwlint: 1
profile: 1stream
connection:
  codebase: v2025_1/
  api_url: https://
security_role:
  permissions:
    - module: Companies
      function: Com
      add:\x20
    - module: Serv
    - {module: Service Desk, function: }
pods:
  - screen:\x20
    type:\x20
"""


async def complete(client: LanguageClient, uri: str, line: int, col: int) -> list[str]:
    got = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(line, col))
    )
    assert isinstance(got, types.CompletionList)
    return [item.label for item in got.items]


async def test_completion_at_a_level_a_module_and_a_function(client: LanguageClient) -> None:
    uri = open_doc(client, "complete/partial.cwlint.yaml", PARTIAL)
    lines = PARTIAL.splitlines()
    assert await complete(client, uri, 9, len(lines[9])) == ["None", "My", "All"]
    modules = await complete(client, uri, 10, len(lines[10]))
    assert {"Companies", "Service Desk", "System", "Time & Expense"} <= set(modules)
    functions = await complete(client, uri, 8, len(lines[8]))
    assert "Company Maintenance" in functions and "Contacts" in functions
    assert "Service Tickets" not in functions  # a Service Desk function, not a Companies one
    in_flow = await complete(client, uri, 11, lines[11].index("}") - 0)
    assert "Service Tickets" in in_flow and "Company Maintenance" not in in_flow


async def test_completion_of_catalogue_values(client: LanguageClient) -> None:
    uri = open_doc(client, "complete2/partial.cwlint.yaml", PARTIAL)
    lines = PARTIAL.splitlines()
    assert "Service Ticket" in await complete(client, uri, 13, len(lines[13]))
    assert await complete(client, uri, 14, len(lines[14])) == ["Tab", "Pod", "ToolbarButton"]
    api = await complete(client, uri, 4, len(lines[4]))
    assert "https://api-eu.myconnectwise.net/v2025_1/apis/3.0/" in api


async def test_profile_ids_include_the_profiles_path(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    (root / "team" / "profiles").mkdir(parents=True)
    (root / "team" / ".cwlint.yaml").write_text("profiles-path: profiles\n")
    (root / "team" / "profiles" / "inhouse-crm.yaml").write_text("id: inhouse-crm\n")
    text = "cwlint: 1\nprofile: \n"
    uri = open_doc(client, "team/m.cwlint.yaml", text)
    ids = await complete(client, uri, 1, len("profile: "))
    assert "inhouse-crm" in ids and "1stream" in ids


async def test_completion_of_keys_and_features(client: LanguageClient) -> None:
    text = (
        "cwlint: 1\nprofile: commvault\nfeatures:\n  - \nconnection:\n  deployment: cloud\n  co\n"
    )
    uri = open_doc(client, "complete3/partial.cwlint.yaml", text)
    assert await complete(client, uri, 3, len("  - ")) == ["psa-ticketing"]
    keys = await complete(client, uri, 6, len("  co"))
    assert "codebase" in keys and "company_id" in keys
    assert "deployment" not in keys  # already written in this mapping
    assert await complete(client, uri, 5, len("  deployment: ")) == ["cloud", "on-premise"]
    table = (
        "cwlint: 1\nsecurity_role:\n  permissions:\n    - module: System\n"
        "      function: Table Setup\n      customize:\n        allow:\n          - Serv\n"
    )
    uri = open_doc(client, "complete3/customize.cwlint.yaml", table)
    entries = await complete(client, uri, 7, len("          - Serv"))
    assert "Service / Service Board" in entries


# ------------------------------------------------------------------------------ hover
async def hover(client: LanguageClient, uri: str, at: types.Position) -> str:
    got = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), at)
    )
    assert got is not None and isinstance(got.contents, types.MarkupContent)
    return got.contents.value


async def test_hover_on_a_diagnostic_a_key_and_the_profile(client: LanguageClient) -> None:
    uri = open_doc(client, "hover/broken.cwlint.yaml", BROKEN)
    await published(client, uri)
    on_value = await hover(client, uri, pos(7, "v2025_1", "v20"))
    assert "**CW103 codebase-format**" in on_value
    assert "trailing slash included" in on_value  # the summary
    assert "companyinfo" in on_value  # the rationale
    on_key = await hover(client, uri, pos(7, "codebase", "code"))
    assert "CW103" not in on_key and on_key.startswith("`codebase`: ")
    with_profile = "cwlint: 1\nprofile: 1stream\n"
    uri = open_doc(client, "hover/profile.cwlint.yaml", with_profile)
    on_profile = await hover(client, uri, types.Position(1, len("profile: 1s")))
    assert "1stream" in on_profile and "built-in profile" in on_profile
    assert "Sources:" in on_profile


# ------------------------------------------------------------------------------ a large manifest
LARGE = (
    BROKEN
    + "users:\n"
    + "".join(f"  - user: user{n}@acme.example\n    member: member{n}\n" for n in range(9000))
)


async def test_a_large_manifest_holds_up_no_other_request(client: LanguageClient) -> None:
    assert len(LARGE) > 400_000
    small = open_doc(client, "busy/small.cwlint.yaml", "cwlint: 1\nprofile: 1stream\n")
    await published(client, small)
    large = open_doc(client, "busy/large.cwlint.yaml", LARGE)
    # answered while the large manifest is still being linted
    assert "built-in profile" in await hover(client, small, types.Position(1, 11))
    assert await complete(client, small, 1, len("profile: 1s")) != []
    assert large not in client.published  # type: ignore[attr-defined]
    assert sorted(by_code(await published(client, large))) == ["CW103", "CW309", "CW503"]


async def test_only_the_latest_version_is_published(client: LanguageClient) -> None:
    large = open_doc(client, "stale/large.cwlint.yaml", LARGE)
    await published(client, large)
    replace_all(client, large, LARGE.replace("edit: All", "edit: MY"))  # version 2
    replace_all(client, large, LARGE.replace("edit: All", "edit: NONE"))  # version 3
    replace_all(client, large, LARGE.replace("codebase: v2025_1", "codebase: v2025_1/"))
    found = await published(client, large)  # version 4
    assert sorted(by_code(found)) == ["CW309", "CW503"]
    assert client.history[large] == [1, 4]  # type: ignore[attr-defined]
