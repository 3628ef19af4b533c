"""mkdocs-macros entry point: a short list of registrations, nothing else.

Each macro renders one kind of generated page from the data read for this build
(content/site_data.py); the work is in content/page_content.py. mkdocs.yml names this
module under the plugin's `modules`, so it is imported from the installed package.
"""
from __future__ import annotations

from disclosure_site.content import page_content as render
from disclosure_site.content.site_data import current


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
