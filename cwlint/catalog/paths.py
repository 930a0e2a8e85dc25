"""Where cwlint's data lives: ``rules/`` (catalogue and profiles) and ``schemas/``.

In a wheel, ``rules/`` and ``schemas/`` are installed as ``cwlint/_data/rules`` and
``cwlint/_data/schemas`` (see ``[tool.hatch.build.targets.wheel.force-include]``); in a repository
checkout or an editable install they are the top-level folders next to the ``cwlint`` package.
"""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # .../cwlint


def _data(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


@functools.cache
def rules_dir() -> Path:
    """``rules/``: ``connectwise/*.yaml`` (ConnectWise facts) and ``profiles/*.yaml`` (vendors)."""
    return _data("rules")


@functools.cache
def schemas_dir() -> Path:
    """``schemas/``: ``manifest-1.schema.json`` and ``profile-1.schema.json``."""
    return _data("schemas")
