"""Where a file sits in its repository: the root (the closest folder above holding ``.git``)
and the file's path from there, with ``/``. Fingerprints (baselines, SARIF, GitLab), SARIF's
URIs and the ``.gitignore`` walk all place files this way, so a run from a sub-folder or
another checkout names each file as a run from the root does.
"""

from __future__ import annotations

import functools
import os


@functools.lru_cache(maxsize=1024)
def root(folder: str) -> str | None:
    """The closest folder at or above the absolute ``folder`` that holds ``.git`` (a folder,
    or a file as in a worktree or a submodule); ``None`` outside a repository."""
    current = folder
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def base(file: str) -> str:
    """The folder a file's :func:`relative` path starts from: its repository's root, else the
    working folder."""
    if file == "-":
        return os.getcwd()
    return root(os.path.dirname(os.path.abspath(file))) or os.getcwd()


def relative(file: str) -> str:
    """``file`` from its :func:`base`, normalised (no ``.`` or ``..``), with ``/``; a file
    outside that folder keeps its absolute path; ``-`` (stdin) stays ``-``."""
    if file == "-":
        return file
    path = os.path.abspath(file)
    rel = os.path.relpath(path, base(file))
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")
