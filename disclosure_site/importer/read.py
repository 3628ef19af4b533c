"""A published announcement's file -> its lines and its paragraphs, each with where it stood.

.txt in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; .docx paragraphs and
tables in order (a table row is one paragraph); .html saved from a website: every block of the
page in order, those outside the article (menus, breadcrumbs, page tools, the site footer) marked
so, line wraps inside Chinese text dropped. Which lines are the announcement is decided later
(importer/outline.py, with the lines it leaves out listed for the editor); apart from
whitespace, nothing here changes a character inside a paragraph.
"""
from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from disclosure_site.read.text import printable

from .errors import ImportRefused

SUFFIXES = (".txt", ".docx", ".html", ".htm")
# Invisible characters that Word and web editors leave around paragraphs.
_EDGE_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line of the file as read (a paragraph's position in a .docx/.html, blank ones aside)
    text: str
    outside: bool = False  # a web page's block outside its article: page furniture by the page's own markup


@dataclass(frozen=True)
class Source:
    lines: tuple[str, ...]  # every line as read, line ends and trailing spaces dropped
    paragraphs: list[Paragraph]  # the lines with text, stripped
    unit: str  # how an editor counts places in the original file: 行 (text) or 段 (Word, web page)
    encoding: str

    def where(self, paragraph: Paragraph) -> str:
        return f"第 {paragraph.line} {self.unit}"

    def record(self, left_out: set[int] = frozenset()) -> str:
        """What source.txt holds: the lines from the first to the last paragraph kept, those left
        out (page furniture, by line number) taken away; UTF-8, LF line ends."""
        kept = [p.line for p in self.paragraphs if p.line not in left_out]
        if not kept:
            return "\n"
        lines = [text for number, text in enumerate(self.lines[kept[0] - 1 : kept[-1]], start=kept[0])
                 if number not in left_out]
        return "\n".join(lines).strip("\n") + "\n"


def read_source(path: Path) -> Source:
    if not path.is_file():
        raise ImportRefused(f"找不到文件 {path}:请检查 SOURCE= 给出的路径。")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            f"{path.name}:只能导入 .txt、.docx 或 .html 文件(实为“{path.suffix or '无扩展名'}”)。"
            "旧版 .doc 请先用 Word 或 WPS“另存为”.docx。"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"读不了文件 {path}({exc.strerror})。") from None
    if not raw.strip():
        raise ImportRefused(f"{path.name} 是空文件:请确认保存了公告全文。")
    outside: set[int] = set()
    if suffix == ".docx":
        lines, encoding, unit = _docx_paragraphs(path), "docx", "段"
    elif suffix in (".html", ".htm"):
        text, encoding = _decode_html(path, raw)
        blocks, unit = _html_paragraphs(text), "段"
        lines = [line for line, _ in blocks]
        outside = {number for number, (_, away) in enumerate(blocks, start=1) if away}
    else:
        text, encoding = decode_text(path, raw)
        lines, unit = text.split("\n"), "行"
    # Blank lines at the top do not count: line 1 is the first line with text, as before. Control
    # characters are no words, and the site would not publish them (read/text.py): gone here already.
    lines = "\n".join(printable(line).rstrip() for line in lines).lstrip("\n").split("\n")
    paragraphs = [
        Paragraph(number, cleaned, number in outside)
        for number, line in enumerate(lines, start=1)
        if (cleaned := line.strip().strip(_EDGE_INVISIBLES).strip())
    ]
    if not paragraphs:
        raise ImportRefused(f"{path.name} 里没有文字:请确认保存了公告全文。")
    return Source(tuple(lines), paragraphs, unit, encoding)


def decode_text(path: Path, raw: bytes) -> tuple[str, str]:
    """Strict UTF-8 first (most files), then UTF-16 by its BOM, then GB18030 (a superset of GBK)."""
    try:
        return _lf(raw.decode("utf-8").removeprefix("\ufeff")), "utf-8"
    except UnicodeDecodeError:
        pass
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _lf(raw.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return _lf(raw.decode("gb18030")), "gb18030"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            f"{path.name} 第 {line} 行:无法识别文字编码(不是 UTF-8、UTF-16 或 GBK/GB18030)。"
            "请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入。"
        ) from None


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_paragraphs(path: Path) -> list[str]:
    import docx  # python-docx; imported here so that .txt imports do not need lxml loaded
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportRefused(
            f"{path.name} 不是有效的 Word(.docx)文件:请用 Word 或 WPS 打开后重新“另存为”.docx。"
        ) from None
    return _docx_blocks(document.element.body, document)


def _docx_blocks(container, parent) -> list[str]:
    """The body in order, paragraphs and tables (document.paragraphs alone drops the tables).
    A paragraph's soft line breaks (Shift+Enter) make lines of their own; a table row is one
    line, its cells' text joined by a space."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as WordParagraph

    lines: list[str] = []
    for child in container.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines += _lf(WordParagraph(child, parent).text).split("\n")
        elif tag == "tbl":
            for row in Table(child, parent).rows:
                cells = [" ".join(_docx_blocks(tc, parent)).strip() for tc in row._tr.tc_lst]
                lines.append(" ".join(text for text in cells if text))
        elif tag == "sdt":  # a content control wraps ordinary paragraphs and tables
            content = child.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
            if content is not None:
                lines += _docx_blocks(content, parent)
    return lines


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def _decode_html(path: Path, raw: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(raw[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk"):
            name = "gb18030"  # pages declaring GB2312 routinely use GBK characters
        try:
            return _lf(raw.decode(name).removeprefix("\ufeff")), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(path, raw)


# -- a page saved from a website --------------------------------------------------------------
_BLOCKS = {
    "p", "div", "section", "article", "li", "ul", "ol", "table", "tr", "td", "th", "br", "header", "main",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "center", "form",
    "nav", "aside", "footer", "select", "button",
}
# Not text a reader sees: code, styles, the page's head.
_UNREAD = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "input", "textarea", "option"}
# Page furniture by its element: menus, asides, the site footer, buttons.
_FURNITURE_TAGS = {"nav", "aside", "footer", "select", "button"}
# Where government sites put the article (TRS and similar content systems), by id or class.
_CONTENT = re.compile(r"zoom|trs_editor|article|content|detail|main-?text|con_?text|contxt|wzy|newstext|text-con", re.I)
# What is page furniture, by id or class: menus, breadcrumbs, page tools, the site footer.
_FURNITURE = re.compile(
    r"nav|menu|(?<![a-z])(header|head|top|topbar|foot)(?![a-z])|footer|breadcrumb|crumb|share|print|toolbar"
    r"|position|location|sidebar|side-?bar|left-?list|right-?list|banner|copyright|related|comment",
    re.I,
)
# Word's "save as web page" and hand-written pages wrap lines anywhere; a browser shows that as
# a space, which Chinese text does not have: a line break between two non-ASCII characters, or
# between a non-ASCII character and a digit or letter, goes with the spaces around it.
_WRAP = re.compile(r"(?<=[^\x00-\x7f])[ \t]*[\r\n][ \t\r\n]*(?=[^\x00-\x7f0-9A-Za-z])|"
                   r"(?<=[^\x00-\x7f])[ \t]*[\r\n][ \t\r\n]*(?=[0-9A-Za-z])|"
                   r"(?<=[0-9A-Za-z])[ \t]*[\r\n][ \t\r\n]*(?=[^\x00-\x7f])")
# How a title line ends (通报, 情况 …): shared with outline.py.
TITLE_END = re.compile(r"(通报|情况|公告|报告|公示|说明|通知)$")


def _html_paragraphs(text: str) -> list[tuple[str, bool]]:
    """Every block of the page in order, each marked whether it lies outside the article: the
    <article>, else the content container holding the text, else the whole body. The page's
    heading counts as the article's when the article does not start with a title line; failing
    a heading, <title> without the site's name comes first."""
    import lxml.html

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str that declares its encoding
    try:
        root = lxml.html.document_fromstring(text)
    except Exception:  # lxml raises ParserError or ValueError for a page with no markup at all
        return [(line, False) for line in text.split("\n")]
    body = root.find("body")
    body = body if body is not None else root
    articles = [a for a in root.iter("article") if not _in_furniture(a)]
    chosen = articles or [_content_container(root)]
    article_lines = [line for element in chosen for line in _lines(element)]
    heading = None
    if article_lines and not _is_title_line(article_lines[0]):
        heading = _page_heading(root, chosen)
    blocks = _lines(body, inside=lambda e: any(e is c for c in chosen) or e is heading, marked=True)
    if heading is None and article_lines and not _is_title_line(article_lines[0]):
        title = _page_title(root)
        if title:
            blocks.insert(0, (title, False))
    return blocks


def _attributes(element) -> str:
    return f"{element.get('id', '')} {element.get('class', '')}"


def _is_furniture(element) -> bool:
    return element.tag in _FURNITURE_TAGS or bool(_FURNITURE.search(_attributes(element)))


def _in_furniture(element) -> bool:
    return any(_is_furniture(e) for e in element.iterancestors()) or _is_furniture(element)


def _content_container(root):
    """The smallest container named like an article's that holds (nearly) all the text of the
    largest one: "#zoom" rather than the ".detail" around it with its tools and info line."""
    body = root.find("body")
    body = body if body is not None else root
    candidates = [e for e in body.iter() if isinstance(e.tag, str) and _CONTENT.search(_attributes(e))
                  and not _in_furniture(e)]
    sizes = {e: sum(len(line) for line in _lines(e)) for e in candidates}
    if not sizes or max(sizes.values()) == 0:
        return body
    largest = max(sizes.values())
    return min((e for e in candidates if sizes[e] >= 0.7 * largest), key=lambda e: sizes[e])


def _lines(element, inside=None, marked: bool = False):
    """The text of `element` block by block. Plain: the lines of what is not furniture. Marked:
    (line, outside) for every block, outside when it is furniture or not within an `inside` element."""
    lines: list = []
    current: list[str] = []
    state = {"outside": False}

    def flush():
        joined = _WRAP.sub("", "".join(current))
        text = re.sub(r"[ \t\n\r\f]+", " ", joined).strip()
        if text:
            lines.append((text, state["outside"]) if marked else text)
        current.clear()

    def walk(e, outside: bool):
        if not isinstance(e.tag, str) or e.tag in _UNREAD:  # comments, processing instructions, code
            return
        block = e.tag in _BLOCKS
        if _is_furniture(e) and not (inside and inside(e)):
            if not marked:
                return
            outside, block = True, True  # its own line, even when inline (a "print" link in a paragraph)
        elif inside and inside(e):
            outside = False
        if block:
            flush()
        state["outside"] = outside
        if e.text:
            current.append(e.text)
        for child in e:
            walk(child, outside)
            state["outside"] = outside
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    walk(element, bool(marked and inside))
    flush()
    return lines


def _is_title_line(text: str) -> bool:
    """Could be a title: short, no sentence punctuation, not numbered, not a report's speech line (——……会议上)."""
    return len(text) <= 80 and not re.search(r"[。,\uff0c;\uff1b:\uff1a!?\uff01\uff1f]", text) \
        and not re.match(r"^([一二三四五六七八九十]+、|\d+\s*[.\uff0e、]|[(\uff08]|[—－-])", text)


def _page_heading(root, chosen):
    """A heading inside the article, else a heading elsewhere on the page that reads like a title
    (or that <title> repeats)."""
    page_title = (root.findtext(".//title") or "").strip()
    headings = [h for e in chosen for h in e.iter("h1", "h2", "h3")]
    headings += [h for h in root.iter("h1", "h2", "h3") if not _in_furniture(h)]
    for element in headings:
        heading = " ".join(element.text_content().split())
        if heading and _is_title_line(heading) and (TITLE_END.search(heading) or heading in page_title):
            return element
    return None


def _page_title(root) -> str | None:
    """<title> without the site's name."""
    page_title = (root.findtext(".//title") or "").strip()
    title = re.split(r"\s*[_|\uff5c]\s*|\s+[-—]+\s+", page_title)[0].strip()
    return title if title and _is_title_line(title) else None
