"""A finding's fingerprint: what identifies it across runs while lines move.

It hashes the rule, the file's repository-relative path (:func:`cwlint.repo.relative`), the
document's index, the JSON pointer and the normalised value at that pointer: a scalar as the
YAML loader read it (quoting and spacing around it do not count), a mapping or list by its
kind only, so that editing a sibling key does not change the finding's identity. The value
itself is never stored or printed, only this hash. Baselines, SARIF ``partialFingerprints`` and
GitLab's Code Quality ``fingerprint`` all use it.
"""

from __future__ import annotations

from typing import Any

#: Bumped when what is hashed changes: a baseline of another version matches nothing.
VERSION = 1


def normalised(value: Any) -> str:
    """The value as the fingerprint sees it."""
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, str):
        return "s:" + value.strip()
    import json  # imported on the first finding, not on a clean check (start-up is a budget)

    return "j:" + json.dumps(value, default=str)


def fingerprint(rule: str, path: str, document: int, pointer: str, value: Any) -> str:
    """32 hex digits for a finding of ``rule`` at ``pointer`` of document ``document`` in the
    repository-relative ``path`` whose value there is ``value``."""
    import hashlib  # as json above

    text = "\0".join((f"v{VERSION}", rule, path, str(document), pointer, normalised(value)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
