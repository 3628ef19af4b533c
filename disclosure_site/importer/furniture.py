"""The furniture rule: which lines around an announcement belong to the web page it was copied from.

A text copied or saved from a government CMS page starts with the page's tools (关怀版 / 无障碍),
its breadcrumb, the 政务公开 index table and an info line (日期:… 来源:… 浏览量:), and ends
with 【打印本页】【关闭窗口】 and the site's footer; a greeting, "本网站已支持IPv6。" or a browser
hint may stand among them as sentences. The rule finds the announcement's own boundaries and
treats what lies outside them as the page's:
- anywhere: what a saved page's own markup puts outside its article (read.py marks it);
- the start is the title line (or two or three lines): the one the index table names as 文件名称,
  else the last line before the first numbered heading that reads as a title (短, no sentence
  punctuation, ending in 通报/情况/报告 …). Every line above it is left out (a document number
  line 青组通〔2025〕12号 stays: it is the text's own); below it, up to the first heading, lines
  of a known furniture form, the index table's values and a repeated title;
- the end is the signature's date (or name and date on one line) after the last numbered
  heading: right after it the text's attachments (附件:…), a remark (此件公开发布) or its
  来源: line may follow; every other line from there on is left out;
- without a title line among a page's furniture: every line before the first sentence, or up to
  the last furniture line above the first heading when a sentence stands among them, but those
  a text opens with (a date line, a report's speech line); without a signature date: from the
  first furniture line after the last sentence, date or heading to the end.
Lines left out are listed for the editor, never dropped silently; those of no known form are
listed apart ("认不出的行"), so that a line of the text itself outside those boundaries is seen.
The index table's entries fill the disclosure's 政务公开 fields; its 文件名称 is the title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from disclosure_site.read.text import iso_date as _iso_date
from .forms import INDEX_ENTRY, INDEX_LABELS, Line, is_sentence, phrase
from .read import TITLE_END

# What may follow a signature and still be the text's own (outline.py files it after the signature).
AFTER_SIGNATURE = ("attachment", "file", "remark", "source")

MODES = ("主动公开", "依申请公开")


@dataclass
class Page:
    kept: list[Line]
    left_out: list[Line]
    index: dict[str, str] = field(default_factory=dict)  # label as printed -> value, in the table's order
    info: dict[str, str] = field(default_factory=dict)  # disclosure field -> value (政务公开 fields, title …)
    notes: list[str] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)  # the title's lines, when the rule found them
    unrecognised: list[Line] = field(default_factory=list)  # left out, though of no known furniture form


def separate(lines: list[Line]) -> Page:
    out = {i for i, line in enumerate(lines) if line.paragraph.outside}
    index: dict[str, str] = {}
    first_heading = next((i for i, l in enumerate(lines) if i not in out and not _is_furniture(l) and l.is_heading_form),
                         len(lines))
    zone = list(range(first_heading))
    values = _index_entries(lines, zone, out, index)
    title = _title_lines(lines, zone, out, values, index)
    if title:
        text = "".join(lines[i].text for i in title)
        for i in zone:
            if i < title[0] and lines[i].kind != "number_line":
                out.add(i)  # an announcement starts with its title (or its document number)
            elif i > title[-1] and (_is_furniture(lines[i]) or i in values or lines[i].kind == "source"
                                    or _same(lines[i].text, text)):
                out.add(i)
    else:
        head = _head(lines, out)
        furniture = [i for i in zone if _is_furniture(lines[i])]
        if any(_is_furniture(lines[i]) for i in head) or furniture:
            # No title line among a page's furniture: what stands before the first sentence, and
            # up to the last line of the page's furniture above the first heading (a sentence of
            # the site's among the menus), is the page's (a site's name, a menu), but for the
            # lines a text opens with (a date line, a report's speech line, speaker and salutation).
            page_head = set(head) | set(range(furniture[-1] + 1 if furniture else 0))
            out |= {i for i in page_head if lines[i].kind in ("text", "furniture", "index", "source")}
    foot = _foot(lines, out)
    _index_entries(lines, sorted(foot), out, index)  # some pages print the index table below the text
    out |= foot
    left_out = [l for i, l in enumerate(lines) if i in out]
    page = Page([l for i, l in enumerate(lines) if i not in out], left_out, index,
                title=[lines[i] for i in title or []],
                unrecognised=[lines[i] for i in sorted(out) if not _is_furniture(lines[i]) and i not in values
                              and lines[i].kind != "source" and not _same(lines[i].text, "".join(
                                  lines[t].text for t in title or []))])
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


def _title_lines(lines: list[Line], zone: list[int], out: set[int], values: set[int], index: dict[str, str]) -> list[int] | None:
    """Where the announcement's own title stands among the lines before the first numbered
    heading: the line(s) the index table names as 文件名称, else the last line (with the one or
    two above it that the title goes on from) that reads as a title."""
    def candidate(i: int) -> bool:
        return i not in out and i not in values and not _is_furniture(lines[i]) and lines[i].is_title_line

    groups: list[list[int]] = []
    for ends_as_title in (reads_as_title, _about_the_inspection):  # a title that ends otherwise only failing those
        for end in (i for i in zone if candidate(i) and ends_as_title(lines[i].text)):
            group = [end]
            while len(group) < 3 and group[0] - 1 >= 0 and candidate(group[0] - 1) and _goes_on(lines, group[0] - 1, group[0]):
                group.insert(0, group[0] - 1)
            groups = [g for g in groups if not set(g) <= set(group)] + [group]
        if groups:
            break
    named = next((v for k, v in index.items() if INDEX_LABELS.get(k) == "title" and v), None)
    if named:
        for group in reversed(groups):
            for start in range(len(group)):
                if _same("".join(lines[i].text for i in group[start:]), named):
                    return group[start:]
    if not groups:
        return None
    # A subtitle right under the title ends the same way: the title is the first of such a run.
    at = len(groups) - 1
    while at > 0 and groups[at - 1][-1] == groups[at][0] - 1:
        at -= 1
    group = groups[at]
    if not any(_is_furniture(lines[i]) or i in out or i in values for i in range(group[0])):
        # Nothing of a web page above it: the text starts at its first line. Its title is the
        # first one to three lines, ending as a title does; with a sentence first, it has none.
        first = next((n for test in (reads_as_title, _about_the_inspection) for n in range(1, 4)
                      if all(candidate(i) for i in range(n)) and test(lines[n - 1].text)), None)
        if first:
            return list(range(first))
        if any(is_sentence(lines[i].text) for i in range(group[0])):
            return None
    return group


def reads_as_title(text: str) -> bool:
    """How the last line of a title ends: 通报, 情况, 报告 … (a remark after it aside: "（第二批）")."""
    return bool(TITLE_END.search(re.sub(r"[(\uff08][^()\uff08\uff09]{1,12}[)\uff09]$", "", text)))


def _about_the_inspection(text: str) -> bool:
    """A title that ends otherwise: "关于……巡察反馈问题整改"."""
    return "关于" in text and bool(re.search("巡视|巡察|审计|整改", text))


def _goes_on(lines: list[Line], upper: int, lower: int) -> bool:
    """Whether a title line goes on on the next line: "中共某某局党组" / "关于……的通报", or
    "……关于县委第三轮巡察" / "反馈意见整改进展情况的通报" (not a site's name above the title)."""
    above, below = lines[upper].text, lines[lower].text
    if TITLE_END.search(above) or (below.startswith("关于") and "关于" in above):
        return False
    return "关于" in above or (below.startswith("关于") and bool(phrase("organisation", above)))


def _foot(lines: list[Line], out: set[int]) -> set[int]:
    """After the signature's date: the text's attachments, remark or 来源: line, then nothing of
    the text. Without a signature date: from the first furniture line below the text's last
    sentence, date or heading to the end."""
    last_heading = max((i for i, l in enumerate(lines) if i not in out and not _is_furniture(l) and l.is_heading_form),
                       default=-1)
    for at in range(len(lines) - 1, last_heading, -1) if last_heading >= 0 else ():
        if at in out or lines[at].kind not in ("date", "signed"):
            continue
        above = next((lines[i] for i in range(at - 1, -1, -1) if i not in out), None)
        if above is None or _is_furniture(above) or above.kind == "index":
            continue  # a date among the page's furniture (an index table's value), not a signature
        after = at + 1
        while after < len(lines) and after not in out and lines[after].kind in AFTER_SIGNATURE:
            after += 1
        return set(range(after, len(lines)))
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
    return _iso_date(*map(int, match.groups())) if match else None
