"""Paragraphs -> a disclosure and its items in the data format, verbatim.

Three steps. Every paragraph is classified once by the table of printed forms (forms.py). Named
rules (the `_rule_*` methods and furniture.py) then resolve what the kinds mean in this text:
which lines are page furniture, the title and the signature (and what follows it: attachments),
the parts, which level of numbering holds the problems (lettered problems "(一)关于……的问题",
groups written as parts "一、××方面", problems at the top level "一、关于……的问题", problems
numbered "(1)" or "①", "(一)××。" sentences), where the closing starts (an invitation or a
contact; after the last problem's status; a paragraph about the whole rectification), which
count is of the problems listed. One builder puts the lines in place, recording where the
text's paragraphs begin (model/original.py reassembles them). Every paragraph ends up in
exactly one field, or among the lines listed as left out; where the shape is not one it knows,
it stops with "第 N 行:应为……,实为……" (`refuse`, the one way it says no).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from disclosure_site.model.original import DEFAULT_SOURCE_LABEL
from disclosure_site.check.rules import is_finer, problem_of

from . import statements
from .errors import ImportRefused
from .forms import CLAUSES, DATE, Line, classify, cn_ordinal, is_sentence, is_title_text, phrase, split_heading
from .furniture import separate
from .read import TITLE_END, Paragraph, Source

SUB_MARKER = re.compile(r"[(\uff08]\d{1,2}[)\uff09]")  # a sub-problem's marker inside a paragraph: "……。(2)关于……"
# Lines that may stand after the signature and are still the text's (furniture.py keeps them there).
AFTER_SIGNATURE = ("attachment", "file", "remark")
# A piece of a paragraph: its text, and whether it begins a paragraph of the text.
Segment = tuple[str, bool]


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
    unrecognised: list[Paragraph] = field(default_factory=list)  # left out, though of no furniture form
    # The text's other counts (besides the summary), checked when imported: (count, where, how) with
    # how "items" (against the problems listed) or "rate" (only its rate against its own numbers).
    counts: list[tuple[dict, str, str]] = field(default_factory=list)


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
        self.lines = _attachment_blocks([classify(p) for p in source.paragraphs])
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
        number_line, title_lines, title_date = self._rule_title(lines, page.title)
        document_title = "".join(l.text for l in title_lines) or None
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
        if number_line:
            disclosure["number_line"] = number_line
        if document_title:
            disclosure["document_title"] = document_title
            if len(title_lines) > 1:
                disclosure["document_title_lines"] = [l.text for l in title_lines]
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
        summary, counts = self._rule_counts(statements.read_counts(statement_paragraphs), opening, items)
        if summary:
            disclosure["summary"] = summary
            self.places["summary"] = self._place_of(summary["text"], lines)
        if closing:
            disclosure["closing"] = closing
        contact = statements.read_contact(closing, statement_paragraphs)
        if contact:
            disclosure["contact"] = contact
        if "name" in tail or "date" in tail:
            disclosure["signature"] = {k: tail[k] for k in ("name", "date", "on_one_line") if k in tail}
        if "after" in tail:
            disclosure["after_signature"] = tail["after"]
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
        if number_line and "document_number" not in disclosure:
            disclosure["document_number"] = number_line
        disclosure["verbatim_layout"] = True
        left_out = [l.paragraph for l in page.left_out]
        return Parsed(disclosure, items, self.notes, self.places, self.source.record({p.line for p in left_out}),
                      left_out, page.index, [l.paragraph for l in page.unrecognised],
                      [(count, self._place_of(count["text"], lines), how) for count, how in counts])

    def _place_of(self, text: str, lines: list[Line]) -> str | None:
        at = next((l for l in lines if text in l.text), None)
        return self.source.where(at.paragraph) if at else None

    # -- rule: the title ---------------------------------------------------------------------
    def _rule_title(self, lines: list[Line], found: list[Line]) -> tuple[str | None, list[Line], str | None]:
        """The document number above the title, the title's lines and the date under it.

        The title is where the furniture rule found it (furniture.py), else the first line when
        it reads as a title: short, no sentence punctuation, not numbered; broken over two or three
        lines ("……关于县委第三轮巡察" / "反馈意见整改进展情况的通报"), it is joined and its lines
        kept. A date line right under it ("(2024年3月8日)") is the publication date; it stays in
        the opening."""
        number = None
        if len(lines) > 2 and lines[0].kind == "number_line" and (lines[1].is_title_line or found[:1] == lines[1:2]):
            number = lines.pop(0)
        if found and lines[: len(found)] == found:
            count = len(found)
        elif len(lines) >= 2 and lines[0].is_title_line:
            count = next(
                (n for n in range(1, min(3, len(lines) - 1) + 1)
                 if all(l.is_title_line for l in lines[:n]) and TITLE_END.search(lines[n - 1].text)),
                1,
            )
        else:
            if number:
                lines.insert(0, number)  # no title under it: it stays where it was
            return None, [], None
        title = lines[:count]
        del lines[:count]
        date = None
        if lines and lines[0].kind in ("date", "date_line"):
            date = statements.iso_date(*DATE.match(lines[0].text.strip("()\uff08\uff09")).groups())
        return number.text if number else None, title, date

    # -- rule: the signature -------------------------------------------------------------------
    def _rule_tail(self, lines: list[Line]) -> dict:
        """The signature (name, then date, or both on one line), what follows it (attachments,
        "(此件公开发布)") and a "来源:" line at the end of the text."""
        tail: dict = {}
        if lines and lines[-1].kind == "source":
            text = lines[-1].text
            value = lines[-1].form.pattern.match(text)
            tail["source"] = value.group(1).strip()
            label = text[: value.start(1)]
            if label != DEFAULT_SOURCE_LABEL:
                tail["source_label"] = label
            lines.pop()
        after: list[Line] = []
        while len(lines) > 2 and lines[-1].kind in AFTER_SIGNATURE:
            after.insert(0, lines.pop())
        if lines and lines[-1].kind == "signed":
            # "中共某某局党组 2024年3月8日": the name and the date on one line.
            line = lines.pop()
            signed = line.form.pattern.match(line.text)
            tail["name"], tail["date"], tail["on_one_line"] = signed.group(1), signed.group(2), True
            self._signature_date(tail)
        else:
            if lines and lines[-1].kind == "date":
                tail["date"] = lines.pop().text
                self._signature_date(tail)
            if len(lines) > 1:
                last = lines[-1]
                looks_like_name = len(last.text) <= 40 and not re.search(r"[。,，;；:：!?！？、]", last.text)
                if looks_like_name and not last.is_heading_form and last.kind in ("text", "speaker") \
                        and ("date" in tail or phrase("organisation", last.text)):
                    tail["name"] = last.text
                    lines.pop()
        if after and ("name" in tail or "date" in tail):
            tail["after"] = [l.text for l in after]
        else:
            lines += after  # no signature above them: they end the closing
        return tail

    def _signature_date(self, tail: dict) -> None:
        published = statements.iso_date(*DATE.match(tail["date"]).groups())
        if published:
            tail["published"] = published
        else:
            self.notes.append(f"落款日期“{tail['date']}”不是有效日期,未填写 published。")

    # -- rule: which counts are of the problems listed -------------------------------------------
    def _rule_counts(self, counts: list[dict], opening: list[Line], items: list[dict]) -> tuple[dict | None, list]:
        """The count kept as the summary, and the text's other counts with how each is checked.

        The summary is the count of the problems listed (its number is theirs), else of their
        sub-problems (共计50项具体问题, 细化具体问题21个), else the first that counts its problems.
        Some counts are not of the problems the text lists: a report to the people's congress (its
        speech line or salutation) counts every problem of the audit work report (共反映1263个问题)
        while it lists the main ones (本报告列示的重点问题9个); a 巡视 report may count 整改任务 or
        具体问题 finer than its list. Such a count is no summary of the list: its words stay in
        their paragraph, only its rate is checked against its own numbers, and the editor is told.
        Every other count of the listed problems or sub-problems is checked against them too."""
        if not counts:
            return None, []
        leaves = sum(len(item.get("subproblems", [])) or 1 for item in items)
        with_subs = any("subproblems" in item for item in items)
        listed = [c for c in counts if c["problems"] == len(items)]
        chosen = max(listed, key=len) if listed else next(
            (c for c in counts if is_finer(c["text"]) and c["problems"] == leaves), None)
        if chosen is None:
            first = next((c for c in counts if len(c) > 2), counts[0])
            report = any(l.kind in ("speech", "salutation") for l in opening)
            other_scope = report or is_finer(first["text"]) or re.search(r"整改任务|整改事项|整改措施", first["text"])
            if not other_scope:
                chosen = first  # a count of the listed problems that disagrees: the check says so
        checked = []
        for count in counts:
            if count is chosen:
                continue
            if count["problems"] == len(items) or (is_finer(count["text"]) and with_subs):
                checked.append((count, "items"))
                continue
            report = any(l.kind in ("speech", "salutation") for l in opening)
            whose = "审计工作报告反映的全部" if report else "细化后的" if is_finer(count["text"]) else "另一口径的"
            self.notes.append(
                f"原文的统计“{count['text']}”说的是{whose} {count['problems']} 个问题,逐项列出的是 {len(items)} 项,"
                "不是同一口径:未作为统计与各项核对(只核对它自己的完成率),原话保留在原文中。"
            )
            checked.append((count, "rate"))
        return chosen, checked

    # -- rule: the parts -------------------------------------------------------------------------
    def _rule_parts(self, lines: list[Line]) -> tuple[list[Line], list[Section]]:
        """Opening paragraphs, then the parts: each "一、" heading with its lines. A "一、" line is a
        part's heading when it is a heading line, or when it states a problem (关于…的问题。) with
        what was done in the same paragraph."""
        starts = [i for i, l in enumerate(lines) if l.kind == "part" and (l.is_heading or l.names_problem_with_about)]
        if not starts:
            # No part headings: the problems follow the opening directly.
            first = next((i for i, l in enumerate(lines) if l.kind == "numbered" or _lettered_line(l)
                          or _deeper_problem(l)), None)
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
        problems), "groups" (several parts, each a group: "一、××方面"; "groups:circled" when their
        problems are "①关于……的问题"), "top" (the "一、关于…的
        问题" headings are the problems themselves), "sub" or "circled" (one part of "(1)关于……的
        问题" or "①关于……的问题", under "(一)" groups or not), "sentences" (one part of "(一)××。"
        paragraphs)."""
        top = [i for i, s in enumerate(sections) if s.heading and s.heading.names_problem_with_about]
        if top and not any(_names_problems(s.lines) for s in sections):  # rule "problems at the top level"
            if top != list(range(top[0], top[-1] + 1)):
                between = next(i for i in range(top[0], top[-1]) if i not in top)
                raise self.refuse(sections[between].heading, "问题标题“关于……的问题”(各问题应前后相接)")
            return top, "top"
        with_problems = [i for i, s in enumerate(sections)
                         if any(l.kind == "numbered" for l in s.lines) or _lettered_problems(s.lines)]
        if not with_problems:
            # Rule "problems numbered deeper": no numbered or lettered problem, but "(1)关于……的问题"
            # or "①关于……的问题" paragraphs in one part (the "(一)" lines above them are groups).
            for level in ("sub", "circled"):
                deeper = [i for i, s in enumerate(sections) if any(l.kind == level and l.names_problem for l in s.lines)]
                if len(deeper) == 1:
                    return deeper, level
                # Several parts in a row, each a group ("一、××方面") of "①关于……的问题" problems.
                if len(deeper) > 1 and deeper == list(range(deeper[0], deeper[-1] + 1)) \
                        and all(phrase("group_heading", sections[i].heading.content) for i in deeper if sections[i].heading):
                    return deeper, f"groups:{level}"
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
        group_like = all(phrase("group_heading", sections[i].heading.content) for i in run if sections[i].heading)
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
            None, "形如“1.关于“××”的问题”“(一)关于“××”的问题。……”“一、关于××的问题”“问题一:……”“①关于××的问题”的问题标题"
                  "(标题后可在同一段接着写整改情况)", found,
            where=f"读到{self.source.where(last)}(全文末尾)也没有找到编号的问题:", advice=advice)

    # -- rule: where the closing starts ----------------------------------------------------------
    def _rule_closing(self, sections: list[Section], problems_at: list[int], shape: str) -> tuple[list[Section], list[str]]:
        """From the last part: the paragraphs from the invitation to supervise, the contact or the
        attachments on. In the problems part only after the last problem's own first paragraph of
        measures, and there also from where its structure shows the last problem ended: after its
        status, when every problem ends with one; from a paragraph about the whole rectification
        (下一步……, ……将持续深化整改), when no other problem has such a paragraph of its own."""
        if not sections:
            return sections, []
        last = sections[-1]
        first = 0
        chunks: list[list[Line]] = []
        if len(sections) - 1 in problems_at:
            chunks = self._problem_chunks(sections, problems_at, shape)
            head = chunks[-1][0] if chunks else None
            at = -1 if shape == "top" else next((i for i, l in enumerate(last.lines) if l is head), None)
            if at is None:  # the last of the parts listing problems has none of its own
                chunks = []
            else:
                first = at + (1 if head.rest else 2)
        end = next((i for i in range(first, len(last.lines)) if _is_closing(last.lines[i])), len(last.lines))
        if chunks:
            end = min(end, self._closing_by_structure(chunks, last.lines, first, end))
        if end >= len(last.lines):
            return sections, []
        return sections[:-1] + [Section(last.heading, last.lines[:end])], [l.text for l in last.lines[end:]]

    @staticmethod
    def _closing_by_structure(chunks: list[list[Line]], lines: list[Line], first: int, end: int) -> int:
        """Where the last problem's own paragraphs end, by the shape of the others (see _rule_closing)."""
        position = {id(l): i for i, l in enumerate(lines)}  # a heading of the top level is not among them: -1
        last, others = chunks[-1], chunks[:-1]
        found = end
        if others and all(statements.ends_with_status(chunk[-1].text) for chunk in others):
            stated = [l for l in last if position.get(id(l), -1) < end and statements.ends_with_status(l.text)]
            if stated and first <= position.get(id(stated[-1]), -1) + 1 < found:
                found = position.get(id(stated[-1]), -1) + 1
        if not any(phrase("next_steps", l.text) for chunk in others for l in chunk[1 if chunk[0].rest else 2:]):
            found = next((i for i in range(first, found) if phrase("next_steps", lines[i].text)), found)
        if found < end and _looks_like_heading(lines[found].text):
            return end  # a part's heading without its 三、: refused where it stands (see _item)
        return found

    def _problem_chunks(self, sections: list[Section], problems_at: list[int], shape: str) -> list[list[Line]]:
        """Each problem's heading line and its paragraphs, in order, across the parts that list them."""
        if shape == "top":
            return [[sections[i].heading] + sections[i].lines for i in problems_at]
        chunks = []
        for i in problems_at:
            for kind, head, paragraphs in self._chunks(sections[i].lines, shape, allow_groups=not shape.startswith("groups")):
                if kind == "problem":
                    chunks.append([head] + paragraphs)
        return chunks

    # -- the problems ------------------------------------------------------------------------
    def _problems(self, sections: list[Section], problems_at: list[int], shape: str,
                  groups: list[dict], items: list[dict]) -> dict:
        """The part that lists the problems, filling groups and items in text order."""
        if shape == "top":
            for i in problems_at:
                head = sections[i].heading
                items.append(self._item(len(items) + 1, head, sections[i].lines, None))
            return {"problems": True}
        if shape.startswith("groups"):
            runs = [(sections[i].heading, sections[i].lines) for i in problems_at]
            self._problem_runs(runs, groups, items, grouped=True, shape=shape.partition(":")[2] or "part")
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
                        group = {"marker": heading.printed, "heading": heading.content.strip()}
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
                    group = {"marker": head.printed, "heading": head.heading if head.rest else head.content.strip()}
                    texts = ([head.rest] if head.rest else []) + texts
                    if texts:
                        group["paragraphs"] = texts
                    if head.rest:
                        group["heading_shares_paragraph"] = True
                    groups.append(group)
                else:
                    number = self._problem_number(head, items, groups, restart)
                    items.append(self._item(number, head, paragraphs, len(groups) or None))
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
            shown = head.marker.replace(head.form.numeral_of(head.number), head.form.numeral_of(expect), 1)
            raise self.refuse(head, f"第 {expect} 个问题“{shown}……”(问题编号应依次排列)", f"“{head.marker}”")
        return number

    def _chunks(self, lines: list[Line], shape: str, allow_groups: bool):
        """("lead", None, lines) then ("group"|"problem", heading, lines) in order: the problems'
        heads as problem_heads() says; "(一)" groups only above problems numbered below them."""
        is_head = problem_heads(lines, shape)
        groups_above = allow_groups and is_head is not _lettered_line and is_head is not _lettered_any
        chunks = [("lead", None, [])]
        for index, line in enumerate(lines):
            if is_head(line):
                chunks.append(("problem", line, []))
            elif groups_above and line.kind == "lettered" and (line.is_heading or line.rest) \
                    and self._group_precedes_problem(lines, index, chunks, is_head):
                chunks.append(("group", line, []))
            else:
                chunks[-1][2].append(line)
        return chunks

    @staticmethod
    def _group_precedes_problem(lines: list[Line], index: int, chunks, is_head) -> bool:
        """A "(一)……" line is a group heading when groups started before the first problem
        and the next numbered line after it is a problem, not another "(二)"."""
        seen_problem = any(kind == "problem" for kind, _, _ in chunks)
        seen_group = any(kind == "group" for kind, _, _ in chunks)
        if seen_problem and not seen_group:
            return False
        for later in lines[index + 1 :]:
            if is_head(later):
                return True
            if later.kind == "lettered" and (later.is_heading or later.rest):
                return False
        return False

    def _item(self, number: int, head: Line, paragraphs: list[Line], group: int | None) -> dict:
        heading, rest = split_heading(head.content.strip())
        for line in paragraphs:
            if _looks_like_heading(line.text):
                # A part heading whose 三、 is missing would otherwise become this problem's measures.
                raise self.refuse(line, f"第 {number} 个问题的整改情况,或带序号的部分标题(如“三、下一步工作打算”)",
                                  f"没有序号的标题“{_shorten(line.text)}”:请在原文中补上序号后重新导入")
        named = [l for l in paragraphs if l.is_heading_form and l.names_problem]
        if named and phrase("category", heading):
            # "(一)党建工作方面" read as a problem, the problems under it as its measures.
            shown = "、".join(f"{self.source.where(l.paragraph)}“{_shorten(l.text, 20)}”" for l in named[:4])
            raise self.refuse(head, f"第 {number} 个问题的标题(一个问题)",
                              f"问题的类别“{_shorten(head.text)}”,其下的{shown}才像是问题标题:"
                              f"这种编号({named[0].marker}……)在这里无法判断层级,请把原文发给维护人员")
        item: dict = {"number": number}
        self.places[number] = self.source.where(head.paragraph)
        if head.printed != f"{number}.":
            item["marker"] = head.printed
        if group:
            item["group"] = group
        item["heading"] = heading
        item["problem"] = problem_of(heading)
        # The paragraphs after the heading, as pieces that begin a paragraph of the text or not.
        segments: list[Segment] = ([(rest, False)] if rest else []) + [(l.text, True) for l in paragraphs]
        if rest:
            item["heading_shares_paragraph"] = True
        if segments and (label := phrase("measures_label", segments[0][0])):
            item["measures_label"] = label.group(0)
            remainder = segments[0][0][label.end():].strip()
            if remainder:
                segments[0] = (remainder, False)
            else:
                segments.pop(0)
                if segments:
                    item["label_own_paragraph"] = True
        if segments:
            segments[0] = (segments[0][0], False)  # the first piece after the heading (or label): in its place
        status_line = None
        if len(segments) > 1 and segments[-1][1] and statements.is_status_line(segments[-1][0]):
            status_line = segments.pop()[0]  # the problem's own status, after its measures and sub-problems
        before, subproblems = self._subproblems(segments, head)
        if before:
            item["measures"], breaks = split_clauses(before)
            if breaks:
                item["measures_breaks"] = breaks
        if subproblems:
            item["subproblems"] = subproblems
        if not before and not subproblems:
            raise self.refuse(head, f"第 {number} 个问题的整改情况(标题后的文字)", "空")
        texts = [item["heading"]] + _item_texts(item) + ([status_line] if status_line else [])
        status = statements.read_status(texts)  # a status line of its own is the last text: it is the one
        if status:
            item["status"], item["status_text"] = status
        if status_line:
            item["status_paragraph"] = True
        for key, value in statements.read_deadline_and_units(texts).items():
            item[key] = value
        return item

    def _subproblems(self, segments: list[Segment], head: Line) -> tuple[list[Segment], list[dict]]:
        """Split "(1)关于“××”的问题。……(2)……" (inline or one per paragraph) from the measures.
        The first "(1)" starts a paragraph, or follows a sentence or a label ("整改情况:(1)……")
        when it names a problem."""
        start, offset = _first_subproblem([text for text, _ in segments])
        if start is None:
            return segments, []
        text, new = segments[start]
        if offset:
            segments = segments[:start] + [(text[:offset], new), (text[offset:], False)] + segments[start + 1:]
            start += 1
        pieces: list[list[Segment]] = []
        expected = 1
        for text, new in segments[start:]:
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
                pieces[-1].append((text[: bounds[0]].strip(), new))
            for n, (a, b) in enumerate(zip(cuts, bounds[1:])):
                pieces.append([(text[a:b].strip(), new and n == 0 and a == 0)])
        subproblems = []
        for n, piece in enumerate(pieces):
            marker = SUB_MARKER.match(piece[0][0]).group(0)
            sentence, rest = split_heading(piece[0][0][len(marker):].strip(), keep_status=False)
            measures = ([(rest, False)] if rest else []) + piece[1:]
            entry = {"marker": marker, "heading": sentence}
            if sentence.startswith("关于"):
                entry["problem"] = problem_of(sentence)
            if not measures:
                raise self.refuse(head, f"子问题{marker}标题后的整改情况", "空")
            entry["measures"], breaks = split_clauses(measures, first_counts=True)
            if not piece[0][1] and (n > 0 or start > 0):
                entry["continues_paragraph"] = True  # run on after the text before it, in one paragraph
            if breaks:
                entry["measures_breaks"] = breaks
            subproblems.append(entry)
        return segments[:start], subproblems

    # -- statements about the whole disclosure -------------------------------------------
    def _title_phrase(self, opening: list[Line]) -> str:
        for line in opening:
            if match := phrase("title_phrase", line.text):
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
    the lettered ones by rule "lettered problems", or by the shape's own rule ("groups:circled":
    groups of "①" problems)."""
    shape = shape.partition(":")[2] or shape
    if shape == "sentences":
        return _lettered_any
    if shape == "sub":
        return _sub_problem
    if shape == "circled":
        return _circled_problem
    return _lettered_line if _lettered_problems(lines) else _numbered


def _numbered(line: Line) -> bool:
    return line.kind == "numbered"


def _lettered_any(line: Line) -> bool:
    return line.kind == "lettered"


def _sub_problem(line: Line) -> bool:
    return line.kind == "sub" and line.names_problem


def _circled_problem(line: Line) -> bool:
    return line.kind == "circled" and line.names_problem


def _deeper_problem(line: Line) -> bool:
    return _sub_problem(line) or _circled_problem(line)


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
        part["marker"] = section.heading.printed
        part["heading"] = section.heading.content.strip()
    if section.lines:
        part["paragraphs"] = [l.text for l in section.lines]
    return part


def _attachment_blocks(lines: list[Line]) -> list[Line]:
    """"附件:" and the names listed under it ("1.巡察反馈问题整改台账", "××.xlsx") are one block of
    the text: its lines are attachments, not numbered headings."""
    marked = list(lines)
    for i, line in enumerate(lines):
        if line.kind != "attachment":
            continue
        bare = not re.sub(r"^附\s*件\s*\d{0,2}\s*[:\uff1a]?", "", line.text).strip()
        j = i + 1
        while j < len(lines) and _listed_attachment(lines[j], bare and j == i + 1):
            marked[j] = replace(lines[j], kind="attachment")
            j += 1
    return marked


def _listed_attachment(line: Line, right_under_label: bool) -> bool:
    if line.kind == "file":
        return True
    if line.kind == "numbered" and line.is_heading and not line.names_problem and not is_sentence(line.content):
        return True
    return right_under_label and line.kind == "text" and is_title_text(line.text) and len(line.text) <= 60


def _body_in_title(title: str | None) -> str | None:
    """"青石市人民政府关于……的报告" -> 青石市人民政府: the body a title names before 关于."""
    if title and (match := re.match(r"^(\S{2,40}?)关于", title)) and phrase("organisation", match.group(1)):
        return match.group(1)
    return None


def _body_of_speaker(opening: list[Line]) -> str | None:
    """"青石市审计局局长 张某某" (a report's speaker) -> 青石市审计局."""
    for line in opening:
        if line.kind == "speaker" and (match := re.match(r"^(\S{2,30}?)(?:副)?(?:局长|厅长|署长|审计长|主任|市长|县长|区长)\s", line.text)):
            if phrase("organisation", match.group(1)):
                return match.group(1)
    return None


def _is_closing(line: Line) -> bool:
    """Where the closing starts: an invitation to supervise, a contact, the attachments."""
    if line.kind in AFTER_SIGNATURE or phrase("closing", line.text):
        return True
    if phrase("measures_label", line.text):
        return False
    return statements.gives_contact(line.text)


def _first_subproblem(texts: list[str]) -> tuple[int | None, int]:
    """Where the first sub-problem "(1)" starts: (paragraph, offset in it)."""
    for i, text in enumerate(texts):
        if re.match(r"^[(\uff08]1[)\uff09]", text):
            return i, 0
        found = re.search(r"(?<=[。:\uff1a;\uff1b])[(\uff08]1[)\uff09]", text)
        if found and classify(Paragraph(0, text[found.start():])).names_problem_with_about:
            return i, found.start()
    return None, 0


def split_clauses(segments: list[Segment], first_counts: bool = False) -> tuple[list[str], list[int]]:
    """One entry per numbered clause (一是/二是, ①/②: forms.CLAUSES; after 。; or at a paragraph's
    start), else per paragraph; and the entries (1-based) that begin a paragraph of the text. The
    first entry's place is the heading's or the label's (first_counts: a sub-problem's, 1 when its
    heading stands alone)."""
    entries: list[str] = []
    breaks: list[int] = []
    expected = {clause.name: 1 for clause in CLAUSES}
    for text, new in segments:
        cuts: list[int] = []
        found_at = [(text.find(c.marker(expected[c.name])), c) for c in CLAUSES]
        found_at = [(at, c) for at, c in found_at if at >= 0 and (at == 0 or text[at - 1] in "。;；:：,，")]
        if found_at:
            clause = min(found_at, key=lambda pair: pair[0])[1]  # the outer numbering: the one that comes first
            position = 0
            while True:
                marker = clause.marker(expected[clause.name])
                at = text.find(marker, position)
                if at < 0 or (at > 0 and text[at - 1] not in "。;；:：,，"):
                    break
                if at > 0:
                    cuts.append(at)
                position = at + len(marker)
                expected[clause.name] += 1
        bounds = [0] + cuts + [len(text)]
        pieces = [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
        if pieces and new and (entries or first_counts):
            breaks.append(len(entries) + 1)
        entries.extend(pieces)
    return entries, breaks


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
