"""Where the shipped data lives: ``cwlint/_data`` in a wheel, the repository root in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _data(name: str) -> Path:
    shipped = _PACKAGE / "_data" / name
    return shipped if shipped.is_dir() else _PACKAGE.parent / name


def rules_dir() -> Path:
    """``rules/``: ConnectWise facts and vendor profiles."""
    return _data("rules")


def schemas_dir() -> Path:
    """``schemas/``: the manifest and profile JSON Schemas."""
    return _data("schemas")
