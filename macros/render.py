"""Model (+ history) -> page content: HTML fragments and the plain 原文 text, through Jinja templates.

The templates live in overrides/content/ beside Material's. The environment autoescapes, so
data text is always text: `<script>` shows as `<script>`, and `{{ }}` is never evaluated
because data is only ever a value passed to a template, never part of a template.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import jinja2
import segno
from markupsafe import Markup

from . import urls
from .changelog import change_entries, combined_view, history_view
from .history import FileHistory
from .kinds import load_schema
from .model import Disclosure, Figure, Item, Site
from .original import original_lines
from .paths import CONTENT_TEMPLATES_DIR
from .rules import summary_errors
from .public_info import PublicInfo
from .site_data import SiteData
from .site_identity import SiteIdentity


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(CONTENT_TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cn_date"] = chinese_date
    env.filters["marked_changes"] = marked_changes
    return env


def _render(template: str, **values) -> str:
    html = _environment().get_template(template).render(**values)
    # Defence in depth: no template delimiter survives into the page, whoever renders it next.
    html = html.replace("{", "&#123;").replace("}", "&#125;")
    # Blank lines would split the HTML into several Markdown blocks; keep it one block.
    return "\n".join(line for line in html.splitlines() if line.strip())


CONTEXT = 12  # characters kept on each side of a change; longer unchanged stretches are shortened to …


def marked_changes(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """What changed between two texts, character by character: (text, changed) pieces of the old and
    of the new text, so a correction of one character shows as that character, not as two paragraphs."""
    import difflib

    before: list[tuple[str, bool]] = []
    after: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            same = old[a1:a2]
            if len(same) > 2 * CONTEXT + 1:
                head = same[:CONTEXT] if index > 0 else ""
                tail = same[-CONTEXT:] if index < len(opcodes) - 1 else ""
                same = head + "…" + tail
            before.append((same, False))
            after.append((same, False))
        else:
            if a2 > a1:
                before.append((old[a1:a2], True))
            if b2 > b1:
                after.append((new[b1:b2], True))
    return before, after


def chinese_date(iso: str) -> str:
    """2024-03-19 -> 2024年3月19日"""
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def title_html(text: str) -> str:
    """A data text made safe to hand to MkDocs as a page or navigation title.

    Titles go through MkDocs' theme templates (no autoescape) and the macros plugin renders a
    title again when it contains `{{`: escaping HTML and braces as entities defuses both.
    """
    return str(Markup.escape(text)).replace("{", "&#123;").replace("}", "&#125;")


def feedback_mailto(disclosure: Disclosure, item: Item | None = None) -> str | None:
    """A mailto: link whose subject names the disclosure or the item, to the contact its pages show
    (the text's, else the site's); None without an e-mail address."""
    email = disclosure.shown_contact.email
    if not email:
        return None
    subject = f"对{disclosure.full_title}的意见建议"
    if item:
        subject = f"对第{item.number}项“{item.problem}”整改情况的意见建议"
    return f"mailto:{email}?subject={quote(subject)}"


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
        summary_counts=_summary_agrees(disclosure),
        history=combined_view(data, disclosure),
    )


def _summary_agrees(d: Disclosure) -> bool | None:
    """Whether the text's own count still agrees with the items' statuses (None: not every item has one)."""
    if not d.summary or not d.items or not all(item.status for item in d.items):
        return None
    return not summary_errors(d)


def render_disclosure_list(data: SiteData) -> str:
    site = data.site
    entries = [{"disclosure": d, "url": urls.relative(urls.HOME, urls.disclosure_url(site, d))} for d in site.disclosures]
    return _render("disclosure_list.html", entries=entries, changelog=urls.relative(urls.HOME, urls.CHANGELOG))


@dataclass(frozen=True)
class Chart:
    """A change the text states (530家 -> 1262家), drawn as two bars scaled to the larger value."""

    figure: Figure
    before_width: int
    after_width: int

    WIDTH = 180  # px of the longer bar; labels sit to its right


def charts_for(item: Item) -> list[Chart]:
    charts = []
    for figure in item.figures:
        if not figure.is_change:
            continue
        before, after = max(float(figure.previous_value), 0.0), max(float(figure.value), 0.0)
        largest = max(before, after) or 1.0
        charts.append(Chart(figure, round(Chart.WIDTH * before / largest), round(Chart.WIDTH * after / largest)))
    return charts


def _clause_notes(item: Item) -> dict:
    """Each distinct sentence the figures are read from, numbered once, as footnotes of the table."""
    clauses = list(dict.fromkeys(figure.clause for figure in item.figures))
    return {"clauses": clauses, "clause_numbers": [clauses.index(f.clause) + 1 for f in item.figures]}


def render_item(data: SiteData, disclosure_id: str, number: int) -> str:
    site = data.site
    disclosure, item = site.disclosure(disclosure_id), site.item(disclosure_id, number)
    here = urls.item_url(item)
    position = disclosure.items.index(item)
    previous = disclosure.items[position - 1] if position > 0 else None
    following = disclosure.items[position + 1] if position + 1 < len(disclosure.items) else None
    return _render(
        "item.html",
        disclosure=disclosure,
        item=item,
        total=len(disclosure.items),
        previous=(previous, urls.relative(here, urls.item_url(previous))) if previous else None,
        next=(following, urls.relative(here, urls.item_url(following))) if following else None,
        links=_links(site, disclosure, here),
        group_url=urls.relative(here, urls.disclosure_url(site, disclosure)) + f"#{item.group.anchor}" if item.group else None,
        mailto=feedback_mailto(disclosure, item),
        history=history_view(data, item.source_path),
        charts=charts_for(item),
        **_clause_notes(item),
        stated_in_urls={c.stated_in: urls.relative(here, urls.item_url(site.item(disclosure_id, c.stated_in)))
                        for c in item.citations if c.stated_in},
        tags_url=urls.relative(here, urls.TAGS),
    )


def _disclosure_page(template: str, data: SiteData, disclosure: Disclosure, here: str, **values) -> str:
    """A page about a disclosure as a whole: it links to the others and shows disclosure.yml's dates."""
    values.setdefault("history", history_view(data, disclosure.source_path))
    return _render(template, disclosure=disclosure, links=_links(data.site, disclosure, here), **values)


def render_part(data: SiteData, disclosure_id: str, index: int) -> str:
    """A part after the problems (下一步打算) on its own page, as the text prints it."""
    disclosure = data.site.disclosure(disclosure_id)
    url = urls.part_pages(disclosure)[index]
    return _disclosure_page("part.html", data, disclosure, url, part=disclosure.parts[index - 1])


def render_feedback(data: SiteData, disclosure_id: str) -> str:
    disclosure = data.site.disclosure(disclosure_id)
    return _disclosure_page(
        "feedback.html", data, disclosure, urls.feedback_url(disclosure), mailto=feedback_mailto(disclosure)
    )


def render_original(data: SiteData, disclosure_id: str) -> str:
    disclosure = data.site.disclosure(disclosure_id)
    here = urls.original_url(disclosure)
    record = urls.relative(here, urls.source_record_file(disclosure)) if disclosure.source_record.is_file() else None
    return _disclosure_page(
        "original.html", data, disclosure, here,
        paragraphs=original_lines(disclosure), history=combined_view(data, disclosure), record_url=record,
    )


def render_changelog(data: SiteData) -> str:
    here = urls.CHANGELOG
    entries = [(entry, urls.relative(here, entry.target_url) if entry.target_url is not None else None)
               for entry in change_entries(data)]
    return _render(
        "changelog.html",
        entries=entries,
        available=data.history.root is not None,
        partial=data.history.partial,
        feed=urls.relative(here, urls.FEED),
    )


def render_page_dates(data: SiteData, path: Path) -> str:
    """The 更新时间 line of a hand-written page."""
    return _render("page_dates.html", history=history_view(data, path))


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
    return _render("contact_footer.html", entries=[{**e, "bodies": "、".join(e["bodies"])} for e in entries.values()])


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
) -> str:
    """The head's meta elements: description, Open Graph, and the page tags that Chinese
    government sites carry (SiteName, SiteIDCode, ColumnName, ArticleTitle, PubDate, ContentSource,
    Keywords), with a disclosure's 政务公开 metadata on its home page."""
    published = history.published or history.updated if history else None
    return _render(
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
    return _render("site_identity.html", identity=identity, emblem_src=emblem_src)


@cache  # about 3.5 ms a page; `mkdocs serve` rebuilds then draw each address once
def qr_code_svg(url: str) -> Markup:
    """A QR code of `url` as inline SVG, drawn here at build time (segno), dark on white in every mode."""
    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=4, border=4, omitsize=True, dark="#000", light="#fff", svgclass=None, lineclass=None))


def render_share(url: str | None) -> str:
    """The end of a page: 分享 with a QR code of its own address (only when the site's address is
    known, SITE_URL) and 打印本页; the QR code also goes on the printout."""
    return _render("share.html", url=url, qr=qr_code_svg(url) if url else None)


def render_schema_fields(kind: str) -> str:
    """A table of a data file's fields, from its JSON Schema: the schema is the one source."""
    schema = load_schema(kind)
    required = set(schema.get("required", []))
    rows = [
        {"name": name, "title": spec.get("title", ""), "description": spec.get("description", ""), "required": name in required}
        for name, spec in schema["properties"].items()
    ]
    return _render("schema_fields.html", rows=rows)


def render_original_text_links(data: SiteData) -> str:
    """Table rows (Markdown) linking each disclosure's reassembled 原文 and its first-published record."""
    rows = []
    for d in data.site.disclosures:
        name = title_html(d.full_title).replace("|", "&#124;")  # a | would end the table cell
        rows.append(f"| [{d.id}.txt]({urls.original_text_file(d)}) | {name}原文全文(纯文本,由数据重排) |")
        if d.source_record.is_file():
            record = urls.source_record_file(d)
            rows.append(f"| [{record.rsplit('/', 1)[1]}]({record}) | {name}首次公布的原文(纯文本,不作改动) |")
    return "\n".join(rows)


_HEADING = re.compile(r'<h([12]) id="([^"]+)">(.*?)</h\1>', re.S)


def heading_outline(html: str) -> list[dict]:
    """The h1/h2 headings of a page made by these templates, as table-of-contents tokens
    (level, id, name, children; names stay escaped HTML). Generated pages get a table of
    contents, and with it the theme's skip link, like hand-written ones."""
    outline: list[dict] = []
    for level, anchor, name in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        if token["level"] == 2 and outline:
            outline[-1]["children"].append(token)
        else:
            outline.append(token)
    return outline
