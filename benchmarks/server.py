"""`cwlint server`: diagnostics latency after a change, and other requests during a long lint.

    python benchmarks/server.py [--runs 30]

Starts the real server (``python -m cwlint server``) and speaks LSP to it over stdio (pygls's
client). For a 4 KB and a 400 KB manifest (``examples/acme-1stream.yaml`` grown with user
mappings): opens it, waits for the first diagnostics, then --runs times sends a change (the
``name:`` edited) and times until the diagnostics of that version arrive. Reports the median and
the slowest. Then, while the 400 KB manifest is being linted after a change, times a hover and a
completion on a small manifest: they must not wait for the lint.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme-1stream.yaml"
BUDGET_MS = 30.0  # 4 KB manifest, a change after the first lint (SPEC: editor integration)


def manifest(size: int) -> str:
    """The example grown with user mappings to about ``size`` bytes."""
    base = EXAMPLE.read_text(encoding="utf-8")
    users, total, n = [], len(base), 0
    while total < size:
        entry = f"  - user: user{n}@acme.example\n    member: member{n}\n"
        users.append(entry)
        total += len(entry)
        n += 1
    return base.replace("users:\n", "users:\n" + "".join(users), 1)


class Bench:
    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.waiting: dict[tuple[str, int], asyncio.Future[float]] = {}

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            future = self.waiting.pop((params.uri, params.version or 0), None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())

    def expect(self, uri: str, version: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return future

    async def open(self, uri: str, text: str) -> None:
        arrived = self.expect(uri, 1)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
        )
        await arrived

    def change(self, uri: str, version: int, text: str) -> asyncio.Future[float]:
        arrived = self.expect(uri, version)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        return arrived

    async def latency(self, uri: str, text: str, runs: int) -> list[float]:
        await self.open(uri, text)
        times = []
        for version in range(2, runs + 2):
            edited = text.replace("name: acme-1stream", f"name: acme-{version}", 1)
            sent = time.perf_counter()
            arrived = await self.change(uri, version, edited)
            times.append((arrived - sent) * 1000)
        return times


async def run(runs: int) -> None:
    client = LanguageClient("cwlint-bench", "1")
    bench = Bench(client)
    await client.start_io(sys.executable, "-m", "cwlint", "server")
    folder = Path(tempfile.mkdtemp(prefix="cwlint-bench-"))
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=folder.as_uri())
    )
    client.initialized(types.InitializedParams())
    small, large = manifest(4 * 1024), manifest(400 * 1024)
    print(f"diagnostics after a change, median of {runs} (slowest):")
    for label, text, count in (("4 KB", small, runs), ("400 KB", large, max(5, runs // 5))):
        uri = (folder / f"{label.replace(' ', '')}.cwlint.yaml").as_uri()
        times = await bench.latency(uri, text, count)
        budget = f"  (budget {BUDGET_MS:.0f} ms)" if label == "4 KB" else ""
        print(
            f"  {label:>6} ({len(text):,} bytes): {statistics.median(times):7.1f} ms "
            f"({max(times):.1f}){budget}"
        )
    # other requests while the 400 KB manifest is being linted
    big = (folder / "400KB.cwlint.yaml").as_uri()
    other = (folder / "small.cwlint.yaml").as_uri()
    await bench.open(other, small)
    line = small.splitlines().index("profile: 1stream")
    waits: list[float] = []
    for version in range(100, 105):
        lint_done = bench.change(big, version, large.replace("acme1stream", f"acme{version}"))
        await asyncio.sleep(0.05)  # the lint has started
        sent = time.perf_counter()
        await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(other), types.Position(line, 11))
        )
        await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(other), types.Position(line, 11))
        )
        answered = time.perf_counter()
        finished = await lint_done
        waits.append((answered - sent) * 1000)
        assert answered < finished, "hover and completion waited for the lint"
    print(
        f"hover + completion on a small manifest while the 400 KB one is linted: median "
        f"{statistics.median(waits):.1f} ms, all answered before that lint ended"
    )
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    asyncio.run(run(parser.parse_args().runs))


if __name__ == "__main__":
    main()
