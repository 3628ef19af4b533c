"""Files published beside the pages, made from the same model: the Atom feed of changes.

Written with the standard library's XML writer, which escapes every text it is given.
"""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from . import urls
from .render import ChangeEntry, change_entries
from .site_data import SiteData

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 100  # readers subscribe for what is new; the full record is on the 更新日志 page


def static_outputs(data: SiteData, site_url: str) -> dict[str, str]:
    """Path in the site -> file content, for every generated non-page file."""
    return {urls.FEED: atom_feed(data, site_url)}


def atom_feed(data: SiteData, site_url: str) -> str:
    ET.register_namespace("", ATOM)
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries = change_entries(data)
    feed = ET.Element(f"{{{ATOM}}}feed")
    if base:
        feed.set("xml:base", base)
    bodies = "、".join(d.body for d in data.site.disclosures)
    _text(feed, "title", f"{bodies}整改进展更新记录")
    _text(feed, "id", _stable_id("feed", site_url or bodies))
    # The newest change, never the build time: two builds of one commit give the same feed.
    newest = entries[0].revision.time.isoformat() if entries else "1970-01-01T00:00:00+00:00"
    _text(feed, "updated", newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", bodies)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + urls.FEED)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + urls.CHANGELOG)
    for entry in entries[:FEED_ENTRIES]:
        _add_entry(feed, entry, base)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _add_entry(feed: ET.Element, entry: ChangeEntry, base: str) -> None:
    revision = entry.revision
    element = ET.SubElement(feed, f"{{{ATOM}}}entry")
    action = "首次发布" if revision.published else "更新"
    _text(element, "title", f"{entry.target_title}:{action}")
    _text(element, "id", _stable_id(revision.commit, revision.path))
    _text(element, "updated", revision.time.isoformat())
    ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + entry.target_url)
    lines = [revision.note] + [_change_line(c) for c in revision.changes]
    summary = ET.SubElement(element, f"{{{ATOM}}}content", type="text")
    summary.text = "\n".join(lines)


def _change_line(change) -> str:
    if change.old is None:
        return f"{change.field}:新增 {change.new}"
    if change.new is None:
        return f"{change.field}:删除 {change.old}"
    return f"{change.field}:{change.old} → {change.new}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _stable_id(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "disclosure-site:" + ":".join(parts)).urn
