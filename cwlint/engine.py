"""``run(settings) -> Report``: discover, load, validate, check, filter. Nothing else.

Callable without click: ``cwlint.engine.run(Settings(paths=("examples",)))``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

from cwlint.context import Context
from cwlint.discover import STDIN, candidates, is_manifest, read
from cwlint.display import message as shown_message
from cwlint.errors import UsageError
from cwlint.findings import Finding, Issue, Report, Severity, Span, json_pointer
from cwlint.globs import FileIgnores, Globs
from cwlint.manifest.document import Document
from cwlint.manifest.load import Loaded, Problem, load
from cwlint.registry import Rule, all_rules
from cwlint.settings import Settings

MAX_FINDINGS = 1_000  # per file: past this, one finding says how many more there are
_SUPPRESS_MARK = re.compile(rb"#[ \t]*cwlint[ \t]*:", re.IGNORECASE)  # cheap gate; see suppress


class Engine:
    """One configured run; rules are chosen once and used for every file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        rules = all_rules()
        chosen = set(settings.select or rules) - set(settings.ignore)
        self.rules: dict[str, Rule] = {rid: rules[rid] for rid in rules if rid in chosen}
        self.checks = [
            r for r in self.rules.values() if r.check is not None and (settings.live or not r.live)
        ]
        self.unjudged = frozenset(r.id for r in self.rules.values() if r.live and not settings.live)
        self.file_ignores = FileIgnores(settings.per_file_ignores, settings.config_root)
        self.env: Mapping[str, str] = os.environ
        self.reads_tenant = settings.live and any(r.live for r in self.checks)
        self.live_deadline = 0.0  # when the live run must end (set below with --live)
        if settings.live:  # secrets from the environment and --env-file; the CA bundle checked
            from cwlint.live import SetupError, prepare, run_deadline

            self.live_deadline = run_deadline(settings.timeout)

            try:
                self.env = prepare(settings.env_file, settings.ca_bundle, os.environ)
            except SetupError as exc:
                raise UsageError(str(exc)) from None

    def severity(self, rule_id: str) -> Severity:
        return self.settings.severity.get(rule_id) or self.rules[rule_id].severity

    def finding(
        self,
        file: str,
        rule_id: str,
        span: Span,
        message: str,
        pointer: str,
        document: int,
        severity: Severity | None = None,
    ) -> Finding:
        if severity is None or rule_id in self.settings.severity:
            severity = self.severity(rule_id)
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
        )

    def check_file(self, name: str, raw: bytes) -> tuple[list[Finding], dict[int, str]]:
        """Findings of one file, and the ``name:`` of each manifest it held, by document."""
        loaded = load(raw, name)
        found = [self._problem(name, p) for p in loaded.problems if p.rule in self.rules]
        for doc in loaded.documents:
            found += self.check_document(doc, loaded)
        off = self.file_ignores(name)
        if off:
            found = [f for f in found if f.rule not in off]
        if self.settings.inline_suppressions and (
            loaded.encoding != "utf-8" or _SUPPRESS_MARK.search(raw)
        ):
            found = self.suppress(name, loaded, found, off)
        if len(found) > MAX_FINDINGS:
            found = self._capped(name, found)
        names = {
            doc.index: n if isinstance(n := doc.get(("name",)), str) else ""
            for doc in loaded.documents
        }
        return found, names

    def _capped(self, name: str, found: list[Finding]) -> list[Finding]:
        """The first :data:`MAX_FINDINGS` findings in file order, and one that says the rest
        were left out (whatever rules are selected: a report must not look complete)."""
        found.sort()
        dropped = found[MAX_FINDINGS]
        note = self.finding(
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
        self, name: str, loaded: Loaded, found: list[Finding], off: frozenset[str]
    ) -> list[Finding]:
        """Inline ``# cwlint: disable`` comments applied, and CW006 for those left unused."""
        from cwlint import suppress

        directives = suppress.scan(loaded.lines)
        if not directives:
            return found
        found = suppress.apply(directives, found)
        if "CW006" in self.rules and "CW006" not in off:
            ran = set(self.rules) - off - self.unjudged
            starts = [(doc.span(()).line, doc.index) for doc in loaded.documents]
            found += suppress.apply(
                directives,
                [
                    self.finding(
                        name,
                        "CW006",
                        span,
                        message,
                        "",
                        max((index for line, index in starts if line <= span.line), default=0),
                    )
                    for span, message in suppress.unused(directives, ran, self.unjudged)
                ],
            )
        return found

    def _problem(self, name: str, p: Problem) -> Finding:
        return self.finding(name, p.rule, p.span, p.message, json_pointer(p.path), p.document)

    def check_document(self, doc: Document, loaded: Loaded) -> list[Finding]:
        found: list[Finding] = []

        def add(rule_id: str, issues: Iterable[Issue]) -> None:
            for issue in issues:
                found.append(
                    self.finding(
                        doc.file,
                        rule_id,
                        doc.span(issue.path, key=issue.at_key),
                        issue.message,
                        json_pointer(issue.path),
                        doc.index,
                        issue.severity,
                    )
                )

        if "CW003" in self.rules:
            from cwlint.manifest.schema import validate

            add("CW003", validate(doc))
        ctx = Context(
            doc, live=self.settings.live, env=self.env, profiles_path=self.settings.profiles_path
        )
        if self.reads_tenant:  # --live: what this manifest needs, read once for all its rules
            from cwlint.live import read_tenant

            ctx.tenant = read_tenant(
                doc.data,
                self.env,
                ca_bundle=self.settings.ca_bundle,
                timeout=self.settings.timeout,
                allowed_hosts=self.settings.allowed_hosts,
                deadline=self.live_deadline,
            )
        for rule in self.checks:
            try:
                add(rule.id, rule.check(ctx))
            except Exception as exc:  # a rule bug must not cost the user the other findings
                found.append(
                    self.finding(
                        doc.file,
                        rule.id,
                        doc.span(()),
                        (
                            f"internal error in rule {rule.id} ({type(exc).__name__}); "
                            "the other rules ran: please report this with the manifest"
                        ),
                        "",
                        doc.index,
                        Severity.ERROR,
                    )
                )
        return found


PARALLEL_FROM = 64  # files; below this, starting worker processes costs more than it saves
_worker_engine: Engine | None = None  # set before forking: workers inherit it


def _check_in_worker(name: str, raw: bytes) -> tuple[list[Finding], dict[int, str]]:
    assert _worker_engine is not None
    return _worker_engine.check_file(name, raw)


def _check_all(
    engine: Engine, files: list[tuple[str, bytes]]
) -> list[tuple[list[Finding], dict[int, str]]]:
    """Each file's findings, in order; many files are shared out over the CPUs.

    Static checks are pure, so forked workers (which inherit the loaded rules and catalogue)
    give the same result as one process. --live stays in one process: it talks to one tenant.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2 or engine.settings.live:
        return [engine.check_file(name, raw) for name, raw in files]
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return [engine.check_file(name, raw) for name, raw in files]
    global _worker_engine
    _worker_engine = engine
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.starmap(
                _check_in_worker, files, chunksize=max(1, len(files) // (workers * 4))
            )
    finally:
        _worker_engine = None


def run(settings: Settings) -> Report:
    """Check every manifest the settings name; findings sorted and deterministic."""
    engine = Engine(settings)
    report = Report()
    exclude = Globs(settings.exclude, settings.config_root)
    files = []
    for name, named in candidates(settings.paths or (".",), exclude.match):
        if named and settings.manifests_only and name != STDIN and exclude.match(name):
            continue
        raw = read(name)
        if (named and not settings.manifests_only) or is_manifest(raw):
            files.append((settings.stdin_filename if name == STDIN else name, raw))
    for (shown, _), (findings, names) in zip(files, _check_all(engine, files), strict=True):
        report.files.append(shown)
        report.manifests += len(names)
        report.names[shown] = names
        report.findings += findings
    report.findings.sort()
    return report
