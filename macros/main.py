"""mkdocs-macros entry point: a short list of registrations, nothing else.

Each macro renders one kind of generated page from the checked data (see render.py).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import render  # noqa: E402
from macros.pages import site_or_fail  # noqa: E402


def define_env(env) -> None:
    site = site_or_fail()

    @env.macro
    def disclosure_list_page() -> str:
        return render.render_disclosure_list(site)

    @env.macro
    def disclosure_page(disclosure_id: str) -> str:
        return render.render_disclosure_home(site, site.disclosure(disclosure_id))

    @env.macro
    def item_page(disclosure_id: str, number: int) -> str:
        return render.render_item(site, site.item(disclosure_id, number))

    @env.macro
    def next_steps_page(disclosure_id: str) -> str:
        return render.render_next_steps(site, site.disclosure(disclosure_id))

    @env.macro
    def original_page(disclosure_id: str) -> str:
        return render.render_original(site, site.disclosure(disclosure_id))

    @env.macro
    def feedback_page(disclosure_id: str) -> str:
        return render.render_feedback(site, site.disclosure(disclosure_id))
