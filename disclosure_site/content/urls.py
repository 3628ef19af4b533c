"""Where every generated page lives. URLs are stable and readable: /<disclosure-id>/<NN>/.

Pages are addressed by their URL relative to the site root (as with `use_directory_urls`);
links inside generated HTML are made relative so the site works from any sub-folder.
"""
from __future__ import annotations

import posixpath

from disclosure_site.read.site_layout import CHANGELOG, FEED, OPEN_DATA, TAGS  # the site's own names: never an ID
from disclosure_site.model.site import Disclosure, Item, Site

HOME = ""
OPEN_DATA_JSON = OPEN_DATA + "disclosures.json"
OPEN_DATA_CSV = OPEN_DATA + "items.csv"


def changelog_month_url(year: int, month: int) -> str:
    """A month of a long change log (the newest month is at CHANGELOG itself)."""
    return f"{CHANGELOG}{year:04d}-{month:02d}/"


def schema_file(kind: str) -> str:
    return f"{OPEN_DATA}schema/{kind}.schema.json"


def original_text_file(disclosure) -> str:
    """The 原文 as the data says it today."""
    return f"{OPEN_DATA}{disclosure.id}.txt"


def source_record_file(disclosure) -> str:
    """The text as first published (data/<id>/source.txt), unchanged."""
    return f"{OPEN_DATA}{disclosure.id}-source.txt"


def disclosure_url(site: Site, disclosure: Disclosure) -> str:
    return HOME if site.single else f"{disclosure.id}/"


def item_url(item: Item) -> str:
    return f"{item.disclosure_id}/{item.slug}/"


def part_pages(disclosure: Disclosure) -> dict:
    """The parts after the one that lists the problems (usually 下一步打算) have a page of their own:
    the first at next-steps/ (the address the first disclosure published it at), any others at part-N/."""
    after = [part for part in disclosure.parts if part.index > next(p.index for p in disclosure.parts if p.problems)]
    return {part.index: f"{disclosure.id}/{'next-steps' if n == 0 else f'part-{part.index}'}/" for n, part in enumerate(after)}


def original_url(disclosure: Disclosure) -> str:
    return f"{disclosure.id}/original/"


def feedback_url(disclosure: Disclosure) -> str:
    return f"{disclosure.id}/feedback/"


def source_file(url: str) -> str:
    """The Markdown file written for the page at `url`: <url>/index.md, which every engine serves at <url>."""
    return url + "index.md"


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at `from_url` to the page at `to_url`."""
    start = posixpath.join("/", from_url)
    target = posixpath.join("/", to_url)
    rel = posixpath.relpath(target, start)
    if rel == ".":
        return "./"
    is_folder = to_url == HOME or to_url.endswith("/")
    return rel + "/" if is_folder and not rel.endswith("/") else rel
