"""mkdocs hook (``hooks:`` in mkdocs.yml): the rule pages, generated at build time from the rule
modules by :func:`cwlint.rules_doc.site_pages`, the one renderer of rule metadata. No rule page is
committed, so none can go stale; each is served at the path ``Rule.url`` links to."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from cwlint.rules_doc import site_pages


def on_files(files: Files, config: Any) -> Files:
    for path, text in site_pages().items():
        files.append(File.generated(config, path, content=text))
    return files
