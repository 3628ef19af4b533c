"""A published announcement's file -> its lines and its paragraphs, each with where it stood.

.txt in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; .docx paragraphs and
tables in order (a table row is one paragraph); .html saved from a website: every block of the
page in order, those outside the article (menus, breadcrumbs, page tools, the site footer) marked
so, line wraps inside Chinese text dropped. Which lines are the announcement is decided later
(importer/outline.py, with the lines it leaves out listed for the editor); apart from
whitespace and control characters, nothing here changes a character inside a paragraph.

The file is someone else's: every limit is checked before the work it bounds (the file's size
before it is read, each part of a .docx by its stated sizes before it is unpacked, its XML with a
parser that expands no entity and loads nothing, a web page's nesting before its text is measured,
the text's length before it is parsed), and each refusal says which limit and what to do. Nothing
an announcement needs comes near them.
"""
from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from disclosure_site.read.text import printable
from disclosure_site.check.record import MAX_RECORD_BYTES

from .errors import ImportRefused

SUFFIXES = (".txt", ".docx", ".html", ".htm")

# Limits. A long announcement is some tens of KB of text; a Word file with a scanned seal a few MB.
MAX_FILE_BYTES = 16 * 1024 * 1024  # any source file, as it is on disk
MAX_DOCX_PARTS = 1000  # files inside a .docx (a plain document has about twenty)
MAX_DOCX_PART_BYTES = 16 * 1024 * 1024  # one part unpacked (word/document.xml, an image)
MAX_DOCX_TOTAL_BYTES = 64 * 1024 * 1024  # all parts unpacked
MAX_HTML_DEPTH = 100  # elements inside elements (real pages: some twenty or thirty)
MAX_PARAGRAPH = 20000  # characters: a data file's limit for one text (read/schema $defs/text)
MAX_TEXT_BYTES = MAX_RECORD_BYTES  # the announcement's text: what source.txt may hold
# Invisible characters that Word and web editors leave around paragraphs.
_EDGE_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line of the file as read (a paragraph's position in a .docx/.html, blank ones aside)
    text: str
    outside: bool = False  # a web page's block outside its article: page furniture by the page's own markup
    cells: tuple[str, ...] = ()  # a table's row: its cells (a Word table, or a row copied as text with tabs)


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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRefused(
                f"{path.name} 有 {_mb(size)},超过导入文件 {_mb(MAX_FILE_BYTES)} 的上限:一份公告的原文远没有这么大。"
                + ("Word 文件里多半是图片:请在 Word 或 WPS 中“另存为”纯文本(.txt)后导入。" if suffix == ".docx" else
                   "请确认选对了文件;网页请只保存正文,或把正文复制到记事本存为 .txt 后导入。"))
        with path.open("rb") as handle:  # no more than the limit, whatever stat said
            raw = handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
    except OSError as exc:
        raise ImportRefused(f"读不了文件 {path}({exc.strerror})。") from None
    if not raw.strip():
        raise ImportRefused(f"{path.name} 是空文件:请确认保存了公告全文。")
    outside: set[int] = set()
    rows: dict[int, tuple[str, ...]] = {}  # line number -> the cells of a table's row
    if suffix == ".docx":
        lines, encoding, unit = _docx_paragraphs(path, rows), "docx", "段"
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
    kept = "\n".join(printable(line).rstrip() for line in lines).lstrip("\n").split("\n")
    rows = {number - (len(lines) - len(kept)): cells for number, cells in rows.items()}
    lines = kept
    _check_length(path, lines, unit)
    paragraphs = [
        Paragraph(number, cleaned, number in outside, rows.get(number) or _tabbed_cells(line))
        for number, line in enumerate(lines, start=1)
        if (cleaned := line.strip().strip(_EDGE_INVISIBLES).strip())
    ]
    if not paragraphs:
        raise ImportRefused(f"{path.name} 里没有文字:请确认保存了公告全文。")
    return Source(tuple(lines), paragraphs, unit, encoding)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _check_length(path: Path, lines: list[str], unit: str) -> None:
    """The text fits what the data may hold: each paragraph a data file's text, the whole a source.txt."""
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_PARAGRAPH:
            raise ImportRefused(
                f"{path.name} 第 {number} {unit}有 {len(line):,} 个字,超过每段 {MAX_PARAGRAPH:,} 字的上限(数据文件中一段文字的限制):"
                "公告的段落不会这么长,多半是换行丢失了(例如从网页或 PDF 复制时);请在原文中分好段后重新导入。")
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    if size > MAX_TEXT_BYTES:
        raise ImportRefused(
            f"{path.name} 的文字有 {_mb(size)},超过一份公告原文 {_mb(MAX_TEXT_BYTES)} 的上限(data/<编号>/source.txt 的限制):"
            "请确认选对了文件,并且文件里只有这一份公告。")


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


def _tabbed_cells(line: str) -> tuple[str, ...]:
    """A table's row copied from Word or WPS as text: its cells separated by tabs."""
    cells = tuple(cell.strip() for cell in line.strip().split("\t"))
    return cells if len(cells) >= 3 else ()


def _docx_paragraphs(path: Path, rows: dict) -> list[str]:
    import docx  # python-docx; imported here so that .txt imports do not need lxml loaded

    _check_docx_package(path)
    try:
        document = docx.Document(str(path))
        return _docx_blocks(document.element.body, document, rows)
    except MemoryError:
        raise ImportRefused(f"{path.name} 太大,读它时内存不够:请在 Word 或 WPS 中“另存为”纯文本(.txt)后导入。") from None
    except Exception:  # python-docx on a damaged file raises whatever it meets (AttributeError, KeyError …)
        raise ImportRefused(
            f"{path.name} 不是完整有效的 Word(.docx)文件(缺少正文等部分,或已损坏):"
            "请用 Word 或 WPS 打开后重新“另存为”.docx,或“另存为”纯文本(.txt)后导入。"
        ) from None


def _check_docx_package(path: Path) -> None:
    """A .docx is a zip of XML parts: refuse one whose parts are too many or too large (by the sizes
    the zip states, before anything is unpacked: zipfile never unpacks more than stated), or whose
    XML is not plain XML, before python-docx reads it all."""
    name = path.name
    invalid = (f"{name} 不是有效的 Word(.docx)文件:请用 Word 或 WPS 打开后重新“另存为”.docx"
               "(设了打开密码的文件请先取消密码)。")
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            if len(parts) > MAX_DOCX_PARTS:
                raise ImportRefused(f"{name} 里有 {len(parts)} 个部分,超过 {MAX_DOCX_PARTS} 个的上限:"
                                    "这不像一份 Word 文档;请用 Word 或 WPS 打开后“另存为”纯文本(.txt)再导入。")
            total = 0
            for part in parts:
                if part.file_size > MAX_DOCX_PART_BYTES or part.compress_size > MAX_FILE_BYTES:
                    raise ImportRefused(
                        f"{name} 中的“{printable(part.filename)}”解压后有 {_mb(part.file_size)},超过每个部分 "
                        f"{_mb(MAX_DOCX_PART_BYTES)} 的上限:请在 Word 或 WPS 中删除其中的大图片,或“另存为”纯文本(.txt)后导入。")
                total += part.file_size
            if total > MAX_DOCX_TOTAL_BYTES:
                raise ImportRefused(f"{name} 解压后共有 {_mb(total)},超过 {_mb(MAX_DOCX_TOTAL_BYTES)} 的上限:"
                                    "请在 Word 或 WPS 中删除其中的大图片,或“另存为”纯文本(.txt)后导入。")
            for part in parts:
                if part.filename.lower().endswith((".xml", ".rels")):
                    _check_docx_xml(name, part.filename, package.read(part))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise ImportRefused(invalid) from None  # not a zip, truncated, a bad checksum, encrypted, unknown compression


@cache
def _hardened_xml_parser():
    """Word's XML has no DTD and no entity, and needs no file or network: a parser that does none of
    them, and keeps libxml2's limits on depth and text size (no huge_tree)."""
    from lxml import etree  # with python-docx, only for Word files

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _check_docx_xml(name: str, part: str, raw: bytes) -> None:
    from lxml import etree

    doctype = b"<!DOCTYPE"
    if any(declared in raw for declared in (doctype, doctype.decode().encode("utf-16-le"), doctype.decode().encode("utf-16-be"))):
        _refuse_dtd(name, part)  # entities (billion laughs, a file's content) come with a DTD: refused before parsing
    try:
        root = etree.fromstring(raw, _hardened_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ImportRefused(
            f"{name} 中的“{printable(part)}”不是完好的 XML({'嵌套过深' if 'depth' in str(exc).lower() else '已损坏'}):"
            "请用 Word 或 WPS 打开后重新“另存为”.docx,或“另存为”纯文本(.txt)后导入。") from None
    if root.getroottree().docinfo.doctype:
        _refuse_dtd(name, part)


def _refuse_dtd(name: str, part: str) -> None:
    raise ImportRefused(f"{name} 中的“{printable(part)}”带有 DTD 声明,Word 保存的文件不会有:这个文件不是 Word 写的,"
                        "请用 Word 或 WPS 打开后重新“另存为”.docx。")


def _docx_blocks(container, parent, rows: dict | None = None) -> list[str]:
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
                if rows is not None:
                    rows[len(lines)] = tuple(cells)  # its line number, counted as read_source counts
        elif tag == "sdt":  # a content control wraps ordinary paragraphs and tables
            content = child.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
            if content is not None:
                lines += _docx_blocks(content, parent)
    return lines


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


# The charsets a page may declare and be read by (Python's codecs hold others that are no web
# page's: idna, undefined, unicode_escape …); any other declaration is ignored, as browsers do.
_WEB_CHARSETS = {"utf-8", "gb18030", "big5", "big5hkscs", "utf-16", "utf-16-le", "utf-16-be", "cp1252",
                 "iso8859-1", "shift_jis", "euc_jp", "euc_kr"}


def _decode_html(path: Path, raw: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(raw[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "cp936"):
            name = "gb18030"  # pages declaring GB2312 routinely use GBK characters
        try:
            if codecs.lookup(name).name in _WEB_CHARSETS:
                return _lf(raw.decode(name).removeprefix("\ufeff")), name
        except (LookupError, UnicodeError):
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
    _check_depth(root)
    body = root.find("body")
    body = body if body is not None else root
    # The outermost articles only: one inside another adds no line, and would count its text again.
    articles = [a for a in root.iter("article") if not _in_furniture(a)
                and not any(ancestor.tag == "article" for ancestor in a.iterancestors())]
    chosen = articles or [_content_container(root)]
    article_lines = [line for element in chosen for line in _lines(element)]
    heading = None
    if article_lines and not _is_title_line(article_lines[0]):
        heading = _page_heading(root, chosen)
    inside = set(chosen) | ({heading} if heading is not None else set())
    blocks = _lines(body, inside=lambda e: e in inside, marked=True)
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


def _check_depth(root) -> None:
    """Refuse a page nested deeper than any real one: the text is measured per container."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_HTML_DEPTH:
            raise ImportRefused(
                f"网页的结构嵌套超过 {MAX_HTML_DEPTH} 层(一层套一层的标签),真实的网页不会这样:"
                "请在浏览器中打开这个网页,把正文复制到记事本,存为 .txt 后导入。")
        stack += [(child, depth + 1) for child in element]


def _content_container(root):
    """The smallest container named like an article's that holds (nearly) all the text of the
    largest one: "#zoom" rather than the ".detail" around it with its tools and info line.
    Each container's text is counted in one pass over the page (not once per container, which
    would cost the page's size times its depth)."""
    body = root.find("body")
    body = body if body is not None else root
    candidates: list = []  # in document order
    sizes: dict = {}

    def visible(text) -> int:  # the characters a reader sees, spaces aside
        return len(text) - sum(text.count(space) for space in " \t\n\r\f") if text else 0

    def measure(element) -> int:  # the text of element outside its furniture, code and styles
        if not isinstance(element.tag, str) or element.tag in _UNREAD or _is_furniture(element):
            return 0  # no candidate inside furniture either
        named = bool(_CONTENT.search(_attributes(element)))
        if named:
            candidates.append(element)
        size = visible(element.text) + sum(measure(child) + visible(child.tail) for child in element)
        if named:
            sizes[element] = size
        return size

    measure(body)  # recursion as deep as the page, which _check_depth bounds
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
