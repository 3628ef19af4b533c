"""MkDocs hook: adds the pages made from data/, their navigation, dates and the footer contact.

The only module besides main.py that knows MkDocs; the rest of macros/ is plain Python.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
from mkdocs_macros import context as macros_context  # noqa: E402

from macros import changelog, csp, forge, outputs, precompress, render, search_index  # noqa: E402
from macros.errors import DataErrors, shown_path  # noqa: E402
from macros.pagelist import plan_nav, plan_pages, site_name  # noqa: E402
from macros.site_data import current, load_for_build  # noqa: E402
from macros.site_identity import SiteIdentity, load_site_identity  # noqa: E402
from macros.urls import disclosure_url, source_file  # noqa: E402


# mkdocs-macros fills a `git` template variable with twelve git processes on every build;
# no page uses it, and macros/history.py reads git once for everything. Hooks load before
# any plugin's on_config, so replacing it here keeps a build at four git processes.
macros_context.get_git_info = lambda: {"status": False, "date": None}


# The site's name as plain text (config.site_name holds it escaped for the theme).
_site_name = ""

# This build's generated pages by source path, to find the data file behind a page.
_plans: dict = {}
# `mkdocs serve` injects its own live-reload script into pages: no policy or .gz while previewing.
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


# The site's identity for every footer (data/site.yml); nothing set until on_config reads it.
_identity = SiteIdentity()


def on_config(config):
    global _identity
    try:
        data = load_for_build(forge.from_environment(config.repo_url or ""))
        _identity = load_site_identity()
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    except forge.ForgeError as exc:
        raise PluginError(str(exc)) from None
    newest = data.history.newest_time()
    if newest and "SOURCE_DATE_EPOCH" not in os.environ:
        # MkDocs dates the sitemap and its .gz by this when set: the same commit builds the same bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))
    if data.history.empty:
        print("注意:仓库还没有任何提交,页面暂不显示发布时间和更新记录;提交后重新生成即可。", file=sys.stderr)
    if data.history.partial:
        # Not MkDocs' logger: in strict mode its warnings abort, and a shallow clone must still build.
        print("注意:仓库历史不完整(浅克隆),页面上的更新记录将注明“记录不完整”。", file=sys.stderr)
    # The name readers see in every title bar and header comes from the data, not from mkdocs.yml.
    # Material prints it unescaped in places: hand it over escaped, as Markup so `| e` keeps it as is.
    global _site_name
    _site_name = site_name(data.site)
    config.site_name = Markup(render.title_html(_site_name))
    plans = plan_pages(data.site)
    _plans.clear()
    _plans.update((source_file(page.url), page) for page in plans)
    hand_written = list(config.nav or [])
    config.nav = plan_nav(data.site, plans) + hand_written
    return config


def on_files(files: Files, config) -> Files:
    data = current()
    for src_uri, page in _plans.items():
        files.append(File.generated(config, src_uri, content=page.markdown))
    for path, content in {**outputs.static_outputs(data, config.site_url or ""), **_identity.site_files()}.items():
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
        page.toc = get_toc(render.heading_outline(html))
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
    page.edit_url = _edit_url(page, hand_written)
    context["dp_page_meta"] = _page_meta(page, config, disclosures, hand_written)
    context["dp_site_identity"] = render.render_site_identity(_identity, context["base_url"])
    context["dp_share"] = render.render_share(page.canonical_url)
    return context


def _edit_url(page, hand_written: Path | None) -> str | None:
    """The forge's editor for the file a page is made from: its data file, or its Markdown."""
    data = current()
    plan = _plans.get(page.file.src_uri)
    source = plan.data_file if plan else hand_written
    return data.forge.edit_url(data.history.prefix + shown_path(source)) if source else None


def _page_meta(page, config, disclosures, hand_written: Path | None) -> str:
    data = current()
    plan = _plans.get(page.file.src_uri)
    source = "、".join(dict.fromkeys(d.publisher for d in disclosures))
    if plan:
        title = plan.title if plan.url else data.site.disclosures[0].title if data.site.single else _site_name
        return render.render_page_meta(
            site_name=_site_name, title=title, column=plan.column, description=plan.description,
            keywords=plan.keywords, source=source, history=data.history.for_file(plan.data_file),
            url=page.canonical_url, site_code=_identity.site_code, public_info=_public_info_of(plan),
        )
    meta = page.meta or {}
    return render.render_page_meta(
        site_name=_site_name, title=page.title, column=page.title,
        description=meta.get("description", page.title), keywords=tuple(meta.get("keywords", ())),
        source=source, history=data.history.for_file(hand_written) if hand_written else None,
        url=page.canonical_url, site_code=_identity.site_code,
    )


def _public_info_of(plan):
    """A disclosure's 政务公开 metadata, for its home page's meta tags only."""
    site = current().site
    disclosure = site.disclosure(plan.disclosure_id) if plan.disclosure_id else None
    return disclosure.public_info if disclosure and plan.url == disclosure_url(site, disclosure) else None


def on_post_build(config):
    # The search index is read from the finished pages (macros/search_index.py), so every build
    # (make site, make serve, the tests' builds) carries it; before the policy and the .gz copies.
    try:
        search_index.index_site(Path(config.site_dir))
    except (OSError, RuntimeError, ValueError) as exc:
        raise PluginError(f"生成搜索索引时出错:{exc}。网站没有生成,原有 site/ 保持原样;请把这条信息发给维护人员。") from None
    if not _serving:
        _secure_and_compress(Path(config.site_dir), [Path(d) for d in config.theme.dirs])


def _secure_and_compress(site_dir: Path, template_dirs: list[Path]) -> None:
    # Last, after every file is written: the policy covers each page, the .gz each text file.
    try:
        csp.apply(site_dir, template_dirs)
    except csp.InlineScriptNotFromTheme as exc:
        raise PluginError(str(exc)) from None
    precompress.write_gzip_copies(site_dir)


def on_template_context(context, template_name, config):
    # Pages with no Markdown source (the 404 page) carry the contact too.
    context["dp_footer_contact"] = render.render_contact_footer(list(current().site.disclosures))
    context["dp_site_identity"] = render.render_site_identity(_identity, context["base_url"])
    return context


def _hand_written_path(page, config) -> Path | None:
    if page.file.generated_by:
        return None
    return Path(config.docs_dir) / page.file.src_uri
