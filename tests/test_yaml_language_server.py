"""The schema in another editor: the YAML language server (npm ``yaml-language-server``, which
VS Code's YAML extension and Neovim's yamlls run) driven over stdio against `cwlint schema`'s
output, set up as the README says. It offers the API's levels only (None, My, All), still
accepts the vendor spellings cwlint reports as CW309, and leaves other YAML files alone.

`.ci/run` installs the package into ``.ci/npm``; ``CWLINT_YAML_LANGUAGE_SERVER`` may name
another copy of its ``bin/yaml-language-server``. Without node or the package the test is
skipped, saying how to get them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities, make_test_lsp_client

from tests.conftest import ROOT, run_cwlint

SERVER = Path(
    os.environ.get("CWLINT_YAML_LANGUAGE_SERVER")
    or ROOT / ".ci/npm/node_modules/yaml-language-server/bin/yaml-language-server"
)
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(
        NODE is None or not SERVER.is_file(),
        reason=(
            "needs node and the npm package yaml-language-server: "
            "npm install --prefix .ci/npm yaml-language-server@1.19.2 (as .ci/run does)"
        ),
    ),
    pytest.mark.asyncio(loop_scope="module"),
]

GLOB = "integrations/*.yaml"  # the README's narrow mapping: the folder that holds manifests


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("yls")
    schema = run_cwlint("schema")
    assert schema.returncode == 0
    (root / ".cwlint").mkdir()
    (root / ".cwlint" / "manifest.schema.json").write_text(schema.stdout, encoding="utf-8")
    return root


def _client() -> LanguageClient:
    """pytest-lsp's client, also accepting the server's dynamic registrations (VS Code's
    capabilities allow them) and its telemetry events."""
    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        return None

    @client.feature(types.TELEMETRY_EVENT)
    def telemetry(client: LanguageClient, params: object) -> None:
        return None

    return client


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[str(NODE), str(SERVER), "--stdio"], client_factory=_client
    ),
)
async def yls(lsp_client: LanguageClient, workspace: Path):
    schema = str(workspace / ".cwlint" / "manifest.schema.json")
    settings = {"validate": True, "completion": True, "hover": True, "schemas": {schema: GLOB}}
    lsp_client.set_configuration({"yaml": settings})  # answers workspace/configuration
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
        )
    )
    lsp_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"yaml": settings})
    )
    yield
    await lsp_client.shutdown_session()


async def diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The server's diagnostics for ``uri`` (it publishes once per validation)."""
    for _ in range(3000):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await asyncio.sleep(0.01)
    raise AssertionError(f"yaml-language-server published nothing for {uri}")


def open_doc(client: LanguageClient, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )
    return uri


MANIFEST = """\
cwlint: 1
security_role:
  name: x
  permissions:
    - module: Companies
      function: Contacts
      inquire: N/A
      edit: ALL
      delete:
      add:\x20
"""


def on_levels(found: list[types.Diagnostic], text: str) -> list[types.Diagnostic]:
    """The diagnostics on the permission's levels (the manifest leaves out required keys)."""
    first = text.splitlines().index("      inquire: N/A")
    return [d for d in found if d.range.start.line >= first]


async def levels_offered(client: LanguageClient, uri: str, text: str) -> list[str]:
    line = text.splitlines().index("      add: ")
    got = await client.text_document_completion_async(
        types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(line, len("      add: "))
        )
    )
    items = got.items if isinstance(got, types.CompletionList) else got or []
    return sorted(item.label for item in items)


async def test_modeline_offers_only_the_api_levels(yls: LanguageClient, workspace: Path) -> None:
    text = "# yaml-language-server: $schema=../.cwlint/manifest.schema.json\n" + MANIFEST
    (workspace / "manifests").mkdir()
    uri = open_doc(yls, workspace / "manifests" / "acme.yaml", text)  # the glob does not match
    assert await levels_offered(yls, uri, text) == ["All", "My", "None"]
    # the aliases (N/A, ALL) and an empty level stay valid: no schema error on the levels
    assert on_levels(await diagnostics(yls, uri), text) == []


async def test_the_glob_maps_manifests_only(yls: LanguageClient, workspace: Path) -> None:
    text = MANIFEST.replace("edit: ALL", "edit: Full")
    (workspace / "integrations").mkdir()
    uri = open_doc(yls, workspace / "integrations" / "acme.yaml", text)
    assert await levels_offered(yls, uri, text) == ["All", "My", "None"]
    (problem,) = on_levels(await diagnostics(yls, uri), text)  # the schema applies
    assert problem.range.start.line == text.splitlines().index("      edit: Full")
    # neither a compose file nor cwlint's own config is taken for a manifest
    compose = open_doc(yls, workspace / "compose.yaml", "services:\n  web: {image: nginx}\n")
    config = open_doc(yls, workspace / ".cwlint.yaml", "ignore: [CW302]\n")
    assert await diagnostics(yls, compose) == []
    assert await diagnostics(yls, config) == []
