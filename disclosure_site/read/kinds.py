"""The kinds of data file: their names, their JSON Schemas, and how older formats read today.

Everything that knows what a data file looks like, in one place: validation checks against
these schemas, the field titles in messages and change notes come from them, the open-data
page publishes them, and old revisions read from git are upgraded here before they are compared.
"""
from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from disclosure_site.read.paths import SCHEMA_DIR

KINDS = ("disclosure", "item")
DISCLOSURE_FILE = "disclosure.yml"
ITEMS_FOLDER = "items"
SITE_FILE = "site.yml"  # the site's identity (check/site_identity.py), beside the disclosure folders
SOURCE_RECORD = "source.txt"  # the text as first published, beside its disclosure's data
DISCLOSURE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
ITEM_FILE = re.compile(r"^(\d{1,3})\.yml$")
# The public note of a file's latest change (更新说明), kept in the file itself: a form editor writes no
# commit message an editor chose, so the note the public reads is data (history/revisions.py reads it).
CHANGE_NOTE = "change_note"


def item_file_name(number: int) -> str:
    return f"{number:02d}.yml"


@cache
def load_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def kind_of(path: str) -> str:
    """Which kind a data file is, from its path ("…/disclosure.yml", "…/items/NN.yml", "data/site.yml")."""
    if path.endswith(DISCLOSURE_FILE):
        return "disclosure"
    return "site" if path.endswith(SITE_FILE) else "item"


def field_title(kind: str, path: tuple) -> str | None:
    """The Chinese title of the field at `path` (("figures", 0, "value")), walking properties, items and $refs."""
    schema = load_schema(kind)
    node = schema
    for part in path:
        node = _resolve(schema, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part)
            if node is None:
                return None
    return node.get("title") or _resolve(schema, node).get("title")


def field_label(kind: str, path: tuple) -> str:
    """("figures", 1, "value") -> 数据第2项的数值: a field named the way editors and readers name it."""
    words = ""
    for depth, part in enumerate(path):
        if isinstance(part, int):
            words += f"第{part + 1}项"
            continue
        title = field_title(kind, path[: depth + 1]) or str(part)
        words = f"{words}的{title}" if words else title
    return words


def _resolve(root: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return root["$defs"][ref.removeprefix("#/$defs/")]
    return node


# ---------------------------------------------------------------- older formats

def upgrade(kind: str, data: Any) -> Any:
    """A data file written in an older format, as today's format would say the same thing.

    Only used on old revisions read from git, so that a change of format is not shown to the
    public as a change of content. Files in data/ are always in today's format.
    """
    if kind == "disclosure" and isinstance(data, dict) and "organisation" in data and "parts" not in data:
        return _upgrade_three_part_disclosure(data)
    return data


def _upgrade_three_part_disclosure(old: dict) -> dict:
    """The first format (2024): three fixed parts, the contact line made up by the template."""
    new = {key: old[key] for key in ("title", "body") if key in old}
    if isinstance(old.get("inspection"), dict):
        new["inspection"] = {"kind": "巡察", **old["inspection"]}
    new["opening"] = [old.get("opening")]
    organisation, next_steps = old.get("organisation") or {}, old.get("next_steps") or {}
    new["parts"] = [
        {"marker": "一、", "heading": organisation.get("heading"), "paragraphs": organisation.get("paragraphs")},
        {"marker": "二、", "heading": old.get("progress_heading"), "problems": True},
        {"marker": "三、", "heading": next_steps.get("heading"), "paragraphs": next_steps.get("paragraphs")},
    ]
    new["measures_label"] = "整改情况:"
    contact = old.get("contact") or {}
    if contact:
        new["closing"] = [
            f"{old.get('closing', '')}联系方式:电话{contact.get('phone')};电子邮箱:{contact.get('email')};"
            f"邮编:{contact.get('postcode')};邮寄地址:{contact.get('address')}"
        ]
        new["contact"] = contact
    for key in ("published", "source"):
        if key in old:
            new[key] = old[key]
    return new
