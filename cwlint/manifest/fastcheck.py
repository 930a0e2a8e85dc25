"""A yes/no pre-check of the manifest schema that needs no jsonschema import, as Python code.

Importing jsonschema costs about 40 ms, a third of a pre-commit run, and most manifests are
valid. :func:`generate` turns the few keywords the manifest schema uses into a Python module,
shipped pre-generated as ``cwlint/manifest/_schema_check.py`` (one plain function per
sub-schema: no import, no compilation at run time). A manifest its ``is_valid`` accepts has no
CW003 finding; one it rejects goes to jsonschema for the real, positioned messages. A keyword it
does not know makes :func:`generate` refuse, so the schema can grow without this ever saying
"valid" wrongly. Tests check that the shipped module is what :func:`generate` writes for the
shipped schema, and compare it with jsonschema on every fixture and on generated input.

Regenerate after changing ``schemas/manifest-1.schema.json``::

    python -m cwlint.manifest.fastcheck
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODULE = Path(__file__).with_name("_schema_check.py")

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
_OBJECT_KEYWORDS = ("required", "properties", "additionalProperties")
_TYPES = {
    "object": "isinstance(v, dict)",
    "array": "isinstance(v, list)",
    "string": "isinstance(v, str)",
    "integer": (
        "(isinstance(v, int) and not isinstance(v, bool)"
        " or isinstance(v, float) and v.is_integer())"
    ),
    "number": "(isinstance(v, (int, float)) and not isinstance(v, bool))",
    "boolean": "isinstance(v, bool)",
    "null": "v is None",
}
_HEADER = '''"""Generated from schemas/manifest-1.schema.json by ``python -m cwlint.manifest.fastcheck``:
do not edit (a test fails when this is not what the generator writes for the shipped schema).

``is_valid(data)`` is True exactly when the data is valid against the schema (JSON equality:
1 == 1.0, but True is not 1).
"""

import re
from typing import Any


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)
'''


class Unsupported(Exception):
    """The schema uses a keyword this pre-check does not implement."""


class _Writer:
    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self.functions: list[str] = []
        self.constants: list[str] = []
        self.named: dict[str, str] = {}  # a function's or constant's text -> its name
        self.count = 0

    def constant(self, value: tuple[Any, ...], as_set: bool = False) -> str:
        """A module constant: a tuple, or a frozenset written in sorted order (the generated
        text must not depend on the hash seed)."""
        text = repr(tuple(sorted(value) if as_set else value))
        text = f"frozenset({text})" if as_set else text
        if text not in self.named:
            self.named[text] = name = f"_C{len(self.constants)}"
            self.constants.append(f"{name} = {text}")
        return self.named[text]

    def pattern(self, regex: str) -> str:
        """A module constant: the compiled ``regex`` (``pattern`` is searched, as JSON Schema
        and jsonschema do)."""
        text = f"re.compile({regex!r})"
        if text not in self.named:
            self.named[text] = name = f"_C{len(self.constants)}"
            self.constants.append(f"{name} = {text}")
        return self.named[text]

    def function(self, node: dict[str, Any], name: str | None = None) -> str:
        """The name of a function checking ``node``, written once."""
        body = self.expression(node)
        if name is None:  # the same sub-schema twice is one function
            if body in self.named:
                return self.named[body]
            self.count += 1
            name = self.named[body] = f"_s{self.count}"
        self.functions.append(f"def {name}(v: Any) -> bool:\n    return {body}\n")
        return name

    def expression(self, node: dict[str, Any]) -> str:
        """A boolean expression of ``v`` that holds when ``v`` is valid against ``node``."""
        unknown = set(node) - _ANNOTATIONS - set(_OBJECT_KEYWORDS)
        unknown -= {"$ref", "type", "enum", "const", "minLength", "minimum", "items", "anyOf"}
        unknown -= {"pattern", "not"}
        if unknown:
            raise Unsupported(sorted(unknown)[0])
        if node.get("additionalProperties", False) is not False:
            raise Unsupported("additionalProperties")
        if "items" in node and not isinstance(node["items"], dict):
            raise Unsupported("items")
        parts: list[str] = []
        for key, arg in node.items():
            if key in _ANNOTATIONS or key in _OBJECT_KEYWORDS:
                continue
            parts.append(self.keyword(key, arg))
        objects = [self.object_keyword(k, node[k], node) for k in _OBJECT_KEYWORDS if k in node]
        if objects:
            parts.append(f"(not isinstance(v, dict) or ({' and '.join(objects)}))")
        return " and ".join(parts) or "True"

    def keyword(self, key: str, arg: Any) -> str:
        if key == "$ref":
            prefix = "#/$defs/"
            if not arg.startswith(prefix) or arg[len(prefix) :] not in self.defs:
                raise Unsupported(arg)
            return f"_d_{self.defs_name(arg[len(prefix) :])}(v)"
        if key == "type":
            names = [arg] if isinstance(arg, str) else arg
            if any(n not in _TYPES for n in names):
                raise Unsupported(f"type {arg!r}")
            return "(" + " or ".join(_TYPES[n] for n in names) + ")"
        if key in ("enum", "const"):
            choices = arg if key == "enum" else [arg]
            if choices and all(isinstance(c, str) for c in choices):
                return f"(isinstance(v, str) and v in {self.constant(tuple(choices), as_set=True)})"
            return f"any(_same(v, c) for c in {self.constant(tuple(choices))})"
        if key == "minLength":
            return f"(not isinstance(v, str) or len(v) >= {int(arg)})"
        if key == "minimum":
            return f"(not {_TYPES['number']} or v >= {arg!r})"
        if key == "items":
            return f"(not isinstance(v, list) or all(map({self.function(arg)}, v)))"
        if key == "pattern":
            return f"(not isinstance(v, str) or {self.pattern(arg)}.search(v) is not None)"
        if key == "not":
            return f"(not {self.function(arg)}(v))"
        if key == "anyOf":
            return "(" + " or ".join(f"{self.function(s)}(v)" for s in arg) + ")"
        raise Unsupported(key)  # pragma: no cover - expression() refused it already

    def object_keyword(self, key: str, arg: Any, node: dict[str, Any]) -> str:
        if key == "required":
            return "(" + " and ".join(f"{k!r} in v" for k in arg) + ")" if arg else "True"
        if key == "properties":
            checks = [f"({k!r} not in v or {self.function(s)}(v[{k!r}]))" for k, s in arg.items()]
            return " and ".join(checks) or "True"
        known = self.constant(tuple(node.get("properties", {})), as_set=True)
        return f"v.keys() <= {known}"

    def defs_name(self, name: str) -> str:
        if not name.isidentifier():
            raise Unsupported(f"$defs name {name!r}")
        return name


def generate(schema: dict[str, Any]) -> str:
    """The source of a module whose ``is_valid(data)`` is True exactly when ``data`` is valid
    against ``schema``; raises :class:`Unsupported` on a keyword it does not implement."""
    defs = schema.get("$defs", {})
    writer = _Writer(defs)
    for name, sub in defs.items():
        writer.function(sub, f"_d_{writer.defs_name(name)}")
    writer.function(schema, "is_valid")
    constants = "\n".join(sorted(writer.constants, key=lambda c: int(c[2 : c.index(" ")])))
    return "\n\n".join([_HEADER, constants, *writer.functions])


def main() -> None:
    """Write the shipped module from the shipped schema."""
    import json

    from cwlint.manifest.schema import schema_text

    MODULE.write_text(generate(json.loads(schema_text())), encoding="utf-8")
    print(f"wrote {MODULE.name}")


if __name__ == "__main__":
    main()
