"""The audit's reports: a terminal table, JSON, Markdown (a ticket, a CI step summary) and one
self-contained HTML file (inline CSS and SVG, no script, nothing fetched).

Every text that comes from a tenant (member names, role names, messages quoting them) is
escaped for its format: control characters for the terminal, ``|`` and markup for Markdown,
HTML's five specials for HTML. No report holds a key: the audit never keeps one.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

from cwlint.audit.judge import AuditFinding, AuditReport, IntegrationResult, TenantAudit
from cwlint.display import escape
from cwlint.findings import Severity

FORMAT_VERSION = 1
#: What the audit cannot see, said once per tenant (each integration's note names its role).
CUSTOMIZE = (
    "Customize lists: not judged; ConnectWise's API gives them for the key owner's own role "
    "only (check each role's Customize links in System > Security Roles)."
)


def render(report: AuditReport, fmt: str, *, color: bool = False) -> str:
    if fmt == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(report)
    if fmt == "html":
        return to_html(report)
    if fmt == "summary":
        return summary(report)
    return text(report, color=color)


def _counts(findings: Iterable[AuditFinding]) -> dict[Severity, int]:
    out = dict.fromkeys(Severity, 0)
    for f in findings:
        if f.suppressed is None:
            out[f.severity] += 1
    return out


def summary(report: AuditReport) -> str:
    findings = [f for t in report.tenants for f in t.all_findings()]
    counts = _counts(findings)
    members = sum(len(t.integrations) for t in report.tenants)
    failed = sum(1 for t in report.tenants if t.error)
    accepted = sum(1 for f in findings if f.suppressed is not None)
    parts = [
        f"{len(report.tenants)} tenant(s), {members} API member(s): "
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info"
    ]
    if accepted:
        parts.append(f"{accepted} accepted")
    if failed:
        parts.append(f"{failed} tenant(s) could not be audited")
    return "; ".join(parts)


def _score(result: IntegrationResult) -> str:
    score = result.score
    return "-" if score is None else f"{score}%"


def _rows(tenant: TenantAudit) -> list[list[str]]:
    rows = []
    for r in tenant.integrations:
        i = r.integration
        mine = _counts(f for f in tenant.findings if f.member == i.identifier)
        rows.append(
            [
                i.name + (" (inactive)" if i.inactive else ""),
                i.identifier,
                r.role.name if r.role else (i.role_name or "-"),
                r.match.profile or "unknown",
                str(r.count(Severity.ERROR) + mine[Severity.ERROR]),
                str(r.count(Severity.WARNING) + mine[Severity.WARNING]),
                _score(r),
            ]
        )
    return rows


HEADERS = ["integration", "member", "role", "profile", "errors", "warnings", "least privilege"]


# ---------------------------------------------------------------------------------- text
def text(report: AuditReport, *, color: bool = False) -> str:
    out: list[str] = []
    paint = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
    for tenant in report.tenants:
        out.append(
            f"{escape(tenant.name)} ({escape(tenant.site)}, company {escape(tenant.company_id)})"
        )
        if tenant.error:
            out += [f"  error: {escape(tenant.error)}", ""]
            continue
        rows = [[escape(c) for c in row] for row in _rows(tenant)]
        widths = [
            max(len(h), *(len(r[k]) for r in rows)) if rows else len(h)
            for k, h in enumerate(HEADERS)
        ]
        out.append(
            "  " + "  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)).rstrip()
        )
        for row in rows:
            out.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            )
        out.append("")
        for r in tenant.integrations:
            out.append(
                f"  {escape(r.integration.identifier)}: {escape(r.match.how)}: {escape(r.match.why)}"
            )
        out += ["", f"  {CUSTOMIZE}", ""]
        for f in tenant.all_findings():
            level = str(f.severity)
            if color:
                level = f"\x1b[{paint[f.severity]}m{level}\x1b[0m"
            who = escape(f.member or f.role or tenant.name)
            where = f":{f.line}:{f.col}" if f.line else ""
            accepted = f" [accepted: {escape(f.suppressed)}]" if f.suppressed is not None else ""
            out.append(f"  {who}{where}: {f.rule} {level} {escape(f.message)}{accepted}")
        out.append("")
    out.append(summary(report))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------- json
def to_json(report: AuditReport) -> dict[str, object]:
    return {
        "version": FORMAT_VERSION,
        "failed": report.failed,
        "summary": summary(report),
        "tenants": [
            {
                "name": t.name,
                "site": t.site,
                "company_id": t.company_id,
                "error": t.error,
                "integrations": [
                    {
                        "member": r.integration.identifier,
                        "name": r.integration.name,
                        "inactive": r.integration.inactive,
                        "role": r.role.name if r.role else r.integration.role_name,
                        "profile": r.match.profile,
                        "match": {"how": r.match.how, "why": r.match.why},
                        "score": r.score,
                        "errors": r.count(Severity.ERROR),
                        "warnings": r.count(Severity.WARNING),
                        "modules": {
                            m: {"granted": g, "excess": e}
                            for m, (g, e) in sorted(r.modules.items())
                        },
                        "customize": r.customize_note,
                        "findings": [f.to_dict() for f in r.findings],
                    }
                    for r in t.integrations
                ],
                "findings": [f.to_dict() for f in t.findings],
            }
            for t in report.tenants
        ],
    }


# ------------------------------------------------------------------------------ markdown
def _md(value: object) -> str:
    """A Markdown table cell or line: markup and pipes escaped, one line."""
    shown = escape(str(value)).replace("\\", "\\\\")
    for char in "|*_`[]<>#":
        shown = shown.replace(char, "\\" + char)
    return shown


def markdown(report: AuditReport) -> str:
    out = ["# cwlint audit", "", _md(summary(report)), ""]
    for tenant in report.tenants:
        out += [f"## {_md(tenant.name)} ({_md(tenant.site)})", ""]
        if tenant.error:
            out += [f"**Could not be audited:** {_md(tenant.error)}", ""]
            continue
        out.append("| " + " | ".join(HEADERS) + " |")
        out.append("|" + "---|" * len(HEADERS))
        for row in _rows(tenant):
            out.append("| " + " | ".join(_md(c) for c in row) + " |")
        out += ["", _md(CUSTOMIZE), ""]
        out += ["| rule | severity | member / role | finding |", "|---|---|---|---|"]
        for f in tenant.all_findings():
            who = _md(f.member or f.role or "")
            msg = _md(f.message) + (
                f" (accepted: {_md(f.suppressed)})" if f.suppressed is not None else ""
            )
            out.append(f"| {f.rule} | {f.severity} | {who} | {msg} |")
        out.append("")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------- html
_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1d2430;background:#fff}
h1{font-size:1.6em;margin:0 0 .3em}h2{margin-top:2em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccd;padding:.3em .6em;
text-align:left;vertical-align:top}th{background:#eef1f6}.error{color:#b00020}
.warning{color:#9a5b00}.info{color:#1f5f8b}.accepted{opacity:.6}.where{color:#445;font-size:.9em}
.summary{font-size:1.1em;padding:.6em 1em;background:#f4f6fa;border-left:4px solid #3b6fb6}
.legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}
"""
_GRANT, _EXCESS = "#3b6fb6", "#d9480f"


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def _heatmap(tenant: TenantAudit) -> str:
    """Modules by integrations: blue by granted rows, orange-red where rows are excess."""
    results = [r for r in tenant.integrations if r.modules]
    modules = sorted({m for r in results for m in r.modules})
    if not results or not modules:
        return "<p>No role settings were read: no chart.</p>"
    cell, left, top = 26, 190, 130
    width, height = left + cell * len(results) + 90, top + cell * len(modules) + 10
    most = max(g for r in results for g, _ in r.modules.values()) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="privilege by module and integration">'
    ]
    for x, r in enumerate(results):
        cx = left + x * cell + cell // 2
        parts.append(
            f'<text x="{cx}" y="{top - 6}" font-size="11" transform="rotate(-60 {cx} {top - 6})">'
            f"{_h(r.integration.identifier)}</text>"
        )
    for y, module in enumerate(modules):
        parts.append(
            f'<text x="{left - 6}" y="{top + y * cell + 17}" font-size="12" '
            f'text-anchor="end">{_h(module)}</text>'
        )
        for x, r in enumerate(results):
            granted, excess = r.modules.get(module, (0, 0))
            if not granted:
                colour, opacity = "#eef1f6", 1.0
            else:
                colour = _EXCESS if excess else _GRANT
                opacity = 0.35 + 0.65 * granted / most
            tip = f"{r.integration.identifier} / {module}: {granted} granted, {excess} excess"
            parts.append(
                f'<rect x="{left + x * cell}" y="{top + y * cell}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="{colour}" fill-opacity="{opacity:.2f}">'
                f"<title>{_h(tip)}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _finding_html(f: AuditFinding, tenant: TenantAudit) -> str:
    cls = f"finding {f.severity}" + (" accepted" if f.suppressed is not None else "")
    where = f'<div class="where">In ConnectWise: {_h(f.where)}</div>' if f.where else ""
    accepted = (
        f'<div class="where">Accepted: {_h(f.suppressed)}</div>' if f.suppressed is not None else ""
    )
    return (
        f'<tr class="{cls}" data-rule="{_h(f.rule)}"><td>{_h(f.rule)}</td>'
        f'<td class="{f.severity}">{f.severity}</td>'
        f"<td>{_h(f.member or f.role or tenant.name)}</td>"
        f"<td>{_h(f.message)}{where}{accepted}</td></tr>"
    )


def to_html(report: AuditReport) -> str:
    body = [
        "<h1>cwlint audit</h1>",
        f'<p class="summary">{_h(summary(report))}</p>',
        '<p class="legend">Heat map:<span style="background:#3b6fb6"></span>granted'
        f'<span style="background:{_EXCESS}"></span>more than the profile needs'
        '<span style="background:#eef1f6;border:1px solid #ccd"></span>nothing</p>',
    ]
    for tenant in report.tenants:
        body.append(f"<h2>{_h(tenant.name)} <small>{_h(tenant.site)}</small></h2>")
        if tenant.error:
            body.append(f'<p class="error">Could not be audited: {_h(tenant.error)}</p>')
            continue
        body.append("<table><tr>" + "".join(f"<th>{_h(h)}</th>" for h in HEADERS) + "</tr>")
        for row in _rows(tenant):
            body.append("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>")
        body.append("</table>")
        body.append("<h3>Privilege by module</h3>" + _heatmap(tenant))
        body.append("<h3>How each API member was matched</h3><ul>")
        for r in tenant.integrations:
            body.append(
                f"<li><b>{_h(r.integration.identifier)}</b>: {_h(r.match.profile or 'unknown')} "
                f"({_h(r.match.how)}: {_h(r.match.why)}); {_h(r.customize_note)}</li>"
            )
        body.append("</ul><h3>Findings</h3>")
        body.append(
            "<table><tr><th>rule</th><th>severity</th><th>where</th><th>finding and fix</th></tr>"
        )
        body += [_finding_html(f, tenant) for f in tenant.all_findings()]
        body.append("</table>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>cwlint audit</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
