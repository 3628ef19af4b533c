"""What the text states about itself, read from its sentences, verbatim: the contact for public
supervision, the summary count, each problem's status, the inspection (kind, team, dates).

Each reader looks at the words of paragraphs the outline has already placed; none of them
decides the structure.
"""
from __future__ import annotations

import re

from disclosure_site.read import text as read_text
from disclosure_site.check.rules import FINER_WORDS

from .forms import CN_DIGITS, NUMBER, STATUS_BRACKETED, STATUS_LABELS, STATUS_WORDS, cn_number, phrase

# -- the contact ----------------------------------------------------------------------------------
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


def contact_key(label: str) -> str:
    return next(k for k, labels in CONTACT_LABELS.items() if re.fullmatch(labels, label))


def gives_contact(text: str) -> bool:
    return any(
        (value := CONTACT_VALUES[contact_key(label.group(1))].match(text, label.end())) and value.group(0).strip()
        for label in CONTACT_LABEL.finditer(text)
    )


def read_contact(closing: list[str], statements: list[str]) -> dict:
    """The closing's contact first; the rest of the statements only if it has none; {} if none."""
    contact: dict = {}
    for texts in (closing, statements[::-1]):
        for text in texts:
            for label in CONTACT_LABEL.finditer(text):
                key = contact_key(label.group(1))
                value = CONTACT_VALUES[key].match(text, label.end())
                if value and value.group(0).strip() and key not in contact:
                    contact[key] = value.group(0).strip()
        if contact:
            return contact
    return {}


# -- each problem's status ------------------------------------------------------------------------
# "整改结果:已办结。": a label of forms.STATUS_LABEL_ROWS, a status of STATUS_WORD_ROWS, and there the
# clause ends ("完成情况:已完成对……的修订" states no status).
STATUS_LABELLED = re.compile(rf"(?:{STATUS_LABELS})\s*[:：]\s*(?:{STATUS_WORDS})(?=[。;；,，)\uff09]|$)[。;；]?")
# A status written without a label or brackets counts only when the problem's last sentence is
# that statement and nothing else: "目前已整改完成。" is one, "对正在整改的问题持续跟踪督办。" and
# "下一步将长期坚持。" are not.
STATUS_PLAIN = re.compile(
    r"^(?:(?:目前|现在|截至目前)[,\uff0c]?)?(?:现|该问题|此问题|该项|此项)?"
    r"(?:已整改完成|已完成整改|整改已完成|已基本完成整改|基本完成整改|已基本整改完成|"
    r"正在整改中?|正在推进整改|持续整改中?|长期坚持)$"
)


def read_status(texts: list[str]) -> tuple[str, str] | None:
    """The status the text states for the whole problem (texts: its heading, measures, sub-problems):
    a status paragraph of its own at the end, else the labelled or bracketed statuses when they
    all agree (sub-problems may each state one; the model keeps one per problem, their words stay
    in the text), else a plain last clause."""
    if STATUS_LABELLED.fullmatch(texts[-1]) or STATUS_BRACKETED.fullmatch(texts[-1]):
        return status_of(texts[-1]), texts[-1]
    for pattern in (STATUS_LABELLED, STATUS_BRACKETED):
        stated = [match.group(0) for text in texts for match in pattern.finditer(text)]
        if stated:
            if len({status_of(words) for words in stated}) > 1:
                return None
            return status_of(stated[0]), stated[0]
    # The last clause of the last sentence: "……新设图书流动点,该问题正在整改中。"
    last_clause = [s.strip() for s in re.split("[。;\uff1b,\uff0c]", texts[-1]) if s.strip()]
    if last_clause and (match := STATUS_PLAIN.match(last_clause[-1])):
        return status_of(match.group(0)), match.group(0)
    return None


_STATUS_AT_END = re.compile(rf"(?:{STATUS_LABELLED.pattern}|{STATUS_BRACKETED.pattern})\s*$")


def is_status_line(text: str) -> bool:
    """A paragraph that is only a status: "整改状态:已完成。", "(已完成)"."""
    return bool(STATUS_LABELLED.fullmatch(text) or STATUS_BRACKETED.fullmatch(text))


def ends_with_status(text: str) -> bool:
    """A paragraph that ends with a problem's status: "……。整改状态:已完成。", "……目前已整改完成。"."""
    if _STATUS_AT_END.search(text):
        return True
    last_clause = [s.strip() for s in re.split("[。;\uff1b,\uff0c]", text) if s.strip()]
    return bool(last_clause and STATUS_PLAIN.match(last_clause[-1]))


# -- a problem's deadline and responsible units, where the text states them -----------------------
def read_deadline_and_units(texts: list[str]) -> dict:
    """"整改时限:2025年6月底" -> deadline_text (and deadline when it is a whole date);
    "责任单位:县农业农村局、县财政局" -> responsible_units, each as written."""
    found: dict = {}
    for text in texts:
        if "deadline_text" not in found and (match := phrase("deadline", text)):
            found["deadline_text"] = match.group(1)
            if (date := DATE_IN_TEXT.fullmatch(match.group(1))) and (iso := iso_date(*date.groups())):
                found["deadline"] = iso
        if "responsible_units" not in found and (match := phrase("responsible", text)):
            found["responsible_units"] = [unit for unit in match.group(1).split("、") if unit]
    return found


DATE_IN_TEXT = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def status_of(words: str) -> str:
    if "基本完成并持续整改" in words:
        return "基本完成并持续整改"
    for needle, status in (("基本", "基本完成"), ("正在", "正在整改"), ("整改中", "正在整改"),
                           ("持续", "持续整改"), ("长期", "长期坚持"), ("未完成", "未完成")):
        if needle in words:
            return status
    return "已完成"


def looks_like_status(text: str) -> bool:
    return bool(STATUS_PLAIN.fullmatch(text))


# -- the summary count ----------------------------------------------------------------------------
# The wordings of a count, as a table: a new verb, noun, measure word or status word is one entry.
# "共梳理问题12个，已整改到位10个，整改率83.3%", "巡察反馈的3个方面9个问题", "本报告列示的重点问题9个",
# "细化具体问题21个", "9个问题中已经完成整改的有7个，剩下2个仍在推进中", "已全部整改完成".
SUMMARY_WORDS: dict[str, tuple[str, ...]] = {
    # who found or counted them (before the noun: 反馈的12个问题, 反馈问题12个)
    "counted_by": ("反馈", "指出", "交办", "反映", "发现", "查出", "涉及", "梳理", "列示", "列出", "移交", "通报", "梳理出",
                   "排查出", "认领", "查摆", "查摆出", "检视", "检视出"),
    # who made them finer (细化具体问题21个): only right before the noun
    "refined_by": ("细化", "细化为", "分解为", "细化分解为"),
    "who": ("巡视", "巡察", "审计"),
    "in_all": ("共", "共计", "合计", "总计", "累计"),
    "noun": ("问题", "具体问题", "重点问题", "突出问题", "主要问题", "问题线索"),
    "unit": ("个", "项", "条", "件"),
    "completed": ("已经完成整改", "已完成整改", "已整改完成", "已整改到位", "已完成", "完成整改", "整改完成", "整改到位",
                  "已整改", "已办结", "办结", "已销号", "销号"),
    "in_progress": ("正在整改", "正在推进整改", "正在推进", "仍在推进", "正在落实", "基本完成整改", "基本完成", "持续整改",
                    "持续推进", "整改中", "推进中"),
    "not_completed": ("尚未完成整改", "尚未完成", "未完成整改", "未完成", "未整改到位", "尚未整改到位", "未整改"),
    # every problem done, without a number: "已全部整改完成"
    "all_completed": ("已全部整改完成", "已全部完成整改", "全部整改完成", "全部完成整改", "已全部整改到位", "全部整改到位",
                      "均已整改完成", "均已完成整改", "已全部整改", "已全部办结", "全部办结", "已全部销号"),
    "rate": ("整改完成率", "总体完成率", "完成率", "整改率", "办结率", "销号率"),
    # a count of finer problems than those listed: compared with the sub-problems (check/rules.py)
    "finer": FINER_WORDS,
}


def _words(key: str) -> str:
    return "|".join(sorted(map(re.escape, SUMMARY_WORDS[key]), key=len, reverse=True))


_BY = rf"(?:{_words('who')})?(?:{_words('in_all')})?(?:{_words('counted_by')})"
_UNIT = rf"(?:{_words('unit')})"
_NOUN = rf"(?:{_words('noun')})"
SUMMARY_TOTAL = re.compile(
    rf"(?:{_BY}的?)?(?:{_words('in_all')})?({NUMBER}){_UNIT}{_NOUN}"
    rf"|(?:{_BY}|{_words('refined_by')})的?{_NOUN}(?:{_words('in_all')})?({NUMBER}){_UNIT}(?!方面|类)"
)
_STATED_BY = re.compile(rf"^(?:{_BY}|{_words('refined_by')})")
_NOT_AFTER = r"(?<!基本)(?<!未)(?<!尚未)"


def _counted(words: str) -> tuple[re.Pattern, re.Pattern]:
    """"已整改40项", "基本完成整改的问题4个", "已经完成整改的有7个" and "40项已整改", "剩下2个仍在推进中":
    the orders a count is written in."""
    return (re.compile(rf"{_NOT_AFTER}(?:{words})[^,\uff0c;\uff1b。、:\uff1a\d]{{0,6}}?({NUMBER}){_UNIT}"),
            re.compile(rf"({NUMBER}){_UNIT}(?:{_NOUN})?(?:仍|还|尚)?(?:{words})"))


_STATUS_NEXT = re.compile(rf"(?:仍|还|尚)?(?:{_words('completed')}|{_words('in_progress')}|{_words('not_completed')})")
SUMMARY_COUNTS = tuple((key, _counted(_words(key))) for key in ("completed", "in_progress", "not_completed"))
SUMMARY_ALL_DONE = re.compile(rf"(?:{_words('all_completed')})")
SUMMARY_RATE = re.compile(rf"(?:{_words('rate')})(?:为|达到|达)?\s*(\d+(?:\.\d+)?\s*[%\uff05])")


# What a count in a later sentence may count instead of the problems: "已完成整改措施17条".
_OTHER_THINGS = re.compile("措施|任务|事项|台账|制度|线索|资金|万元|亿元|人次|次|名|户|家")


def read_summary(paragraphs: list[str]) -> dict | None:
    """"反馈的N个问题,已完成整改M个、正在整改K个,整改完成率X%", kept as written: the first total
    whose sentence goes on to count its problems, else the first that says who found them."""
    found = read_counts(paragraphs)
    return next((s for s in found if len(s) > 2), None) or next(iter(found), None)


def read_counts(paragraphs: list[str]) -> list[dict]:
    """Every count of problems the text states, in its order, each kept as written."""
    return [summary for text in paragraphs for summary in _totals(text)]


def _totals(text: str):
    """Each total in `text` that counts its problems or says who found them, with its counts."""
    totals = list(SUMMARY_TOTAL.finditer(text))
    # "其中7个问题已完成整改": a number of problems followed by its status counts the total before it.
    totals = [t for n, t in enumerate(totals) if n == 0 or not _STATUS_NEXT.match(text, t.end())]
    for n, total in enumerate(totals):
        ends = [i for i in (text.find(c, total.end()) for c in "。;；") if i >= 0]
        scope_end = totals[n + 1].start() if n + 1 < len(totals) else len(text)
        if n + 1 < len(totals):
            ends.append(totals[n + 1].start())  # "4个方面12个问题,细化为50项具体问题,已整改40项"
        sentence_end = min(ends or [len(text)])
        rest = text[total.end():sentence_end]
        found: dict = {"problems": cn_number(total.group(1) or total.group(2))}
        spans = [total.end()]
        for key, patterns in SUMMARY_COUNTS:
            for pattern in patterns:
                if match := pattern.search(rest):
                    found[key] = cn_number(match.group(1))
                    spans.append(total.end() + match.end())
                    break
        # The total's scope carries on to the paragraph's following sentences, up to the next total:
        # "共梳理具体问题4个,制定整改措施19条。截至……,已整改到位4个,正在整改1个,整改完成率80.0%。"
        # Every count read there is checked too; one of other things (措施17条) is not a count of them.
        later = text[sentence_end:scope_end]
        for key, patterns in SUMMARY_COUNTS:
            if key in found:
                continue
            for pattern in patterns:
                match = next((m for m in pattern.finditer(later) if not _OTHER_THINGS.search(m.group(0))), None)
                if match:
                    found[key] = cn_number(match.group(1))
                    spans.append(sentence_end + match.end())
                    break
        if "completed" not in found and (match := SUMMARY_ALL_DONE.search(rest)):
            found["all_completed"] = True
            spans.append(total.end() + match.end())
        if match := SUMMARY_RATE.search(rest):
            found["rate"] = match.group(1)
            spans.append(total.end() + match.end())
        elif len(found) > 1 and (match := SUMMARY_RATE.search(later)) \
                and not _OTHER_THINGS.search(later[:match.start()].rpartition("，")[2]):
            found["rate"] = match.group(1)
            spans.append(sentence_end + match.end())
        if len(found) > 1 or _STATED_BY.match(total.group(0)):
            yield {"text": text[total.start():max(spans)], **found}


# -- the inspection ------------------------------------------------------------------------------
# A team: "省委第三巡视组", "县委第二巡察组", "市委第一轮巡察第二组", "市审计局第二审计组"; an
# audit body (shown as 审计机关, not as a team): "县审计局", "青禾市审计局", "审计署长沙特派办".
# An audit body's name is a place name and nothing else: it starts at the start of a clause or
# after a word that is no name ("和县审计局", "现将县审计局……": 县审计局), and its place name
# holds none of those words, so that no verb phrase is ever taken for a name.
_NOT_IN_NAME = "\\s,\uff0c。;\uff1b:\uff1a、“”《》()\uff08\uff09\ufffc对向于和与及由据照经在了的将把被现请为是已予从按根"
TEAM = re.compile(
    r"(?:中央|省委|市委|州委|区委|县委|旗委|自治区党委|[^\s,\uff0c。;\uff1b、]{0,12}?第[一二三四五六七八九十\d]+(?:轮)?)"
    r"[^\s,\uff0c。;\uff1b、]{0,12}?(?:巡视|巡察|审计)组"
)
AUDIT_BODY = re.compile(
    r"审计署[^\s,\uff0c。;\uff1b、对向于和与]{0,8}?特派(?:员)?办(?:事处)?"
    rf"|(?<![^{_NOT_IN_NAME}])(?:[^{_NOT_IN_NAME}]{{0,10}}?[省市县区州旗])?审计(?:厅|局)"
)
KINDS = re.compile("巡视|巡察|审计")
# An audit body's name in a title ("中共某某县审计局党组关于县委巡察……") names the body, not the kind.
_AUDIT_BODY = re.compile(r"审计(?:厅|局|署|处|室|中心)")
_SPAN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:至|到|—|-|－|~|～)\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


def read_inspection(sentences: list[str], title: str | None, notes: list[str]) -> dict:
    """Kind, team and dates, each from whichever of the opening's sentences states it; the kind
    also from the title ("……审计整改情况的公告") when no team names it."""
    texts = [t for t in sentences if KINDS.search(t)]
    inspection: dict = {}
    # Names of documents (《中华人民共和国审计法》) are never the team.
    # A named team (……巡察组, ……审计组) wherever it is stated, else the audit body.
    team = next((m for pattern in (TEAM, AUDIT_BODY) for t in texts if (m := pattern.search(without_titles(t)))), None)
    kind = (KINDS.search(team.group(0)) if team else None) \
        or (KINDS.search(_AUDIT_BODY.sub("", title)) if title else None) \
        or (KINDS.search(without_titles(texts[0])) if texts else None)
    if not kind:
        return {}
    inspection["kind"] = kind.group(0)
    if team:
        inspection["team"] = team.group(0)
    for sentence in (s for text in texts for s in re.split("[。;\uff1b]", text)):
        span = _SPAN.search(sentence)
        if span and "start" not in inspection and KINDS.search(sentence):
            start = iso_date(*span.group(1, 2, 3))
            end = iso_date(span.group(4) or span.group(1), *span.group(5, 6))
            if start:
                inspection["start"] = start
            if end and start and end >= start:
                inspection["end"] = end
            elif end:
                notes.append(f"巡察结束日期“{span.group(0)}”早于开始日期(可能跨年),未填写 end。")
        for date in re.finditer(r"(\d{4})年(\d{1,2})月(\d{1,2})日", sentence):
            if span and span.start() <= date.start() < span.end():
                continue
            if "反馈" in sentence[date.end():] and "feedback" not in inspection:
                feedback = iso_date(*date.groups())
                if feedback:
                    inspection["feedback"] = feedback
    return inspection


def without_titles(text: str) -> str:
    """《…》 blanked out (same length), so that nothing is found inside a document's name."""
    return re.sub(r"《[^《》]*》", lambda m: "\ufffc" * len(m.group(0)), text)


def iso_date(year: str, month: str, day: str) -> str | None:
    try:
        y = int(year) if year.isdigit() else int("".join(str(CN_DIGITS[c]) for c in year))
        return read_text.iso_date(y, cn_number(month), cn_number(day))
    except (ValueError, KeyError):  # a numeral the tables do not hold
        return None
