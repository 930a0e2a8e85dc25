"""Static budgets (SPEC §6 and the speed issue): cwlint against yamllint, check-jsonschema and
libyaml's own compose of the same files, whole processes, interleaved runs.

    python benchmarks/static.py [--runs 7] [--files 10000] [--only single,many,...]

Cases (each prints its figures beside the budget, median (min-max) over the runs):

  single   one manifest, cold process: <= 0.8 x yamllint and <= 0.4 x check-jsonschema
  many     --files manifests (~4 KB each): wall <= 1.0 x and CPU <= 2.5 x the single-process
           libyaml compose floor of the same files; peak memory of the whole process tree
           <= 60 MiB, and flat (the same at a tenth of the files)
  cjs      1,000 manifests: <= 0.06 x check-jsonschema
  large    a manifest with 5,000 users and 500 permission rows, and one with 2,000 pods:
           each <= 2 x the compose floor of that file
  formats  10,000 findings: every --format <= 1.1 x text

The corpora are written on the fly into a temporary folder. yamllint and check-jsonschema are
not dependencies of cwlint (pip install yamllint check-jsonschema); a case whose tool is missing
is skipped. check-jsonschema validates against the same schema
(schemas/manifest-1.schema.json); yamllint runs its default rules.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import interleaved, line, ratio, spread

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme-1stream.yaml"
SCHEMA = ROOT / "schemas" / "manifest-1.schema.json"
CWLINT = [sys.executable, "-m", "cwlint"]
# libyaml's compose of every document of every .yaml file under a folder, in one process:
# the floor no YAML linter on PyYAML can go below.
COMPOSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")) if Path(sys.argv[1]).is_dir() else [Path(sys.argv[1])]:
    for _ in yaml.compose_all(path.read_bytes(), Loader=yaml.CSafeLoader):
        pass
"""


def floor(path: Path) -> list[str]:
    return [sys.executable, "-c", COMPOSE, str(path)]


def manifest(i: int, users: int = 40) -> str:
    """The 1stream example with ``users`` more mapped users: about 4 KB at 40."""
    extra = "".join(
        f"  - user: agent{n:04}@acme.example\n    member: agent{n:04}\n" for n in range(users)
    )
    return (
        EXAMPLE.read_text()
        .replace("users:\n", "users:\n" + extra, 1)
        .replace("name: acme-1stream", f"name: acme-{i}")
    )


def corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = manifest(0)
    for i in range(count):
        folder.joinpath(f"m{i:05}.yaml").write_text(text.replace("acme-0", f"acme-{i}"))
    return folder


def tool(name: str) -> str | None:
    return shutil.which(name)


def single(tmp: Path, runs: int) -> None:
    one = tmp / "acme-1stream.yaml"
    one.write_text(EXAMPLE.read_text())
    commands = {"cwlint": [*CWLINT, "check", str(one)]}
    if yl := tool("yamllint"):
        commands["yamllint"] = [yl, str(one)]
    if cjs := tool("check-jsonschema"):
        commands["check-jsonschema"] = [cjs, "--schemafile", str(SCHEMA), str(one)]
    results = interleaved(commands, runs)
    print(f"\nOne manifest, cold process ({runs} interleaved runs; wall ms, median (min-max))")
    for name, r in results.items():
        print(f"  {name:<17} {spread(r.wall, 1000, '{:.1f}')} ms  peak {max(r.tree):.1f} MiB")
    if "yamllint" in results:
        print(
            line("cwlint / yamllint", ratio(results["cwlint"].wall, results["yamllint"].wall), 0.8)
        )
    if "check-jsonschema" in results:
        print(
            line(
                "cwlint / check-jsonschema",
                ratio(results["cwlint"].wall, results["check-jsonschema"].wall),
                0.4,
            )
        )


def many(tmp: Path, runs: int, files: int) -> None:
    big = corpus(tmp / f"c{files}", files)
    small = corpus(tmp / f"c{files // 10}", files // 10)
    size = sum(p.stat().st_size for p in big.iterdir()) / 1e6
    results = interleaved(
        {
            "cwlint": [*CWLINT, "check", "-q", str(big)],
            "compose": floor(big),
            "cwlint-tenth": [*CWLINT, "check", "-q", str(small)],
        },
        runs,
    )
    cw, fl, tenth = results["cwlint"], results["compose"], results["cwlint-tenth"]
    print(f"\n{files:,} manifests ({size:.1f} MB), {runs} interleaved runs")
    print(f"  cwlint            wall {spread(cw.wall)} s  cpu {spread(cw.cpu)} s")
    print(f"  libyaml compose   wall {spread(fl.wall)} s  cpu {spread(fl.cpu)} s")
    print(line("wall / compose floor", ratio(cw.wall, fl.wall), 1.0))
    print(line("cpu / compose floor", ratio(cw.cpu, fl.cpu), 2.5))
    print(
        line(
            "peak memory, whole process tree",
            (min(cw.tree), max(cw.tree), max(cw.tree)),
            60,
            " MiB",
        )
    )
    print(f"  {'  (a tenth of the files: ' + f'{max(tenth.tree):.1f} MiB)':<44}")


def cjs_case(tmp: Path, runs: int) -> None:
    cjs = tool("check-jsonschema")
    if cjs is None:
        print("\n1,000 manifests against check-jsonschema: check-jsonschema not installed")
        return
    folder = corpus(tmp / "c1000", 1000)
    files = sorted(str(p) for p in folder.iterdir())
    results = interleaved(
        {
            "cwlint": [*CWLINT, "check", "-q", *files],
            "check-jsonschema": [cjs, "--schemafile", str(SCHEMA), *files],
        },
        max(2, runs // 2),
        warmup=0,
    )
    cw, ref = results["cwlint"], results["check-jsonschema"]
    print(f"\n1,000 manifests, {len(cw.wall)} interleaved runs")
    print(f"  cwlint            wall {spread(cw.wall)} s")
    print(f"  check-jsonschema  wall {spread(ref.wall)} s")
    print(line("cwlint / check-jsonschema", ratio(cw.wall, ref.wall), 0.06))


def large_files(tmp: Path) -> dict[str, Path]:
    rows = [
        r for r in EXAMPLE.read_text().splitlines(keepends=True) if r.startswith("    - {module:")
    ]
    head, _, rest = EXAMPLE.read_text().partition("  permissions:\n")
    _, _, tail = rest.partition("users:\n")
    users = "".join(f"  - user: u{n:05}@acme.example\n    member: u{n:05}\n" for n in range(5000))
    permissions = "".join(rows[n % len(rows)] for n in range(500))
    big_users = tmp / "users-5000.yaml"
    big_users.write_text(f"{head}  permissions:\n{permissions}users:\n{users}{tail}")
    pod = EXAMPLE.read_text().split("pods:\n")[1].split("\n\n")[0].rstrip("\n") + "\n"
    pods = "".join(
        pod.replace("1stream call pod", f"pod {n}").replace("id=[cw_id]", f"id=[cw_id]&n={n}")
        for n in range(2000)
    )
    base = EXAMPLE.read_text().split("pods:\n")[0]
    big_pods = tmp / "pods-2000.yaml"
    big_pods.write_text(f"{base}pods:\n{pods}")
    return {"5,000 users + 500 permission rows": big_users, "2,000 pods": big_pods}


def large(tmp: Path, runs: int) -> None:
    for label, path in large_files(tmp).items():
        results = interleaved(
            {"cwlint": [*CWLINT, "check", "-q", "--exit-zero", str(path)], "compose": floor(path)},
            runs,
        )
        cw, fl = results["cwlint"], results["compose"]
        kb = path.stat().st_size / 1024
        print(f"\nLarge manifest: {label} ({kb:.0f} KB), {runs} interleaved runs")
        print(f"  cwlint            wall {spread(cw.wall)} s")
        print(f"  libyaml compose   wall {spread(fl.wall)} s")
        print(line("wall / compose floor", ratio(cw.wall, fl.wall), 2.0))


def formats(tmp: Path, runs: int) -> None:
    """100 files of 100 findings each (an unknown key on each of 100 users)."""
    folder = tmp / "findings"
    folder.mkdir()
    text = manifest(0, users=100).replace("    member: agent", "    bogus: 1\n    member: agent")
    for i in range(100):
        folder.joinpath(f"f{i:03}.yaml").write_text(text.replace("acme-0", f"acme-{i}"))
    names = ["text", "json", "sarif", "junit", "github"]
    commands = {
        name: [*CWLINT, "check", "--exit-zero", "--format", name, str(folder)] for name in names
    }
    results = interleaved(commands, runs)
    print(f"\n10,000 findings (100 files), every format, {runs} interleaved runs")
    for name in names:
        print(f"  {name:<8} wall {spread(results[name].wall)} s")
    for name in names[1:]:
        print(line(f"{name} / text", ratio(results[name].wall, results["text"].wall), 1.1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--only", default="single,many,cjs,large,formats")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "single" in only:
            single(tmp, args.runs * 4)
        if "many" in only:
            many(tmp, args.runs, args.files)
        if "cjs" in only:
            cjs_case(tmp, args.runs)
        if "large" in only:
            large(tmp, args.runs)
        if "formats" in only:
            formats(tmp, args.runs)


if __name__ == "__main__":
    main()
