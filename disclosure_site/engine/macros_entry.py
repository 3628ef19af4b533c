"""mkdocs-macros entry point: the macros hand-written pages may call (docs/open-data.md), nothing else.

Their values were made by the generate step and wait in the engine's config (config.extra), so
that rendering a hand-written page reads no data. mkdocs.yml names this module under the
plugin's `modules`, so it is imported from the installed package.
"""
from __future__ import annotations


def define_env(env) -> None:
    extra = env.conf["extra"]
    env.macro(lambda kind: extra["dp_schema_fields"][kind], "schema_fields_table")
    env.macro(lambda: extra["dp_original_text_links"], "original_text_links")
