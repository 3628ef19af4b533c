"""The announcement as published, reassembled from the data in the text's own order.

One function, plain text, no templates: the 原文 page, the .txt download, the check of the
published record (check/record.py) and the importer's round trip all use this same order.
The labels in it (markers, 整改情况:, 来源:) are the source's own, stored in the data.

Paragraphs: data written with `verbatim_layout` (every import since the markers existed) says
where the text's paragraphs begin: a heading that shares its paragraph with its measures, the
measures that begin a paragraph of their own, sub-problems run on in one paragraph, a status
printed as the item's last paragraph, a title over two lines, a signature on one line; and its
markers are kept exactly as printed ("（ 一 ）", "1．", "1. "). Older data has none of these, and
is reassembled as it always was (one paragraph for an item's measures, "1. " before a heading).
"""
from __future__ import annotations

from disclosure_site.model.site import Disclosure, Item

DEFAULT_SOURCE_LABEL = "来源:"


def original_lines(disclosure: Disclosure) -> list[str]:
    """The text's paragraphs (headings included), one per line, in the published order."""
    d = disclosure
    lines: list[str] = []
    if d.number_line:
        lines.append(d.number_line)
    if d.document_title_lines and "".join(d.document_title_lines) == d.document_title:  # not since corrected
        lines += d.document_title_lines
    elif d.document_title:
        lines.append(d.document_title)
    lines += d.opening
    for part in d.parts:
        if part.printed:
            lines.append(part.printed)
        lines += part.paragraphs
        if part.problems:
            for group, items in d.sections():
                if group:
                    lines += _joined([(group.printed, True)] + [
                        (text, not (n == 0 and group.heading_shares_paragraph)) for n, text in enumerate(group.paragraphs)])
                for item in items:
                    lines += item_lines(item, d.verbatim_layout)
    lines += d.closing
    if d.signature:
        signed = [text for text in (d.signature.name, d.signature.date) if text]
        lines += [" ".join(signed)] if d.signature.on_one_line else signed
    lines += d.after_signature
    if d.source:
        lines.append((d.source_label or DEFAULT_SOURCE_LABEL) + d.source)
    return lines


def item_lines(item: Item, verbatim: bool = False) -> list[str]:
    """An item's paragraphs: its heading, what was done, its sub-problems, a status of its own."""
    marker = item.printed_marker
    if not verbatim and marker.endswith("."):
        marker += " "  # data from before markers were kept as printed
    pieces = [(marker + item.heading, True)]
    # The first piece after the heading: the label, else the first measure or sub-problem.
    first_new = not item.heading_shares_paragraph
    label = item.measures_label or ""
    if label:
        pieces.append((label, first_new))
        first_new = item.label_own_paragraph
    for n, measure in enumerate(item.measures, start=1):
        pieces.append((measure, first_new if n == 1 else n in item.measures_breaks))
    for n, sub in enumerate(item.subproblems, start=1):
        first = n == 1 and not item.measures
        pieces.append((sub.printed, first_new if first else not sub.continues_paragraph))
        pieces += [(measure, k in sub.measures_breaks) for k, measure in enumerate(sub.measures, start=1)]
    if item.status_paragraph and item.status_text:
        pieces.append((item.status_text, True))
    return _joined(pieces)


def _joined(pieces: list[tuple[str, bool]]) -> list[str]:
    """(text, begins a paragraph) pieces -> the paragraphs."""
    paragraphs: list[str] = []
    for text, new in pieces:
        if new or not paragraphs:
            paragraphs.append(text)
        else:
            paragraphs[-1] += text
    return paragraphs


def original_text(disclosure: Disclosure) -> str:
    return "\n".join(original_lines(disclosure)) + "\n"
