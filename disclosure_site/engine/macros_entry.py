"""mkdocs-macros entry point: a short list of registrations, nothing else.

Each macro renders one kind of generated page from the data read for this build
(macros/site_data.py); the work is in render.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import render  # noqa: E402
from macros.site_data import current  # noqa: E402


def define_env(env) -> None:
    env.macro(lambda: render.render_disclosure_list(current()), "disclosure_list_page")
    env.macro(lambda disclosure_id: render.render_disclosure_home(current(), disclosure_id), "disclosure_page")
    env.macro(lambda disclosure_id, number: render.render_item(current(), disclosure_id, number), "item_page")
    env.macro(lambda disclosure_id, index: render.render_part(current(), disclosure_id, index), "part_page")
    env.macro(lambda disclosure_id: render.render_original(current(), disclosure_id), "original_page")
    env.macro(lambda disclosure_id: render.render_feedback(current(), disclosure_id), "feedback_page")
    env.macro(lambda: render.render_changelog(current()), "changelog_page")
    # For hand-written pages (docs/open-data.md).
    env.macro(lambda kind: render.render_schema_fields(kind), "schema_fields_table")
    env.macro(lambda: render.render_original_text_links(current()), "original_text_links")
