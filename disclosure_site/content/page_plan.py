"""Which pages the data makes, where they live and what fills them; engine-neutral.

Each page is a URL, a title, the function that renders its content (content/page_content.py),
and the data file an editor opens to change it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from disclosure_site.content import page_content, urls
from disclosure_site.content.site_data import SiteData
from disclosure_site.content.templates import title_html
from disclosure_site.model.site import Site


@dataclass(frozen=True)
class PagePlan:
    url: str
    title: str  # plain text; escape with title_html before it reaches a theme
    render: Callable[[SiteData], str] = field(compare=False)  # the page's content, as HTML
    data_file: Path
    disclosure_id: str | None
    description: str = ""  # plain text, for the meta description and Open Graph
    column: str = ""  # the section of the site (ColumnName of Chinese government page tags)
    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # topic tags (Material's tags plugin)
    nav_title: str | None = None  # the navigation's name for the page when it is not the title

    @property
    def shown_title(self) -> str:
        """The page's name in the navigation, the header and the title bar."""
        return self.nav_title or self.title


def site_name(site: Site) -> str:
    """The site's name, from the data: the disclosure's own body and title, or the bodies that publish here."""
    if site.single:
        d = site.disclosures[0]
        return d.full_title
    return "、".join(dict.fromkeys(d.body for d in site.disclosures)) + "整改进展公开"


def _summary(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_pages(site: Site, changelog_months: tuple[tuple[int, int], ...] = ()) -> list[PagePlan]:
    """Every page; `changelog_months` are the months of a long change log (the newest at changes/ itself)."""
    pages: list[PagePlan] = []
    bodies = "、".join(d.body for d in site.disclosures)
    if not site.single:
        pages.append(
            PagePlan(
                urls.HOME, "首页", page_content.render_disclosure_list, site.disclosures[0].folder.parent, None,
                description=f"{bodies}巡察整改进展情况公开", column="首页",
            )
        )
    for d in site.disclosures:
        did = d.id
        column = d.full_title
        common = {"column": column, "keywords": (d.body, d.title)}
        pages.append(
            PagePlan(
                urls.disclosure_url(site, d), d.title, partial(page_content.render_disclosure_home, disclosure_id=did),
                d.source_path, did, description=_summary("".join(d.opening)), nav_title="首页" if site.single else None,
                **common,
            )
        )
        for item in d.items:
            pages.append(
                PagePlan(
                    urls.item_url(item), item.title, partial(page_content.render_item, disclosure_id=did, number=item.number),
                    item.source_path, did,
                    description=_summary(f"{item.heading}。整改情况:{item.text}"),
                    column=column, keywords=(item.problem, *item.tags, d.body), tags=item.tags,
                )
            )
        for index, url in urls.part_pages(d).items():
            part = d.parts[index - 1]
            pages.append(
                PagePlan(
                    url, part.heading or part.printed or "", partial(page_content.render_part, disclosure_id=did, index=index),
                    d.source_path, did,
                    description=_summary("".join(part.paragraphs) or d.full_title), **common,
                )
            )
        pages.append(
            PagePlan(
                urls.original_url(d), "原文", partial(page_content.render_original, disclosure_id=did), d.source_path, did,
                description=_summary(f"{column}全文:{''.join(d.opening)}"), **common,
            )
        )
        pages.append(
            PagePlan(
                urls.feedback_url(d), "监督与反馈", partial(page_content.render_feedback, disclosure_id=did), d.source_path, did,
                description=_summary("".join(d.closing) or f"{d.body}监督联系方式"), **common,
            )
        )
    data_dir = site.disclosures[0].folder.parent
    pages.append(
        PagePlan(
            urls.CHANGELOG, "更新日志", page_content.render_changelog, data_dir, None,
            description=f"{bodies}整改进展公开内容的每一次修改,最新的在前。", column="更新日志",
        )
    )
    for year, month in changelog_months[1:]:
        pages.append(
            PagePlan(
                urls.changelog_month_url(year, month), f"更新日志:{year}年{month}月",
                partial(page_content.render_changelog, month=(year, month)), data_dir, None,
                description=f"{bodies}整改进展公开内容{year}年{month}月的修改。", column="更新日志",
            )
        )
    return pages


def _item_nav(d, entry) -> list:
    """The items under their groups, as the text groups them."""
    nav = []
    for group, items in d.sections():
        entries = [entry(urls.item_url(item)) for item in items]
        nav += [{title_html(group.printed): entries}] if group else entries
    return nav


def plan_nav(site: Site, pages: list[PagePlan]) -> list:
    """MkDocs-style nav entries for the generated pages (titles already escaped)."""
    by_url = {page.url: page for page in pages}

    def entry(url: str) -> dict:
        page = by_url[url]
        return {title_html(page.shown_title): urls.source_file(url)}

    nav: list = []
    for d in site.disclosures:
        section = [
            entry(urls.disclosure_url(site, d)),
            {"整改事项": _item_nav(d, entry)},
            *[entry(url) for url in urls.part_pages(d).values()],
            entry(urls.original_url(d)),
            entry(urls.feedback_url(d)),
        ]
        if site.single:
            nav.extend(section)
        else:
            nav.append({title_html(f"{d.body}:{d.title}"): section})
    if not site.single:
        nav.insert(0, entry(urls.HOME))
    nav.append(entry(urls.CHANGELOG))
    return nav
