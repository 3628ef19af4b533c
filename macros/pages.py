"""MkDocs hook: adds the pages made from data/, their navigation and the footer contact.

The only module besides main.py that knows MkDocs; the rest of macros/ is plain Python.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from macros import render  # noqa: E402
from macros.errors import DataErrors  # noqa: E402
from macros.model import Site, load_site  # noqa: E402
from macros.pagelist import plan_nav, plan_pages  # noqa: E402
from macros.paths import DATA_DIR  # noqa: E402
from macros.urls import source_file  # noqa: E402


def site_or_fail() -> Site:
    """The checked data, or a build error with the Chinese report (no traceback)."""
    try:
        return load_site(DATA_DIR)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None


# The data as read at the start of this build; every later event of the build reuses it.
_site: Site | None = None


def on_config(config):
    global _site
    _site = site = site_or_fail()
    hand_written = list(config.nav or [])
    config.nav = plan_nav(site, plan_pages(site)) + hand_written
    return config


def on_files(files: Files, config) -> Files:
    site = _site
    docs_root = Path(config.docs_dir).resolve()
    for page in plan_pages(site):
        generated = File.generated(config, source_file(page.url), content=page.markdown)
        # The edit link opens the data file, not this generated page.
        generated.edit_uri = os.path.relpath(page.data_file.resolve(), docs_root).replace(os.sep, "/")
        files.append(generated)
    return files


def on_page_context(context, page, config, nav):
    site = _site
    disclosure_id = (page.meta or {}).get("dp_disclosure")
    # A page of one disclosure shows that body's contact; a site-wide page shows every body's.
    disclosures = [site.disclosure(disclosure_id)] if disclosure_id else list(site.disclosures)
    context["dp_footer_contact"] = render.render_contact_footer(disclosures)
    return context


def on_template_context(context, template_name, config):
    # Pages with no Markdown source (the 404 page) carry the contact too.
    context["dp_footer_contact"] = render.render_contact_footer(list(_site.disclosures))
    return context
