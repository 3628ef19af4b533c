"""Model -> page content (HTML fragments and the plain 原文 text), through Jinja templates.

The templates live in overrides/content/ beside Material's. The environment autoescapes, so
data text is always text: `<script>` shows as `<script>`, and `{{ }}` is never evaluated
because data is only ever a value passed to a template, never part of a template.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import urls
from .model import Disclosure, Item, Site
from .paths import CONTENT_TEMPLATES_DIR


def _autoescape(template_name: str | None) -> bool:
    """Escape every template except the plain-text ones (named *_text.html: MkDocs does not
    publish *.html files of a theme folder, so they stay templates and never become pages)."""
    return not (template_name or "").endswith("_text.html")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(CONTENT_TEMPLATES_DIR),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["cn_date"] = chinese_date
    env.filters["no_jinja"] = no_jinja
    return env


def _render(template: str, **values) -> str:
    html = _environment().get_template(template).render(**values)
    # Defence in depth: no template delimiter survives into the page, whoever renders it next.
    html = html.replace("{", "&#123;").replace("}", "&#125;")
    # Blank lines would split the HTML into several Markdown blocks; keep it one block.
    return "\n".join(line for line in html.splitlines() if line.strip())


def chinese_date(iso: str) -> str:
    """2024-03-19 -> 2024年3月19日"""
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def no_jinja(text: str) -> Markup:
    """Escape a text for HTML *and* hide template delimiters from any later template pass.

    Page titles go through MkDocs' theme templates (no autoescape) and the macros plugin
    renders a title again when it contains `{{`: escaping braces as entities defuses both.
    """
    escaped = str(Markup.escape(text))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;"))


def title_html(text: str) -> str:
    """A data text made safe to hand to MkDocs as a page or navigation title."""
    return str(no_jinja(text))


def _links(site: Site, disclosure: Disclosure, here: str) -> dict[str, str]:
    """Relative links from the page at `here` to the disclosure's other pages."""
    return {
        "home": urls.relative(here, urls.disclosure_url(site, disclosure)),
        "next_steps": urls.relative(here, urls.next_steps_url(disclosure)),
        "original": urls.relative(here, urls.original_url(disclosure)),
        "feedback": urls.relative(here, urls.feedback_url(disclosure)),
        "changelog": urls.relative(here, urls.CHANGELOG),
    }


def feedback_mailto(disclosure: Disclosure, item: Item | None = None) -> str:
    subject = f"对{disclosure.body}{disclosure.title}的意见建议"
    if item:
        subject = f"对第{item.number}项“{item.problem}”整改情况的意见建议"
    return f"mailto:{disclosure.contact.email}?subject={quote(subject)}"


# ---------------------------------------------------------------- pages

def render_disclosure_home(site: Site, disclosure: Disclosure) -> str:
    here = urls.disclosure_url(site, disclosure)
    rows = [
        {"item": item, "url": urls.relative(here, urls.item_url(item))} for item in disclosure.items
    ]
    return _render(
        "disclosure.html",
        disclosure=disclosure,
        rows=rows,
        statuses=disclosure.statuses,
        links=_links(site, disclosure, here),
        mailto=feedback_mailto(disclosure),
    )


def render_disclosure_list(site: Site) -> str:
    entries = [
        {"disclosure": d, "url": urls.relative(urls.HOME, urls.disclosure_url(site, d))} for d in site.disclosures
    ]
    return _render("disclosure_list.html", entries=entries)


def render_item(site: Site, item: Item) -> str:
    disclosure = site.disclosure(item.disclosure_id)
    here = urls.item_url(item)
    position = disclosure.items.index(item)
    neighbours = {
        "previous": disclosure.items[position - 1] if position > 0 else None,
        "next": disclosure.items[position + 1] if position + 1 < len(disclosure.items) else None,
    }
    return _render(
        "item.html",
        disclosure=disclosure,
        item=item,
        total=len(disclosure.items),
        neighbours={k: (v, urls.relative(here, urls.item_url(v))) if v else None for k, v in neighbours.items()},
        links=_links(site, disclosure, here),
        mailto=feedback_mailto(disclosure, item),
    )


def render_next_steps(site: Site, disclosure: Disclosure) -> str:
    here = urls.next_steps_url(disclosure)
    return _render("next_steps.html", disclosure=disclosure, links=_links(site, disclosure, here))


def render_feedback(site: Site, disclosure: Disclosure) -> str:
    here = urls.feedback_url(disclosure)
    return _render(
        "feedback.html", disclosure=disclosure, links=_links(site, disclosure, here), mailto=feedback_mailto(disclosure)
    )


def original_text(disclosure: Disclosure) -> str:
    """The whole announcement, reassembled from the data in its original order, as plain text."""
    return _environment().get_template("original_text.html").render(disclosure=disclosure).strip() + "\n"


def render_original(site: Site, disclosure: Disclosure) -> str:
    here = urls.original_url(disclosure)
    return _render(
        "original.html",
        disclosure=disclosure,
        paragraphs=original_text(disclosure).splitlines(),
        links=_links(site, disclosure, here),
    )


def render_contact_footer(disclosures: tuple[Disclosure, ...] | list[Disclosure]) -> str:
    return _render("contact_footer.html", disclosures=disclosures)
