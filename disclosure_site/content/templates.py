"""The content templates (overrides/content/, beside Material's) and the filters they use.

The environment autoescapes, so data text is always text: `<script>` shows as `<script>`, and
`{{ }}` is never evaluated because data is only ever a value passed to a template, never part of
a template.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache

import jinja2
from markupsafe import Markup

from disclosure_site.read.paths import CONTENT_TEMPLATES_DIR


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
    env.filters["number_runs"] = number_runs
    return env


def render(template: str, **values) -> str:
    html = _environment().get_template(template).render(**values)
    # Defence in depth: no template delimiter survives into the page, whoever renders it next.
    html = html.replace("{", "&#123;").replace("}", "&#125;")
    # Blank lines would split the HTML into several Markdown blocks; keep it one block.
    return "\n".join(line for line in html.splitlines() if line.strip())


def chinese_date(iso: str) -> str:
    """2024-03-19 -> 2024年3月19日"""
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


# A telephone number as written: digits with the dashes, spaces and bracketed area code between them
# (027—85319490, (027)8531 9490, +86 27 8531 9490). A line may break between numbers, never inside one.
_NUMBER = re.compile(r"[+＋(（]?[0-9０-９][0-9０-９)）\-—–－‐ ]*[0-9０-９]")


def number_runs(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is a number), so that a template keeps each number on one line."""
    pieces, at = [], 0
    for match in _NUMBER.finditer(text):
        if match.start() > at:
            pieces.append((text[at:match.start()], False))
        pieces.append((match.group(0), True))
        at = match.end()
    if at < len(text) or not pieces:
        pieces.append((text[at:], False))
    return pieces


def title_html(text: str) -> str:
    """A data text made safe to hand to MkDocs as a page or navigation title.

    Titles go through MkDocs' theme templates (no autoescape) and the macros plugin renders a
    title again when it contains `{{`: escaping HTML and braces as entities defuses both.
    """
    return str(Markup.escape(text)).replace("{", "&#123;").replace("}", "&#125;")
