"""Side-by-side wall time of cwlint, check-jsonschema and yamllint (SPEC §6).

    python benchmarks/static.py [--runs 10] [--files 1000]

Case 1, pre-commit: one manifest, cold process, median of --runs.
Case 2, CI: --files manifests (~4 KB each) in one run; wall time and peak memory.
check-jsonschema validates against the same schema (schemas/manifest-1.schema.json); yamllint
runs its default config. Tools that are not installed are reported and skipped
(pip install check-jsonschema yamllint).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme-1stream.yaml"
SCHEMA = ROOT / "schemas" / "manifest-1.schema.json"

# Runs a command in a child and prints its wall time and peak RSS (of the whole process tree's
# largest member), so each measurement starts from a cold interpreter.
_PROBE = """
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


# Every tool runs as installed for real: with its bytecode cached (pip compiles at install;
# some machines set PYTHONDONTWRITEBYTECODE, which would make a checkout recompile every run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str]) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *cmd], capture_output=True, text=True, check=True, env=ENV
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def tools(paths: list[str]) -> dict[str, list[str] | None]:
    def which(name: str) -> str | None:
        found = shutil.which(name)
        return found if found else None

    cjs, yl = which("check-jsonschema"), which("yamllint")
    return {
        "cwlint": [sys.executable, "-m", "cwlint", "check", "-q", *paths],
        "check-jsonschema": [cjs, "--schemafile", str(SCHEMA), *paths] if cjs else None,
        "yamllint": [yl, *paths] if yl else None,
    }


def report(title: str, results: dict[str, tuple[float, float] | None]) -> None:
    print(f"\n{title}")
    base = results.get("check-jsonschema")
    for name, value in results.items():
        if value is None:
            print(f"  {name:<17} not installed")
            continue
        wall, rss = value
        ratio = f"  {wall / base[0]:.2f}x check-jsonschema" if base else ""
        print(f"  {name:<17} {wall * 1000:8.1f} ms  peak {rss:6.1f} MiB{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp, "acme-1stream.yaml")
        one.write_text(EXAMPLE.read_text())
        commands = {name: cmd for name, cmd in tools([str(one)]).items() if cmd}
        for cmd in commands.values():
            measure(cmd)  # warm-up: caches bytecode and the file system
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so that machine noise hits every tool alike
            for name, cmd in commands.items():
                runs[name].append(measure(cmd))
        single: dict[str, tuple[float, float] | None] = {
            name: (statistics.median(r[0] for r in runs[name]), max(r[1] for r in runs[name]))
            if name in runs
            else None
            for name in tools([])
        }
        report(f"One manifest, cold process (median of {args.runs})", single)

        many = Path(tmp, "many")
        many.mkdir()
        # the 1stream example with 40 more mapped users: about 4 KB, as SPEC §6 sizes a manifest
        extra = "".join(
            f"  - user: agent{n:02}@acme.example\n    member: agent{n:02}\n" for n in range(40)
        )
        text = EXAMPLE.read_text().replace("users:\n", "users:\n" + extra, 1)
        for i in range(args.files):
            many.joinpath(f"m{i:04}.yaml").write_text(text.replace("acme-1stream", f"acme-{i}"))
        size = sum(p.stat().st_size for p in many.iterdir()) / 1e6
        files = sorted(str(p) for p in many.iterdir())
        batch = {name: (measure(cmd) if cmd else None) for name, cmd in tools(files).items()}
        report(f"{args.files} manifests ({size:.1f} MB), one run", batch)
        print("\n" + json.dumps({"single": single, "batch": batch}))


if __name__ == "__main__":
    main()
