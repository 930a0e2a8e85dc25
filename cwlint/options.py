"""Options: what a run judges, as the library takes them (``cwlint.lint(paths, options)``).

These are the command line's judging flags; a field left at its default means "not given",
so the config file that governs each checked file decides (see :mod:`cwlint.config`). How the
report is shown (format, colour, quiet) is not here: that is the front-end's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cwlint.findings import Severity
from cwlint.live import DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Options:
    #: Only these rules (IDs); ``None``: the config's ``select``, else every rule.
    select: tuple[str, ...] | None = None
    #: Also skip these rules, on top of the config's ``ignore``.
    ignore: tuple[str, ...] = ()
    #: Re-graded rules, on top of the config's ``severity``.
    severity: Mapping[str, Severity] = field(default_factory=dict)
    #: Lowest severity that fails the run; ``None``: the config's ``fail-on``, else error.
    fail_on: Severity | None = None
    #: One config file for every checked file (``--config``) instead of the closest one.
    config: str | None = None
    #: ``False``: ``# cwlint: disable`` comments are ignored (audits).
    inline_suppressions: bool = True
    #: Named files are filtered as directory discovery filters them (pre-commit).
    manifests_only: bool = False
    #: ``--exclude``: globs (relative to the working folder) that replace every config's
    #: ``exclude``; ``None``: each config's own.
    exclude: tuple[str, ...] | None = None
    #: ``--extend-exclude``: globs (relative to the working folder) added to ``exclude``.
    extend_exclude: tuple[str, ...] = ()
    #: A run that checks no manifest is fine; otherwise a folder named that holds none, or a
    #: run that checks nothing, is a :class:`~cwlint.errors.UsageError`.
    allow_empty: bool = False
    #: Findings this baseline file records are known: suppressed, so only new ones count.
    baseline: str | None = None
    #: Record the run's findings in this baseline file (and judge the run against it).
    write_baseline: str | None = None
    #: The name of the manifest read from ``-``: shown in reports, and where its config is found.
    stdin_filename: str | None = None
    #: Compare each manifest with its tenant (read-only).
    live: bool = False
    env_file: str | None = None
    ca_bundle: str | None = None
    #: Seconds per live call (connect, headers and body together).
    timeout: float = DEFAULT_TIMEOUT
    #: ``--allow-host``: API hosts besides ConnectWise's that may get the credentials.
    allowed_hosts: tuple[str, ...] = ()
    #: Judge the live rules against a saved snapshot (``--snapshot``): no network.
    snapshot: str | None = None
    #: Write what ``--live`` read to this file (``--save-snapshot``); never a secret.
    save_snapshot: str | None = None
    #: The environment ``${VAR}`` references resolve against; ``None``: ``os.environ``.
    environ: Mapping[str, str] | None = None
