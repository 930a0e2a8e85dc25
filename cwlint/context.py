"""What a check sees: a manifest, the catalogue, its vendor profile and (--live) the tenant."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cwlint._record import mutable_record
from cwlint.manifest.document import Document

if TYPE_CHECKING:
    from cwlint.catalog import Catalog, Profile, ProfileError

T = TypeVar("T")


@mutable_record
class Context:
    doc: Document
    live: bool = False
    env: Mapping[str, str] = field(default_factory=dict)
    tenant: Any = None  # what the live client read (cwlint.live), None for static checks
    profiles_path: str | None = None  # the user's own profiles folder (config `profiles-path`)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per manifest: values several rules derive from the same document."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def catalog(self) -> Catalog:
        from cwlint.catalog import load_catalog

        return load_catalog()

    @cached_property
    def _profile(self) -> tuple[Profile | None, ProfileError | None]:
        """The manifest's ``profile:`` loaded on first use: (profile, why it could not be)."""
        name = self.doc.get(("profile",))
        if not isinstance(name, str) or not name.strip():
            return None, None
        from cwlint.catalog import ProfileError

        base = Path(self.doc.file).parent if self.doc.file != "-" else None
        try:
            return self.catalog.profile(name, base, self.profiles_path), None
        except ProfileError as exc:
            return None, exc

    @property
    def profile(self) -> Profile | None:
        """The vendor profile the manifest names, or None (none named, or it failed: CW007)."""
        return self._profile[0]

    @property
    def profile_error(self) -> str | None:
        error = self._profile[1]
        return str(error) if error is not None else None

    @property
    def profile_problems(self) -> tuple[tuple[int, int, str], ...]:
        """One ``(line, column, message)`` per problem of a user's invalid profile file."""
        error = self._profile[1]
        return error.problems if error is not None else ()
