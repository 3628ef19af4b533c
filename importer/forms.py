"""The printed forms the importer knows, one row each, and the pass that classifies every paragraph once.

A row says what kind of line a form makes (a numbered heading at one of four levels, a date, a
来源 line), how the README names it, its pattern, an example, and for headings how its number is
read. Everything after this pass works on the kinds (importer/outline.py): a new form is one row
and its example here (tests/test_import_forms.py reads every example back as its own row), not a
new special case in the builder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from .read import Paragraph

# -- numerals ---------------------------------------------------------------------------------
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "[零〇一二两三四五六七八九十百]+"
NUMBER = rf"(?:\d+|{CN_NUMERAL})"
_CN_ORDINAL = "[一二三四五六七八九十]+"


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


# -- the table ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Form:
    kind: str  # the line kind it gives (HEADING_LEVELS, or one of the other kinds below)
    name: str  # how README.md names it
    pattern: re.Pattern
    example: str  # a line of this form; the test reads it back as this row
    # Headings only: the printed numeral -> its number. Their pattern's groups are the marker as
    # printed, the numeral, and the heading's text.
    numeral: Callable[[str], int] | None = None


def _form(kind: str, name: str, pattern: str, example: str, numeral: Callable[[str], int] | None = None) -> Form:
    return Form(kind, name, re.compile(pattern), example, numeral)


# The four levels of numbering, outermost first. Which level holds the problems is decided by
# the rules in outline.py, not here: "一、" is a part, a group or a problem depending on the text.
HEADING_LEVELS = {"part": 0, "lettered": 1, "numbered": 2, "sub": 3}

HEADINGS = (
    _form("part", "一、××", rf"^(({_CN_ORDINAL})\s*、)\s*(.+)$", "二、巡察反馈问题整改落实情况", cn_number),
    _form("lettered", "(一)××", rf"^([(\uff08]\s*({_CN_ORDINAL})\s*[)\uff09])\s*(.+)$", "（二）关于“内部审核把关不严”的问题", cn_number),
    _form("numbered", "1.××", r"^((\d{1,3})\s*[.\uff0e、])(?!\d)\s*(.+)$", "2.关于“护林员管理不规范”问题的整改", int),
    _form("numbered", "问题一:××", rf"^(问题({_CN_ORDINAL})\s*[:\uff1a、.\uff0e])\s*(.+)$", "问题二：固定资产账实不符。", cn_number),
    _form("sub", "(1)××", r"^([(\uff08](\d{1,2})[)\uff09])\s*(.+)$", "（2）关于“党员发展不规范”的问题。补齐缺失材料。", int),
)

DATE = re.compile(r"^(\d{4}|[零〇一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$")
OTHERS = (
    _form("date", "落款日期", DATE.pattern, "二〇二四年五月二十日"),
    _form("date_line", "标题下的日期", r"^[(\uff08]" + DATE.pattern.strip("^$") + r"[)\uff09]$", "（2024年3月8日）"),
    _form("source", "来源:", r"^来源\s*[:\uff1a]\s*(.+)$", "来源：某某市文化馆"),
)

FORMS: tuple[Form, ...] = HEADINGS + OTHERS


# -- one paragraph, classified once -------------------------------------------------------------
_SENTENCE_PUNCTUATION = re.compile(r"[。,\uff0c;\uff1b:\uff1a!?\uff01\uff1f]")
STATUS_WORDS = "已完成|已整改完成|整改完成|基本完成并持续整改|基本完成|正在整改|整改中|持续整改|长期坚持|未完成"
STATUS_BRACKETED = re.compile(rf"[(\uff08](?:{STATUS_WORDS})[)\uff09]")
# Words that make a heading a category of problems, not a problem: 在“××”方面.
_CATEGORY = re.compile(r"方面|领域")


@dataclass(frozen=True)
class Line:
    """A paragraph with its kind; for a heading also its marker, number and text."""

    paragraph: Paragraph
    kind: str  # a Form's kind, or "text"
    form: Form | None = None
    marker: str = ""  # as printed, spaces dropped: "(一)", "1.", "问题一："
    number: int | None = None
    content: str = ""  # a heading's text after its marker; the whole text otherwise

    @property
    def text(self) -> str:
        return self.paragraph.text

    @property
    def is_heading_form(self) -> bool:
        return self.kind in HEADING_LEVELS

    @cached_property
    def split(self) -> tuple[str, str]:
        """The heading's first sentence and what follows it in the same paragraph."""
        return split_heading(self.content.strip())

    @property
    def heading(self) -> str:
        return self.split[0]

    @property
    def rest(self) -> str:
        return self.split[1]

    @property
    def is_heading(self) -> bool:
        """A heading line: short, at most one sentence (a final 。)."""
        return is_heading_text(self.content)

    @property
    def names_problem(self) -> bool:
        """Its first sentence states a problem: 关于“××”的问题, ××问题 (not a category, ××方面)."""
        return problem_named(self.heading)

    @property
    def is_title_line(self) -> bool:
        return is_title_text(self.text) and not self.is_heading_form


def classify(paragraph: Paragraph) -> Line:
    text = paragraph.text
    for form in FORMS:
        match = form.pattern.search(text)
        if not match:
            continue
        if form.numeral:
            return Line(paragraph, form.kind, form, re.sub(r"\s+", "", match.group(1)), form.numeral(match.group(2)),
                        match.group(3))
        return Line(paragraph, form.kind, form, content=text)
    return Line(paragraph, "text", content=text)


# -- what one text is ---------------------------------------------------------------------------
def is_heading_text(text: str) -> bool:
    return len(text) <= 60 and "。" not in text.rstrip("。")


def is_title_text(text: str) -> bool:
    return len(text) <= 80 and not _SENTENCE_PUNCTUATION.search(text)


def is_sentence(text: str) -> bool:
    return bool(re.search(r"[。,\uff0c;\uff1b]", text))


def problem_named(text: str) -> bool:
    """A heading that states a problem: "关于“××”的问题", "××问题" (not a category "××方面的问题")."""
    text = re.sub(r"[(\uff08][^()\uff08\uff09]{1,20}[)\uff09]$", "", text.strip()).rstrip("。")
    return not _CATEGORY.search(text) and (text.startswith("关于") or text.endswith("问题"))


def split_heading(text: str, keep_status: bool = True) -> tuple[str, str]:
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
