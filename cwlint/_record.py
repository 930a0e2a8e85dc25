"""``@record``: a frozen dataclass without the start-up cost of generating its code
(``@mutable_record``: a plain one).

``dataclasses.dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` as source text and compiles it when the
module is imported: about 0.3 ms a class, a fifth of a one-file run for cwlint's internal
classes. A record gets the same methods as plain functions shared by every record (nothing is
compiled), with the same meaning as ``@dataclass(frozen=True)``: keyword or positional
arguments in field order, defaults and ``field(default_factory=..., compare=..., hash=...,
repr=...)``, equality and hash over the compared fields, assignment refused.

For internal classes built at start-up (the catalogue, configs, plans, rules), not for the
public data classes (:mod:`cwlint.findings`, :class:`~cwlint.options.Options`,
:class:`~cwlint.manifest.document.Document`), which stay dataclasses for
``dataclasses.replace`` and ``fields``. A record is no dataclass for those two functions.
"""

from __future__ import annotations

import dataclasses
import inspect  # imported by dataclasses anyway
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        return lambda decorated: decorated


T = TypeVar("T")
_MISSING = dataclasses.MISSING


class _Field:
    __slots__ = ("compare", "default", "factory", "hash", "name", "repr")

    def __init__(self, name: str, spec: Any) -> None:
        self.name = name
        if isinstance(spec, dataclasses.Field):
            self.default, self.factory = spec.default, spec.default_factory
            self.compare, self.repr = spec.compare, spec.repr
            self.hash = spec.compare if spec.hash is None else spec.hash
        else:
            self.default, self.factory = spec, _MISSING
            self.compare = self.repr = self.hash = True


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    fields: tuple[_Field, ...] = self._record_fields
    if len(args) > len(fields):
        raise TypeError(
            f"{type(self).__name__}() takes {len(fields)} arguments but {len(args)} were given"
        )
    values = self.__dict__
    for spec, value in zip(fields, args, strict=False):
        values[spec.name] = value
    for spec in fields[len(args) :]:
        name = spec.name
        if name in kwargs:
            values[name] = kwargs.pop(name)
        elif spec.default is not _MISSING:
            values[name] = spec.default
        elif spec.factory is not _MISSING:
            values[name] = spec.factory()
        else:
            raise TypeError(f"{type(self).__name__}() missing required argument: {name!r}")
    if kwargs:
        name = next(iter(kwargs))
        taken = any(spec.name == name for spec in fields)
        why = "got multiple values for argument" if taken else "got an unexpected keyword argument"
        raise TypeError(f"{type(self).__name__}() {why} {name!r}")


def _repr(self: Any) -> str:
    shown = ", ".join(
        f"{spec.name}={self.__dict__[spec.name]!r}" for spec in self._record_fields if spec.repr
    )
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return all(
        self.__dict__[spec.name] == other.__dict__[spec.name]
        for spec in self._record_fields
        if spec.compare
    )


def _hash(self: Any) -> int:
    return hash(tuple(self.__dict__[spec.name] for spec in self._record_fields if spec.hash))


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen record of its annotated fields (see the module docstring)."""
    _make(cls, frozen=True)
    return cls


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable_record(cls: type[T]) -> type[T]:
    """As :func:`record`, with fields that may be assigned (``@dataclass``): no hash."""
    _make(cls, frozen=False)
    return cls


def _make(cls: type, *, frozen: bool) -> None:
    fields = []
    for name, annotation in inspect.get_annotations(cls).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        spec = _Field(name, cls.__dict__.get(name, _MISSING))
        if isinstance(cls.__dict__.get(name), dataclasses.Field):
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        fields.append(spec)
    cls._record_fields = tuple(fields)  # type: ignore[attr-defined]
    methods: tuple[tuple[str, Any], ...] = (
        ("__init__", _init),
        ("__repr__", _repr),
        ("__eq__", _eq),
        ("__hash__", _hash if frozen else None),
    )
    if frozen:
        methods += (("__setattr__", _setattr), ("__delattr__", _delattr))
    for name, method in methods:
        setattr(cls, name, method)


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a record class, in order (``dataclasses.fields`` for records)."""
    return tuple(spec.name for spec in cls._record_fields)  # type: ignore[attr-defined]


def replace(obj: T, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` (``dataclasses.replace`` for records)."""
    values = {name: getattr(obj, name) for name in field_names(type(obj))}
    return type(obj)(**{**values, **changes})
