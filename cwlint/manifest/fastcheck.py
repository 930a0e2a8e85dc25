"""A yes/no pre-check of the manifest schema that needs no jsonschema import.

Importing jsonschema costs about 40 ms, a third of a pre-commit run, and most manifests are
valid. This compiles the few keywords the manifest schema uses into closures; a manifest it
accepts has no CW003 finding, and one it rejects goes to jsonschema for the real, positioned
messages. A keyword it does not know makes :func:`compile_schema` refuse, so the schema can grow
without this ever saying "valid" wrongly (tests compare it with jsonschema on generated input).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = {
    "$schema",
    "$id",
    "title",
    "description",
    "$defs",
    "$comment",
    "default",
    "deprecated",
}
_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class Unsupported(Exception):
    """The schema uses a keyword this pre-check does not implement."""


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def compile_schema(schema: dict) -> Check:
    """``is_valid(instance)`` for ``schema``; raises :class:`Unsupported` on unknown keywords."""
    defs = schema.get("$defs", {})
    compiled: dict[str, Check] = {}

    def ref(name: str) -> Check:
        def check(value: Any) -> bool:
            return compiled[name](value)

        return check

    def keyword(key: str, arg: Any, node: dict) -> Check:
        """The check of one keyword (each call's closures keep their own ``arg``)."""
        if key == "$ref":
            prefix = "#/$defs/"
            if not arg.startswith(prefix) or arg[len(prefix) :] not in defs:
                raise Unsupported(arg)
            return ref(arg[len(prefix) :])
        if key == "type":
            tests = [_TYPES[n] for n in ([arg] if isinstance(arg, str) else arg)]
            return lambda v: any(f(v) for f in tests)
        if key == "enum":
            return lambda v: any(_same(v, c) for c in arg)
        if key == "const":
            return lambda v: _same(v, arg)
        if key == "pattern":
            import re

            compiled_pattern = re.compile(arg)
            return lambda v: not isinstance(v, str) or compiled_pattern.search(v) is not None
        if key == "not":
            negated = build(arg)
            return lambda v: not negated(v)
        if key == "minLength":
            return lambda v: not isinstance(v, str) or len(v) >= arg
        if key == "minimum":
            return lambda v: not _TYPES["number"](v) or v >= arg
        if key == "required":
            return lambda v: not isinstance(v, dict) or all(k in v for k in arg)
        if key == "properties":
            props = {k: build(s) for k, s in arg.items()}
            return lambda v: (
                not isinstance(v, dict) or all(props[k](x) for k, x in v.items() if k in props)
            )
        if key == "additionalProperties" and arg is False:
            known = set(node.get("properties", {}))
            return lambda v: not isinstance(v, dict) or v.keys() <= known
        if key == "items" and isinstance(arg, dict):
            item = build(arg)
            return lambda v: not isinstance(v, list) or all(map(item, v))
        if key == "anyOf":
            options = [build(s) for s in arg]
            return lambda v: any(f(v) for f in options)
        raise Unsupported(key)

    def build(node: dict) -> Check:
        checks = [keyword(k, a, node) for k, a in node.items() if k not in _ANNOTATIONS]
        return lambda v: all(f(v) for f in checks)

    for name, sub in defs.items():
        compiled[name] = build(sub)
    return build(schema)
