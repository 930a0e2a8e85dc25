"""The JSON Schemas of the catalogue: ``schemas/connectwise/<file>-1.schema.json`` per data file.

The shipped ``rules/connectwise/`` is validated by the test suite, never at run time (importing
jsonschema alone costs about 40 ms); a :class:`~cwlint.catalog.Catalog` read from any other
folder validates each file the first time it reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cwlint.catalog.paths import schemas_dir

FORMAT = 1  #: the ``format:`` of the data files these schemas read


def schema_path(file_name: str) -> Path:
    """The schema of one catalogue file: ``regions.yaml`` -> ``.../connectwise/regions-1...``."""
    return schemas_dir() / "connectwise" / f"{Path(file_name).stem}-{FORMAT}.schema.json"


def schema_errors(data: Any, file_name: str) -> list[str]:
    """Violations of the file's schema as ``"where: message"`` lines, in document order (empty if
    valid). Catalogue data is cwlint's own, so the messages may quote it."""
    import json  # only where a schema is checked (not for built-in data)

    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path(file_name).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{_where(e.absolute_path)}: {_message(e)}" for e in errors]


def _where(path: Iterable[str | int]) -> str:
    """``modules[0].functions[2]``; ``(top level)`` for the document itself."""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return text or "(top level)"


def _message(error: Any) -> str:
    """jsonschema's message, but an unknown key in words, with a "did you mean"."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return str(error.message)
    from cwlint.catalog import suggest

    known = list(error.schema.get("properties", {}))
    patterns = list(error.schema.get("patternProperties", {}))
    unknown = [
        k
        for k in error.instance
        if k not in known and not any(re.search(p, str(k)) for p in patterns)
    ]
    parts = []
    for key in unknown:
        hint = suggest(str(key), known)
        parts.append(f"{key!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
    provenance = " or a <key>_source / <key>_note" if patterns else ""
    keys = "key" if len(parts) == 1 else "keys"
    return f"unknown {keys} {', '.join(parts)}: use one of {', '.join(known)}{provenance}"
