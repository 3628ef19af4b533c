"""MkDocs hooks: add the pages made from data/, their navigation, dates and the footer contact.

The only module besides macros_entry.py that knows MkDocs; the rest of the package is plain
Python. mkdocs.yml names this file under `hooks:`, so MkDocs loads it by its path: it imports
the package by name (absolute imports). The search index, the policy and the .gz copies are
made after MkDocs has finished, by tools/build_site.py (disclosure_site/post/).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs_macros import context as macros_context

from disclosure_site.read.errors import DataErrors
from disclosure_site.content import changelog, outputs
from disclosure_site.content import page_content as render
from disclosure_site.content.page_plan import plan_nav, plan_pages, site_name
from disclosure_site.content.site_data import current, load_for_build
from disclosure_site.content.templates import title_html
from disclosure_site.content.toc import heading_outline
from disclosure_site.content.urls import disclosure_url, source_file


# mkdocs-macros fills a `git` template variable with twelve git processes on every build;
# no page uses it, and disclosure_site/history/ reads git once for everything. Hooks load before
# any plugin's on_config, so replacing it here keeps a build at four git processes.
macros_context.get_git_info = lambda: {"status": False, "date": None}


# The site's name as plain text (config.site_name holds it escaped for the theme).
_site_name = ""

# This build's generated pages by source path, to find the data file behind a page.
_plans: dict = {}


def on_config(config):
    try:
        root = Path(config.config_file_path).parent
        data = load_for_build(config.repo_url or "", root, root / "data")
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    newest = data.history.newest_time()
    if newest and "SOURCE_DATE_EPOCH" not in os.environ:
        # MkDocs dates the sitemap and its .gz by this when set: the same commit builds the same bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))
    if data.history.empty:
        print("注意:仓库还没有任何提交,页面暂不显示发布时间和更新记录;提交后重新生成即可。", file=sys.stderr)
    if data.history.partial:
        # Not MkDocs' logger: in strict mode its warnings abort, and a shallow clone must still build.
        print("注意:仓库历史不完整(浅克隆),页面上的更新记录将注明“记录不完整”。", file=sys.stderr)
    if config.repo_url:
        # Edit links: hand-written pages open their Markdown, generated ones their data file.
        config.edit_uri = f"edit/{os.environ.get('SITE_REPO_BRANCH', 'main')}/{data.history.prefix}docs/"
    # The name readers see in every title bar and header comes from the data, not from mkdocs.yml.
    # Material prints it unescaped in places: hand it over escaped, as Markup so `| e` keeps it as is.
    global _site_name
    _site_name = site_name(data.site)
    config.site_name = Markup(title_html(_site_name))
    plans = plan_pages(data.site)
    _plans.clear()
    _plans.update((source_file(page.url), page) for page in plans)
    hand_written = list(config.nav or [])
    config.nav = plan_nav(data.site, plans) + hand_written
    return config


def on_files(files: Files, config) -> Files:
    data = current()
    docs_root = Path(config.docs_dir).resolve()
    for src_uri, page in _plans.items():
        generated = File.generated(config, src_uri, content=page.markdown)
        generated.edit_uri = os.path.relpath(page.data_file.resolve(), docs_root).replace(os.sep, "/")
        files.append(generated)
    for path, content in {**outputs.static_outputs(data, config.site_url or ""), **data.identity.site_files()}.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    # The sitemap's lastmod: the page's own last change, not the build time.
    plan = _plans.get(page.file.src_uri)
    updated = changelog.page_updated(current(), plan.data_file if plan else _hand_written_path(page, config))
    if updated:
        page.update_date = updated.time.strftime("%Y-%m-%d")
    return markdown


def on_page_content(html, page, config, files):
    # Headings in generated HTML are invisible to Markdown's toc: build the page's outline here.
    if page.file.src_uri in _plans:
        page.toc = get_toc(heading_outline(html))
    return html


def on_page_context(context, page, config, nav):
    data = current()
    disclosure_id = (page.meta or {}).get("dp_disclosure")
    # A page of one disclosure shows that body's contact; a site-wide page shows every body's.
    disclosures = [data.site.disclosure(disclosure_id)] if disclosure_id else list(data.site.disclosures)
    context["dp_footer_contact"] = render.render_contact_footer(disclosures)
    hand_written = _hand_written_path(page, config)
    if hand_written:
        context["dp_page_dates"] = render.render_page_dates(data, hand_written)
    context["dp_page_meta"] = _page_meta(page, config, disclosures, hand_written)
    context["dp_site_identity"] = render.render_site_identity(current().identity, context["base_url"])
    context["dp_share"] = render.render_share(page.canonical_url)
    return context


def _page_meta(page, config, disclosures, hand_written: Path | None) -> str:
    data = current()
    plan = _plans.get(page.file.src_uri)
    source = "、".join(dict.fromkeys(d.publisher for d in disclosures))
    if plan:
        title = plan.title if plan.url else data.site.disclosures[0].title if data.site.single else _site_name
        return render.render_page_meta(
            site_name=_site_name, title=title, column=plan.column, description=plan.description,
            keywords=plan.keywords, source=source, history=data.history.for_file(plan.data_file),
            url=page.canonical_url, site_code=current().identity.site_code, public_info=_public_info_of(plan),
        )
    meta = page.meta or {}
    return render.render_page_meta(
        site_name=_site_name, title=page.title, column=page.title,
        description=meta.get("description", page.title), keywords=tuple(meta.get("keywords", ())),
        source=source, history=data.history.for_file(hand_written) if hand_written else None,
        url=page.canonical_url, site_code=current().identity.site_code,
    )


def _public_info_of(plan):
    """A disclosure's 政务公开 metadata, for its home page's meta tags only."""
    site = current().site
    disclosure = site.disclosure(plan.disclosure_id) if plan.disclosure_id else None
    return disclosure.public_info if disclosure and plan.url == disclosure_url(site, disclosure) else None


def on_template_context(context, template_name, config):
    # Pages with no Markdown source (the 404 page) carry the contact too.
    context["dp_footer_contact"] = render.render_contact_footer(list(current().site.disclosures))
    context["dp_site_identity"] = render.render_site_identity(current().identity, context["base_url"])
    return context


def _hand_written_path(page, config) -> Path | None:
    if page.file.generated_by:
        return None
    return Path(config.docs_dir) / page.file.src_uri
