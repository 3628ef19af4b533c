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


def circled_number(text: str) -> int:
    """① -> 1 … ⑳ -> 20."""
    return ord(text) - 0x245F


def circled(n: int) -> str:
    return chr(0x245F + n)


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
    # Headings only: the printed numeral -> its number, and a number -> its numeral as printed.
    # Their pattern's groups are the marker (spaces inside it dropped), the numeral, and the
    # heading's text; what stands before the text is the marker as printed, kept verbatim.
    numeral: Callable[[str], int] | None = None
    numeral_of: Callable[[int], str] | None = None


def _form(kind: str, name: str, pattern: str, example: str, numeral: Callable[[str], int] | None = None) -> Form:
    printed = {int: str, cn_number: cn_ordinal, circled_number: circled}.get(numeral) if numeral else None
    return Form(kind, name, re.compile(pattern), example, numeral, printed)


# The five levels of numbering, outermost first. Which level holds the problems is decided by
# the rules in outline.py, not here: "一、" is a part, a group or a problem depending on the text,
# "①" a problem, a sub-problem or a measure.
HEADING_LEVELS = {"part": 0, "lettered": 1, "numbered": 2, "sub": 3, "circled": 4}

HEADINGS = (
    _form("part", "一、××", rf"^(({_CN_ORDINAL})\s*、)\s*(.+)$", "二、巡察反馈问题整改落实情况", cn_number),
    _form("lettered", "(一)××", rf"^([(\uff08]\s*({_CN_ORDINAL})\s*[)\uff09])\s*(.+)$", "（二）关于“内部审核把关不严”的问题", cn_number),
    _form("part", "一.××", rf"^(({_CN_ORDINAL})\s*[.\uff0e])(?!\d)\s*(.+)$", "二．审计发现问题的整改情况", cn_number),
    _form("numbered", "1.××", r"^((\d{1,3})\s*[.\uff0e、])(?!\d)\s*(.+)$", "2.关于“护林员管理不规范”问题的整改", int),
    _form("numbered", "1)××", r"^((\d{1,3})\s*[)\uff09])\s*(.+)$", "2）关于“会议记录不全”的问题", int),
    _form("numbered", "问题一:××", rf"^(问题({_CN_ORDINAL})\s*[:\uff1a、.\uff0e])\s*(.+)$", "问题二：固定资产账实不符。", cn_number),
    _form("sub", "(1)××", r"^([(\uff08]\s*(\d{1,2})\s*[)\uff09])\s*(.+)$", "（2）关于“党员发展不规范”的问题。补齐缺失材料。", int),
    _form("circled", "①××", r"^(([\u2460-\u2473]))\s*(.+)$", "②关于“挂号收费不规范”的问题。退还多收费用。", circled_number),
)

# Lines that a government CMS page puts around an announcement. Anchored at the start or shaped
# as a whole line, so that no sentence of an announcement is ever one of them.
_TOOL_WORDS = (
    "关怀版|关怀模式|无障碍浏览|无障碍阅读|无障碍|长者助手|长者模式|适老化模式|适老化|老年模式|读屏专用|"
    "English|繁體|繁体|简体|登录|注册|手机版|移动版|网站导航|网站地图|智能问答|搜索|"
    "打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回首页|返回|收藏本页|加入收藏|收藏|设为首页|"
    "语音朗读|语音播报|朗读|听全文|我要纠错|纠错|扫一扫|分享|视力保护色|护眼模式|重置|字号|字体|默认|放大|缩小|大|中|小"
)
_MENU_WORDS = (
    "首页|网站首页|政务公开|信息公开|政府信息公开|政务服务|办事服务|互动交流|公众参与|新闻中心|新闻动态|要闻动态|"
    "政务动态|通知公告|机构概况|领导之窗|政策文件|政策解读|专题专栏|数据开放|走进\\S{1,6}|魅力\\S{1,6}|投资\\S{1,4}"
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
    _form("furniture", "浏览器提示", r"^(?:为(?:了|确保|保证|获得)?(?:最佳|更好的?)的?(?:浏览|显示|访问)效果[,\uff0c]?\s*)?(?:建议|推荐)(?:您)?(?:使用|采用).{0,30}(?:浏览器|分辨率)|您是(?:本站)?第\s*\d+\s*位访[问客]者|我为政府网站找错", "为确保最佳浏览效果，建议使用Chrome浏览器。"),
    # Sentences a CMS prints around every page: a greeting, the day's date, IPv6, a QR code.
    _form("furniture", "网站问候", r"^(?:您好[,\uff0c!\uff01]?\s*)?欢迎(?:您)?(?:访问|来到|光临|进入|浏览)\S{0,30}(?:网站|网|门户|平台|政府)", "您好，欢迎来到青溪县人民政府网站"),
    _form("furniture", "今天是", r"^今天是\s*[:\uff1a]?\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年", "今天是：2025年6月18日 星期三"),
    _form("furniture", "IPv6", r"^(?:本网站|本站|网站)\S{0,8}IPv6|^IPv6\S{0,6}$", "本网站已支持IPv6。"),
    _form("furniture", "扫码关注", r"^(?:请)?(?:扫码|扫描(?:下方|右侧)?二维码|扫一扫|长按(?:识别)?二维码)\S{0,6}关注", "扫码关注青溪发布微信公众号，获取更多资讯。"),
    # A site's menu: its sections alone on a line, or several on one line.
    _form("furniture", "网站栏目", rf"^(?:(?:{_MENU_WORDS})\s*[|\uff5c/·]?\s*)+$", "首页 政务公开 政务服务 互动交流"),
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

# How the name of a body ends: a signature line, the words of a title before 关于, a speaker's body.
_ORGANISATION_ENDS = "局|委|委员会|党组|党委|党工委|政府|办公室|厅|院|公司|中心|部|会|所|站|校|处|集团|署|办|馆|街道|镇|乡|大学|学院|医院|支部|总支"
DATE = re.compile(r"^(\d{4}|[零〇一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日$")
OTHERS = (
    _form("date", "落款日期", DATE.pattern, "二〇二四年五月二十日"),
    # A document's own number printed above its title (发文字号).
    _form("number_line", "文号行", r"^[\u4e00-\u9fff]{1,12}\s*[〔\[\uff3b(\uff08]\s*(?:\d{4})\s*[〕\]\uff3d)\uff09]\s*\d{1,4}\s*号$", "青组通〔2025〕12号"),
    # The name and the date of a signature on one line: "中共某某县民政局党组 2024年10月15日".
    _form("signed", "落款(单位与日期同一行)", rf"^(\S[^。,\uff0c;\uff1b:\uff1a!?\uff01\uff1f、]{{1,38}}?(?:{_ORGANISATION_ENDS}))\s+({DATE.pattern.strip('^$')})$", "中共某某县民政局党组 2024年10月15日"),
    # What may stand after a signature and is still the text's: its attachments, a remark.
    _form("attachment", "附件:", r"^附\s*件(?!下载)\s*\d{0,2}\s*(?:[:\uff1a]|$)", "附件：巡察反馈问题整改台账"),
    _form("file", "附件文件名", r"^\S.{0,80}\.(?:docx?|xlsx?|wps|et|pdf|ofd|zip|rar|7z|jpe?g|png)$", "巡察整改任务清单.xlsx"),
    _form("remark", "(此件公开发布)、抄送:", r"^[(\uff08]\s*此(?:件|页|文)[^()\uff08\uff09]{0,12}[)\uff09]$|^(?:抄送|抄报|分送)\s*[:\uff1a]",
          "（此件公开发布）"),
    _form("date_line", "标题下的日期", r"^[(\uff08]" + DATE.pattern.strip("^$") + r"[)\uff09]$", "（2024年3月8日）"),
    _form("source", "来源:", r"^来源\s*[:\uff1a]\s*(.+)$", "来源：某某市文化馆"),
    # An audit report to the people's congress: the speech line, the speaker, the salutation.
    _form("speech", "——……会议上", r"^[—－\-]{1,2}\s*(?:\d{4}|[〇零一二三四五六七八九]{4})年.{2,60}(?:会议|大会)上$", "——2025年12月23日在青石市第十七届人民代表大会常务委员会第二十次会议上"),
    _form("speaker", "审计局局长 ××", r"^\S{2,30}(?:局长|厅长|署长|审计长|主任|市长|县长|区长)\s+\S{2,4}$", "青石市审计局局长 张某某"),
    _form("salutation", "主任、各位副主任、各位委员:", r"^(?:主任|各位副主任|副主任|秘书长|各位委员|委员们|各位代表)[、，,].{0,30}[:\uff1a]$", "主任、各位副主任、各位委员："),
)

# The index table before the furniture: 发布日期:… is an entry of the table, 日期:… a CMS info line.
FORMS: tuple[Form, ...] = HEADINGS + INDEX + FURNITURE + OTHERS


# -- words inside a paragraph that say what it is --------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    """A printed wording that marks a paragraph (or part of one) for a rule of outline.py: where
    the closing starts, the label before a problem's measures, how a body's name ends …; one row
    per wording, with an example the test reads back as this row."""

    kind: str
    name: str
    pattern: re.Pattern
    example: str


def _phrase(kind: str, name: str, pattern: str, example: str) -> Phrase:
    return Phrase(kind, name, re.compile(pattern), example)


_LABEL_WORDS = "情况|进展情况|进展|落实情况|完成情况|措施|举措|成效|结果"
PHRASES: tuple[Phrase, ...] = (
    # Where the closing starts: an invitation to supervise, words to the public, a contact.
    _phrase("closing", "欢迎……监督", r"^(?:热忱|诚挚|衷心|真诚)?欢迎", "热忱欢迎广大干部群众对巡察整改落实情况进行监督。"),
    _phrase("closing", "广大干部群众……", r"^(?:广大干部群众|社会各界|广大师生|广大党员干部|广大群众)",
            "广大干部群众如对整改工作有意见建议，可拨打电话反映。"),
    _phrase("closing", "如对……、如有……", r"^(?:如对|如有|诚请|请广大)", "如有意见建议，请及时向我们反映。"),
    _phrase("closing", "对……的意见建议", r"^对.{0,30}(?:意见|建议)", "对整改工作的意见建议，可来信反映。"),
    _phrase("closing", "联系方式", r"^联系方式", "联系方式：电话0000-1234567"),
    _phrase("closing", "公示期间……", r"^(?:公示|公开)期间", "公示期间，如有意见建议，请通过以下方式反映。"),
    # A paragraph about the whole rectification, after the last problem (outline.py's closing rule).
    _phrase("next_steps", "下一步……", r"^(?:下一步|下一阶段|下阶段|今后|接下来|此后)", "下一步，学校党委将持续深化巡视整改。"),
    _phrase("next_steps", "……将持续深化整改",
            r"^[^，,。；;]{0,20}?(?:将|要)(?:继续|持续|进一步|坚持|始终|不断)[^。；;]{0,24}?整改",
            "学校党委将持续深化巡视整改，对已完成的整改任务适时“回头看”。"),
    _phrase("next_steps", "……将以此次整改为契机", r"^[^，,。；;]{0,20}?(?:将|要)以[^。；;]{0,16}?整改[^。；;]{0,6}?为契机",
            "局党组将以此次巡察整改为契机，建立健全长效机制。"),
    _phrase("next_steps", "总之……", r"^(?:总之|总的来看|总体来看|总体上看)[，,]", "总之，局党组将把整改作为长期任务。"),
    _phrase("next_steps", "整改工作取得阶段性成效……",
            r"^[^，,。；;]{0,12}?(?:巡视|巡察|审计)?整改工作(?:虽然|虽|已|取得)[^。；;]{0,12}?成效",
            "此次巡察整改工作虽取得阶段性成效，但与要求相比仍有差距。"),
    # The label before a problem's measures.
    _phrase("measures_label", "整改情况:", rf"^整改(?:{_LABEL_WORDS})\s*[:\uff1a]", "整改措施："),
    # The title an opening gives itself.
    _phrase("title_phrase", "现将……予以公布",
            r"现将(.+?)(?:予以公布|予以公开|予以公示|公布如下|公开如下|通报如下|公告如下|报告如下|公示如下)",
            "现将巡察整改进展情况予以公布。"),
    # How the name of a body ends: a signature, the words of a title before 关于, a speaker's body.
    _phrase("organisation", "××局、××党组、××公司……", rf"(?:{_ORGANISATION_ENDS})$", "中共青溪县农业农村局党组"),
    # A part's heading that is a group of problems ("一、预算管理方面", "二、部门预算执行审计查出问题的整改情况").
    _phrase("group_heading", "××方面、××领域", r"方面|领域", "一、预算管理方面"),
    _phrase("group_heading", "××问题", r"问题", "二、国有资产管理问题"),
    _phrase("group_heading", "××的整改情况", r"整改情况$", "三、重点民生资金审计的整改情况"),
    # A heading that names a category of problems, not a problem.
    _phrase("category", "在××方面", r"方面|领域", "（一）在落实全面从严治党“两个责任”方面"),
    _phrase("category", "××查出的问题", r"(?:查出|发现|反馈|指出|反映)的?问题$", "（二）部门预算执行审计查出的问题"),
    # A problem's deadline and responsible unit, where the text states them for that problem.
    _phrase("deadline", "整改时限:", r"(?:整改|完成)(?:时限|期限|时间)\s*[:\uff1a]\s*([^。;\uff1b,\uff0c\s]+)", "整改时限：2025年6月底。"),
    _phrase("responsible", "责任单位:", r"(?:整改)?责任(?:单位|部门|科室|处室)\s*[:\uff1a]\s*([^。;\uff1b,\uff0c\s]+)",
            "责任单位：县农业农村局、县财政局。"),
)


@dataclass(frozen=True)
class Clause:
    """How a problem's measures number their clauses inside a paragraph: one entry each."""

    name: str
    marker: Callable[[int], str]  # the n-th clause's marker as printed
    example: str


CLAUSES: tuple[Clause, ...] = (
    Clause("一是……二是……", lambda n: cn_ordinal(n) + "是", "一是修订考核办法；二是开展专项检查。"),
    Clause("①……②……", circled, "①建立经营户台账；②检查经营户214户。"),
)


def phrase(kind: str, text: str) -> re.Match | None:
    """The first row of `kind` found in `text` (rows anchor themselves where they must)."""
    return next((m for row in PHRASES if row.kind == kind and (m := row.pattern.search(text))), None)


# -- one paragraph, classified once -------------------------------------------------------------
_SENTENCE_PUNCTUATION = re.compile(r"[。,\uff0c;\uff1b:\uff1a!?\uff01\uff1f]")
STATUS_WORDS = "已完成|已整改完成|已整改|已办结|整改完成|基本完成并持续整改|基本完成|正在整改|整改中|持续整改|长期坚持|未完成"
STATUS_BRACKETED = re.compile(rf"[(\uff08](?:{STATUS_WORDS})[)\uff09]")
# A problem's heading that ends at a colon, its measures after it: "关于“××”的问题:已修订……".
_NAMED_BEFORE_COLON = re.compile(r"^关于.*问题(?:[(\uff08][^()\uff08\uff09]{1,20}[)\uff09])?$")
# A remark at the end of a heading: 关于“××”的问题(已完成).
REMARK = re.compile(r"[(\uff08][^()\uff08\uff09]{1,20}[)\uff09]$")


@dataclass(frozen=True)
class Line:
    """A paragraph with its kind; for a heading also its marker, number and text."""

    paragraph: Paragraph
    kind: str  # a Form's kind, or "text"
    form: Form | None = None
    marker: str = ""  # as printed, spaces dropped: "(一)", "1.", "问题一："
    number: int | None = None
    content: str = ""  # a heading's text after its marker; the whole text otherwise
    printed: str = ""  # a heading's marker exactly as printed, with the spaces in and after it: "（ 一 ）", "1. "

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
                        match.group(3), text[: match.start(3)])
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
    return not phrase("category", text) and (text.startswith("关于") or text.endswith("问题"))


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
