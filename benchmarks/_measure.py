"""Whole-process measurement for the benchmarks: wall, CPU and the process tree's peak memory.

Each command runs in a child started through a small probe (so every measurement starts from
a cold interpreter); the probe samples the proportional set size (PSS: memory shared between processes counted
once, shared out) of the command and all its descendants every few milliseconds (Linux
``/proc``; elsewhere the largest process's peak RSS) and reads the children's CPU time from ``getrusage``. Commands of
one case run interleaved (A B A B ...), so machine noise hits them alike; figures are min,
median and max, and ratios are the median of the pair-by-pair ratios.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

# Every tool runs as installed for real: with its bytecode cached (pip compiles at install;
# some machines set PYTHONDONTWRITEBYTECODE, which would make a checkout recompile every run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

_PROBE = r"""
import json, os, resource, subprocess, sys, threading, time

def tree_rss(root):
    # proportional set size: a page the forked workers share with their parent counts once
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return total

out = open(os.devnull, "wb") if sys.argv[1] == "-" else open(sys.argv[1], "wb")
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
peak = [0]
def sample():
    while proc.poll() is None:
        peak[0] = max(peak[0], tree_rss(proc.pid))
        time.sleep(0.004)
watcher = threading.Thread(target=sample, daemon=True)
if os.path.isdir("/proc"):
    watcher.start()
code = proc.wait()
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "tree_kib": peak[0], "max_kib": usage.ru_maxrss, "code": code}))
"""


@dataclass
class Runs:
    """The runs of one command: wall and CPU seconds, peak MiB of the tree."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    tree: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)


def measure(cmd: Sequence[str], output: str = "-", cwd: str | None = None) -> dict[str, float]:
    """One cold run of ``cmd``: wall, cpu (s), tree (peak MiB of the process tree)."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, output, *cmd],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
        cwd=cwd,
    )
    data = json.loads(done.stdout)
    tree = (data["tree_kib"] or data["max_kib"]) / 1024
    return {"wall": data["wall"], "cpu": data["cpu"], "tree": tree, "code": data["code"]}


def interleaved(commands: dict[str, Sequence[str]], runs: int, warmup: int = 1) -> dict[str, Runs]:
    """Each command ``runs`` times, in turn, after ``warmup`` uncounted rounds."""
    for _ in range(warmup):
        for cmd in commands.values():
            measure(cmd)
    out = {name: Runs() for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            m = measure(cmd)
            out[name].wall.append(m["wall"])
            out[name].cpu.append(m["cpu"])
            out[name].tree.append(m["tree"])
            out[name].codes.add(int(m["code"]))
    return out


def spread(values: Sequence[float], scale: float = 1.0, fmt: str = "{:.3f}") -> str:
    """``median (min-max)``."""
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"{fmt.format(mid * scale)} ({fmt.format(lo * scale)}-{fmt.format(hi * scale)})"


def ratio(a: Sequence[float], b: Sequence[float]) -> tuple[float, float, float]:
    """min, median, max of the pair-by-pair ratios a[i] / b[i]."""
    pairs = [x / y for x, y in zip(a, b, strict=True) if y]
    return min(pairs), statistics.median(pairs), max(pairs)


def verdict(value: float, budget: float) -> str:
    return "OK" if value <= budget else "OVER"


def line(label: str, values: tuple[float, float, float], budget: float, unit: str = "x") -> str:
    lo, mid, hi = values
    return (
        f"  {label:<44} {mid:7.2f}{unit} (min {lo:.2f}, max {hi:.2f})   budget <= {budget:g}{unit}"
        f"  {verdict(mid, budget)}"
    )
