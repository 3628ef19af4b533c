"""Paragraphs -> a disclosure and its items in the data format, verbatim.

Three steps. Every paragraph is classified once by the table of printed forms (forms.py). Named
rules (the `_rule_*` methods and furniture.py) then resolve what the kinds mean in this text:
which lines are page furniture, the title and the signature, the parts, which level of numbering
holds the problems (lettered problems "(一)关于……的问题", groups written as parts "一、××方面",
problems at the top level "一、关于……的问题", problems numbered "(1)", "(一)××。" sentences),
where the closing starts, whether a count is of the problems listed. One builder puts the lines
in place. Every
paragraph ends up in exactly one field, or among the lines listed as left out; where the shape is
not one it knows, it stops with "第 N 行:应为……,实为……" (`refuse`, the one way it says no).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from disclosure_site.model.original import DEFAULT_SOURCE_LABEL
from disclosure_site.check.rules import problem_of

from . import statements
from .errors import ImportRefused
from .forms import DATE, Line, classify, cn_ordinal, is_sentence, split_heading
from .furniture import separate
from .read import TITLE_END, Paragraph, Source

SUB_MARKER = re.compile(r"[(\uff08]\d{1,2}[)\uff09]")  # a sub-problem's marker inside a paragraph: "……。(2)关于……"
MEASURES_LABEL = re.compile(r"^整改(?:情况|进展情况|进展|落实情况|完成情况|措施|举措|成效|结果)\s*[:：]")
TITLE_PHRASE = re.compile(r"现将(.+?)(?:予以公布|予以公开|公布如下|公开如下|通报如下|公告如下|报告如下)")
# Where the closing starts: an invitation to supervise ("热忱欢迎……", "广大干部群众如对……"), or a
# paragraph that gives a contact.
CLOSING_START = re.compile(
    r"^(欢迎|热忱欢迎|诚挚欢迎|衷心欢迎|真诚欢迎|广大干部群众|社会各界|如对|如有|诚请|请广大|对.{0,30}(意见|建议)|联系方式)"
)
# How the name of a body ends: a signature line, or the words of a title before 关于.
ORGANISATION = re.compile(
    r"(局|委|委员会|党组|党委|政府|办公室|厅|院|公司|中心|部|会|所|站|校|处|集团|署|办|馆|街道|镇|乡|大学|学院|医院)$"
)
SIGNED_ON_ONE_LINE = re.compile(r"^(\S[^。,，;；:：!?！？、]{1,38}?)\s+(" + DATE.pattern.strip("^$") + ")$")
# Headings of parts that are groups of problems: "一、预算管理方面", "二、部门预算执行审计查出问题的整改情况".
GROUP_LIKE = re.compile(r"方面|问题|领域|整改情况$")


@dataclass
class Parsed:
    disclosure: dict
    items: list[dict]
    notes: list[str] = field(default_factory=list)  # told to the editor, e.g. a date left out
    # Where things stand in the source ("第 5 行"), so that a refusal can point there:
    # "summary" and each item number.
    places: dict = field(default_factory=dict)
    record: str = ""  # source.txt: the announcement's lines, without the page furniture
    left_out: list[Paragraph] = field(default_factory=list)  # page furniture, listed for the editor
    index: dict = field(default_factory=dict)  # the page's 政务公开 index table as printed


@dataclass(frozen=True)
class Section:
    """A part: its "一、" heading (None for problems that follow the opening directly) and its lines."""

    heading: Line | None
    lines: list[Line]


def parse(source: Source, title: str | None = None, body: str | None = None) -> Parsed:
    return _Outline(source).build(title, body)


class _Outline:
    def __init__(self, source: Source):
        self.source = source
        self.lines = [classify(p) for p in source.paragraphs]
        self.notes: list[str] = []
        self.places: dict = {}
        self.sections: list[Section] = []  # the parts found so far, for a refusal that says what it found

    def refuse(self, line: Line | None, expected: str, found: str | None = None, where: str | None = None,
               advice: str = "") -> ImportRefused:
        """The one way the outline says no: where (the line, or `where`), what it expected there,
        what it found, and what the editor can do."""
        if where is None:
            where = f"{self.source.where(line.paragraph)}:" if line else ""
        actual = found if found is not None else (f"“{_shorten(line.text)}”" if line else "")
        return ImportRefused(f"{where}应为{expected}" + (f",实为{actual}。" if actual else "。") + advice)

    # -- the whole text -------------------------------------------------------------------
    def build(self, title: str | None, body: str | None) -> Parsed:
        page = separate(self.lines)
        self.notes += page.notes
        lines = list(page.kept)
        if not lines:
            raise self.refuse(None, "公告的正文", "全文都是网页的导航、工具栏等内容")
        document_title, title_date = self._rule_title(lines)
        tail = self._rule_tail(lines)
        opening, sections = self._rule_parts(lines)
        self.sections = sections
        problems_at, shape = self._rule_problem_list(sections)
        sections, closing = self._rule_closing(sections, problems_at, shape)
        if not opening:
            raise self.refuse(lines[0] if lines else None, "开头段落(说明巡视、巡察或审计的情况)")

        parts: list[dict] = []
        groups: list[dict] = []
        items: list[dict] = []
        for index, section in enumerate(sections):
            if index not in problems_at:
                parts.append(_part(section))
            elif index == problems_at[0]:
                parts.append(self._problems(sections, problems_at, shape, groups, items))

        statement_paragraphs = [l.text for l in opening] + [p for part in parts for p in part.get("paragraphs", [])] \
            + [p for group in groups for p in group.get("paragraphs", [])] + closing
        disclosure: dict = {}
        disclosure["title"] = title or page.info.get("title") or document_title or self._title_phrase(opening)
        if document_title:
            disclosure["document_title"] = document_title
        disclosure["body"] = body or tail.get("name") or tail.get("source") or _body_in_title(document_title) \
            or _body_of_speaker(opening) or page.info.get("issuer") or page.info.get("source") or self._refuse_body()
        sentences = [l.text for l in opening if l.kind == "text" and is_sentence(l.text)]
        inspection = statements.read_inspection(sentences, document_title or page.info.get("title"), self.notes)
        if inspection:
            disclosure["inspection"] = inspection
        disclosure["opening"] = [l.text for l in opening]
        disclosure["parts"] = parts
        if groups:
            disclosure["groups"] = groups
        _measures_label(disclosure, items)
        summary = self._rule_count_of_other_problems(statements.read_summary(statement_paragraphs), opening, items)
        if summary:
            disclosure["summary"] = summary
            at = next((l for l in lines if summary["text"] in l.text), None)
            if at:
                self.places["summary"] = self.source.where(at.paragraph)
        if closing:
            disclosure["closing"] = closing
        contact = statements.read_contact(closing, statement_paragraphs)
        if contact:
            disclosure["contact"] = contact
        if "name" in tail or "date" in tail:
            disclosure["signature"] = {k: tail[k] for k in ("name", "date") if k in tail}
        published = tail.get("published") or title_date or page.info.get("published")
        if published:
            disclosure["published"] = published
        if "source" in tail:
            disclosure["source"] = tail["source"]
            if "source_label" in tail:
                disclosure["source_label"] = tail["source_label"]
        for key in ("index_number", "topic", "issuer", "written_on", "document_number", "disclosure_mode"):
            if key in page.info:
                disclosure[key] = page.info[key]
        left_out = [l.paragraph for l in page.left_out]
        return Parsed(disclosure, items, self.notes, self.places, self.source.record({p.line for p in left_out}),
                      left_out, page.index)

    # -- rule: the title ---------------------------------------------------------------------
    def _rule_title(self, lines: list[Line]) -> tuple[str | None, str | None]:
        """Title lines: short, no sentence punctuation, not numbered headings. A title broken over
        two or three lines ("……关于县委第三轮巡察" / "反馈意见整改进展情况的通报") is joined; the
        原文 is compared whitespace aside, so the joined title is still verbatim. A date line
        right under it ("(2024年3月8日)") is the publication date; it stays in the opening."""
        if len(lines) < 2 or not lines[0].is_title_line:
            return None, None
        count = next(
            (n for n in range(1, min(3, len(lines) - 1) + 1)
             if all(l.is_title_line for l in lines[:n]) and TITLE_END.search(lines[n - 1].text)),
            1,
        )
        title = "".join(l.text for l in lines[:count])
        del lines[:count]
        date = None
        if lines and lines[0].kind in ("date", "date_line"):
            date = statements.iso_date(*DATE.match(lines[0].text.strip("()\uff08\uff09")).groups())
        return title, date

    # -- rule: the signature -------------------------------------------------------------------
    def _rule_tail(self, lines: list[Line]) -> dict:
        """The signature (name, then date) and a "来源:" line at the end of the text."""
        tail: dict = {}
        if lines and lines[-1].kind == "source":
            text = lines[-1].text
            value = lines[-1].form.pattern.match(text)
            tail["source"] = value.group(1).strip()
            label = text[: value.start(1)]
            if label != DEFAULT_SOURCE_LABEL:
                tail["source_label"] = label
            lines.pop()
        if lines and (signed := SIGNED_ON_ONE_LINE.match(lines[-1].text)) and ORGANISATION.search(signed.group(1)):
            # "中共某某局党组 2024年3月8日": the name and the date on one line.
            tail["name"], tail["date"] = signed.group(1), signed.group(2)
            published = statements.iso_date(*DATE.match(signed.group(2)).groups())
            if published:
                tail["published"] = published
            lines.pop()
            return tail
        if lines and lines[-1].kind == "date":
            tail["date"] = lines[-1].text
            published = statements.iso_date(*DATE.match(lines[-1].text).groups())
            if published:
                tail["published"] = published
            else:
                self.notes.append(f"落款日期“{tail['date']}”不是有效日期,未填写 published。")
            lines.pop()
        if len(lines) > 1:
            last = lines[-1]
            looks_like_name = len(last.text) <= 40 and not re.search(r"[。,，;；:：!?！？、]", last.text)
            if looks_like_name and not last.is_heading_form and ("date" in tail or ORGANISATION.search(last.text)):
                tail["name"] = last.text
                lines.pop()
        return tail

    # -- rule: a count of other problems --------------------------------------------------------
    def _rule_count_of_other_problems(self, summary: dict | None, opening: list[Line], items: list[dict]) -> dict | None:
        """Some counts are not of the problems the text lists: a report to the people's congress (its
        speech line or salutation) counts every problem of the audit work report (共反映1263个问题)
        while it lists them by kind; a 巡视 report may count 具体问题 or 整改任务 finer than its list.
        Such a count, when it is neither the problems nor the sub-problems listed, is no summary of
        the list: its words stay in their paragraph, and the editor is told."""
        if not summary:
            return None
        leaves = sum(len(item.get("subproblems", [])) or 1 for item in items)
        finer = re.search(r"具体问题|细化", summary["text"])  # as check/rules.py compares it with the sub-problems
        if summary["problems"] == len(items) or (finer and summary["problems"] == leaves):
            return summary  # a count of the problems listed (or of their sub-problems): checked
        report = any(l.kind in ("speech", "salutation") for l in opening)
        if not report and not finer and not re.search(r"整改任务|整改事项|整改措施", summary["text"]):
            return summary  # a count of the listed problems that disagrees: the check says so
        whose = "审计工作报告反映的全部" if report else "细化后的"
        self.notes.append(
            f"原文的统计“{summary['text']}”说的是{whose} {summary['problems']} 个问题,逐项列出的是 {len(items)} 项,"
            "不是同一口径:未作为统计与各项核对,原话保留在原文中。"
        )
        return None

    # -- rule: the parts -------------------------------------------------------------------------
    def _rule_parts(self, lines: list[Line]) -> tuple[list[Line], list[Section]]:
        """Opening paragraphs, then the parts: each "一、" heading with its lines. A "一、" line is a
        part's heading when it is a heading line, or when it states a problem (关于…的问题。) with
        what was done in the same paragraph."""
        starts = [i for i, l in enumerate(lines) if l.kind == "part" and (l.is_heading or l.names_problem_with_about)]
        if not starts:
            # No part headings: the problems follow the opening directly.
            first = next((i for i, l in enumerate(lines) if l.kind == "numbered" or _lettered_line(l) or _sub_problem(l)), None)
            if first is None:
                raise self._no_problems()
            return lines[:first], [Section(None, lines[first:])]
        for expected, index in enumerate(starts, start=1):
            if lines[index].number != expected:
                raise self.refuse(lines[index], f"第 {expected} 部分的标题“{cn_ordinal(expected)}、……”",
                                  f"“{lines[index].marker}”")
        bounds = starts + [len(lines)]
        return lines[: starts[0]], [Section(lines[a], lines[a + 1 : b]) for a, b in zip(bounds, bounds[1:])]

    # -- rule: which parts list the problems -----------------------------------------------------
    def _rule_problem_list(self, sections: list[Section]) -> tuple[list[int], str]:
        """The parts that hold the problems, and how: "part" (in one part, as numbered or lettered
        problems), "groups" (several parts, each a group: "一、××方面"), "top" (the "一、关于…的
        问题" headings are the problems themselves), "subs" (one part of "(1)关于……的问题"),
        "sentences" (one part of "(一)××。" paragraphs)."""
        top = [i for i, s in enumerate(sections) if s.heading and s.heading.names_problem_with_about]
        if top and not any(_names_problems(s.lines) for s in sections):  # rule "problems at the top level"
            if top != list(range(top[0], top[-1] + 1)):
                between = next(i for i in range(top[0], top[-1]) if i not in top)
                raise self.refuse(sections[between].heading, "问题标题“关于……的问题”(各问题应前后相接)")
            return top, "top"
        with_problems = [i for i, s in enumerate(sections)
                         if any(l.kind == "numbered" for l in s.lines) or _lettered_problems(s.lines)]
        if not with_problems:
            # Rule "problems numbered (1)": no numbered or lettered problem, but "(1)关于……的问题"
            # paragraphs in one part.
            subs = [i for i, s in enumerate(sections) if any(l.kind == "sub" and l.names_problem for l in s.lines)]
            if len(subs) == 1:
                return subs, "subs"
            # Rule "lettered problems stated as sentences": one part whose heading says it lists
            # problems (一、审计发现的主要问题和整改情况), with "(一)××。……" paragraphs and no numbered
            # line: each "(一)" paragraph is a problem, its first sentence the problem.
            stated = [i for i, s in enumerate(sections) if s.heading and "问题" in s.heading.content
                      and any(l.kind == "lettered" for l in s.lines) and not any(l.kind == "numbered" for l in s.lines)]
            if len(stated) == 1:
                return stated, "sentences"
            raise self._no_problems()
        if len(with_problems) == 1:
            return with_problems, "part"
        # Numbered lines in a part after the one that names the problems ("二、下一步工作打算",
        # "1.持续巩固……") are that part's paragraphs.
        naming = [i for i in with_problems if _names_problems(sections[i].lines)]
        if len(naming) == 1 and all(i >= naming[0] for i in with_problems):
            return naming, "part"
        run = naming if len(naming) > 1 and naming == list(range(naming[0], naming[-1] + 1)) \
            and all(i >= naming[0] for i in with_problems) else with_problems
        contiguous = run == list(range(run[0], run[-1] + 1))
        group_like = all(GROUP_LIKE.search(sections[i].heading.content) for i in run if sections[i].heading)
        if contiguous and group_like:
            return run, "groups"
        second = sections[with_problems[1]].heading
        raise self.refuse(
            second,
            "只有一个部分含编号的问题(或各部分都是“一、××方面”这样的问题类别)",
            f"“{_shorten(sections[with_problems[0]].heading.text)}”和“{_shorten(second.text)}”都含编号段落,无法判断哪一部分是问题清单",
        )

    def _no_problems(self) -> ImportRefused:
        """No line of any problem form: say what was found and what was expected there."""
        last = self.source.paragraphs[-1]
        parts = [s.heading for s in self.sections if s.heading]
        if parts:
            found = "、".join(f"“{_shorten(h.text, 16)}”({self.source.where(h.paragraph)})" for h in parts[:6])
            found = f"找到 {len(parts)} 个“一、”标题,都当作各部分的标题:{found};其中没有一段是问题标题"
        else:
            found = "没有一段以“1.”或“1、”开头,也没有“(一)关于……的问题”或“一、关于……的问题”"
        advice = "请确认这是整改情况公告;问题没有编号的公告需要手工录入。"
        if self.source.encoding == "docx":
            advice += ("若在 Word 或 WPS 里看得到编号,那是“自动编号”:它不是文字,导入时读不到。请先把编号变成文字:"
                       "选中编号列表,右键选“转换为文本”(WPS 有此项);或全选复制,粘贴到记事本(纯文本),"
                       "另存为 UTF-8 编码的 .txt 后再导入。")
        return self.refuse(
            None, "形如“1.关于“××”的问题”“(一)关于“××”的问题。……”“一、关于××的问题”“问题一:……”的问题标题"
                  "(标题后可在同一段接着写整改情况)", found,
            where=f"读到{self.source.where(last)}(全文末尾)也没有找到编号的问题:", advice=advice)

    # -- rule: where the closing starts ----------------------------------------------------------
    def _rule_closing(self, sections: list[Section], problems_at: list[int], shape: str) -> tuple[list[Section], list[str]]:
        """From the last part: the paragraphs from the invitation to supervise or the contact on.
        In the problems part only after the last problem's own first paragraph of measures."""
        if not sections:
            return sections, []
        last = sections[-1]
        first = 0
        if len(sections) - 1 in problems_at:
            if shape == "top":
                first = 0 if last.heading.rest else 1
            else:
                heads = [i for i, l in enumerate(last.lines) if problem_heads(last.lines, shape)(l)]
                first = heads[-1] + (1 if last.lines[heads[-1]].rest else 2)
        for i in range(first, len(last.lines)):
            if _is_closing(last.lines[i].text):
                return sections[:-1] + [Section(last.heading, last.lines[:i])], [l.text for l in last.lines[i:]]
        return sections, []

    # -- the problems ------------------------------------------------------------------------
    def _problems(self, sections: list[Section], problems_at: list[int], shape: str,
                  groups: list[dict], items: list[dict]) -> dict:
        """The part that lists the problems, filling groups and items in text order."""
        if shape == "top":
            for i in problems_at:
                head = sections[i].heading
                number = len(items) + 1
                items.append(self._item(number, head.marker, head.content, head, sections[i].lines, None))
            return {"problems": True}
        if shape == "groups":
            runs = [(sections[i].heading, sections[i].lines) for i in problems_at]
            self._problem_runs(runs, groups, items, grouped=True)
            return {"problems": True}
        section = sections[problems_at[0]]
        part = _part(Section(section.heading, []))
        part["problems"] = True
        self._problem_runs([(None, section.lines)], groups, items, grouped=False, part=part, shape=shape)
        return part

    def _problem_runs(self, runs, groups: list[dict], items: list[dict], grouped: bool, part: dict | None = None,
                      shape: str = "part") -> None:
        """runs: (group heading or None, lines). Numbering either runs on through the groups or
        restarts at 1 in each; the second group's first problem says which, and the rest must follow."""
        restart: list[bool | None] = [None]
        for heading, lines in runs:
            for kind, head, paragraphs in self._chunks(lines, shape, allow_groups=not grouped):
                texts = [p.text for p in paragraphs]
                if kind == "lead":
                    if grouped:
                        group = {"marker": heading.marker, "heading": heading.content.strip()}
                        groups.append(group)
                        if texts:
                            group["paragraphs"] = texts
                    elif texts:
                        part["paragraphs"] = texts
                elif kind == "group":
                    expected = len(groups) + 1
                    if head.number != expected:
                        raise self.refuse(head, f"第 {expected} 类问题的标题“({cn_ordinal(expected)})……”", f"“{head.marker}”")
                    # A group heading may go on with its own words: "(一)省级财政管理审计查出问题整改情况。……"
                    group = {"marker": head.marker, "heading": head.heading if head.rest else head.content.strip()}
                    texts = ([head.rest] if head.rest else []) + texts
                    if texts:
                        group["paragraphs"] = texts
                    groups.append(group)
                else:
                    number = self._problem_number(head, items, groups, restart)
                    items.append(self._item(number, head.marker, head.content, head, paragraphs, len(groups) or None))
        if not items:
            raise self._no_problems()

    def _problem_number(self, head: Line, items: list[dict], groups: list[dict], restart: list) -> int:
        number = len(items) + 1
        in_group = 1 + sum(1 for item in items if groups and item.get("group") == len(groups))
        if head.number == number and restart[0] is not True:
            if groups and in_group == 1 and number != 1:
                restart[0] = False
        elif groups and head.number == in_group and restart[0] is not False:
            restart[0] = True
        else:
            expect = in_group if restart[0] else number
            shown = f"{expect}." if head.kind == "numbered" and head.marker[:1].isdigit() else f"({cn_ordinal(expect)})" \
                if head.kind == "lettered" else f"问题{cn_ordinal(expect)}"
            raise self.refuse(head, f"第 {expect} 个问题“{shown}……”(问题编号应依次排列)", f"“{head.marker}”")
        return number

    def _chunks(self, lines: list[Line], shape: str, allow_groups: bool):
        """("lead", None, lines) then ("group"|"problem", heading, lines) in order: the problems'
        heads as problem_heads() says; "(一)" groups only above numbered problems."""
        is_head = problem_heads(lines, shape)
        groups_above = allow_groups and is_head is _numbered
        chunks = [("lead", None, [])]
        for index, line in enumerate(lines):
            if is_head(line):
                chunks.append(("problem", line, []))
            elif groups_above and line.kind == "lettered" and (line.is_heading or line.rest) \
                    and self._group_precedes_problem(lines, index, chunks):
                chunks.append(("group", line, []))
            else:
                chunks[-1][2].append(line)
        return chunks

    @staticmethod
    def _group_precedes_problem(lines: list[Line], index: int, chunks) -> bool:
        """A "(一)……" line is a group heading when groups started before the first problem
        and the next numbered line after it is a problem, not another "(二)"."""
        seen_problem = any(kind == "problem" for kind, _, _ in chunks)
        seen_group = any(kind == "group" for kind, _, _ in chunks)
        if seen_problem and not seen_group:
            return False
        for later in lines[index + 1 :]:
            if later.kind == "numbered":
                return True
            if later.kind == "lettered" and (later.is_heading or later.rest):
                return False
        return False

    def _item(self, number: int, marker: str, text: str, head: Line, paragraphs: list[Line], group: int | None) -> dict:
        heading, rest = split_heading(text.strip())
        for line in paragraphs:
            if _looks_like_heading(line.text):
                # A part heading whose 三、 is missing would otherwise become this problem's measures.
                raise self.refuse(line, f"第 {number} 个问题的整改情况,或带序号的部分标题(如“三、下一步工作打算”)",
                                  f"没有序号的标题“{_shorten(line.text)}”:请在原文中补上序号后重新导入")
        texts = ([rest] if rest else []) + [l.text for l in paragraphs]
        item: dict = {"number": number}
        self.places[number] = self.source.where(head.paragraph)
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
        status = statements.read_status([item["heading"]] + _item_texts(item))
        if status:
            item["status"], item["status_text"] = status
        return item

    def _subproblems(self, texts: list[str], head: Line) -> tuple[list[str], list[dict]]:
        """Split "(1)关于“××”的问题。……(2)……" (inline or one per paragraph) from the measures.
        The first "(1)" starts a paragraph, or follows a sentence or a label ("整改情况:(1)……")
        when it names a problem."""
        start, offset = _first_subproblem(texts)
        if start is None:
            return texts, []
        texts = texts[:start] + ([texts[start][:offset]] if offset else []) + [texts[start][offset:]] + texts[start + 1:]
        start += 1 if offset else 0
        pieces: list[list[str]] = []
        expected = 1
        for text in texts[start:]:
            cuts = []
            position = 0
            while True:
                found = re.compile(rf"[(\uff08]{expected}[)\uff09]").search(text, position)
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
            marker = SUB_MARKER.match(piece[0]).group(0)
            sentence, rest = split_heading(piece[0][len(marker):].strip(), keep_status=False)
            measures = ([rest] if rest else []) + piece[1:]
            entry = {"marker": marker, "heading": sentence}
            if sentence.startswith("关于"):
                entry["problem"] = problem_of(sentence)
            if not measures:
                raise self.refuse(head, f"子问题{marker}标题后的整改情况", "空")
            entry["measures"] = split_clauses(measures)
            subproblems.append(entry)
        return texts[:start], subproblems

    # -- statements about the whole disclosure -------------------------------------------
    def _title_phrase(self, opening: list[Line]) -> str:
        for line in opening:
            if match := TITLE_PHRASE.search(line.text):
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


# -- helpers that look at lines -----------------------------------------------------------
def problem_heads(lines: list[Line], shape: str):
    """Which lines of a part (of the problem list's shape) head its problems: numbered lines, or
    the lettered ones by rule "lettered problems", or by the shape's own rule."""
    if shape == "sentences":
        return _lettered_any
    if shape == "subs":
        return _sub_problem
    return _lettered_line if _lettered_problems(lines) else _numbered


def _numbered(line: Line) -> bool:
    return line.kind == "numbered"


def _lettered_any(line: Line) -> bool:
    return line.kind == "lettered"


def _sub_problem(line: Line) -> bool:
    return line.kind == "sub" and line.names_problem


def _lettered_line(line: Line) -> bool:
    """A "(一)" line that may head a group or a problem: a heading line, or one that states a
    problem with its measures in the same paragraph ("(一)关于……的问题。对……")."""
    return line.kind == "lettered" and (line.is_heading or line.names_problem)


def _lettered_problems(lines: list[Line]) -> bool:
    """Rule "lettered problems": "(一)关于“××”的问题" lines are the problems when every "(一)"
    line names a problem and no numbered line does (those are then measures: "1.……")."""
    lettered = [i for i, l in enumerate(lines) if _lettered_line(l)]
    numbered = [i for i, l in enumerate(lines) if l.kind == "numbered"]
    return bool(lettered) and (not numbered or numbered[0] > lettered[0]) \
        and all(lines[i].names_problem for i in lettered) \
        and not any(lines[i].content.strip().startswith("关于") for i in numbered)


def _names_problems(lines: list[Line]) -> bool:
    """Whether a part's numbered or "(一)" lines are problem headings."""
    return any((l.kind == "numbered" or _lettered_line(l)) and l.names_problem for l in lines)


def _part(section: Section) -> dict:
    part: dict = {}
    if section.heading:
        part["marker"] = section.heading.marker
        part["heading"] = section.heading.content.strip()
    if section.lines:
        part["paragraphs"] = [l.text for l in section.lines]
    return part


def _body_in_title(title: str | None) -> str | None:
    """"青石市人民政府关于……的报告" -> 青石市人民政府: the body a title names before 关于."""
    if title and (match := re.match(r"^(\S{2,40}?)关于", title)) and ORGANISATION.search(match.group(1)):
        return match.group(1)
    return None


def _body_of_speaker(opening: list[Line]) -> str | None:
    """"青石市审计局局长 张某某" (a report's speaker) -> 青石市审计局."""
    for line in opening:
        if line.kind == "speaker" and (match := re.match(r"^(\S{2,30}?)(?:副)?(?:局长|厅长|署长|审计长|主任|市长|县长|区长)\s", line.text)):
            if ORGANISATION.search(match.group(1)):
                return match.group(1)
    return None


def _is_closing(text: str) -> bool:
    if CLOSING_START.match(text):
        return True
    if MEASURES_LABEL.match(text):
        return False
    return statements.gives_contact(text)


def _first_subproblem(texts: list[str]) -> tuple[int | None, int]:
    """Where the first sub-problem "(1)" starts: (paragraph, offset in it)."""
    for i, text in enumerate(texts):
        if re.match(r"^[(\uff08]1[)\uff09]", text):
            return i, 0
        found = re.search(r"(?<=[。:\uff1a;\uff1b])[(\uff08]1[)\uff09]", text)
        if found and classify(Paragraph(0, text[found.start():])).names_problem_with_about:
            return i, found.start()
    return None, 0


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
            and not statements.looks_like_status(text) and not re.match("[一二三四五六七八九十]是", text))


def _item_texts(item: dict) -> list[str]:
    texts = list(item.get("measures", []))
    for sub in item.get("subproblems", []):
        texts.append(sub["heading"])
        texts.extend(sub["measures"])
    return texts


def _measures_label(disclosure: dict, items: list[dict]) -> None:
    labels = {item.get("measures_label") for item in items}
    if len(labels) == 1 and None not in labels:
        disclosure["measures_label"] = labels.pop()
        for item in items:
            del item["measures_label"]


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "……"
