"""CW003: the manifest against ``schemas/manifest-1.schema.json``, one finding per violation.

Messages are written here from the error's parts rather than taken from jsonschema, so that
they name the place, say what to do, suggest close spellings, and never echo a secret value.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from cwlint.catalog.paths import schemas_dir
from cwlint.display import cut, escape, quote
from cwlint.findings import Issue, Pointer, dotted
from cwlint.manifest.document import Document

SCHEMA_FILE = "manifest-1.schema.json"

_TYPES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


@functools.cache
def schema_text() -> str:
    """The manifest schema as shipped (``cwlint schema`` prints it)."""
    return (schemas_dir() / SCHEMA_FILE).read_text(encoding="utf-8")


@functools.cache
def _validator() -> Any:
    import json

    from jsonschema import Draft202012Validator  # heavy: imported only when validating

    return Draft202012Validator(json.loads(schema_text()))


def suggest(word: object, choices: Iterable[object]) -> str:
    """``; did you mean 'x'?`` for the closest choice, or nothing."""
    from cwlint.catalog import suggest as closest

    match = closest(str(word), [str(c) for c in choices])
    return f"; did you mean {match!r}?" if match else ""


def _show(doc: Document, path: Pointer) -> str:
    """The offending value as a message may show it: as written, cut; secrets never echoed."""
    from cwlint.secrets import SECRET_FIELDS  # only a manifest that fails the schema gets here

    if path and path[-1] in SECRET_FIELDS:
        return "the value"
    return doc.shown(path)


def _where(path: Pointer) -> str:
    return f" ({dotted(path)})" if path else ""


def _unknown_key(key: str, path: Pointer, known: Iterable[str]) -> str:
    where = f" in {dotted(path)}" if path else ""
    name, colon, _ = key.partition(":")
    if colon:  # `{private_key:VALUE}` is one key; what follows the ':' may be a secret
        return (
            f"unknown key {quote(name + ':…')}{where}: a space is missing after ':'? "
            f"(write `{escape(cut(name.strip()))}: value`)"
        )
    return f"unknown key {quote(key)}{where}{suggest(key, known) or '; expected one of ' + ', '.join(known)}"


def validate(doc: Document) -> Iterator[Issue]:
    """One :class:`Issue` per violation of the manifest schema."""
    from cwlint.manifest._schema_check import is_valid  # generated: see fastcheck

    if is_valid(doc.data):
        return
    seen: set[Issue] = set()
    for error in _validator().iter_errors(doc.data):
        for issue in _issues(doc, error):  # `required` comes once per missing key, each naming all
            if issue not in seen:
                seen.add(issue)
                yield issue


def _issues(doc: Document, error: Any) -> Iterator[Issue]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match  # the one best cause, not the tree

        yield from _issues(doc, best_match(error.context))
        return
    path = tuple(error.absolute_path)
    value, schema, arg = error.instance, error.schema, error.validator_value
    kind = error.validator
    if kind == "additionalProperties":
        known = schema.get("properties", {})
        for key in sorted(k for k in value if k not in known):
            yield Issue((*path, key), _unknown_key(key, path, known), at_key=True)
    elif kind == "required":
        props = schema.get("properties", {})
        for key in arg:
            if key not in value:
                about = props.get(key, {}).get("description", "")
                yield Issue(
                    path,
                    f"missing required key {key!r}{_where(path)}{': ' + about if about else ''}",
                    at_key=True,
                )
    elif kind == "type":
        wanted = " or ".join(_TYPES.get(t, t) for t in ([arg] if isinstance(arg, str) else arg))
        hint = ""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and "string" in arg:
            hint = ": quote it"
        yield Issue(path, f"{_show(doc, path)} is not {wanted}{_where(path)}{hint}")
    elif kind in ("enum", "const"):
        choices = arg if kind == "enum" else [arg]
        listed = ", ".join(map(str, choices if len(choices) <= 6 else [*choices[:3], "..."]))
        yield Issue(
            path,
            f"{_show(doc, path)} is not one of {listed}{_where(path)}{suggest(value, choices)}",
        )
    elif kind == "minLength":
        yield Issue(path, f"{dotted(path) or 'value'} is empty: give a value")
    elif kind == "minimum":
        yield Issue(path, f"{_show(doc, path)} is below the minimum {arg}{_where(path)}")
    else:  # a keyword this schema does not use yet: jsonschema's own words, value hidden
        yield Issue(path, f"{dotted(path) or 'document'}: fails the schema's {kind!r} rule")
