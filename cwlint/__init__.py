"""cwlint: lint ConnectWise PSA (Manage) integration manifests.

The library is what every front-end runs::

    import cwlint

    report = cwlint.lint(["examples"], cwlint.Options(select=("CW3",)))
    for finding in report.findings:
        if finding.suppressed is None:
            print(finding.file, finding.line, finding.col, finding.rule, finding.message)

:func:`lint` checks files and folders, :func:`lint_text` one unsaved text (an editor's buffer);
both judge each file by the config that governs it, exactly as ``cwlint check`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0.dev0"  # the one version source (pyproject.toml reads it: hatch version)

__all__ = [
    "Finding",
    "Options",
    "Report",
    "Severity",
    "Suppression",
    "UsageError",
    "__version__",
    "lint",
    "lint_text",
]

if TYPE_CHECKING:
    from cwlint.engine import lint, lint_text
    from cwlint.errors import UsageError
    from cwlint.findings import Finding, Report, Severity, Suppression
    from cwlint.options import Options

_LAZY = {
    "lint": "cwlint.engine",
    "lint_text": "cwlint.engine",
    "Options": "cwlint.options",
    "Finding": "cwlint.findings",
    "Report": "cwlint.findings",
    "Severity": "cwlint.findings",
    "Suppression": "cwlint.findings",
    "UsageError": "cwlint.errors",
}


def __getattr__(name: str) -> Any:
    """The public names, imported when first used (``import cwlint`` stays cheap)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cwlint' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
