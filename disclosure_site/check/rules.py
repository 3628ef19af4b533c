"""Rules that span fields and files, run on the model once every file has passed its schema.

Each rule must hold for any correct data, not for today's: an editor's legitimate change (a
correction, a new item, a stated status, a new disclosure) never breaks one. Messages name the
file that has to change and, where two files disagree, both.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from disclosure_site.read.errors import DataError, field_name
from disclosure_site.read.kinds import field_label, kind_of
from disclosure_site.read.yaml_file import LoadedFile
from disclosure_site.model.site import COMPLETED, Disclosure, Item, Site, Summary

NOT_COMPLETED = "未完成"


def check_site(site: Site, complete: set[str]) -> list[DataError]:
    """Every rule broken anywhere in the site. Rules that count items run only on disclosures
    whose every file passed its own checks (`complete`), so a broken file is not reported twice."""
    errors: list[DataError] = []
    for disclosure in site.disclosures:
        errors += check_disclosure(disclosure, disclosure.id in complete)
    return errors


def check_disclosure(d: Disclosure, complete: bool = True) -> list[DataError]:
    errors = _inspection_dates(d) + _parts(d) + _contact_given(d) + _contact_in_text(d) + _summary_in_text(d)
    if complete:
        errors += _groups(d)
    for item in d.items:
        errors += _item_rules(d, item)
    errors += _item_numbers(d)
    return errors


def _error(loaded: LoadedFile | None, path: Path, field: tuple, message: str) -> DataError:
    line = loaded.line_of(field) if loaded else None
    return DataError(path, line, field_name(field) if field else None, message, _titled(loaded, field))


def _titled(loaded: LoadedFile | None, field: tuple) -> str | None:
    if not loaded or not field:
        return None
    return field_label(kind_of(loaded.path.name), field)


# ---------------------------------------------------------------- the disclosure file

def _inspection_dates(d: Disclosure) -> list[DataError]:
    i = d.inspection
    errors = []
    start = dt.date.fromisoformat(i.start) if i.start else None
    if start and i.end and dt.date.fromisoformat(i.end) < start:
        errors.append(_error(d.loaded, d.source_path, ("inspection", "end"), f"结束日期({i.end})早于开始日期({i.start})。"))
    if start and i.feedback and dt.date.fromisoformat(i.feedback) < start:
        errors.append(_error(d.loaded, d.source_path, ("inspection", "feedback"), f"反馈日期({i.feedback})早于开始日期({i.start})。"))
    return errors


def _parts(d: Disclosure) -> list[DataError]:
    holding = [part for part in d.parts if part.problems]
    if len(holding) != 1:
        where = ("parts",) if not holding else ("parts", holding[1].index - 1, "problems")
        return [_error(d.loaded, d.source_path, where,
                       "须有且只有一个部分写“problems: true”(逐项列出问题的那一部分)"
                       + (f",现在有 {len(holding)} 个。" if holding else ",现在一个也没有。"))]
    errors = []
    for part in d.parts:
        if not part.problems and not part.heading and not part.paragraphs:
            errors.append(_error(d.loaded, d.source_path, ("parts", part.index - 1), "这一部分是空的:请填写标题(heading)或段落(paragraphs)。"))
    return errors


def _contact_given(d: Disclosure) -> list[DataError]:
    """Every page shows a contact for public supervision: the text's own, or the site's."""
    if d.contact.given or d.site_contact:
        return []
    return [_error(d.loaded, d.source_path, ("contact",),
                   "没有监督联系方式,而网站每一页都要显示:原文写了联系方式的,请在 contact 下填写(phone、email、"
                   "postcode、address,与结尾段落中的原话一致);原文确实没有的,请在 data/site.yml 中填写本网站的 "
                   "contact(同样的几项),各页会注明是本网站的联系方式。")]


def _contact_in_text(d: Disclosure) -> list[DataError]:
    """The text's own contact (never the site's) is the text's words."""
    text = "".join(d.paragraphs)
    errors = []
    for key in ("phone", "email", "postcode", "address"):
        value = getattr(d.contact, key)
        if value and value not in text:
            errors.append(_error(d.loaded, d.source_path, ("contact", key),
                                 f"“{value}”没有出现在本次公开的原文段落中(通常在结尾 closing):"
                                 "联系方式须与原文一致;改联系方式时,请把结尾段落中的原话一并改好。"))
    return errors


def _summary_in_text(d: Disclosure) -> list[DataError]:
    s = d.summary
    if not s or any(s.text in paragraph for paragraph in d.paragraphs):
        return []
    return [_error(d.loaded, d.source_path, ("summary", "text"), f"“{s.text}”没有出现在本次公开的任何段落中:须是原文中的原话。")]


def summary_errors(d: Disclosure) -> list[DataError]:
    """The text's own count (反馈的N个问题,已完成M个、正在整改K个,整改率X%) against the problems and their statuses.

    It holds for the text as first published, and is checked then (check/record.py, and by the
    importer): later, a stated completion, a new item or a deleted one rightly changes the counts
    while the text's own words stay as they were."""
    if not d.summary:
        return []
    return [_error(d.loaded, d.source_path, ("summary", key), message) for key, message in count_problems(d.summary, d.items)]


def count_problems(s: Summary, items: tuple[Item, ...] | list[Item]) -> list[tuple[str, str]]:
    """What a count the text states says that the problems listed and their stated statuses
    contradict, as (field, message); the importer also checks the text's other counts with it."""
    problems = rate_problems(s)
    count = len(items)
    # A count of the finer problems (共计50项具体问题, 细化为……) may be the sub-problems the items list;
    # then the statuses, one per item, are not what it counts.
    leaves = sum(len(item.subproblems) or 1 for item in items)
    if s.problems != count and is_finer(s.text):
        if s.problems != leaves:
            problems.append(("problems", f"原文统计有 {s.problems} 个具体问题,而逐项列出的子问题(没有子问题的项算一个)共 {leaves} 个"
                                         f"({_leaves(items)}):数据或原文有一处不对,请核对。"))
        return problems
    if s.problems != count:
        problems.append(("problems", f"原文统计有 {s.problems} 个问题,而 items/ 里有 {count} 项({_files(items)}):"
                                     "数据或原文有一处不对,请核对。"))
    stated = [item for item in items if item.status]
    if s.all_completed and (others := [item for item in stated if item.status != COMPLETED]):
        problems.append(("all_completed", f"原文统计说问题已全部整改完成,而 {_files(others)} 写明的整改状态是"
                                          f"{'、'.join(sorted({item.status for item in others}))}:请核对这些文件的 status 与原文统计。"))
    if items and len(stated) == len(items):
        done = [item for item in items if item.status == COMPLETED]
        rest = [item for item in items if item.status != COMPLETED]
        # K counts the statuses the summary itself names (正在整改, 基本完成 …); with none named, all not
        # done. With 未完成 counted on its own (基本完成4个,未完成5个), K counts the others and 未完成 the rest.
        named = {item.status for item in rest if item.status in s.text}
        if s.not_completed is not None:
            named.discard(NOT_COMPLETED)
        if named:
            counted_rest = [item for item in rest if item.status in named]
        elif s.not_completed is not None:
            counted_rest = [] if s.in_progress is None else [item for item in rest if item.status != NOT_COMPLETED]
        else:
            counted_rest = rest
        words_rest = "、".join(sorted(named)) if named else "尚未完成(正在整改等)"
        not_done = [item for item in rest if item not in counted_rest]
        for key, said, group, words in (("completed", s.completed, done, COMPLETED),
                                        ("in_progress", s.in_progress, counted_rest, words_rest),
                                        ("not_completed", s.not_completed, not_done, NOT_COMPLETED)):
            if said is not None and said != len(group):
                problems.append((key, f"原文统计{words} {said} 个,而各项的整改状态(status)中{words}的是 {len(group)} 项"
                                      f"({_files(group) or '没有'}):请核对这些文件的 status 与原文统计。"))
    return problems


def rate_problems(s: Summary) -> list[tuple[str, str]]:
    """The text's own rate against its own counts: 10 of 12 is 83.3%, whatever the problems listed.
    The text's rounding stands: a rate rounded (83.33 -> 83.3) or cut off (91.666 -> 91.6) at its
    last digit is right; one rounded up past its own figure (83.33 -> 84) is not."""
    if not s.rate or not s.problems or s.completed is None:
        return []
    written = re.sub(r"[%\uff05\s]", "", s.rate)
    decimals = len(written.partition(".")[2])
    actual = s.completed / s.problems * 100
    unit, tiny = 10 ** -decimals, 1e-9
    if float(written) - unit / 2 - tiny <= actual < float(written) + unit + tiny:
        return []
    return [("rate", f"原文的完成率“{s.rate}”与原文自己的统计不符:{s.problems} 个问题中已完成 {s.completed} 个,"
                     f"是 {actual:.{decimals + 1}f}%:请核对原文。")]


# Words that make a count one of finer problems than those listed (the importer's table of
# summary wordings uses the same).
FINER_WORDS = ("具体问题", "细化", "分解")


def is_finer(text: str) -> bool:
    """Whether a count is of finer problems than those listed (具体问题, 细化为……)."""
    return any(word in text for word in FINER_WORDS)


def _leaves(items) -> str:
    return "、".join(f"第{item.number}项{len(item.subproblems) or 1}个" for item in sorted(items, key=lambda i: i.number))


def _files(items) -> str:
    return "、".join(item.source_path.name for item in sorted(items, key=lambda i: i.number))


def _groups(d: Disclosure) -> list[DataError]:
    used = {item.group.number for item in d.items if item.group}
    return [
        _error(d.loaded, d.source_path, ("groups", group.number - 1),
               f"分组“{group.printed}”下没有任何事项:请在所属事项文件中写 group: {group.number},或删除这个分组。")
        for group in d.groups if group.number not in used
    ]


# ---------------------------------------------------------------- item files

def _item_rules(d: Disclosure, item: Item) -> list[DataError]:
    loaded, path = item.loaded, item.source_path
    errors = []
    expected_problem = problem_of(item.heading)
    if item.problem != expected_problem and item.problem in item.heading:
        errors.append(_error(loaded, path, ("problem",),
                             f"问题应写标题中的整个问题“{expected_problem}”:现在只写了其中一部分“{item.problem}”。"))
    declared = loaded.data.get("group") if loaded else None
    if declared and declared > len(d.groups):
        errors.append(_error(loaded, path, ("group",),
                             f"分组 {declared} 不存在:{d.source_path.name} 的 groups 中只有 {len(d.groups)} 个分组。"))
    if item.problem not in item.heading:
        errors.append(_error(loaded, path, ("problem",), f"问题“{item.problem}”没有出现在标题“{item.heading}”中。"))
    if item.status_text and item.status_text not in item.full_text:
        errors.append(_error(loaded, path, ("status_text",), f"“{item.status_text}”没有出现在本项的原文(标题或整改情况)中。"))
    if item.deadline_text and item.deadline_text not in item.full_text:
        errors.append(_error(loaded, path, ("deadline_text",), f"“{item.deadline_text}”没有出现在本项的原文(标题或整改情况)中。"))
    errors += _figures(item)
    errors += _citations(d, item)
    for index, tag in enumerate(item.tags):
        if tag not in item.full_text:
            errors.append(_error(loaded, path, ("tags", index), f"主题“{tag}”须是本项原文中出现的词语。"))
    return errors


_QUOTED = r"“((?:[^“”]|“[^“”]*”)+)”"  # quoted words, with at most one quotation inside: “农村集体“三资”管理”
_PLAIN_HEADING = re.compile(rf"^关于{_QUOTED}的问题$")
_REMARK = re.compile(r"[(\uff08][^()\uff08\uff09]{1,20}[)\uff09]$")
_ONLY_QUOTED = re.compile(rf"^{_QUOTED}$")
_HEADING_WORDS = re.compile(r"^关于|(问题的整改情况|问题的整改|的问题|问题)?[。.]?$")


def problem_of(heading: str) -> str:
    """The problem a heading states: the quoted words of the plain 关于“…”的问题, otherwise the
    heading's whole problem without 关于 and 的问题 (so 关于“A”整改不积极的问题 keeps 整改不积极)."""
    # A trailing remark such as (已完成) is not the problem, nor the colon before its measures.
    heading = _REMARK.sub("", heading.strip().rstrip("。：:"))
    plain = _PLAIN_HEADING.match(heading)
    if plain:
        return plain.group(1)
    core = _HEADING_WORDS.sub("", heading.strip()).strip()
    quoted = _ONLY_QUOTED.match(core)
    return quoted.group(1) if quoted else core or heading


# A stated change of one quantity: 从/由 A 提升至/增加至 B. A revised target (调整为) or a
# comparison (高于, 较…提高 N 个百分点) is not a before/after of the same quantity.
_CHANGE = re.compile(r"(从|由)[^,\uff0c;\uff1b。]*?(提升|增加|增长|提高|上升|扩大|下降|降低|减少|缩小)(至|到)")


def _figures(item: Item) -> list[DataError]:
    loaded, path, text = item.loaded, item.source_path, item.text
    errors = []
    for index, figure in enumerate(item.figures):
        at = ("figures", index)
        if figure.clause not in text:
            errors.append(_error(loaded, path, at + ("clause",),
                                 f"原句“{figure.clause}”没有出现在本项整改措施的原文中:请从原文逐字复制这个数字所在的句子。"))
            continue
        for where, value in (((), figure.value), (("previous",), figure.previous_value)):
            if value is None:
                continue
            written = value + figure.unit
            if written not in text:
                errors.append(_error(loaded, path, at + where + ("value",),
                                     f"“{written}”没有出现在本项整改措施的原文中:数值和单位须与原文一致。"))
            elif written not in figure.clause:
                errors.append(_error(loaded, path, at + where + ("value",), f"“{written}”不在所注明的原句中:请核对原句。"))
        if figure.label not in figure.clause:
            errors.append(_error(loaded, path, at + ("label",),
                                 f"指标“{figure.label}”须是原句中的词语(照录原文的说法,不要改写),原句是“{figure.clause}”。"))
        if figure.is_change and not _CHANGE.search(figure.clause):
            errors.append(_error(loaded, path, at + ("previous",),
                                 "原句没有写明同一指标“从……提升至(增加至)……”的变化:目标调整或对比不是变化,请删去 previous。"))
        for where, period in ((("period",), figure.period), (("previous", "period"), figure.previous_period)):
            if period and period not in text:
                errors.append(_error(loaded, path, at + where, f"时期“{period}”没有出现在本项原文中。"))
    return errors


def _citations(d: Disclosure, item: Item) -> list[DataError]:
    loaded, path = item.loaded, item.source_path
    by_number = {i.number: i for i in d.items}
    errors = []
    for index, citation in enumerate(item.citations):
        at = ("citations", index)
        names = [citation.title] + ([citation.short_title] if citation.short_title else [])
        if not any(f"《{name}》" in item.text for name in names):
            errors.append(_error(loaded, path, at + ("title",), f"《{citation.title}》没有出现在本项整改措施的原文中。"))
            continue
        where, source = "本项", item
        if citation.stated_in is not None:
            source = by_number.get(citation.stated_in)
            where = f"第{citation.stated_in}项"
            if source is None:
                errors.append(_error(loaded, path, at + ("stated_in",), f"没有第{citation.stated_in}项。"))
                continue
        for key, shown in (("title", f"《{citation.title}》"), ("number", citation.number),
                           ("short_title", f"《{citation.short_title}》" if citation.short_title else None)):
            if shown and shown not in source.text:
                hint = "" if citation.stated_in else ":写在另一项原文中时,用 stated_in 填那一项的序号"
                errors.append(_error(loaded, path, at + (key,), f"{shown}没有出现在{where}原文中{hint}。"))
    return errors


def _item_numbers(d: Disclosure) -> list[DataError]:
    errors = []
    first_file: dict[int, Item] = {}
    for item in sorted(d.items, key=lambda i: i.source_path.name):
        if item.number in first_file:
            # Name the file that is new or renamed: the one whose name does not match its number.
            other = first_file[item.number]
            culprit, keeper = (item, other) if _file_number(item) != item.number or _file_number(other) == other.number else (other, item)
            errors.append(_error(culprit.loaded, culprit.source_path, ("number",),
                                 f"序号 {item.number} 重复:{keeper.source_path.name} 已经用了这个序号。"
                                 f"新增的事项请用下一个未用的序号,并让文件名与序号一致。"))
        else:
            first_file[item.number] = item
    return errors


def _file_number(item: Item) -> int | None:
    stem = item.source_path.stem
    return int(stem) if stem.isdigit() else None


def copy_warnings(site: Site) -> list[str]:
    """Disclosures whose title and dates repeat another's: most likely a copied folder not yet
    edited. Not an error (two bodies may publish alike), but worth a look before merging."""
    seen: dict[tuple, Disclosure] = {}
    warnings = []
    for d in site.disclosures:
        key = (d.title, d.inspection, d.published)
        if key in seen:
            warnings.append(
                f"data/{d.id}/disclosure.yml 的标题和日期与 data/{seen[key].id}/ 完全相同:"
                "如果是复制来的文件夹,请改成新公开的内容。"
            )
        else:
            seen[key] = d
    return warnings
