"""Files published beside the pages, made from the same model as the pages: the Atom feed of
changes, and the open data (JSON with everything, CSV with one row per item, the JSON Schemas
that validate the JSON as published, the reassembled 原文 and the first-published record as text).

Written with the standard library's XML, JSON and CSV writers, which escape what they are given.
"""
from __future__ import annotations

import csv
import io
import json
import uuid
from urllib.parse import urljoin
import xml.etree.ElementTree as ET
from disclosure_site.content import urls
from disclosure_site.read.kinds import KINDS, load_schema
from disclosure_site.model.site import Disclosure, Item
from disclosure_site.model.original import original_text
from disclosure_site.content.changelog import DELETED, INSERTED, ChangeEntry, ShownChange, change_entries
from disclosure_site.content.dates import text_date
from disclosure_site.content.site_data import SiteData

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 100  # readers subscribe for what is new; the full record is on the 更新日志 page


def static_outputs(data: SiteData, site_url: str) -> dict[str, str | bytes]:
    """Path in the site -> file content, for every generated non-page file."""
    files: dict[str, str | bytes] = {
        urls.FEED: atom_feed(data, site_url),
        urls.OPEN_DATA_JSON: open_data_json(data),
        urls.OPEN_DATA_CSV: open_data_csv(data),
    }
    for kind in KINDS:
        files[urls.schema_file(kind)] = _published_schema(load_schema(kind), kind, site_url)
    files[urls.schema_file(DOWNLOAD_KIND)] = _published_schema(download_schema(), DOWNLOAD_KIND, site_url)
    for disclosure in data.site.disclosures:
        files[urls.original_text_file(disclosure)] = original_text(disclosure)
        if disclosure.source_record.is_file():
            files[urls.source_record_file(disclosure)] = disclosure.source_record.read_bytes()
    return files


# ---------------------------------------------------------------- open data

def _published_schema(schema: dict, kind: str, site_url: str) -> str:
    """A schema as published: its `$id` the address it is published at when the site's address is known;
    otherwise no `$id`, so that a validator resolves the schemas' references (disclosure.schema.json) from
    where the file lies, whatever folder it is run from. A relative `$id` would make them relative to the
    folder the validator runs in."""
    schema = {key: value for key, value in schema.items() if key != "$id"}
    if site_url:
        schema = {"$schema": schema.pop("$schema"), "$id": urljoin(site_url.rstrip("/") + "/", urls.schema_file(kind)),
                  **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _dates(data: SiteData, item_or_disclosure) -> dict[str, str | None]:
    history = data.history.for_file(item_or_disclosure.source_path)
    published = history.published if history else None
    updated = history.updated if history else None
    return {
        "published": published.time.isoformat() if published else None,
        "updated": updated.time.isoformat() if updated else None,
    }


def _item_record(data: SiteData, item: Item) -> dict:
    return {"url": urls.item_url(item), **_dates(data, item), "data": item.loaded.data}


def _disclosure_record(data: SiteData, d: Disclosure) -> dict:
    return {
        "id": d.id,
        "url": urls.disclosure_url(data.site, d),
        "original_text": urls.original_text_file(d),
        **_dates(data, d),
        "data": d.loaded.data,
        "items": [_item_record(data, item) for item in d.items],
    }


DOWNLOAD_KIND = "disclosures"


def download_schema() -> dict:
    """The schema of disclosures.json itself: each record's `data` is a data file exactly as the
    editors wrote it, so the data files' own schemas validate it as published."""
    dates = {
        "published": {"title": "本站首次发布时间", "type": ["string", "null"], "format": "date-time"},
        "updated": {"title": "本站最近更新时间", "type": ["string", "null"], "format": "date-time"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "开放数据 disclosures.json",
        "description": "本站公开的全部内容。网址均相对于网站根目录;data 是数据文件的原样内容。",
        "type": "object",
        "additionalProperties": False,
        "required": ["schemas", "disclosures"],
        "properties": {
            "schemas": {"type": "object", "additionalProperties": {"type": "string"}},
            "disclosures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "url", "original_text", "published", "updated", "data", "items"],
                    "properties": {
                        "id": {"title": "公开编号", "type": "string"},
                        "url": {"title": "网址", "type": "string"},
                        "original_text": {"title": "原文纯文本", "type": "string"},
                        **dates,
                        "data": {"$ref": "disclosure.schema.json"},
                        "items": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["url", "published", "updated", "data"],
                                "properties": {
                                    "url": {"title": "网址", "type": "string"},
                                    **dates,
                                    "data": {"$ref": "item.schema.json"},
                                },
                            },
                        },
                    },
                },
            },
        },
    }


def open_data_json(data: SiteData) -> str:
    """Everything the site publishes, as one JSON document (URLs relative to the site root)."""
    document = {
        "schemas": {kind: urls.schema_file(kind) for kind in (*KINDS, DOWNLOAD_KIND)},
        "disclosures": [_disclosure_record(data, d) for d in data.site.disclosures],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


CSV_COLUMNS = [
    ("公开编号", lambda d, i, r: d.id),
    ("发布单位", lambda d, i, r: d.body),
    ("序号", lambda d, i, r: i.number),
    ("分组", lambda d, i, r: i.group.printed if i.group else ""),
    ("标题", lambda d, i, r: i.heading),
    ("问题", lambda d, i, r: i.problem),
    ("整改情况", lambda d, i, r: i.text),
    ("整改状态", lambda d, i, r: i.status or ""),
    ("状态原文", lambda d, i, r: i.status_text or ""),
    ("整改时限", lambda d, i, r: i.deadline or i.deadline_text or ""),
    ("责任单位", lambda d, i, r: "、".join(i.responsible_units)),
    ("主题", lambda d, i, r: "、".join(i.tags)),
    ("引用文件", lambda d, i, r: "、".join(f"《{c.title}》" for c in i.citations)),
    ("原文发布日期", lambda d, i, r: _text_date_iso(d)),
    ("本站发布时间", lambda d, i, r: r["published"] or ""),
    ("本站更新时间", lambda d, i, r: r["updated"] or ""),
    ("网址", lambda d, i, r: i and urls.item_url(i)),
]


def _text_date_iso(d: Disclosure) -> str:
    """The date the body published the text (content/dates.py), as the text states it; "" when it states none."""
    stated = text_date(d)
    return (stated.iso or stated.text) if stated else ""


def open_data_csv(data: SiteData) -> bytes:
    """One row per item. UTF-8 with a byte-order mark so that Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for d in data.site.disclosures:
        for item in d.items:
            dates = _dates(data, item)
            writer.writerow([_csv_safe(value(d, item, dates)) for _, value in CSV_COLUMNS])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def _csv_safe(value) -> str:
    """Text that a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# ---------------------------------------------------------------- feed


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
    action = "首次发布" if revision.published else "删除" if revision.deleted else "更新"
    _text(element, "title", f"{entry.target_title}:{action}")
    _text(element, "id", _stable_id(revision.commit, revision.path))
    _text(element, "updated", revision.time.isoformat())
    target = entry.target_url if entry.target_url is not None else urls.CHANGELOG  # a removed page: the log says so
    ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + target)
    lines = [revision.note] + [_change_line(c) for c in entry.shown]
    summary = ET.SubElement(element, f"{{{ATOM}}}content", type="text")
    summary.text = "\n".join(lines)


def _change_line(change: ShownChange) -> str:
    """A change in plain text: what, and the text before and after (a few characters around what changed)."""
    if change.how == "said":  # a revision that could not be read: its words say so
        return change.what
    if change.how == "sourced":
        return f"{change.what}:注明原句“{change.new}”"
    if change.how == "added":
        return f"{change.what}:新增 {change.new}"
    if change.how == "removed":
        return f"{change.what}:删除 {change.old}"
    before = "".join(text for text, how in change.pieces if how != INSERTED)
    after = "".join(text for text, how in change.pieces if how != DELETED)
    return f"{change.what}:{before} → {after}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _stable_id(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "disclosure-site:" + ":".join(parts)).urn
