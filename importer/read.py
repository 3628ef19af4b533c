"""A published announcement's file -> its text and its paragraphs, each with where it stood.

.txt in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; .docx paragraphs in
order; .html saved from a website: the article's block elements. The decoded text becomes
source.txt, so nothing here changes a character inside a paragraph.
"""
from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import ImportRefused

SUFFIXES = (".txt", ".docx", ".html", ".htm")
# Invisible characters that Word and web editors leave around paragraphs.
_EDGE_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line of source.txt (= paragraph position in a .docx/.html, blank ones aside)
    text: str


@dataclass(frozen=True)
class Source:
    text: str  # what source.txt will hold: UTF-8, LF line ends
    paragraphs: list[Paragraph]
    unit: str  # how an editor counts places in the original file: 行 (text) or 段 (Word, web page)
    encoding: str

    def where(self, paragraph: Paragraph) -> str:
        return f"第 {paragraph.line} {self.unit}"


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
    if suffix == ".docx":
        lines, encoding, unit = _docx_paragraphs(path), "docx", "段"
    elif suffix in (".html", ".htm"):
        text, encoding = _decode_html(path, raw)
        lines, unit = _html_paragraphs(text), "段"
    else:
        text, encoding = decode_text(path, raw)
        lines, unit = text.split("\n"), "行"
    text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
    paragraphs = [
        Paragraph(number, cleaned)
        for number, line in enumerate(text.split("\n"), start=1)
        if (cleaned := line.strip().strip(_EDGE_INVISIBLES).strip())
    ]
    if not paragraphs:
        raise ImportRefused(f"{path.name} 里没有文字:请确认保存了公告全文。")
    return Source(text, paragraphs, unit, encoding)


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


class _ArticleText(HTMLParser):
    """Text of block elements as paragraphs; menus, scripts and styles dropped."""

    BLOCKS = {
        "p", "div", "section", "article", "li", "ul", "ol", "table", "tr", "td", "th", "br",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "center",
    }
    SKIPPED = {"script", "style", "nav", "noscript", "template", "head", "select", "button"}

    def __init__(self, only_article: bool):
        super().__init__(convert_charrefs=True)
        self.only_article = only_article
        self.article_depth = 0
        self.skip_depth = 0
        self.lines: list[str] = []
        self.current: list[str] = []

    def _break(self) -> None:
        text = "".join(self.current)
        if text.strip():
            self.lines.append(re.sub(r"[ \t\n\r\f]+", " ", text).strip())
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skip_depth += 1
        if tag == "article":
            self.article_depth += 1
        if tag in self.BLOCKS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        if tag in self.BLOCKS:
            self._break()
        if tag == "article" and self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data):
        if self.skip_depth or (self.only_article and not self.article_depth):
            return
        self.current.append(data)

    def close(self):
        super().close()
        self._break()


def _html_paragraphs(text: str) -> list[str]:
    parser = _ArticleText(only_article=bool(re.search(r"<article[\s>]", text, re.IGNORECASE)))
    parser.feed(text)
    parser.close()
    return parser.lines
