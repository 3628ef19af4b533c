#!/usr/bin/env python3
"""Make a built site browsable where a folder address is not a page: GitLab's view of a job's
artifacts (the merge request preview, .gitlab-ci.yml) serves each file at its own path but answers
404 for `05/`, where a web server would send `05/index.html`.

Every relative link to a folder (`05/`, `../`, `./`) in the site's pages gets `index.html`
appended; nothing else changes (inline scripts keep the hashes the pages' security policy names),
and the .gz copy of a changed page is removed rather than left stale. Only for previews: the
published site keeps its short addresses.

Usage: python3 tools/preview_links.py SITE_DIR   (standard library only)
"""
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

LINK_ATTRIBUTES = {"href"}  # src never names a folder
ATTRIBUTE = re.compile(r"""(\s(?P<name>[\w:-]+)\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""")


def folder_to_page(url: str) -> str:
    """`../05/#x` -> `../05/index.html#x`; absolute, external and same-page links stay as they are."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/") or not parts.path:
        return url
    path = parts.path
    if path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/"
    if not path.endswith("/"):
        return url  # a file already
    return path + "index.html" + url[len(parts.path):]


class _Tags(HTMLParser):
    """Where each start tag is in the text, and its text as written."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((self.getpos(), self.get_starttag_text()))

    handle_startendtag = handle_starttag


def rewrite_page(html: str) -> str:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
    pieces, done = [], 0
    for (line, column), text in parser.tags:
        start = line_starts[line - 1] + column
        new = ATTRIBUTE.sub(_rewrite_attribute, text)
        if new != text:
            pieces += [html[done:start], new]
            done = start + len(text)
    return "".join(pieces) + html[done:]


def _rewrite_attribute(match) -> str:
    if match.group("name").lower() not in LINK_ATTRIBUTES:
        return match.group(0)
    for quote, group in (('"', "dq"), ("'", "sq"), ("", "bare")):
        value = match.group(group)
        if value is not None:
            return "{}{q}{}{q}".format(match.group(1), folder_to_page(value), q=quote)
    return match.group(0)


def rewrite_site(site: Path) -> int:
    """Rewrite every page under `site`; returns how many changed."""
    changed = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = rewrite_page(html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            stale = page.with_name(page.name + ".gz")
            if stale.exists():
                stale.unlink()
            changed += 1
    return changed


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not (folder / "index.html").is_file():
        sys.exit("找不到已生成的网站 {}/:请先运行 make site。".format(folder))
    print("预览网站:{} 个页面中指向文件夹的链接已改为指向其中的 index.html。".format(rewrite_site(folder)))
