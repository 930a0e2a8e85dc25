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
    timeout: float = 10.0  # seconds per live call (connect, headers and body together)
    allowed_hosts: tuple[str, ...] = ()  # --allow-host: API hosts besides ConnectWise's
    # from the config file (cwlint.config); globs are relative to config_root (default: cwd)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule IDs)
    exclude: tuple[str, ...] = ()  # globs skipped by directory discovery
    config_root: str | None = None
    profiles_path: str | None = None  # a folder of the user's own profiles
    inline_suppressions: bool = True  # False: `# cwlint: disable` comments are ignored (audits)
    manifests_only: bool = False  # named files are filtered like directory discovery (pre-commit)
