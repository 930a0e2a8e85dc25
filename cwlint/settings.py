"""Settings: everything a run needs, gathered from flags (and config files) before it starts."""

from __future__ import annotations

from dataclasses import dataclass, field

from cwlint.findings import Severity


@dataclass(frozen=True)
class Settings:
    paths: tuple[str, ...] = ()
    format: str = "text"
    output: str | None = None
    select: tuple[str, ...] = ()  # rule IDs; empty = all
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)  # re-graded rule IDs
    fail_on: Severity = Severity.ERROR
    exit_zero: bool = False
    quiet: bool = False
    color: bool = False
    stdin_filename: str = "-"
    live: bool = False
    env_file: str | None = None
    ca_bundle: str | None = None
