"""The printed forms the importer knows, one row each, and the pass that classifies every paragraph once.

A row says what kind of line a form makes (a numbered heading at one of four levels, a line of a
web page's furniture, an entry of the 政务公开 index table, a date, …), how the README names it,
its pattern, an example, and for headings how its number is read. Everything after this pass
works on the kinds (importer/outline.py): a new form is one row and its example here
(tests/test_import_forms.py reads every example back as its own row), not a new special case in
the builder.
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
    _form("part", "一.××", rf"^(({_CN_ORDINAL})\s*[.\uff0e])(?!\d)\s*(.+)$", "二．审计发现问题的整改情况", cn_number),
    _form("numbered", "1.××", r"^((\d{1,3})\s*[.\uff0e、])(?!\d)\s*(.+)$", "2.关于“护林员管理不规范”问题的整改", int),
    _form("numbered", "1)××", r"^((\d{1,3})\s*[)\uff09])\s*(.+)$", "2）关于“会议记录不全”的问题", int),
    _form("numbered", "问题一:××", rf"^(问题({_CN_ORDINAL})\s*[:\uff1a、.\uff0e])\s*(.+)$", "问题二：固定资产账实不符。", cn_number),
    _form("sub", "(1)××", r"^([(\uff08](\d{1,2})[)\uff09])\s*(.+)$", "（2）关于“党员发展不规范”的问题。补齐缺失材料。", int),
)

# Lines that a government CMS page puts around an announcement. Anchored at the start or shaped
# as a whole line, so that no sentence of an announcement is ever one of them.
_TOOL_WORDS = (
    "关怀版|关怀模式|无障碍浏览|无障碍阅读|无障碍|长者助手|长者模式|适老化模式|适老化|老年模式|读屏专用|"
    "English|繁體|繁体|简体|登录|注册|手机版|移动版|网站导航|网站地图|智能问答|搜索|"
    "打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回首页|返回|收藏本页|加入收藏|收藏|设为首页|"
    "语音朗读|语音播报|朗读|听全文|我要纠错|纠错|扫一扫|分享|视力保护色|护眼模式|重置|字号|字体|默认|放大|缩小|大|中|小"
)
_INFO_LABEL = "(?:信息)?来源|发布时间|发布日期|发布者|发布人|时间|日期|作者|编辑|浏览次数|浏览量|点击数|点击量|阅读量|访问量|字号|字体"
FURNITURE = (
    _form("furniture", "网页工具", rf"^(?:[【\[〔(\uff08]?\s*(?:{_TOOL_WORDS})\s*[】\]〕)\uff09]?\s*[|｜/·•:\uff1a]?\s*)+$",
          "关怀版 无障碍 长者助手"),
    _form("furniture", "当前位置", r"^(?:您|你)?(?:当前|现在)?(?:所在)?(?:的)?位置\s*[:\uff1a]", "您当前所在位置：首页 > 政务公开 > 通知公告"),
    _form("furniture", "导航路径", r"^(?:网站)?首页\s*(?:>|＞|&gt;|»|›|->|→|>>|/|\\)", "首页 -> 要闻 -> 审计通告"),
    _form("furniture", "发布信息", r"^(?:发布|发表|更新|成文|印发|录入)?(?:时间|日期)\s*[:\uff1a]\s*\d{4}", "日期:2025-03-12 09:30:15 来源:区农业农村局 浏览量:"),
    _form("furniture", "发布信息", rf"^[【\[]?\s*(?:{_INFO_LABEL})\s*[:\uff1a].*(?:{_INFO_LABEL})\s*[:\uff1a]", "来源：县教育局 发布时间：2024-03-10"),
    _form("furniture", "信息来源", r"^信息来源\s*[:\uff1a]", "信息来源：广东省审计厅"),
    _form("furniture", "浏览次数", r"(?:浏览|阅读|点击|访问)(?:次数|量|数)\s*[:\uff1a]", "浏览次数：1024"),
    _form("furniture", "字号", r"字[体号]\s*[:\uff1a]?\s*[【\[(\uff08]?\s*大\s*[】\]]?\s*[【\[]?\s*中", "字体：【大】【中】【小】 【我要打印】【关闭】"),
    _form("furniture", "分享", r"^分享(?:到)?\s*[:\uff1a]?\s*(?:(?:微信|微博|新浪微博|QQ空间|QQ|朋友圈)\s*[|｜、]?\s*)*$", "分享到：微信 微博"),
    _form("furniture", "上一篇", r"^(?:上一篇|下一篇|上一条|下一条|相关(?:链接|文章|新闻|阅读|稿件|信息|附件)|附件下载)|扫一扫在手机(?:上)?打开", "上一篇：关于开展安全生产检查的通知"),
    _form("furniture", "【……】", r"^(?:[【\[][^】\]。，,]{1,8}[】\]]\s*)+$", "【我要打印】【关闭窗口】"),
    _form("furniture", "编辑", r"^[(\uff08]?\s*(?:责任编辑|编辑|审核|审校|校对|责编|作者|供稿|摄影)\s*[:\uff1a][^)\uff09。]{0,20}[)\uff09]?$", "（责任编辑：李某）"),
    _form("furniture", "网站信息", r"^(?:网站)?(?:主办|承办|协办|技术支持|网站维护|维护|运维)(?:单位)?\s*[:\uff1a]", "主办单位：青石区人民政府办公室"),
    _form("furniture", "网站标识码", r"^(?:政府)?网站标识码|ICP备\s*\d|公网安备\s*\d|^(?:Copyright|©|版权所有)", "网站标识码：4403000000 粤ICP备12345678号"),
    _form("furniture", "网站链接", r"^(?:网站地图|联系我们|网站声明|隐私(?:政策|声明)|关于我们|使用帮助|网站纠错|友情链接)(?:\s*[|｜/:\uff1a]?\s*\S{2,12})*$", "网站地图 | 联系我们 | 网站声明"),
    _form("furniture", "浏览器提示", r"^(?:建议使用|推荐使用).{0,30}(?:浏览器|分辨率)|您是(?:本站)?第\s*\d+\s*位访[问客]者|我为政府网站找错", "建议使用1920×1080分辨率、IE10以上浏览器浏览本站"),
)

# The 政务公开 index table: label -> the disclosure field it fills (None: shown on the page, no field).
INDEX_LABELS = {
    "信息索引号": "index_number", "索引号": "index_number",
    "文件名称": "title", "信息名称": "title", "名称": "title", "标题": "title",
    "发布机构": "issuer", "发文机关": "issuer", "发文机构": "issuer", "发布单位": "issuer",
    "成文日期": "written_on", "生成日期": "written_on", "发文日期": "written_on",
    "发布日期": "published", "公开日期": "published",
    "公开方式": "disclosure_mode", "公开形式": "disclosure_mode",
    "主题分类": "topic", "信息分类": "topic", "组配分类": "topic", "内容分类": "topic", "所属主题": "topic", "分类": "topic",
    "发文字号": "document_number", "文号": "document_number",
    "体裁分类": None, "服务对象分类": None, "主题词": None, "关键词": None, "有效性": None, "时效性": None,
    "生效日期": None, "废止日期": None, "公开范围": None, "公开时限": None, "所属机构": None, "信息类别": None,
}
# Tables pad their labels: "索 引 号:", "名　　称:".
_INDEX_LABEL = "|".join(r"\s*".join(label) for label in sorted(INDEX_LABELS, key=len, reverse=True))
# A label with its colon, or a label alone in a table cell (no colon) followed by a space or nothing.
INDEX_ENTRY = re.compile(rf"(?:^|(?<=\s))({_INDEX_LABEL})(?:\s*[:\uff1a]\s*|\s+|$)")
INDEX = (
    _form("index", "政务公开信息", rf"^(?:{_INDEX_LABEL})(?:\s*[:\uff1a]|\s+\S|$)", "索 引 号：11440300MB2C92XXXX/2025-00123"),
)

DATE = re.compile(r"^(\d{4}|[零〇一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$")
OTHERS = (
    _form("date", "落款日期", DATE.pattern, "二〇二四年五月二十日"),
    _form("date_line", "标题下的日期", r"^[(\uff08]" + DATE.pattern.strip("^$") + r"[)\uff09]$", "（2024年3月8日）"),
    _form("source", "来源:", r"^来源\s*[:\uff1a]\s*(.+)$", "来源：某某市文化馆"),
    # An audit report to the people's congress: the speech line, the speaker, the salutation.
    _form("speech", "——……会议上", r"^[—－\-]{1,2}\s*(?:\d{4}|[〇零一二三四五六七八九]{4})年.{2,60}(?:会议|大会)上$", "——2025年12月23日在青石市第十七届人民代表大会常务委员会第二十次会议上"),
    _form("speaker", "审计局局长 ××", r"^\S{2,30}(?:局长|厅长|署长|审计长|主任|市长|县长|区长)\s+\S{2,4}$", "青石市审计局局长 张某某"),
    _form("salutation", "主任、各位副主任、各位委员:", r"^(?:主任|各位副主任|副主任|秘书长|各位委员|委员们|各位代表)[、，,].{0,30}[:\uff1a]$", "主任、各位副主任、各位委员："),
)

# The index table before the furniture: 发布日期:… is an entry of the table, 日期:… a CMS info line.
FORMS: tuple[Form, ...] = HEADINGS + INDEX + FURNITURE + OTHERS


# -- one paragraph, classified once -------------------------------------------------------------
_SENTENCE_PUNCTUATION = re.compile(r"[。,\uff0c;\uff1b:\uff1a!?\uff01\uff1f]")
STATUS_WORDS = "已完成|已整改完成|已整改|已办结|整改完成|基本完成并持续整改|基本完成|正在整改|整改中|持续整改|长期坚持|未完成"
STATUS_BRACKETED = re.compile(rf"[(\uff08](?:{STATUS_WORDS})[)\uff09]")
# A problem's heading that ends at a colon, its measures after it: "关于“××”的问题:已修订……".
_NAMED_BEFORE_COLON = re.compile(r"^关于.*问题(?:[(\uff08][^()\uff08\uff09]{1,20}[)\uff09])?$")
# A remark at the end of a heading: 关于“××”的问题(已完成).
REMARK = re.compile(r"[(\uff08][^()\uff08\uff09]{1,20}[)\uff09]$")
# Words that make a heading a category of problems, not a problem: 在“××”方面, 审计查出的问题.
_CATEGORY = re.compile(r"方面|领域|(?:查出|发现|反馈|指出|反映)的?问题$")


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
    def names_problem_with_about(self) -> bool:
        """关于…的问题: how a short notice's top-level lines name their problems (not 审计发现的问题,
        not 关于巡察反馈问题的整改情况)."""
        heading = REMARK.sub("", self.heading.strip().rstrip("。：:")).rstrip("。")
        return self.names_problem and heading.startswith("关于") and heading.endswith("问题")

    @property
    def is_title_line(self) -> bool:
        """Short, no sentence punctuation, of no other kind (a heading, a date, a speech line …)."""
        return is_title_text(self.text) and self.kind == "text"


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
    text = REMARK.sub("", text.strip().rstrip("。：:")).rstrip("。")
    return not _CATEGORY.search(text) and (text.startswith("关于") or text.endswith("问题"))


def split_heading(text: str, keep_status: bool = True) -> tuple[str, str]:
    """"××不到位。制定……" -> ("××不到位。", "制定……"), also "关于××的问题:已修订……" at the colon
    after 问题; a heading without a second sentence stays whole."""
    depth = 0
    for index, char in enumerate(text):
        if char in "“‘《(（":
            depth += 1
        elif char in "”’》)）" and depth:
            depth -= 1
        elif char in ":\uff1a" and depth == 0 and _NAMED_BEFORE_COLON.search(text[:index]) and text[index + 1:].strip():
            return text[: index + 1], text[index + 1 :].strip()
        elif char == "。" and depth == 0:
            heading, rest = text[: index + 1], text[index + 1 :].strip()
            if keep_status and STATUS_BRACKETED.fullmatch(rest):
                return text, ""
            return heading, rest
    return text, ""
