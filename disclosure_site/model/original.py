"""The announcement as published, reassembled from the data in the text's own order.

One function, plain text, no templates: the 原文 page, the .txt download, the check of the
published record (check/record.py) and the importer's round trip all use this same order.
The labels in it (markers, 整改情况:, 来源:) are the source's own, stored in the data.
"""
from __future__ import annotations

from disclosure_site.model.site import Disclosure, Item

DEFAULT_SOURCE_LABEL = "来源:"


def original_lines(disclosure: Disclosure) -> list[str]:
    """The text's paragraphs (headings included), one per line, in the published order."""
    d = disclosure
    lines: list[str] = []
    if d.document_title:
        lines.append(d.document_title)
    lines += d.opening
    for part in d.parts:
        if part.printed:
            lines.append(part.printed)
        lines += part.paragraphs
        if part.problems:
            for group, items in d.sections():
                if group:
                    lines.append(group.printed)
                    lines += group.paragraphs
                for item in items:
                    lines += item_lines(item)
    lines += d.closing
    if d.signature:
        lines += [text for text in (d.signature.name, d.signature.date) if text]
    if d.source:
        lines.append((d.source_label or DEFAULT_SOURCE_LABEL) + d.source)
    return lines


def item_lines(item: Item) -> list[str]:
    marker = item.printed_marker
    lines = [marker + (" " if marker.endswith(".") else "") + item.heading]
    body = ["".join(item.measures)] if item.measures else []
    body += [sub.printed + "".join(sub.measures) for sub in item.subproblems]
    if body and item.measures_label:
        body[0] = item.measures_label + body[0]  # the label leads what was done, measures or sub-problems
    return lines + body


def original_text(disclosure: Disclosure) -> str:
    return "\n".join(original_lines(disclosure)) + "\n"
