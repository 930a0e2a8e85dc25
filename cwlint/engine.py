"""The core: :func:`lint` and :func:`lint_text`. Every front-end (the CLI, the editor server,
the fixer, the audit) calls these and only turns their input into :class:`~cwlint.Options`
and the :class:`~cwlint.findings.Report` into its output.

Stages, in one direction: discover -> config per file -> load (CW001 CW002 CW004 CW005) ->
schema (CW003) -> static checks -> live reads (only what the enabled live rules declare) ->
live checks -> per-file ignores and inline suppressions (CW006) -> sorted report.
"""

from __future__ import annotations

import collections
import gc
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from cwlint import config as config_files
from cwlint import repo
from cwlint._record import mutable_record, record
from cwlint.context import Context
from cwlint.discover import STDIN, Walk, candidates, is_manifest, read
from cwlint.display import escape
from cwlint.display import message as shown_message
from cwlint.errors import OptionsError, UsageError
from cwlint.findings import Finding, Fix, Issue, Report, Severity, Span, json_pointer
from cwlint.fingerprint import fingerprint
from cwlint.globs import Excludes, FileIgnores, GlobError, Globs
from cwlint.manifest.load import Loaded, Problem, load
from cwlint.options import Options
from cwlint.registry import Rule, all_rules

if TYPE_CHECKING:
    from cwlint.baseline import Baseline
    from cwlint.live.snapshot import Tenant
    from cwlint.manifest.document import Document

MAX_FINDINGS = 1_000  # per file: past this, one finding says how many more there are
_SUPPRESS_MARK = re.compile(rb"#[ \t]*cwlint[ \t]*:", re.IGNORECASE)  # cheap gate; see suppress
#: What every live run reads before anything else: companyinfo (no credentials) and the
#: credential smoke test ``system/info``.
BASE_READS = frozenset({"company_info", "info"})


@record
class Plan:
    """How the files governed by one config are judged: the config with the options laid
    over it (see :func:`cwlint.config.merge`)."""

    config: config_files.Config
    rules: Mapping[str, Rule]  # enabled, by ID
    static: tuple[Rule, ...]  # enabled rules with a check that needs no tenant
    #: with --live/--snapshot: enabled rules that judge the tenant, and static rules that
    #: declare reads to refine their verdict with it; they run after the reads
    live: tuple[Rule, ...]
    unjudged: frozenset[str]  # enabled live rules that do not run (no --live): CW006 leaves them
    severity: Mapping[str, Severity]
    fail_on: Severity
    file_ignores: FileIgnores
    exclude: Excludes
    profiles_path: str | None

    @property
    def reads(self) -> frozenset[str]:
        """The tenant reads the enabled live rules need."""
        wanted = set(BASE_READS)
        for rule in self.live:
            wanted |= rule.reads
        return frozenset(wanted)


class Engine:
    """One run's options, the configs met so far and what ``--live`` needs."""

    def __init__(self, options: Options) -> None:
        self.options = options
        try:
            self.configs = config_files.Resolver(options.config)
        except config_files.ConfigError as exc:
            raise UsageError(str(exc)) from None
        self._plans: dict[object, Plan] = {}
        self._repo_paths: dict[str, str] = {}  # shown file name -> repository-relative path
        self.flag_excludes = _flag_globs(options)
        self.env: Mapping[str, str] = os.environ if options.environ is None else options.environ
        self.judges_tenant = options.live or options.snapshot is not None
        self.replay: Replay | None = None
        self.saved: list[dict[str, Any]] = []
        if options.live and options.snapshot is not None:
            raise OptionsError(
                "--live reads the tenant and --snapshot replays a saved one: give one"
            )
        if options.save_snapshot is not None and not options.live:
            raise OptionsError("--save-snapshot writes what --live read: add --live")
        if options.snapshot is not None:
            self.replay = Replay.read(options.snapshot)
        self.baseline: Baseline | None = None
        if options.baseline is not None and options.write_baseline is not None:
            raise UsageError(
                "--write-baseline writes today's findings and --baseline reads known ones: give "
                "one (write the baseline again to drop its fixed entries)"
            )
        if options.baseline is not None:  # read first: a bad file stops the run before linting
            from cwlint.baseline import Baseline

            self.baseline = Baseline.read(options.baseline)
        self.live_deadline = 0.0  # when the live run must end (set below with --live)
        if options.live:  # secrets from the environment and --env-file; the CA bundle checked
            from cwlint.live import SetupError, prepare, run_deadline

            self.live_deadline = run_deadline(options.timeout)

            try:
                self.env = prepare(options.env_file, options.ca_bundle, self.env)
            except SetupError as exc:
                raise UsageError(str(exc)) from None

    # ------------------------------------------------------------------ config per file
    def plan(self, path: str) -> Plan:
        """The plan for the file (or folder) ``path``, from the config that governs it."""
        try:
            config = self.configs.for_path(path)
        except config_files.ConfigError as exc:
            raise UsageError(str(exc)) from None
        key = config.path
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = self._make_plan(config)
        return found

    def _make_plan(self, config: config_files.Config) -> Plan:
        opts = self.options
        fields, _ = config_files.merge(
            config,
            select=opts.select or (),
            ignore=opts.ignore,
            severity=opts.severity,
            fail_on=opts.fail_on,
        )
        rules = all_rules()
        chosen = set(fields["select"] or rules) - set(fields["ignore"])
        enabled = {rid: rule for rid, rule in rules.items() if rid in chosen}
        checked = [r for r in enabled.values() if r.check is not None]
        return Plan(
            config=config,
            rules=enabled,
            static=tuple(r for r in checked if not r.live and not (r.reads and self.judges_tenant)),
            live=tuple(r for r in checked if r.live or r.reads) if self.judges_tenant else (),
            unjudged=frozenset(r.id for r in enabled.values() if r.live and not self.judges_tenant),
            severity=fields["severity"],
            fail_on=fields["fail_on"],
            file_ignores=FileIgnores(fields["per_file_ignores"], config.root),
            exclude=Excludes(
                Globs(config.exclude if opts.exclude is None else (), config.root),
                self.flag_excludes,
            ),
            profiles_path=fields["profiles_path"],
        )

    def excluded(self, path: str) -> bool:
        """Whether the config governing ``path`` excludes it."""
        return self.plan(path).exclude.match(path)

    # ------------------------------------------------------------------ one file
    def finding(
        self,
        plan: Plan,
        file: str,
        rule_id: str,
        span: Span,
        message: str,
        pointer: str,
        document: int,
        severity: Severity | None = None,
        fix: Fix | None = None,
        value: Any = None,
    ) -> Finding:
        """A finding at ``span``; ``value`` (the document's value at ``pointer``) goes into
        its fingerprint only."""
        if severity is None or rule_id in plan.severity:
            severity = plan.severity.get(rule_id) or plan.rules[rule_id].severity
        repo_path = self._repo_paths.get(file)
        if repo_path is None:
            repo_path = self._repo_paths[file] = repo.relative(file)
        return Finding(
            file,
            span.line,
            span.col,
            rule_id,
            shown_message(message),
            severity,
            pointer,
            span.end_line,
            span.end_col,
            document,
            fix=fix,
            fingerprint=fingerprint(rule_id, repo_path, document, pointer, value),
        )

    def check_file(self, name: str, raw: bytes, plan: Plan) -> tuple[list[Finding], dict[int, str]]:
        """Findings of one file, and the ``name:`` of each manifest it held, by document."""
        loaded = load(raw, name)
        found = [self._problem(plan, name, p) for p in loaded.problems if p.rule in plan.rules]
        for doc in loaded.documents:
            found += self.check_document(doc, plan)
        off = plan.file_ignores(name)
        if off:
            found = [f for f in found if f.rule not in off]
        if self.options.inline_suppressions and (
            loaded.encoding != "utf-8" or _SUPPRESS_MARK.search(raw)
        ):
            found = self.suppress(plan, name, loaded, found, off)
        if len(found) > MAX_FINDINGS:
            found = self._capped(plan, name, found)
        names = {
            doc.index: n if isinstance(n := doc.get(("name",)), str) else ""
            for doc in loaded.documents
        }
        return found, names

    def _capped(self, plan: Plan, name: str, found: list[Finding]) -> list[Finding]:
        """The first :data:`MAX_FINDINGS` findings in file order, and one that says the rest
        were left out (whatever rules are selected: a report must not look complete)."""
        found.sort()
        dropped = found[MAX_FINDINGS]
        note = self.finding(
            plan,
            name,
            "CW005",
            Span(dropped.line, dropped.col, dropped.end_line, dropped.end_col),
            (
                f"{len(found) - MAX_FINDINGS:,} more findings in this file are not shown "
                f"(cwlint reports up to {MAX_FINDINGS:,} per file): fix these first"
            ),
            "",
            dropped.document,
            Severity.ERROR,
        )
        return [*found[:MAX_FINDINGS], note]

    def suppress(
        self, plan: Plan, name: str, loaded: Loaded, found: list[Finding], off: frozenset[str]
    ) -> list[Finding]:
        """Inline ``# cwlint: disable`` comments applied, and CW006 for those left unused."""
        from cwlint import suppress

        directives = suppress.scan(loaded.lines)
        if not directives:
            return found
        found = suppress.apply(directives, found)
        if "CW006" in plan.rules and "CW006" not in off:
            ran = set(plan.rules) - off - plan.unjudged
            starts = [(doc.span(()).line, doc.index) for doc in loaded.documents]
            found += suppress.apply(
                directives,
                [
                    self.finding(
                        plan,
                        name,
                        "CW006",
                        span,
                        message,
                        "",
                        max((index for line, index in starts if line <= span.line), default=0),
                    )
                    for span, message in suppress.unused(directives, ran)
                ],
            )
        return found

    def _problem(self, plan: Plan, name: str, p: Problem) -> Finding:
        return self.finding(plan, name, p.rule, p.span, p.message, json_pointer(p.path), p.document)

    def check_document(self, doc: Document, plan: Plan) -> list[Finding]:
        found: list[Finding] = []
        if "CW003" in plan.rules:
            from cwlint.manifest.schema import validate

            found += self._issues(plan, doc, "CW003", validate(doc))
        ctx = Context(doc, live=self.options.live, env=self.env, profiles_path=plan.profiles_path)
        for rule in plan.static:
            found += self._run(plan, rule, ctx)
        if plan.live:
            ctx.tenant = self.tenant(doc, plan)
            for rule in plan.live:
                found += self._run(plan, rule, ctx)
        return found

    def _issues(
        self, plan: Plan, doc: Document, rule_id: str, issues: Iterable[Issue]
    ) -> list[Finding]:
        return [
            self.finding(
                plan,
                doc.file,
                rule_id,
                doc.span(issue.path, key=issue.at_key),
                issue.message,
                json_pointer(issue.path),
                doc.index,
                issue.severity,
                issue.fix,
                doc.get(issue.path),
            )
            for issue in issues
        ]

    def _run(self, plan: Plan, rule: Rule, ctx: Context) -> list[Finding]:
        assert rule.check is not None
        try:
            return self._issues(plan, ctx.doc, rule.id, rule.check(ctx))
        except Exception as exc:  # a rule bug must not cost the user the other findings
            if os.environ.get("CWLINT_DEBUG"):
                raise
            return [
                self.finding(
                    plan,
                    ctx.doc.file,
                    rule.id,
                    ctx.doc.span(()),
                    (
                        f"internal error in rule {rule.id} ({type(exc).__name__}); "
                        "the other rules ran: please report this with the manifest"
                    ),
                    "",
                    ctx.doc.index,
                    Severity.ERROR,
                )
            ]

    # ------------------------------------------------------------------ live reads
    def tenant(self, doc: Document, plan: Plan) -> Tenant:
        """The tenant as the enabled live rules need it: read (``--live``) or replayed
        (``--snapshot``). Only the reads those rules declare are made."""
        from cwlint.live.env import resolve

        connection = resolve(doc.get(("connection",)), self.env)
        if self.replay is not None:
            return self.replay.tenant(doc, connection)
        from cwlint.live import read_tenant
        from cwlint.live.snapshot import dump

        tenant = read_tenant(
            doc.data,
            self.env,
            ca_bundle=self.options.ca_bundle,
            timeout=self.options.timeout,
            allowed_hosts=self.options.allowed_hosts,
            deadline=self.live_deadline,
            wanted=plan.reads,
        )
        if self.options.save_snapshot is not None:
            self.saved.append({"file": doc.file, "document": doc.index, **dump(tenant)})
        return tenant

    def write_snapshot(self) -> None:
        """``--save-snapshot FILE``: every tenant read, as JSON (no secret is in it)."""
        import json

        from cwlint.live.snapshot import SNAPSHOT_FORMAT

        path = self.options.save_snapshot
        assert path is not None
        text = json.dumps({"cwlint-snapshot": SNAPSHOT_FORMAT, "tenants": self.saved}, indent=2)
        from cwlint import files

        try:
            files.write(path, text + "\n")
        except files.FileError as exc:
            raise UsageError(str(exc)) from None


def _flag_globs(options: Options) -> Globs:
    """``--exclude`` and ``--extend-exclude``, relative to the working folder."""
    patterns = (*(options.exclude or ()), *options.extend_exclude)
    for pattern in patterns:
        try:
            Globs([pattern], None)
        except GlobError as exc:
            raise UsageError(f"--exclude: {pattern!r} is not a valid glob ({exc})") from None
    return Globs(patterns, None)


class Replay:
    """A snapshot file (``--snapshot``): the saved tenants, matched to each manifest by the
    site's host and the company id (and, among several, by file and document)."""

    MAX_BYTES = 64 * 1024 * 1024

    def __init__(self, path: str, tenants: list[dict[str, Any]]) -> None:
        self.path = path
        self.tenants = tenants

    @classmethod
    def read(cls, path: str) -> Replay:
        import json

        from cwlint import files

        try:  # a regular file only (never a FIFO that would block), bounded
            raw = files.read(path, cls.MAX_BYTES, "snapshot")
        except files.FileError as exc:
            raise UsageError(str(exc)) from None
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as exc:
            raise UsageError(f"{path}: not a cwlint snapshot (not valid JSON: {exc})") from None
        from cwlint.live.snapshot import SNAPSHOT_FORMAT

        if not isinstance(data, dict) or data.get("cwlint-snapshot") != SNAPSHOT_FORMAT:
            raise UsageError(
                f"{path}: not a cwlint snapshot of format {SNAPSHOT_FORMAT} (write one with "
                "`cwlint check --live --save-snapshot FILE`)"
            )
        tenants = data.get("tenants")
        if not isinstance(tenants, list) or not all(isinstance(t, dict) for t in tenants):
            raise UsageError(f"{path}: `tenants` must be a list of saved tenants")
        return cls(path, tenants)

    def tenant(self, doc: Document, connection: Any) -> Tenant:
        from cwlint.live.snapshot import load, tenant_key

        key = tenant_key(connection.site, connection.company_id)
        matches = [t for t in self.tenants if tenant_key(t.get("site"), t.get("company_id")) == key]
        same_file = [
            t for t in matches if t.get("file") == doc.file and t.get("document", 0) == doc.index
        ]
        if not matches:
            raise UsageError(
                f"{doc.file}: the snapshot {self.path} holds no tenant for site "
                f"{connection.site or '(none)'} and company id {connection.company_id or '(none)'}: "
                "save one with `cwlint check --live --save-snapshot FILE` for this manifest"
            )
        chosen = (same_file or matches)[0]
        try:
            return load(chosen, connection)
        except ValueError as exc:
            raise UsageError(f"{self.path}: {exc}") from None


#: Files; below this, starting worker processes costs more than it saves (a worker's start
#: and a file's check cost about the same as 150 files checked in one process).
PARALLEL_FROM = 150
CHUNK = 32  # files sent to a worker at a time: few messages, and results come back in order
_worker_engine: Engine | None = None  # set before forking: workers inherit it


@record
class Source:
    """A file to check: ``shown`` in reports, read from ``name`` (or ``raw``: stdin, an
    editor's text); ``named`` on the command line (kept even without ``cwlint:``)."""

    shown: str
    name: str
    named: bool
    plan: Plan
    raw: bytes | None = None


Checked = tuple[list[Finding], dict[int, str]] | None  # None: not a manifest, passed over


def _check_source(engine: Engine, source: Source) -> Checked:
    """Read one file (bounded) and check it; ``None`` for a walked file that is no manifest.
    Only this file's bytes are held: many files stream through with flat memory."""
    raw = source.raw if source.raw is not None else read(source.name)
    if not (source.named and not engine.options.manifests_only) and not is_manifest(raw):
        return None
    return engine.check_file(source.shown, raw, source.plan)


#: What a worker is sent per file: its names (and stdin's bytes, read by the parent). The
#: worker finds the file's plan as the parent did (from the configs it inherited with the fork,
#: or reads later): sending the plan, with its rules and configs, with every file would copy it.
Task = tuple[str, str, bool, bytes | None]


def _check_in_worker(task: Task) -> Checked:
    engine = _worker_engine
    assert engine is not None
    shown, name, named, raw = task
    return _check_source(engine, Source(shown, name, named, engine.plan(shown), raw))


def _checked(engine: Engine, sources: Iterator[Source]) -> Iterator[tuple[Source, Checked]]:
    """Each file with its findings, in order, as they are checked; many files are shared out
    over the CPUs.

    Static checks are pure, so forked workers (which inherit the loaded rules, catalogue and
    plans) give the same result as one process; each worker reads its own files, and paths
    stream to them as discovery finds them. Live runs stay in one process: they talk to
    tenants, and a snapshot to save is gathered here.
    """
    head = list(itertools.islice(sources, PARALLEL_FROM))
    workers = min(os.cpu_count() or 1, 8)
    if len(head) < PARALLEL_FROM or workers < 2 or engine.judges_tenant:
        for source in itertools.chain(head, sources):
            yield source, _check_source(engine, source)
        return
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        for source in itertools.chain(head, sources):
            yield source, _check_source(engine, source)
        return
    global _worker_engine
    _worker_engine = engine
    pending: collections.deque[Source] = collections.deque()

    def tasks() -> Iterator[Task]:
        for source in itertools.chain(head, sources):
            pending.append(source)
            yield source.shown, source.name, source.named, source.raw

    gc.freeze()  # start-up's objects stay shared with the workers (no collector writes)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for checked in pool.imap(_check_in_worker, tasks(), chunksize=CHUNK):
                yield pending.popleft(), checked
    finally:
        _worker_engine = None
        gc.unfreeze()


def _report(engine: Engine, sources: Iterator[Source]) -> Report:
    report = Report()
    for source, checked in _checked(engine, sources):
        if checked is None:
            continue
        findings, names = checked
        report.files.append(source.shown)
        report.fail_on[source.shown] = source.plan.fail_on
        report.manifests += len(names)
        report.names[source.shown] = names
        report.findings += findings
        if source.raw is not None and findings:
            report.sources[source.shown] = source.raw
    report.findings.sort()
    if engine.options.save_snapshot is not None:
        engine.write_snapshot()
    return report


def lint(paths: Iterable[str] = (".",), options: Options | None = None) -> Report:
    """Check the manifests ``paths`` name (files, folders, ``-`` for stdin), each judged by
    the config that governs it; findings sorted and deterministic. Raises
    :class:`~cwlint.errors.UsageError` for input that is not a finding (a missing path, a
    broken config)."""
    options = options or Options()
    engine = Engine(options)
    found = _Found()
    report = _report(engine, _sources(engine, tuple(paths) or (".",), found))
    if not options.allow_empty:
        _require_manifests(report, found.walks, found.named)
    _judge_baseline(engine, report)
    return report


@mutable_record
class _Found:
    """What discovery met on the way: each folder walked, and how many files were named."""

    walks: dict[str, Walk] = field(default_factory=dict)
    named: int = 0


def _sources(engine: Engine, paths: tuple[str, ...], found: _Found) -> Iterator[Source]:
    """The files to check, as discovery finds them (nothing is read but stdin)."""
    options = engine.options
    for name, named in candidates(paths, engine.excluded, found.walks):
        shown = (options.stdin_filename or STDIN) if name == STDIN else name
        plan = engine.plan(shown)
        found.named += named
        if named and options.manifests_only and name != STDIN and plan.exclude.match(name):
            continue
        raw = read(name) if name == STDIN else None  # stdin is read here, once
        yield Source(shown, name, named, plan, raw)


def _judge_baseline(engine: Engine, report: Report) -> None:
    """``--write-baseline``: record the findings, then judge the run against them;
    ``--baseline``: mark the findings it knows."""
    path = engine.options.write_baseline
    if path is not None:
        from cwlint.baseline import Baseline

        engine.baseline = Baseline.of(path, report.findings, written=True)
        engine.baseline.write()
    if engine.baseline is not None:
        engine.baseline.apply(report)


def _require_manifests(report: Report, walks: Mapping[str, Walk], named: int) -> None:
    """A gate must not pass on nothing: a folder named that yields no manifest, or a run that
    checks none, is a :class:`UsageError` that says what was looked for."""
    checked = set(report.files)
    empty = {arg: walk for arg, walk in walks.items() if not checked.intersection(walk.files)}
    if not empty and checked:
        return
    looked = (
        "cwlint looks for YAML files (*.yaml, *.yml) whose top-level mapping has a `cwlint:` key"
    )
    if empty:
        found = []
        for arg, walk in empty.items():
            n = len(walk.files)
            left_out = [
                f"{count} left out by {why}"
                for count, why in ((walk.excluded, "`exclude`"), (walk.ignored, ".gitignore"))
                if count
            ]
            found.append(
                f"{n} YAML file{'' if n == 1 else 's'} without it in {escape(arg)}"
                + (f" ({', '.join(left_out)})" if left_out else "")
            )
        what = (
            f"{', '.join(escape(arg) for arg in empty)}: no manifest found: {looked}, in a folder "
            f"and its sub-folders (not hidden ones, node_modules or virtualenvs), and found "
            f"{'; '.join(found)}"
        )
    else:
        what = (
            f"no manifest among the {named} file{'' if named == 1 else 's'} named: {looked}, "
            "and --manifests-only leaves out the others and those matching `exclude`"
        )
    raise UsageError(
        f"{what}. Check the path, or pass --allow-empty if a run that checks nothing is "
        "expected (the pre-commit hook does)"
    )


def lint_text(text: str, filename: str = STDIN, options: Options | None = None) -> Report:
    """Check one manifest given as text (an editor's unsaved buffer): judged by the config
    that governs ``filename``, exactly as ``lint([filename])`` would judge it on disk. Reads
    no file but configs and profiles."""
    options = options or Options()
    engine = Engine(options)
    plan = engine.plan(filename)
    report = _report(engine, iter([Source(filename, filename, True, plan, text.encode("utf-8"))]))
    _judge_baseline(engine, report)
    return report
