"""MkDocs hooks: only what MkDocs itself needs to render the folder the generate step wrote.

Every page, its navigation and every value the theme prints are already in generated/ (see
disclosure_site/generate/). What is left is MkDocs' own bookkeeping, which no front matter key
sets by itself: a page's edit link, its sitemap date and its table of contents, the site's name
as already-escaped HTML, the build date, and content that is already HTML kept from Markdown. mkdocs.yml names this file under `hooks:` (MkDocs
loads it by its path, so it imports nothing of the package).
"""
from __future__ import annotations

import os
import re

from markupsafe import Markup
from mkdocs import utils as mkdocs_utils
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import get_toc
from mkdocs_macros import context as macros_context

# mkdocs-macros fills a `git` template variable with twelve git processes on every build;
# no page uses it, and disclosure_site/history/ reads git once for everything. Hooks load
# before any plugin's on_config, so replacing it here keeps git out of the engine.
macros_context.get_git_info = lambda: {"status": False, "date": None}

# MkDocs stamps sitemap.xml.gz with the newest page's date, and a gzip header holds 32 bits: a
# commit dated after 2106-02-07 (a clock set wrong) would stop the build there. Only that stamp
# is clamped (the post-build step writes the file again with mtime 0); the dates shown stay git's.
_GZIP_LATEST = 2**32 - 1
_build_timestamp = mkdocs_utils.get_build_timestamp
mkdocs_utils.get_build_timestamp = lambda **kwargs: min(max(_build_timestamp(**kwargs), 0), _GZIP_LATEST)

NOT_GENERATED = (
    "请用 make site(或 make serve)构建网站:它先检查数据、生成全部页面(generated/),"
    "再交给 MkDocs;直接运行 mkdocs build 会跳过数据检查和原文记录核对。"
)


def on_config(config):
    if not config.extra.get("dp_generated"):
        raise PluginError(NOT_GENERATED)
    # Generated in escaped form (disclosure_site/content/templates.py title_html); Material prints
    # the name unescaped in places and with `| e` in others: as Markup, `| e` keeps it as it is.
    config.site_name = Markup(config.site_name)
    epoch = config.extra.get("dp_source_date_epoch")
    if epoch and "SOURCE_DATE_EPOCH" not in os.environ:
        # MkDocs dates the sitemap and its .gz by this when set: the same commit builds the same bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return config


# The content of a page made from data is finished HTML (front matter `dp_content: html`): Markdown
# would hand it back unchanged, at a cost that grows with the page (a change log of a thousand
# entries), so it waits here while Markdown converts nothing, and comes back after.
_finished: dict[str, str] = {}
_ANCHOR = re.compile(r'\bid="([^"]+)"')


def on_page_markdown(markdown, page, config, files):
    meta = page.meta
    if "edit_url" in meta:  # a page made from data: edit its data file, not the generated Markdown
        page.edit_url = meta["edit_url"]
    if "dp_updated" in meta:  # the sitemap's lastmod: the page's own last change, not the build time
        page.update_date = meta["dp_updated"][:10]
    if meta.get("dp_content") == "html":
        _finished[page.file.src_uri] = markdown
        return ""
    return markdown


def on_page_content(html, page, config, files):
    finished = _finished.pop(page.file.src_uri, None)
    if finished is not None:
        html = finished.rstrip("\n")
        page.present_anchor_ids = set(_ANCHOR.findall(html))  # what links into the page may point at
    if "dp_toc" in page.meta:  # headings in generated HTML are invisible to Markdown's toc
        page.toc = get_toc(page.meta["dp_toc"])
    return html
