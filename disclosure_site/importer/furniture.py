"""The furniture rule: which lines around an announcement belong to the web page it was copied from.

A text copied or saved from a government CMS page starts with the page's tools (关怀版 / 无障碍),
its breadcrumb, the 政务公开 index table and an info line (日期:… 来源:… 浏览量:), and ends
with 【打印本页】【关闭窗口】 and the site's footer. Those lines are left out of the data (and of
source.txt) and listed for the editor, never dropped silently:
- anywhere: what a saved page's own markup puts outside its article (read.py marks it);
- above the text, before its first sentence: lines of a known furniture form, and the index
  table with its values; when such lines are there, also every other line before the title (a
  site's name, a menu), since an announcement starts with its title;
- below the text: from the first line of a known furniture form after the text's last sentence,
  date or heading to the end.
The index table's entries fill the disclosure's 政务公开 fields; its 文件名称 is the title.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .forms import INDEX_ENTRY, INDEX_LABELS, Line, is_sentence
from .read import TITLE_END

MODES = ("主动公开", "依申请公开")


@dataclass
class Page:
    kept: list[Line]
    left_out: list[Line]
    index: dict[str, str] = field(default_factory=dict)  # label as printed -> value, in the table's order
    info: dict[str, str] = field(default_factory=dict)  # disclosure field -> value (政务公开 fields, title …)
    notes: list[str] = field(default_factory=list)


def separate(lines: list[Line]) -> Page:
    out = {i for i, line in enumerate(lines) if line.paragraph.outside}
    index: dict[str, str] = {}
    head = _head(lines, out)
    values = _index_entries(lines, head, out, index)
    if any(_is_furniture(lines[i]) for i in head):
        title_at = _title_start(lines, head, values, index)
        for i in head:
            before_title = title_at is not None and i < title_at
            if before_title or _is_furniture(lines[i]) or i in values or lines[i].kind == "source" \
                    or (title_at is not None and i > title_at and _same(lines[i].text, lines[title_at].text)):
                out.add(i)
    foot = _foot(lines, out)
    _index_entries(lines, sorted(foot), out, index)  # some pages print the index table below the text
    out |= foot
    page = Page([l for i, l in enumerate(lines) if i not in out], [l for i, l in enumerate(lines) if i in out], index)
    _fill(page, [lines[i] for i in sorted(out)])
    return page


def _is_furniture(line: Line) -> bool:
    return line.paragraph.outside or line.kind in ("furniture", "index")


def _head(lines: list[Line], out: set[int]) -> list[int]:
    """The lines before the first sentence or numbered heading of the text (with those the
    page's markup put outside the article, where its index table usually is)."""
    head = []
    for i, line in enumerate(lines):
        if i not in out and not _is_furniture(line) \
                and (is_sentence(line.text) or len(line.text) > 80 or line.is_heading_form):
            break
        head.append(i)
    return head


def _index_entries(lines: list[Line], zone: list[int], out: set[int], index: dict[str, str]) -> set[int]:
    """Read the index table's entries into `index`; returns the lines that are only a value (a
    table cell under or beside its label: "文件名称:" then the title on the next line)."""
    values: set[int] = set()
    pending = None  # a label printed without its value, waiting for the next line
    for i in zone:
        line = lines[i]
        if line.kind == "index":
            entries = list(INDEX_ENTRY.finditer(line.text))
            labels = [re.sub(r"\s+", "", entry.group(1)) for entry in entries]
            for n, entry in enumerate(entries):
                end = entries[n + 1].start() if n + 1 < len(entries) else len(line.text)
                index.setdefault(labels[n], line.text[entry.end():end].strip())
            pending = labels[-1] if entries and not index[labels[-1]] else None
        elif pending and line.kind not in ("furniture", "index") and _may_be_value(pending, line.text):
            index[pending] = line.text
            values.add(i)
            pending = None
        else:
            pending = None
    return values


def _may_be_value(label: str, text: str) -> bool:
    """A line under a label without its value: the value, unless it reads as the next thing on the
    page (the title, under an empty 公开方式:)."""
    return INDEX_LABELS.get(label) == "title" or len(text) <= 12 or (len(text) <= 40 and not TITLE_END.search(text))


def _title_start(lines: list[Line], head: list[int], values: set[int], index: dict[str, str]) -> int | None:
    """Where the announcement's own title starts among the head's lines: the line the index
    table names as 文件名称, else the first line (or two or three) that reads as a title."""
    named = next((v for k, v in index.items() if INDEX_LABELS.get(k) == "title" and v), None)
    candidates = [i for i in head if i not in values and not _is_furniture(lines[i]) and lines[i].is_title_line]
    if named:
        for i in candidates:
            if _same(lines[i].text, named) or _same("".join(l.text for l in lines[i:i + 3] if l.is_title_line), named):
                return i
    for i in candidates:
        for count in (1, 2, 3):
            group = lines[i:i + count]
            if len(group) == count and all(l.is_title_line and not _is_furniture(l) for l in group) \
                    and TITLE_END.search(group[-1].text):
                return i
    return None


def _foot(lines: list[Line], out: set[int]) -> set[int]:
    """From the first furniture line below the text's last sentence, date or heading to the end."""
    cut = None
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if i in out:
            continue
        if _is_furniture(line):
            cut = i
            continue
        if line.kind == "date" or is_sentence(line.text) or len(line.text) > 80 or line.is_heading_form:
            break
    return set(range(cut, len(lines))) if cut is not None else set()


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _fill(page: Page, left_out: list[Line]) -> None:
    """The disclosure's fields from the index table, and what the page's info line says."""
    for label, value in page.index.items():
        key = INDEX_LABELS.get(label)
        # A CMS info line may go on after the entry: "发布日期:2025-12-01 来源:青禾县审计局 点击数:".
        value = re.split(r"\s+(?=(?:信息)?来源|点击|浏览|阅读|访问|字号|字体|作者)", value)[0].strip()
        if not key or not value or value in ("无", "-", "—", "/", "暂无"):
            continue
        if key in ("written_on", "published"):
            value = iso_date(value)
            if not value:
                page.notes.append(f"网页信息公开表的“{label}”“{page.index[label]}”不是可读的日期,未填写。")
                continue
        if key == "disclosure_mode" and value not in MODES:
            page.notes.append(f"网页信息公开表的“{label}”“{value}”不是“主动公开”或“依申请公开”,未填写公开方式。")
            continue
        page.info.setdefault(key, value)
    for line in left_out:
        if (match := re.search(r"来源\s*[:\uff1a]\s*([^\s:\uff1a]+)", line.text)) and "source" not in page.info:
            if not re.search(r"(时间|日期|浏览|点击|阅读)$", match.group(1)):
                page.info["source"] = match.group(1)
        if (match := re.search(r"(?:日期|时间)\s*[:\uff1a]\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2})", line.text)) \
                and "published" not in page.info and (date := iso_date(match.group(1))):
            page.info["published"] = date


def iso_date(text: str) -> str | None:
    """2025-03-12, 2025/3/12, 2025.03.12, 2025年3月12日 -> 2025-03-12; None when it is no date."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*", text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None
