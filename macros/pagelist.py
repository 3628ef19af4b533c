"""Which pages the data makes, where they live and what fills them; engine-neutral.

Each page is a URL, a title, a call of one of the content macros registered in main.py,
and the data file an editor opens to change it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .model import Site
from .render import title_html


@dataclass(frozen=True)
class PagePlan:
    url: str
    title: str  # plain text; escape with title_html before it reaches a theme
    macro_call: str  # e.g. item_page("wuhan-jingxin-2024", 6)
    data_file: Path
    disclosure_id: str | None
    meta: dict = field(default_factory=dict)

    @property
    def markdown(self) -> str:
        """The page's Markdown: front matter from code (never from data) and one macro call."""
        lines = ["---", f"dp_disclosure: {self.disclosure_id or ''}"]
        for key, value in self.meta.items():
            lines.append(f"{key}: {value}")
        lines += ["---", "", "{{ " + self.macro_call + " }}", ""]
        return "\n".join(lines)


def plan_pages(site: Site) -> list[PagePlan]:
    pages: list[PagePlan] = []
    if not site.single:
        pages.append(PagePlan(urls.HOME, "首页", "disclosure_list_page()", site.disclosures[0].folder.parent, None))
    for d in site.disclosures:
        did = d.id
        pages.append(
            PagePlan(urls.disclosure_url(site, d), d.title, f'disclosure_page("{did}")', d.source_path, did)
        )
        for item in d.items:
            pages.append(
                PagePlan(urls.item_url(item), item.title, f'item_page("{did}", {item.number})', item.source_path, did)
            )
        pages.append(PagePlan(urls.next_steps_url(d), "下一步打算", f'next_steps_page("{did}")', d.source_path, did))
        # The 原文 repeats every item: keep it out of search so item pages come first.
        pages.append(
            PagePlan(
                urls.original_url(d), "原文", f'original_page("{did}")', d.source_path, did,
                meta={"search": "{exclude: true}"},
            )
        )
        pages.append(PagePlan(urls.feedback_url(d), "监督与反馈", f'feedback_page("{did}")', d.source_path, did))
    data_dir = site.disclosures[0].folder.parent
    pages.append(PagePlan(urls.CHANGELOG, "更新日志", "changelog_page()", data_dir, None))
    return pages


def plan_nav(site: Site, pages: list[PagePlan]) -> list:
    """MkDocs-style nav entries for the generated pages (titles already escaped)."""
    by_url = {page.url: page for page in pages}

    def entry(url: str, title: str | None = None) -> dict:
        page = by_url[url]
        return {title_html(title or page.title): urls.source_file(url)}

    nav: list = []
    for d in site.disclosures:
        section = [
            entry(urls.disclosure_url(site, d), "首页" if site.single else "概况"),
            {"整改事项": [entry(urls.item_url(item)) for item in d.items]},
            entry(urls.next_steps_url(d)),
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
