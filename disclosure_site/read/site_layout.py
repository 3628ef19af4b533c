"""What the built site writes at its top, beside the disclosures' folders, and so which IDs are taken.

A disclosure's ID is the name of its folder in data/ and in the site (/<ID>/). An ID that is also
one of the site's own names would overwrite that page or folder, or be overwritten by it
(ID=pagefind: the search index; ID=about: 关于本站), and the build would not notice. So the site's
own names live here, where the pages (content/urls.py) and the post-build steps take them from,
and both `make import` and `make validate` refuse them as IDs (`id_problem`). tests/test_reserved_ids.py
builds a site and checks that every top-level name it holds is listed here.
"""
from __future__ import annotations

from pathlib import Path

from disclosure_site.read.kinds import DISCLOSURE_ID

# Pages and files made from the data (content/): their addresses.
CHANGELOG = "changes/"
TAGS = "tags/"
FEED = "feed.xml"
OPEN_DATA = "open-data/"
# Written after the engine (post/).
SEARCH_INDEX = "pagefind/"
NGINX_CSP = "nginx-csp.conf"

# Every top-level name the site writes, with what it is (for the message): ours, then the engine's
# and the theme's (MkDocs: 404.html, sitemap; Material: assets/, the tags plugin's tags.json, and
# the search plugin's search/ should it be turned on), and the form editor's /admin/.
SITE_NAMES = {
    CHANGELOG.rstrip("/"): "更新日志",
    TAGS.rstrip("/"): "按主题浏览",
    FEED: "订阅源",
    OPEN_DATA.rstrip("/"): "数据下载",
    SEARCH_INDEX.rstrip("/"): "搜索索引",
    NGINX_CSP: "nginx 的安全策略",
    "index.html": "首页",
    "404.html": "“页面不存在”页",
    "sitemap.xml": "站点地图",
    "sitemap.xml.gz": "站点地图",
    "assets": "网站的样式、脚本和图片",
    "tags.json": "主题索引",
    "search": "搜索",
    "admin": "表单编辑器",
}


def site_names(docs_dir: Path | None) -> dict[str, str]:
    """SITE_NAMES and the hand-written pages of docs/ (about.md is published at about/)."""
    names = dict(SITE_NAMES)
    if docs_dir is not None and docs_dir.is_dir():
        for entry in sorted(docs_dir.iterdir()):
            name = entry.stem if entry.suffix == ".md" and entry.is_file() else entry.name
            if name not in ("index", "README") and not name.startswith("."):
                names.setdefault(name, f"手写页面 docs/{entry.name}")
    return names


def id_problem(disclosure_id: str, docs_dir: Path | None) -> str | None:
    """Why `disclosure_id` cannot name a disclosure, in Chinese (None when it can)."""
    if not DISCLOSURE_ID.match(disclosure_id):
        return (f"编号“{disclosure_id}”不能用:只能用小写英文字母、数字和连接号“-”,以字母或数字开头"
                "(它会成为网址的一部分),例如 wuhan-jingxin-2024。")
    taken = site_names(docs_dir).get(disclosure_id)
    if taken:
        return (f"编号“{disclosure_id}”不能用:网站自己的“{taken}”就在 /{disclosure_id}/,"
                "用它作编号会覆盖那里的内容或被它覆盖。请换一个编号,例如在后面加上年份(如 "
                f"{disclosure_id}-2025)。")
    return None


def project_docs(data_dir: Path) -> Path:
    """The hand-written pages beside a project's data/ (docs/, as mkdocs.yml names it)."""
    return data_dir.parent / "docs"
