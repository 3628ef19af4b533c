"""Model (+ history) -> the content of each page: one function per kind of page, each an HTML
fragment rendered through the content templates (templates.py), and the head and footer pieces
every page carries."""
from __future__ import annotations

import re
from pathlib import Path

from disclosure_site.read.kinds import load_schema
from disclosure_site.model.site import Disclosure, Item, Site
from disclosure_site.model.original import item_lines, original_lines
from disclosure_site.model.public_info import PublicInfo
from disclosure_site.check.rules import summary_errors
from disclosure_site.check.site_identity import SiteIdentity
from disclosure_site.history.revisions import FileHistory
from disclosure_site.content import urls
from disclosure_site.content.changelog import change_days, change_entries, change_months, combined_view, history_view
from disclosure_site.content.charts import charts_for
from disclosure_site.content.dates import text_date
from disclosure_site.content.item_text import item_text
from disclosure_site.content.qr import qr_code_svg
from disclosure_site.content.site_data import SiteData
from disclosure_site.content.templates import render, title_html


# The subject quotes the item's problem once; quotation marks inside it go one level down, as Chinese
# nests them (“‘…’”), so that a problem that begins with a quotation is never quoted twice (““).
_ONE_LEVEL_DOWN = str.maketrans("“”‘’", "‘’“”")
_QUOTE_MARK = re.compile("[“”‘’]")


def feedback_subject(disclosure: Disclosure, item: Item | None = None) -> str:
    """The subject of a reader's e-mail: which disclosure, or which item, it is about."""
    if item:
        problem = item.problem
        outermost = _QUOTE_MARK.search(problem)
        if outermost and outermost.group(0) in "“”":  # a text that quotes with ‘’ first is one level down already
            problem = problem.translate(_ONE_LEVEL_DOWN)
        return f"对第{item.number}项“{problem}”整改情况的意见建议"
    return f"对{disclosure.full_title}的意见建议"


def feedback_mailto(disclosure: Disclosure, item: Item | None = None) -> str | None:
    """A mailto: link whose subject names the disclosure or the item, to the contact its pages show
    (the text's, else the site's); None without an e-mail address."""
    return disclosure.shown_contact.mailto(feedback_subject(disclosure, item))


# ---------------------------------------------------------------- pages

def _links(site: Site, disclosure: Disclosure, here: str) -> dict[str, str]:
    """Relative links from the page at `here` to the disclosure's other pages."""
    return {
        "home": urls.relative(here, urls.disclosure_url(site, disclosure)),
        "original": urls.relative(here, urls.original_url(disclosure)),
        "feedback": urls.relative(here, urls.feedback_url(disclosure)),
        "changelog": urls.relative(here, urls.CHANGELOG),
    }


def render_disclosure_home(data: SiteData, disclosure_id: str) -> str:
    disclosure = data.site.disclosure(disclosure_id)
    here = urls.disclosure_url(data.site, disclosure)
    sections = [
        {"group": group, "rows": [{"item": item, "url": urls.relative(here, urls.item_url(item))} for item in items]}
        for group, items in disclosure.sections()
    ]
    return _disclosure_page(
        "disclosure.html", data, disclosure, here,
        sections=sections, statuses=disclosure.statuses, summary=disclosure.summary,
        overview=status_overview(disclosure, here),
        summary_counts=_summary_agrees(disclosure),
        history=combined_view(data, disclosure),
    )


# A status shared by more items than this links to the list of items rather than to each.
OVERVIEW_LINKS_AT_MOST = 12


def status_overview(d: Disclosure, here: str) -> list[dict]:
    """The disclosure at a glance: for each status the text states, and for 原文未载明, how many items and
    which (linked), in the order of the schema's statuses."""
    order = load_schema("item")["properties"]["status"]["enum"]
    groups: dict[str, list[Item]] = {}
    for item in d.items:
        groups.setdefault(item.status or "", []).append(item)
    rows = []
    for status in sorted(groups, key=lambda s: order.index(s) if s in order else len(order)):
        items = groups[status]
        links = [{"number": i.number, "url": urls.relative(here, urls.item_url(i))} for i in items]
        rows.append({"status": status or None, "count": len(items),
                     "links": links if len(links) <= OVERVIEW_LINKS_AT_MOST else None})
    return rows


def _summary_agrees(d: Disclosure) -> bool | None:
    """Whether the text's own count still agrees with the items' statuses (None: not every item has
    one, or the count states no status, so that there is nothing to agree with)."""
    s = d.summary
    if not s or not d.items or not all(item.status for item in d.items):
        return None
    if s.completed is None and s.in_progress is None and s.not_completed is None and not s.all_completed:
        return None
    return not summary_errors(d)


def render_disclosure_list(data: SiteData) -> str:
    site = data.site
    entries = [{"disclosure": d, "url": urls.relative(urls.HOME, urls.disclosure_url(site, d))} for d in site.disclosures]
    return render("disclosure_list.html", entries=entries, changelog=urls.relative(urls.HOME, urls.CHANGELOG))


def unstated_fields(item: Item) -> str:
    """What the text does not state of the item, in one phrase: 整改状态、时限和责任单位 ("" when it states all)."""
    missing = [name for name, stated in (("整改状态", item.status), ("整改时限", item.deadline or item.deadline_text),
                                         ("责任单位", item.responsible_units)) if not stated]
    if len(missing) > 1 and missing[0] == "整改状态" and missing[1] == "整改时限":
        missing[1] = "时限"  # 整改状态、时限: the word is said once
    return "、".join(missing[:-1]) + "和" + missing[-1] if len(missing) > 1 else "".join(missing)


def render_item(data: SiteData, disclosure_id: str, number: int) -> str:
    site = data.site
    disclosure, item = site.disclosure(disclosure_id), site.item(disclosure_id, number)
    here = urls.item_url(item)
    position = disclosure.items.index(item)
    previous = disclosure.items[position - 1] if position > 0 else None
    following = disclosure.items[position + 1] if position + 1 < len(disclosure.items) else None
    return render(
        "item.html",
        disclosure=disclosure,
        text_date=text_date(disclosure),
        item=item,
        total=len(disclosure.items),
        previous=(previous, urls.relative(here, urls.item_url(previous))) if previous else None,
        next=(following, urls.relative(here, urls.item_url(following))) if following else None,
        links=_links(site, disclosure, here),
        group_url=urls.relative(here, urls.disclosure_url(site, disclosure)) + f"#{item.group.anchor}" if item.group else None,
        mailto=feedback_mailto(disclosure, item),
        subject=feedback_subject(disclosure, item),
        history=history_view(data, item.source_path),
        charts=charts_for(item),
        text=item_text(item),
        unstated=unstated_fields(item),
        stated_in_urls={c.stated_in: urls.relative(here, urls.item_url(site.item(disclosure_id, c.stated_in)))
                        for c in item.citations if c.stated_in},
        tags_url=urls.relative(here, urls.TAGS),
    )


def _disclosure_page(template: str, data: SiteData, disclosure: Disclosure, here: str, **values) -> str:
    """A page about a disclosure as a whole: it links to the others and shows disclosure.yml's dates."""
    values.setdefault("history", history_view(data, disclosure.source_path))
    return render(template, disclosure=disclosure, links=_links(data.site, disclosure, here),
                  text_date=text_date(disclosure), **values)


def render_part(data: SiteData, disclosure_id: str, index: int) -> str:
    """A part after the problems (下一步打算) on its own page, as the text prints it."""
    disclosure = data.site.disclosure(disclosure_id)
    url = urls.part_pages(disclosure)[index]
    return _disclosure_page("part.html", data, disclosure, url, part=disclosure.parts[index - 1])


def render_feedback(data: SiteData, disclosure_id: str) -> str:
    disclosure = data.site.disclosure(disclosure_id)
    return _disclosure_page(
        "feedback.html", data, disclosure, urls.feedback_url(disclosure), mailto=feedback_mailto(disclosure),
        subject=feedback_subject(disclosure),
    )


def render_original(data: SiteData, disclosure_id: str) -> str:
    disclosure = data.site.disclosure(disclosure_id)
    here = urls.original_url(disclosure)
    record = urls.relative(here, urls.source_record_file(disclosure)) if disclosure.source_record.is_file() else None
    return _disclosure_page(
        "original.html", data, disclosure, here,
        blocks=original_blocks(disclosure), history=combined_view(data, disclosure), record_url=record,
    )


def original_blocks(disclosure: Disclosure) -> list[dict]:
    """The 原文's lines (model/original.py) with its headings known as headings: the title, the parts, the
    groups and the items' headings, so that they read, print and navigate as headings. Each heading line
    is the one the model prints for that heading; a paragraph that happens to read the same is left as it is."""
    d = disclosure
    item_level = 4 if d.groups else 3
    headings: dict[str, tuple[str | int, str]] = {}
    if d.document_title:
        headings[d.document_title] = ("title", "")
    for part in d.parts:
        if part.printed:
            headings.setdefault(part.printed, (2, part.anchor))
    for group in d.groups:
        headings.setdefault(group.printed, (3, group.anchor))
    for item in d.items:
        headings.setdefault(item_lines(item)[0], (item_level, f"item-{item.number}"))
    blocks = []
    for line in original_lines(d):
        level, anchor = headings.pop(line, (None, ""))
        blocks.append({"text": line, "level": level, "anchor": anchor})
    return blocks


def changelog_url(months: list, index: int) -> str:
    """The newest month (or the whole log, when it is short) at changes/, each older month at changes/YYYY-MM/."""
    return urls.CHANGELOG if index == 0 else urls.changelog_month_url(months[index].year, months[index].month)


def render_changelog(data: SiteData, month: tuple[int, int] | None = None) -> str:
    """The change log: 订阅 first, then the edits by day, newest first; a long one a month a page."""
    months = change_months(data)
    index = next((n for n, m in enumerate(months) if (m.year, m.month) == month), 0)
    here = changelog_url(months, index)
    days = months[index].days if months else change_days(change_entries(data))
    targets = {e.target_url for day in days for edit in day.edits for e in edit.entries if e.target_url is not None}
    return render(
        "changelog.html",
        days=days,
        links={target: urls.relative(here, target) for target in targets},
        months=[{"month": m, "url": urls.relative(here, changelog_url(months, n)), "current": n == index}
                for n, m in enumerate(months)],
        current=months[index] if months else None,
        available=data.history.root is not None,
        partial=data.history.partial,
        feed=urls.relative(here, urls.FEED),
    )


def render_page_dates(data: SiteData, path: Path) -> str:
    """The 更新时间 line of a hand-written page."""
    return render("page_dates.html", history=history_view(data, path))


def render_contact_footer(disclosures) -> str:
    """The footer's contact blocks: one per distinct contact, naming every body that shares it; the
    site's own contact (for texts that state none) labelled as the site's."""
    entries: dict[tuple, dict] = {}
    for d in disclosures:
        key = (d.shown_contact, d.publisher, d.contact_from_site)
        entry = entries.setdefault(key, {"contact": d.shown_contact, "bodies": [], "sources": d.publisher,
                                         "site": d.contact_from_site})
        if d.body not in entry["bodies"]:
            entry["bodies"].append(d.body)
    return render("contact_footer.html", entries=[{**e, "bodies": "、".join(e["bodies"])} for e in entries.values()])


def render_page_meta(
    *,
    site_name: str,
    title: str,
    column: str,
    description: str,
    keywords: tuple[str, ...],
    source: str,
    history: FileHistory | None,
    url: str | None,
    site_code: str | None = None,
    public_info: PublicInfo | None = None,
    disclosure: Disclosure | None = None,
) -> str:
    """The head's meta elements: description, Open Graph, and the page tags that Chinese
    government sites carry (SiteName, SiteIDCode, ColumnName, ArticleTitle, PubDate, ContentSource,
    Keywords), with a disclosure's 政务公开 metadata on its home page. PubDate is the date the body
    published the text where it states one (a page of that disclosure), else when this site did."""
    stated = text_date(disclosure) if disclosure else None
    revision = history.published or history.updated if history else None
    published = stated.iso if stated and stated.iso else revision.time_text if revision else None
    return render(
        "page_meta.html",
        site_code=site_code,
        public_info=public_info,
        site_name=site_name,
        title=title,
        column=column,
        description=description,
        keywords=",".join(dict.fromkeys(k for k in keywords if k)),
        source=source,
        published=published,
        url=url,
    )


def render_site_identity(identity: SiteIdentity, base_url: str) -> str:
    """The footer's 主办单位, 承办单位, 网站标识码, filing numbers and emblem; "" when none is set.
    `base_url` leads from the page to the site root (MkDocs' own, absolute on the 404 page)."""
    if not identity.shown:
        return ""
    emblem_src = base_url.rstrip("/") + "/" + identity.emblem_path if identity.emblem else None
    return render("site_identity.html", identity=identity, emblem_src=emblem_src)


def render_share(url: str | None) -> str:
    """The end of a page: 分享 with a QR code of its own address (only when the site's address is
    known, SITE_URL) and 打印本页; the QR code also goes on the printout."""
    return render("share.html", url=url, qr=qr_code_svg(url) if url else None)


def render_schema_fields(kind: str) -> str:
    """A data file's fields for readers, from its JSON Schema (the schema is the one source): the Chinese
    name first, the machine name small beside it, what it holds, and whether every file has it."""
    schema = load_schema(kind)
    required = set(schema.get("required", []))
    rows = [
        {"name": name, "title": spec.get("title", name), "required": name in required,
         "description": _for_readers(spec.get("description", ""))}
        for name, spec in schema["properties"].items()
    ]
    return render("schema_fields.html", rows=rows)


def _for_readers(description: str) -> str:
    """A schema's note as a reader reads it: a date's pattern said with an example."""
    return description.replace("YYYY-MM-DD", "年-月-日(如 2024-03-19)")


def render_original_text_links(data: SiteData) -> str:
    """Markdown list items linking each disclosure's reassembled 原文 and its first-published record."""
    rows = []
    for d in data.site.disclosures:
        name = title_html(d.full_title)
        rows.append(f"- [{name}原文全文]({urls.original_text_file(d)}):由本站数据按原顺序重排,随更正而更新(纯文本)")
        if d.source_record.is_file():
            rows.append(f"- [{name}首次公布的原文]({urls.source_record_file(d)}):发布单位最初公布的文字,不作改动(纯文本)")
    return "\n".join(rows)
