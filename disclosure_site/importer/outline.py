"""Paragraphs -> a disclosure and its items in the data format (spec-format.md), verbatim.

The parser only splits and labels: every paragraph ends up in exactly one field, and the
text of each field is a span of the source. Where the shape is not one it knows, it stops
with "第 N 行:应为……,实为……" instead of guessing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .errors import ImportRefused
from disclosure_site.model.original import DEFAULT_SOURCE_LABEL
from disclosure_site.check.rules import problem_of

from .read import TITLE_END, Paragraph, Source

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "[零〇一二两三四五六七八九十百]+"
NUMBER = rf"(?:\d+|{CN_NUMERAL})"

PART_HEADING = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
GROUP_HEADING = re.compile(r"^([(（]([一二三四五六七八九十]+)[)）])\s*(.+)$")
class _ProblemHeading:
    """A numbered problem: "1.关于……", "1、……", or "问题一：……" as audit reports write it. Matches give
    group(1) the marker as printed, group(2) its number in digits, group(3) the heading's text."""

    NUMBERED = re.compile(r"^((\d{1,3})\s*[.\uff0e、])(?!\d)\s*(.+)$")
    WORDED = re.compile(r"^(问题([一二三四五六七八九十]+)\s*[:\uff1a、.\uff0e])\s*(.+)$")

    class _Match:
        def __init__(self, marker: str, number: str, text: str):
            self._groups = (marker, number, text)

        def group(self, index: int) -> str:
            return self._groups[index - 1]

    def match(self, text: str):
        if found := self.NUMBERED.match(text):
            return found
        if found := self.WORDED.match(text):
            return self._Match(found.group(1), str(cn_number(found.group(2))), found.group(3))
        return None


PROBLEM_HEADING = _ProblemHeading()
SUB_MARKER = re.compile(r"[(（](\d{1,2})[)）]")
MEASURES_LABEL = re.compile(r"^整改(?:情况|进展情况|进展|落实情况|措施|成效|结果)\s*[:：]")
SOURCE_LINE = re.compile(r"^来源\s*[:：]\s*(.+)$")
DATE = re.compile(r"^(\d{4}|[零〇一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$")
DATE_LINE = re.compile(r"^[(\uff08]?" + DATE.pattern.strip("^$") + r"[)\uff09]?$")
# A team: "省委第三巡视组", "县委第二巡察组", "市委第一轮巡察第二组"; an audit body: "县审计局",
# "青禾市审计局", "审计署长沙特派办" (the words before it stop at a conjunction: "和县审计局" is 县审计局).
TEAM = re.compile(
    r"(?:中央|省委|市委|州委|区委|县委|旗委|自治区党委|[^\s,\uff0c。;\uff1b、]{0,12}?第[一二三四五六七八九十\d]+(?:轮)?)"
    r"[^\s,\uff0c。;\uff1b、]{0,12}?(?:巡视|巡察)组"
    r"|审计署[^\s,\uff0c。;\uff1b、对向于和与]{0,8}?特派(?:员)?办(?:事处)?"
    r"|(?:[^\s,\uff0c。;\uff1b、“”《》\ufffc对向于和与及由据照经在了的]{0,10}?[省市县区州旗])?审计(?:厅|局)"
)
TITLE_PHRASE = re.compile(r"现将(.+?)(?:予以公布|予以公开|公布如下|公开如下|通报如下|公告如下)")
# Where the closing starts: an invitation to supervise ("热忱欢迎……", "广大干部群众如对……"), or a
# paragraph that gives a contact (a label with its value, see _is_closing).
CLOSING_START = re.compile(
    r"^(欢迎|热忱欢迎|诚挚欢迎|衷心欢迎|真诚欢迎|广大干部群众|社会各界|如对|如有|诚请|请广大|对.{0,30}(意见|建议)|联系方式)"
)
STATUS_WORDS = "已完成|已整改完成|整改完成|基本完成并持续整改|基本完成|正在整改|整改中|持续整改|长期坚持|未完成"
STATUS_LABELLED = re.compile(rf"整改(?:状态|进度|进展)\s*[:：]\s*(?:{STATUS_WORDS})[。;；]?")
STATUS_BRACKETED = re.compile(rf"[(（](?:{STATUS_WORDS})[)）]")
# A status written without a label or brackets counts only when the problem's last sentence is
# that statement and nothing else: "目前已整改完成。" is one, "对正在整改的问题持续跟踪督办。" and
# "下一步将长期坚持。" are not.
STATUS_PLAIN = re.compile(
    r"^(?:(?:目前|现在|截至目前)[,\uff0c]?)?(?:现|该问题|此问题|该项|此项)?"
    r"(?:已整改完成|已完成整改|整改已完成|已基本完成整改|基本完成整改|已基本整改完成|"
    r"正在整改中?|正在推进整改|持续整改中?|长期坚持)$"
)
CONTACT_LABELS = {
    "phone": "联系电话|举报电话|监督电话|电话",
    "email": "电子邮箱|电子邮件|邮箱",
    "postcode": "邮政编码|邮编",
    "address": "邮寄地址|通信地址|通讯地址|来信地址|邮政信箱|地址",
}
ANY_CONTACT_LABEL = "|".join(CONTACT_LABELS.values())
# The colon may be missing ("电话027-…") when a digit or letter follows the label at once.
CONTACT_LABEL = re.compile(rf"({ANY_CONTACT_LABEL})(?:\s*[:\uff1a]\s*|(?=[0-9A-Za-z]))")
# What each label's value may be: an e-mail is only the address ("qhslj@163.com 欢迎来信" ->
# the address), a postcode its 6 digits; a phone or an address runs to ;,。 or to the next
# label, also one in brackets ("……办公室(邮编:412007)").
CONTACT_VALUES = {
    "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    "postcode": re.compile(r"[0-9]{6}(?![0-9])"),
    "phone": re.compile(rf"(.+?)\s*(?=[;\uff1b,\uff0c。]|[(\uff08]?\s*(?:{ANY_CONTACT_LABEL})\s*[:\uff1a]|$)"),
}
CONTACT_VALUES["address"] = CONTACT_VALUES["phone"]


def cn_number(text: str) -> int:
    """12, 十二, 二十五, 一百零二 -> int."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char == "百":
            total += (digit or 1) * 100
            digit = 0
        elif char == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = CN_DIGITS[char]
    return total + digit


def cn_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (as printed in 一是/二是 and in (一))."""
    names = "零一二三四五六七八九"
    if n < 10:
        return names[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else names[tens]) + "十" + (names[ones] if ones else "")


@dataclass
class Parsed:
    disclosure: dict
    items: list[dict]
    notes: list[str] = field(default_factory=list)  # told to the editor, e.g. a date left out
    # Where things stand in the source ("第 5 行"), so that a refusal can point there:
    # "summary" and each item number.
    places: dict = field(default_factory=dict)


def parse(source: Source, title: str | None = None, body: str | None = None) -> Parsed:
    return _Parser(source).parse(title, body)


class _Parser:
    def __init__(self, source: Source):
        self.source = source
        self.notes: list[str] = []
        self.places: dict = {}
        self.title_date: str | None = None

    def refuse(self, paragraph: Paragraph | None, expected: str, found: str | None = None) -> ImportRefused:
        where = f"{self.source.where(paragraph)}:" if paragraph else ""
        actual = found if found is not None else (f"“{_shorten(paragraph.text)}”" if paragraph else "")
        return ImportRefused(f"{where}应为{expected}" + (f",实为{actual}。" if actual else "。"))

    # -- the whole text -------------------------------------------------------------------
    def parse(self, title: str | None, body: str | None) -> Parsed:
        paragraphs = list(self.source.paragraphs)
        disclosure: dict = {}
        document_title = self._take_title(paragraphs)
        tail = self._take_tail(paragraphs)
        opening, sections = self._split_parts(paragraphs)
        problems_at = self._problem_sections(sections)
        closing = self._take_closing(sections, problems_at)
        if not opening:
            raise self.refuse(paragraphs[0] if paragraphs else None, "开头段落(说明巡视、巡察或审计的情况)")

        parts: list[dict] = []
        groups: list[dict] = []
        items: list[dict] = []
        for index, (heading, content) in enumerate(sections):
            if index not in problems_at:
                parts.append(_part(heading, content))
                continue
            if index != problems_at[0]:
                continue
            if len(problems_at) > 1:  # groups written as top-level parts "一、××方面"
                part = {"problems": True}
                runs = [(sections[i][0], sections[i][1]) for i in problems_at]
                self._problems(runs, groups, items, grouped=True)
            else:
                part = _part(heading, [])
                part["problems"] = True
                self._problems([(None, content)], groups, items, grouped=False, part=part)
            parts.append(part)

        statement_paragraphs = opening + [p for part in parts for p in part.get("paragraphs", [])] + [
            p for group in groups for p in group.get("paragraphs", [])
        ] + closing
        disclosure["title"] = title or document_title or self._title_phrase(opening)
        if document_title:
            disclosure["document_title"] = document_title
        disclosure["body"] = body or tail.get("name") or tail.get("source") or self._refuse_body()
        inspection = self._inspection(opening)
        if inspection:
            disclosure["inspection"] = inspection
        disclosure["opening"] = opening
        disclosure["parts"] = parts
        if groups:
            disclosure["groups"] = groups
        self._measures_label(disclosure, items)
        summary = _summary(statement_paragraphs)
        if summary:
            disclosure["summary"] = summary
            at = next((p for p in self.source.paragraphs if summary["text"] in p.text), None)
            if at:
                self.places["summary"] = self.source.where(at)
        if closing:
            disclosure["closing"] = closing
        disclosure["contact"] = self._contact(closing, statement_paragraphs)
        if "name" in tail or "date" in tail:
            disclosure["signature"] = {k: tail[k] for k in ("name", "date") if k in tail}
        if "published" in tail or self.title_date:
            disclosure["published"] = tail.get("published") or self.title_date
        if "source" in tail:
            disclosure["source"] = tail["source"]
            if "source_label" in tail:
                disclosure["source_label"] = tail["source_label"]
        return Parsed(disclosure, items, self.notes, self.places)

    def _take_title(self, paragraphs: list[Paragraph]) -> str | None:
        """Title lines: short, no sentence punctuation, not numbered headings. A title broken over
        two or three lines ("……关于县委第三轮巡察" / "反馈意见整改进展情况的通报") is joined; the
        原文 is compared whitespace aside, so the joined title is still verbatim."""
        if len(paragraphs) < 2 or not _is_title_line(paragraphs[0].text):
            return None
        count = next(
            (n for n in range(1, min(3, len(paragraphs) - 1) + 1)
             if all(_is_title_line(p.text) for p in paragraphs[:n]) and TITLE_END.search(paragraphs[n - 1].text)),
            1,
        )
        title = "".join(p.text for p in paragraphs[:count])
        del paragraphs[:count]
        # A date line right under the title ("(2024年3月8日)") is the publication date; it stays
        # in the opening as printed.
        if paragraphs and (match := DATE_LINE.match(paragraphs[0].text)):
            self.title_date = _iso_date(*match.groups())
        return title

    def _take_tail(self, paragraphs: list[Paragraph]) -> dict:
        """The signature (name, then date) and a "来源:" line at the end of the text."""
        tail: dict = {}
        if paragraphs and (match := SOURCE_LINE.match(paragraphs[-1].text)):
            tail["source"] = match.group(1).strip()
            label = match.group(0)[: match.start(1)]
            if label != DEFAULT_SOURCE_LABEL:
                tail["source_label"] = label
            paragraphs.pop()
        if paragraphs and (match := DATE.match(paragraphs[-1].text)):
            tail["date"] = paragraphs[-1].text
            published = _iso_date(*match.groups())
            if published:
                tail["published"] = published
            else:
                self.notes.append(f"落款日期“{tail['date']}”不是有效日期,未填写 published。")
            paragraphs.pop()
        if len(paragraphs) > 1:
            last = paragraphs[-1].text
            looks_like_name = len(last) <= 40 and not re.search(r"[。,，;；:：!?！？、]", last)
            if looks_like_name and not (PART_HEADING.match(last) or GROUP_HEADING.match(last) or PROBLEM_HEADING.match(last)):
                if "date" in tail or re.search(r"(局|委|委员会|党组|党委|政府|办公室|厅|院|公司|中心|部|会|所|站|校|处)$", last):
                    tail["name"] = last
                    paragraphs.pop()
        return tail

    def _split_parts(self, paragraphs: list[Paragraph]) -> tuple[list[str], list[tuple[Paragraph | None, list[Paragraph]]]]:
        """Opening paragraphs, then ("一、…" heading, its paragraphs) per part, in order."""
        starts = [i for i, p in enumerate(paragraphs) if PART_HEADING.match(p.text) and _is_heading_line(PART_HEADING.match(p.text).group(2))]
        if not starts:
            # No part headings: the problems follow the opening directly.
            first = next(
                (i for i, p in enumerate(paragraphs) if PROBLEM_HEADING.match(p.text) or _group_match(p.text)), None
            )
            if first is None:
                raise self._no_problems()
            return [p.text for p in paragraphs[:first]], [(None, paragraphs[first:])]
        for expected, index in enumerate(starts, start=1):
            marker = PART_HEADING.match(paragraphs[index].text).group(1)
            if cn_number(marker) != expected:
                raise self.refuse(paragraphs[index], f"第 {expected} 部分的标题“{cn_ordinal(expected)}、……”", f"“{marker}、”")
        opening = [p.text for p in paragraphs[: starts[0]]]
        sections = []
        for n, index in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(paragraphs)
            sections.append((paragraphs[index], paragraphs[index + 1 : end]))
        return opening, sections

    def _no_problems(self) -> ImportRefused:
        last = self.source.paragraphs[-1]
        return ImportRefused(
            f"读到{self.source.where(last)}(全文末尾)也没有找到编号的问题:应为形如“1.关于“××”的问题”的问题标题,"
            "实为没有一段以“1.”或“1、”开头。请确认这是整改情况公告;问题没有编号的公告需要手工录入。"
            "若在 Word 或 WPS 里看得到编号,那是“自动编号”:它不是文字,导入时读不到。请先把编号变成文字:"
            "选中编号列表,右键选“转换为文本”(WPS 有此项);或全选复制,粘贴到记事本(纯文本),"
            "另存为 UTF-8 编码的 .txt 后再导入。"
        )

    def _problem_sections(self, sections) -> list[int]:
        # Numbered problems (1.关于…), or problems lettered (一)关于“××”的问题 with no numbered problem.
        with_problems = [i for i, (_, content) in enumerate(sections)
                         if any(PROBLEM_HEADING.match(p.text) for p in content) or _lettered_problems(content)]
        if not with_problems:
            raise self._no_problems()
        if len(with_problems) == 1:
            return with_problems
        # Numbered lines in a part after the one that names the problems ("二、下一步工作打算",
        # "1.持续巩固……") are that part's paragraphs.
        naming = [i for i in with_problems if _names_problems(sections[i][1])]
        if len(naming) == 1 and all(i >= naming[0] for i in with_problems):
            return naming
        contiguous = with_problems == list(range(with_problems[0], with_problems[-1] + 1))
        group_like = all(re.search(r"方面|问题|领域", sections[i][0].text) for i in with_problems if sections[i][0])
        if contiguous and group_like:
            return with_problems
        second = sections[with_problems[1]][0]
        raise self.refuse(
            second,
            "只有一个部分含编号的问题(或各部分都是“一、××方面”这样的问题类别)",
            f"“{_shorten(sections[with_problems[0]][0].text)}”和“{_shorten(second.text)}”都含编号段落,无法判断哪一部分是问题清单",
        )

    def _take_closing(self, sections, problems_at: list[int]) -> list[str]:
        """From the last part: the paragraphs from the invitation to supervise or the contact on.
        In the problems part only after the last problem's own first paragraph of measures."""
        if not sections:
            return []
        heading, content = sections[-1]
        first = 0
        if len(sections) - 1 in problems_at:
            heads = [(i, m.group(3)) for i, p in enumerate(content) if (m := PROBLEM_HEADING.match(p.text))]
            if not heads or _lettered_problems(content):
                heads = [(i, m.group(3)) for i, p in enumerate(content) if (m := _group_match(p.text))]
            last, text = heads[-1]
            _, inline = _split_heading(text.strip())
            first = last + (1 if inline else 2)
        for i in range(first, len(content)):
            if _is_closing(content[i].text):
                closing = [p.text for p in content[i:]]
                del content[i:]
                return closing
        return []

    # -- the problems --------------------------------------------------------------------
    def _problems(self, runs, groups: list[dict], items: list[dict], grouped: bool, part: dict | None = None) -> None:
        """runs: (group heading or None, paragraphs). Fills groups and items in text order."""
        restart_numbering: bool | None = None
        if not grouped and _lettered_problems(runs[0][1]):
            self._lettered(runs[0][1], items, part)
            return
        for heading, content in runs:
            chunks = self._chunks(content, allow_groups=not grouped)
            for kind, head, paragraphs in chunks:
                if kind == "lead":
                    texts = [p.text for p in paragraphs]
                    if grouped:
                        group = {"marker": PART_HEADING.match(heading.text).group(1) + "、", "heading": PART_HEADING.match(heading.text).group(2).strip()}
                        groups.append(group)
                        if texts:
                            group["paragraphs"] = texts
                    elif texts:
                        part["paragraphs"] = texts
                elif kind == "group":
                    match = GROUP_HEADING.match(head.text)
                    expected = len(groups) + 1
                    if cn_number(match.group(2)) != expected:
                        raise self.refuse(head, f"第 {expected} 类问题的标题“({cn_ordinal(expected)})……”", f"“{match.group(1)}”")
                    group = {"marker": match.group(1), "heading": match.group(3).strip()}
                    if paragraphs:
                        group["paragraphs"] = [p.text for p in paragraphs]
                    groups.append(group)
                else:
                    match = PROBLEM_HEADING.match(head.text)
                    printed = int(match.group(2))
                    number = len(items) + 1
                    # Numbering either runs on through the groups or restarts at 1 in each;
                    # the second group's first problem says which, and the rest must follow.
                    in_group = 1 + sum(1 for item in items if groups and item.get("group") == len(groups))
                    if printed == number and restart_numbering is not True:
                        if groups and in_group == 1 and number != 1:
                            restart_numbering = False
                    elif groups and printed == in_group and restart_numbering is not False:
                        restart_numbering = True
                    else:
                        expect = in_group if restart_numbering else number
                        raise self.refuse(head, f"第 {expect} 个问题“{expect}.……”(问题编号应依次排列)", f"“{match.group(1)}”")
                    items.append(self._item(number, match.group(1), match.group(3), head, paragraphs, len(groups) or None))
        if not items:
            raise self._no_problems()

    def _lettered(self, content: list[Paragraph], items: list[dict], part: dict) -> None:
        """"(一)关于“××”的问题" headings are the problems; the numbered lines under them are measures."""
        starts = [i for i, p in enumerate(content) if _group_match(p.text)]
        if starts[0]:
            part["paragraphs"] = [p.text for p in content[: starts[0]]]
        for n, start in enumerate(starts):
            head = content[start]
            match = GROUP_HEADING.match(head.text)
            number = len(items) + 1
            if cn_number(match.group(2)) != number:
                raise self.refuse(head, f"第 {number} 个问题“({cn_ordinal(number)})……”(问题编号应依次排列)", f"“{match.group(1)}”")
            end = starts[n + 1] if n + 1 < len(starts) else len(content)
            items.append(self._item(number, match.group(1), match.group(3), head, content[start + 1 : end], None))

    def _chunks(self, content: list[Paragraph], allow_groups: bool):
        """("lead", None, paragraphs) then ("group"|"problem", heading, paragraphs) in order."""
        chunks = [("lead", None, [])]
        for index, paragraph in enumerate(content):
            if PROBLEM_HEADING.match(paragraph.text):
                chunks.append(("problem", paragraph, []))
            elif allow_groups and _group_match(paragraph.text) and self._group_precedes_problem(content, index, chunks):
                chunks.append(("group", paragraph, []))
            else:
                chunks[-1][2].append(paragraph)
        return chunks

    @staticmethod
    def _group_precedes_problem(content: list[Paragraph], index: int, chunks) -> bool:
        """A "(一)……" line is a group heading when groups started before the first problem
        and the next numbered line after it is a problem, not another "(二)"."""
        seen_problem = any(kind == "problem" for kind, _, _ in chunks)
        seen_group = any(kind == "group" for kind, _, _ in chunks)
        if seen_problem and not seen_group:
            return False
        for later in content[index + 1 :]:
            if PROBLEM_HEADING.match(later.text):
                return True
            if _group_match(later.text):
                return False
        return False

    def _item(self, number: int, marker: str, text: str, head: Paragraph, paragraphs: list[Paragraph],
              group: int | None) -> dict:
        marker = re.sub(r"\s+", "", marker)
        heading, rest = _split_heading(text.strip())
        for paragraph in paragraphs:
            if _looks_like_heading(paragraph.text):
                # A part heading whose 三、 is missing would otherwise become this problem's measures.
                raise self.refuse(paragraph, f"第 {number} 个问题的整改情况,或带序号的部分标题(如“三、下一步工作打算”)",
                                  f"没有序号的标题“{_shorten(paragraph.text)}”:请在原文中补上序号后重新导入")
        texts = ([rest] if rest else []) + [p.text for p in paragraphs]
        item: dict = {"number": number}
        self.places[number] = self.source.where(head)
        if marker != f"{number}.":
            item["marker"] = marker
        if group:
            item["group"] = group
        item["heading"] = heading
        item["problem"] = problem_of(heading)
        if texts and (label := MEASURES_LABEL.match(texts[0])):
            item["measures_label"] = label.group(0)
            texts[0] = texts[0][label.end():].strip()
            if not texts[0]:
                texts.pop(0)
        before, subproblems = self._subproblems(texts, head)
        if before:
            item["measures"] = split_clauses(before)
        if subproblems:
            item["subproblems"] = subproblems
        if not before and not subproblems:
            raise self.refuse(head, f"第 {number} 个问题的整改情况(标题后的文字)", "空")
        status = _status(item)
        if status:
            item["status"], item["status_text"] = status
        return item

    def _subproblems(self, texts: list[str], head: Paragraph) -> tuple[list[str], list[dict]]:
        """Split "(1)关于“××”的问题。……(2)……" (inline or one per paragraph) from the measures."""
        start = next((i for i, t in enumerate(texts) if re.match(r"^[(（]1[)）]", t)), None)
        if start is None:
            return texts, []
        pieces: list[list[str]] = []
        expected = 1
        for text in texts[start:]:
            cuts = []
            position = 0
            while True:
                found = re.compile(rf"[(（]{expected}[)）]").search(text, position)
                # A marker starts a sub-problem after a sentence, or after a bracket such as a
                # status: "……。(已完成)(2)……".
                if not found or (found.start() > 0 and text[found.start() - 1] not in "。;\uff1b)\uff09"):
                    break
                cuts.append(found.start())
                position = found.end()
                expected += 1
            bounds = cuts + [len(text)]
            if bounds[0] > 0:
                pieces[-1].append(text[: bounds[0]])
            for a, b in zip(cuts, bounds[1:]):
                pieces.append([text[a:b].strip()])
        subproblems = []
        for piece in pieces:
            marker = SUB_MARKER.match(piece[0])
            sentence, rest = _split_heading(piece[0][marker.end():].strip(), keep_status=False)
            measures = ([rest] if rest else []) + piece[1:]
            entry = {"marker": marker.group(0), "heading": sentence}
            if sentence.startswith("关于"):
                entry["problem"] = problem_of(sentence)
            if not measures:
                raise self.refuse(head, f"子问题{marker.group(0)}标题后的整改情况", "空")
            entry["measures"] = split_clauses(measures)
            subproblems.append(entry)
        return texts[:start], subproblems

    # -- statements about the whole disclosure -------------------------------------------
    def _title_phrase(self, opening: list[str]) -> str:
        for text in opening:
            if match := TITLE_PHRASE.search(text):
                return match.group(1)
        raise ImportRefused(
            "没有找到公开的标题:原文第一行不是标题,开头也没有“现将……予以公布”。"
            "请用 --title 给出(make import 时写 TITLE=标题)。"
        )

    def _refuse_body(self) -> str:
        raise ImportRefused(
            "没有找到发布单位:原文末尾没有落款,也没有“来源:”一行。"
            "请用 --body 给出(make import 时写 BODY=单位全称)。"
        )

    def _inspection(self, opening: list[str]) -> dict:
        """Kind, team and dates, each from whichever opening paragraph states it."""
        texts = [t for t in opening if re.search("巡视|巡察|审计", t)]
        if not texts:
            return {}
        inspection: dict = {}
        # Names of documents (《中华人民共和国审计法》) are never the team.
        team = next((m for t in texts if (m := TEAM.search(_without_titles(t)))), None)
        kind = re.search("巡视|巡察|审计", team.group(0) if team else _without_titles(texts[0]))
        inspection["kind"] = kind.group(0)
        if team:
            inspection["team"] = team.group(0)
        sentences = [sentence for text in texts for sentence in re.split("[。;\uff1b]", text)]
        for sentence in sentences:
            span = re.search(
                r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:至|到|—|-|－|~|～)\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", sentence
            )
            if span and "start" not in inspection and re.search("巡视|巡察|审计", sentence):
                start = _iso_date(*span.group(1, 2, 3))
                end = _iso_date(span.group(4) or span.group(1), *span.group(5, 6))
                if start:
                    inspection["start"] = start
                if end and start and end >= start:
                    inspection["end"] = end
                elif end:
                    self.notes.append(f"巡察结束日期“{span.group(0)}”早于开始日期(可能跨年),未填写 end。")
            for date in re.finditer(r"(\d{4})年(\d{1,2})月(\d{1,2})日", sentence):
                if span and span.start() <= date.start() < span.end():
                    continue
                if "反馈" in sentence[date.end():] and "feedback" not in inspection:
                    feedback = _iso_date(*date.groups())
                    if feedback:
                        inspection["feedback"] = feedback
        return inspection

    def _contact(self, closing: list[str], statements: list[str]) -> dict:
        contact: dict = {}
        # The closing first; the rest of the statements only if it has none.
        for texts in (closing, statements[::-1]):
            for text in texts:
                for label in CONTACT_LABEL.finditer(text):
                    key = _contact_key(label.group(1))
                    value = CONTACT_VALUES[key].match(text, label.end())
                    if value and value.group(0).strip() and key not in contact:
                        contact[key] = value.group(0).strip()
            if contact:
                return contact
        last = self.source.paragraphs[-1]
        raise ImportRefused(
            f"读到{self.source.where(last)}(全文末尾)也没有找到监督联系方式:应为结尾处“电话:……”“电子邮箱:……”"
            "“邮编:……”或“通信地址:……”中的至少一项(标注后跟号码或地址),实为全文都没有这样的写法。"
            "请核对原文是否完整(结尾联系方式一段是否漏复制);公布的原文确实没有联系方式时,请与维护人员联系。"
        )

    def _measures_label(self, disclosure: dict, items: list[dict]) -> None:
        labels = {item.get("measures_label") for item in items}
        if len(labels) == 1 and None not in labels:
            disclosure["measures_label"] = labels.pop()
            for item in items:
                del item["measures_label"]


# -- helpers that look at one text ------------------------------------------------------
def _is_closing(text: str) -> bool:
    if CLOSING_START.match(text):
        return True
    if MEASURES_LABEL.match(text):
        return False
    return any(
        (value := CONTACT_VALUES[_contact_key(label.group(1))].match(text, label.end())) and value.group(0).strip()
        for label in CONTACT_LABEL.finditer(text)
    )


def _contact_key(label: str) -> str:
    return next(k for k, labels in CONTACT_LABELS.items() if re.fullmatch(labels, label))


def _group_match(text: str) -> re.Match | None:
    match = GROUP_HEADING.match(text)
    return match if match and _is_heading_line(match.group(3)) else None


def _without_titles(text: str) -> str:
    """《…》 blanked out (same length), so that nothing is found inside a document's name."""
    return re.sub(r"《[^《》]*》", lambda m: "\ufffc" * len(m.group(0)), text)


def _is_title_line(text: str) -> bool:
    return (
        len(text) <= 80
        and not re.search(r"[。,\uff0c;\uff1b:\uff1a!?\uff01\uff1f]", text)
        and not (PART_HEADING.match(text) or GROUP_HEADING.match(text) or PROBLEM_HEADING.match(text))
    )


def _problem_named(text: str) -> bool:
    """A heading that states a problem: "关于“××”的问题", "××问题" (not a category "××方面的问题")."""
    text = re.sub(r"[(\uff08][^()\uff08\uff09]{1,20}[)\uff09]$", "", text.strip()).rstrip("。")
    return not re.search("方面|领域", text) and (text.startswith("关于") or text.endswith("问题"))


def _names_problems(content: list[Paragraph]) -> bool:
    """Whether a part's numbered or "(一)" lines are problem headings."""
    for paragraph in content:
        if (match := PROBLEM_HEADING.match(paragraph.text)) and _problem_named(_split_heading(match.group(3))[0]):
            return True
        if (match := _group_match(paragraph.text)) and _problem_named(match.group(3)):
            return True
    return False


def _lettered_problems(content: list[Paragraph]) -> bool:
    """"(一)关于“××”的问题" followed by numbered measures "1.……": every "(一)" line names a
    problem and no numbered line does."""
    lettered = [i for i, p in enumerate(content) if _group_match(p.text)]
    numbered = [i for i, p in enumerate(content) if PROBLEM_HEADING.match(p.text)]
    return bool(lettered) and (not numbered or numbered[0] > lettered[0]) \
        and all(_problem_named(_group_match(content[i].text).group(3)) for i in lettered) \
        and not any(PROBLEM_HEADING.match(content[i].text).group(3).strip().startswith("关于") for i in numbered)


def _is_heading_line(text: str) -> bool:
    """Headings are short and hold at most one sentence (a final 。)."""
    return len(text) <= 60 and "。" not in text.rstrip("。")


def _part(heading: Paragraph | None, content: list[Paragraph]) -> dict:
    part: dict = {}
    if heading:
        match = PART_HEADING.match(heading.text)
        part["marker"] = match.group(1) + "、"
        part["heading"] = match.group(2).strip()
    if content:
        part["paragraphs"] = [p.text for p in content]
    return part


def _split_heading(text: str, keep_status: bool = True) -> tuple[str, str]:
    """"××不到位。制定……" -> ("××不到位。", "制定……"); a heading without a second sentence stays whole."""
    depth = 0
    for index, char in enumerate(text):
        if char in "“‘《(（":
            depth += 1
        elif char in "”’》)）" and depth:
            depth -= 1
        elif char == "。" and depth == 0:
            heading, rest = text[: index + 1], text[index + 1 :].strip()
            if keep_status and STATUS_BRACKETED.fullmatch(rest):
                return text, ""
            return heading, rest
    return text, ""


def split_clauses(paragraphs: list[str]) -> list[str]:
    """One entry per 一是/二是/三是 clause (after 。; or at a paragraph start), else per paragraph."""
    entries: list[str] = []
    expected = 1
    for text in paragraphs:
        cuts = []
        position = 0
        while True:
            ordinal = cn_ordinal(expected) + "是"
            found = text.find(ordinal, position)
            if found < 0 or (found > 0 and text[found - 1] not in "。;；:："):
                break
            if found > 0:
                cuts.append(found)
            position = found + len(ordinal)
            expected += 1
        bounds = [0] + cuts + [len(text)]
        entries.extend(text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip())
    return entries


def _looks_like_heading(text: str) -> bool:
    """A short line with no punctuation and no space (a table row has spaces), that is not a status."""
    text = text.strip()
    return (2 <= len(text) <= 30 and not re.search("[\\s。;\uff1b,\uff0c:\uff1a!?\uff01\uff1f、.\uff0e()\uff08\uff09]", text)
            and not STATUS_PLAIN.fullmatch(text) and not re.match("[一二三四五六七八九十]是", text))


def _item_texts(item: dict) -> list[str]:
    texts = list(item.get("measures", []))
    for sub in item.get("subproblems", []):
        texts.append(sub["heading"])
        texts.extend(sub["measures"])
    return texts


def _status(item: dict) -> tuple[str, str] | None:
    """The status the text states for the whole problem: a status paragraph of its own at the end,
    else the labelled or bracketed statuses when they all agree (sub-problems may each state one;
    the model keeps one per problem, their words stay in the text), else a plain last clause."""
    texts = [item["heading"]] + _item_texts(item)
    if STATUS_LABELLED.fullmatch(texts[-1]) or STATUS_BRACKETED.fullmatch(texts[-1]):
        return _status_of(texts[-1]), texts[-1]
    for pattern in (STATUS_LABELLED, STATUS_BRACKETED):
        stated = [match.group(0) for text in texts for match in pattern.finditer(text)]
        if stated:
            if len({_status_of(words) for words in stated}) > 1:
                return None
            return _status_of(stated[0]), stated[0]
    # The last clause of the last sentence: "……新设图书流动点,该问题正在整改中。"
    last_clause = [s.strip() for s in re.split("[。;\uff1b,\uff0c]", texts[-1]) if s.strip()]
    if last_clause and (match := STATUS_PLAIN.match(last_clause[-1])):
        return _status_of(match.group(0)), match.group(0)
    return None


def _status_of(words: str) -> str:
    if "基本完成并持续整改" in words:
        return "基本完成并持续整改"
    for needle, status in (("基本", "基本完成"), ("正在", "正在整改"), ("整改中", "正在整改"),
                           ("持续", "持续整改"), ("长期坚持", "长期坚持"), ("未完成", "未完成")):
        if needle in words:
            return status
    return "已完成"


# "反馈的12个问题" or "指出问题12个".
SUMMARY_TOTAL = re.compile(
    rf"(?:(?:巡视|巡察|审计)?(?:反馈|指出|交办)的?)?(?:共|共计)?({NUMBER})(?:个|项|条)(?:具体)?问题"
    rf"|(?:巡视|巡察|审计)?(?:反馈|指出|交办)的?问题(?:共|共计)?({NUMBER})(?:个|项|条)"
)
SUMMARY_COMPLETED = (
    re.compile(rf"(?<!基本)(?:已完成整改|已整改完成|完成整改|整改完成|已完成|整改到位)({NUMBER})(?:个|项|条)"),
    re.compile(rf"({NUMBER})(?:个|项|条)(?:问题)?(?:已完成整改|已整改完成|已整改到位|已完成|完成整改)"),
)
SUMMARY_IN_PROGRESS = (
    re.compile(rf"(?:正在整改|正在推进整改|基本完成|持续整改|整改中)({NUMBER})(?:个|项|条)"),
    re.compile(rf"({NUMBER})(?:个|项|条)(?:问题)?(?:正在整改|正在推进|基本完成|持续整改|整改中)"),
)
SUMMARY_RATE = re.compile(r"(?:整改)?完成率(?:为|达到|达)?\s*(\d+(?:\.\d+)?\s*[%％])")


def _summary(paragraphs: list[str]) -> dict | None:
    """"反馈的N个问题,已完成整改M个、正在整改K个,整改完成率X%", kept as written."""
    for text in paragraphs:
        for total in SUMMARY_TOTAL.finditer(text):
            sentence_end = min([i for i in (text.find("。", total.end()), text.find(";", total.end()), text.find("；", total.end())) if i >= 0] or [len(text)])
            rest = text[total.end():sentence_end]
            found: dict = {"problems": cn_number(total.group(1) or total.group(2))}
            ends = [total.end()]
            for key, patterns in (("completed", SUMMARY_COMPLETED), ("in_progress", SUMMARY_IN_PROGRESS)):
                for pattern in patterns:
                    if match := pattern.search(rest):
                        found[key] = cn_number(match.group(1))
                        ends.append(total.end() + match.end())
                        break
            if match := SUMMARY_RATE.search(rest):
                found["rate"] = match.group(1)
                ends.append(total.end() + match.end())
            stated_as_feedback = re.match("(巡视|巡察|审计)?(反馈|指出|交办)", total.group(0))
            if len(found) > 1 or stated_as_feedback:
                return {"text": text[total.start():max(ends)], **found}
    return None


def _iso_date(year: str, month: str, day: str) -> str | None:
    try:
        y = int(year) if year.isdigit() else int("".join(str(CN_DIGITS[c]) for c in year))
        value = dt.date(y, cn_number(month), cn_number(day))
    except (ValueError, KeyError):
        return None
    return value.isoformat()


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "……"
