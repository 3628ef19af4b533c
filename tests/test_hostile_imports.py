"""A file to import is someone else's: whatever it holds, `make import` ends within bounded memory
and time with a Chinese refusal that says which limit and what to do, and writes nothing. Never
"程序内部错误", never a traceback.

Every case runs the real command line in a subprocess under an address-space limit and a timeout
(as tests/test_hostile_data.py does for data files): a bomb that blew either fails here instead of
taking the machine. The corpus is built here, from a valid announcement spoiled in every way a
.docx (a zip of XML parts), a saved web page or a text file can be."""
from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space: an import needs about a twentieth
TIMEOUT = 60  # seconds; a real import takes one or two
FIXTURES = ROOT / "tests" / "import_fixtures"
TEXT = (FIXTURES / "short-notice.txt").read_text(encoding="utf-8")
LINES = TEXT.splitlines()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _limited():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _import(source: Path, data: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, "-m", "disclosure_site.importer", "--check", "--data-dir", str(data),
                               "--", str(source), "notice"], cwd=ROOT, capture_output=True, text=True,
                              timeout=TIMEOUT, preexec_fn=_limited)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the import ran longer than {TIMEOUT} s")


# ---------------------------------------------------------------- .docx

def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _document(body: str | None = None, prolog: str = "") -> bytes:
    body = "".join(_paragraph(line) for line in LINES) if body is None else body
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>').encode("utf-8")


def _base_parts() -> dict[str, bytes]:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] = _document()
    return parts


def _docx(path: Path, parts: dict[str, bytes | None] | None = None, drop: tuple[str, ...] = ()) -> Path:
    files = _base_parts() | (parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in files.items():
            if name not in drop and content is not None:
                package.writestr(name, content)
    return path


def _spaces_bomb(path: Path, megabytes: int = 400) -> Path:
    """A few hundred KB that unpack to `megabytes` of spaces inside word/document.xml."""
    head, tail = _document().split(b"<w:body>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, content in _base_parts().items():
            if name != "word/document.xml":
                package.writestr(name, content)
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head + b"<w:body>")
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
            part.write(tail)
    return path


def _stated_size(path: Path, size: int) -> Path:
    """A small document.xml whose zip entry states `size` bytes (3 GB): the sizes are the zip's word,
    and what it says is checked before anything is unpacked."""
    _docx(path)
    raw = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # Each central directory entry starts PK\1\2; its uncompressed size is 24 bytes in, its name 46 bytes in.
    at = raw.find(b"PK\x01\x02")
    while raw[at + 46: at + 46 + int.from_bytes(raw[at + 28: at + 30], "little")] != name:
        at = raw.find(b"PK\x01\x02", at + 46)
    raw[at + 24: at + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    return path


def _many_parts(path: Path) -> Path:
    _docx(path, {f"word/media/x{n}.xml": b"<x/>" for n in range(3000)})
    return path


def _nested_xml(depth: int) -> bytes:
    return _document(body=_paragraph(LINES[0]) + "<w:sdt><w:sdtContent>" * depth + "</w:sdtContent></w:sdt>" * depth)


LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
          + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)) + "]>")
EXTERNAL = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'

DOCX = {
    "not a zip at all": lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 4000), p)[1],  # an old .doc / encrypted file
    "a zip of nothing": lambda p: (zipfile.ZipFile(p, "w").close(), p)[1],
    "cut short": lambda p: (p.write_bytes(_docx(p).read_bytes()[:3000]), p)[1],
    "no document part": lambda p: _docx(p, drop=("word/document.xml",)),
    "no content types": lambda p: _docx(p, drop=("[Content_Types].xml",)),
    "no package relationships": lambda p: _docx(p, drop=("_rels/.rels",)),
    "no document relationships": lambda p: _docx(p, drop=("word/_rels/document.xml.rels",)),
    "a document without a body": lambda p: _docx(p, {"word/document.xml": _document().split(b"<w:body>")[0] + b"</w:document>"}),
    "a document that is not XML": lambda p: _docx(p, {"word/document.xml": b"<w:document"}),
    "a document that is not Word's XML": lambda p: _docx(p, {"word/document.xml": b"<html><body>x</body></html>"}),
    "styles that are not XML": lambda p: _docx(p, {"word/styles.xml": b"\xff\xfe<<<"}),
    "content types that are not XML": lambda p: _docx(p, {"[Content_Types].xml": b"not xml"}),
    "the main part of another type": lambda p: _docx(p, {"[Content_Types].xml": _base_parts()["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"presentationml.presentation.main+xml")}),
    "relationships to a missing part": lambda p: _docx(p, drop=("word/styles.xml",)),
    "entities that multiply (billion laughs)": lambda p: _docx(p, {"word/document.xml": _document(
        body=_paragraph(LINES[0]) + _paragraph("&j;"), prolog=LAUGHS)}),
    "an external entity": lambda p: _docx(p, {"word/document.xml": _document(body=_paragraph("&secret;"), prolog=EXTERNAL)}),
    "XML nested ten thousand deep": lambda p: _docx(p, {"word/document.xml": _nested_xml(10_000)}),
    "400 MB of spaces in 400 KB": _spaces_bomb,
    "3 GB stated for one part": lambda p: _stated_size(p, 3 * 1024**3),
    "three thousand parts": _many_parts,
    "a table with rows of nothing": lambda p: _docx(p, {"word/document.xml": _document(
        body="".join(_paragraph(line) for line in LINES) + "<w:tbl><w:tr></w:tr><w:tr><w:tc></w:tc></w:tr></w:tbl>")}),
    "a paragraph of a million characters": lambda p: _docx(p, {"word/document.xml": _document(
        body=_paragraph(LINES[0]) + _paragraph("很" * 1_000_000) + "".join(_paragraph(line) for line in LINES[1:]))}),
}

# ---------------------------------------------------------------- .html


def _page(inner: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{inner}</body></html>"


_PARAS = "".join(f"<p>{line}</p>" for line in LINES)
_FILLER = "<p>" + "整改" * 1250 + "</p>"

HTML = {
    "two hundred nested content divs": lambda: _page('<div class="content">' * 200 + _PARAS + "</div>" * 200),
    "two hundred nested content divs, each with text": lambda: _page(
        "".join(f'<div class="content">{_FILLER}' for _ in range(200)) + _PARAS + "</div>" * 200),
    "a hundred thousand nested divs": lambda: _page("<div>" * 100_000 + _PARAS + "</div>" * 100_000),
    "two hundred nested articles": lambda: _page("<article>" * 200 + _PARAS + "</article>" * 200),
    "ninety nested content divs, each with text": lambda: _page(
        "".join(f'<div class="content">{_FILLER}' for _ in range(90)) + _PARAS + "</div>" * 90),
    "a paragraph of a million characters": lambda: _page(_PARAS + "<p>" + "很" * 1_000_000 + "</p>"),
    "two hundred thousand empty paragraphs": lambda: _page(_PARAS + "<p></p>" * 200_000),
    "a charset no page has": lambda: _page(_PARAS, '<meta charset="undefined">'),
    "the idna charset": lambda: _page(_PARAS, '<meta charset="idna">'),
    "a charset that is a compressor": lambda: _page(_PARAS, '<meta charset="zlib">'),
    "markup that never closes": lambda: "<html><body><div><p><span><table><tr><td>" + "<b>" * 5000 + TEXT,
    "nothing but a script": lambda: _page("<script>" + "x" * 100_000 + "</script>"),
    "binary junk": lambda: bytes(range(256)) * 400,
    "a comment that never ends": lambda: _page(_PARAS) + "<!--" + "x" * 100_000,
}

# ---------------------------------------------------------------- .txt

TXT = {
    "a paragraph of a million characters": lambda: TEXT.replace("全区12个", "全区" + "很" * 1_000_000 + "12个"),
    "thirty MB in one paragraph": lambda: TEXT.replace("全区12个", "全区" + "很" * 10_000_000 + "12个"),
    "ten million line breaks": lambda: TEXT + "\n" * 10_000_000,
    "control characters only": lambda: "\x00\x01\x1b\x07\x7f" * 1000,
    "binary junk": lambda: bytes(range(256)) * 400,
    "a byte-order mark and half a character": lambda: b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\x00",
    "three MB of text": lambda: TEXT + ("一是建立台账。\n" * 150_000),
}


def _write(path: Path, content) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _assert_refused_cleanly(result: subprocess.CompletedProcess, data: Path) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output and "程序内部错误" not in output, output[-2000:]
    assert "导入失败" in result.stderr and "未写入任何文件" in result.stderr, result.stderr[-2000:]
    assert not data.exists()


def _assert_imported_or_refused_cleanly(result: subprocess.CompletedProcess, data: Path) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "程序内部错误" not in output, output[-2000:]
    if result.returncode == 0:  # read as the announcement it holds (what is spoiled is not needed)
        assert "问题:6 个" in result.stdout, result.stdout[-2000:]
    else:
        _assert_refused_cleanly(result, data)


@pytest.mark.parametrize("name", DOCX)
def test_a_spoiled_word_file_imports_or_is_refused_within_bounds(tmp_path, name):
    source = DOCX[name](tmp_path / "通报.docx")
    _assert_imported_or_refused_cleanly(_import(source, tmp_path / "data"), tmp_path / "data")


@pytest.mark.parametrize("name", HTML)
def test_a_spoiled_web_page_imports_or_is_refused_within_bounds(tmp_path, name):
    source = _write(tmp_path / "通报.html", HTML[name]())
    _assert_imported_or_refused_cleanly(_import(source, tmp_path / "data"), tmp_path / "data")


@pytest.mark.parametrize("name", TXT)
def test_a_spoiled_text_file_is_refused_within_bounds(tmp_path, name):
    source = _write(tmp_path / "通报.txt", TXT[name]())
    result = _import(source, tmp_path / "data")
    _assert_refused_cleanly(result, tmp_path / "data")


@pytest.mark.parametrize("name, words", [
    ("400 MB of spaces in 400 KB", ("解压后有 400.0 MB", "16.0 MB 的上限", "另存为")),
    ("an external entity", ("DTD",)),
    ("not a zip at all", ("不是有效的 Word", "另存为")),
    ("XML nested ten thousand deep", ("嵌套过深",)),
    ("3 GB stated for one part", ("解压后有 3072.0 MB", "上限")),
    ("three thousand parts", ("超过 1000 个的上限",)),
    ("entities that multiply (billion laughs)", ("DTD",)),
    ("a document without a body", ("不是完整有效的 Word", "另存为")),
    ("a paragraph of a million characters", ("第 2 段有 1,000,000 个字", "20,000 字的上限", "分好段")),
])
def test_each_refusal_says_which_limit_and_what_to_do(tmp_path, name, words):
    result = _import(DOCX[name](tmp_path / "通报.docx"), tmp_path / "data")
    for word in words:
        assert word in result.stderr, result.stderr


def test_html_and_text_refusals_say_which_limit(tmp_path):
    page = _import(_write(tmp_path / "a.html", HTML["two hundred nested content divs"]()), tmp_path / "data")
    assert "嵌套超过 100 层" in page.stderr and ".txt" in page.stderr, page.stderr
    text = _import(_write(tmp_path / "a.txt", TXT["thirty MB in one paragraph"]()), tmp_path / "data")
    assert "16.0 MB 的上限" in text.stderr, text.stderr
    long = _import(_write(tmp_path / "b.txt", TXT["a paragraph of a million characters"]()), tmp_path / "data")
    assert "20,000 字的上限" in long.stderr and "第 4 行" in long.stderr, long.stderr


def test_the_unspoiled_files_of_the_corpus_import(tmp_path):
    """The corpus spoils files that import: each spoiled one fails for what was done to it."""
    for source in (_docx(tmp_path / "通报.docx"), _write(tmp_path / "通报.html", _page(_PARAS)),
                   _write(tmp_path / "通报.txt", TEXT)):
        result = _import(source, tmp_path / "data")
        assert result.returncode == 0 and "问题:6 个" in result.stdout, result.stdout + result.stderr


def test_a_nul_or_an_escape_in_a_heading_is_dropped_and_the_rest_imports(tmp_path):
    source = _write(tmp_path / "通报.txt", TEXT.replace("文物安全", "文物\x00安\x1b全", 1))
    data = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "disclosure_site.importer", "--data-dir", str(data), "--",
                             str(source), "notice"], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    heading = (data / "notice" / "items" / "02.yml").read_text(encoding="utf-8")
    assert "关于文物安全巡查不及时的问题" in heading and "\\0" not in heading and "\\e" not in heading
