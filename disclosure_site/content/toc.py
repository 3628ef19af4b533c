"""The table of contents of a page whose headings are in generated HTML (Markdown's toc cannot see them)."""
from __future__ import annotations

import re

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
