"""What a check sees: one manifest, the catalogue, its vendor profile and (with --live) the tenant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cwlint.manifest.document import Document

if TYPE_CHECKING:
    from cwlint.catalog import Catalog, Profile


@dataclass
class Context:
    doc: Document
    profile: Profile | None = None
    live: bool = False
    env: Mapping[str, str] = field(default_factory=dict)
    tenant: Any = None  # what the live client read (cwlint.live), None for static checks

    @property
    def catalog(self) -> Catalog:
        from cwlint.catalog import load_catalog

        return load_catalog()
