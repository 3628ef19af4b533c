"""The search index: a Pagefind bundle (site/pagefind/) made from a built site's pages.

Pagefind splits the index into small chunks, so a reader's search downloads only the few chunks
its words need, whatever the size of the site. Chinese has no spaces between words and no
segmenter knows every name, slogan and abbreviation in the text, so words are not segmented at
all: every run of letters and digits is indexed as overlapping pairs of characters (bigrams).
Any substring of two or more characters is then a chain of consecutive bigrams, which
overrides/assets/javascripts/search.js looks up as an exact (consecutive) Pagefind phrase.

Text is folded the same way on both sides (NFKC, lower case: 5G = 5G, ABC = abc; traditional characters
to simplified: 軟件 = 软件, by OpenCC's own tables, written into the bundle for the browser). Each bigram
is spelled as ASCII (base 36, four digits per character) because Pagefind passes a query through
the browser's Chinese word segmenter, which would cut Chinese bigrams apart.

Which text is indexed is marked in the templates with Pagefind's own attributes:
  data-pagefind-body           the text to index (a page with none is not indexed)
  data-pagefind-ignore         a part inside it to leave out
  data-pagefind-meta="key:value"  shown with a result (e.g. the disclosure's name)
The page's title is its first <h1>. Usage: python -m disclosure_site.post.search_index SITE_DIR
"""
from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import lxml.html
import opencc

from disclosure_site.read.site_layout import SEARCH_INDEX

BUNDLE = SEARCH_INDEX.rstrip("/")
FOLD_TABLE = "dp-fold.json"  # the traditional -> simplified table search.js folds queries with, beside Pagefind's files
# Pagefind writes its ready-made interfaces too; the site uses only its search API, without a worker.
UNUSED_FILES = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js",
                "pagefind-worker.js")
# Tags that start a new line of text: a word never runs across them.
BLOCKS = {"address", "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
          "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "section",
          "table", "td", "th", "tr", "ul"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


# ---------------------------------------------------------------- the tokens (mirrored in search.js)

def fold(char: str) -> str:
    """One character as search compares it: full-width and compatibility forms to their plain form, lower case,
    a traditional character to its simplified form. A character whose plain form is longer (㈱) stays as it is,
    so text and folded text align."""
    plain = unicodedata.normalize("NFKC", char).lower()
    if len(plain) != 1:
        return char  # as search.js does: İ lowers to two characters, so it stays
    return simplified().get(plain, plain)


# The conversions whose tables fold traditional characters: OpenCC's standard one, and those of Hong Kong's
# and Taiwan's variant forms (衞, 裡). Character by character: search compares characters, not words.
OPENCC_CONFIGS = ("t2s", "hk2s", "tw2s")


@cache
def simplified() -> dict[str, str]:
    """Traditional character -> simplified, from the OpenCC package's own dictionaries (PyPI `opencc`):
    every Chinese character the conversions change into one other character. Resolved to the end of
    each chain, so that folding twice is folding once."""
    chars = [chr(code) for low, high in CJK_IDEOGRAPHS for code in range(low, min(high, 0x2FFFF) + 1)]
    table: dict[str, str] = {}
    for config in OPENCC_CONFIGS:
        converted = opencc.OpenCC(config).convert("\n".join(chars)).split("\n")
        for char, into in zip(chars, converted, strict=True):
            if into != char and len(into) == 1 and char not in table:
                table[char] = into
    for char in list(table):
        seen = {char}
        while table[char] in table and table[char] not in seen:
            seen.add(table[char])
            table[char] = table[table[char]]
    return {char: into for char, into in table.items() if unicodedata.normalize("NFKC", char) == char and into != char}


def fold_table_json() -> str:
    """The table as search.js reads it: the traditional characters and their simplified forms, in order."""
    table = simplified()
    return json.dumps({"from": "".join(table), "to": "".join(table.values())}, ensure_ascii=False)


# Chinese characters in the blocks and planes kept for them, whether or not this Python's Unicode
# tables already know them (Python 3.11 knows Unicode 14; CJK Extensions H and I came after): a
# rare character in a name stays part of its word here as in every browser (search.js: the same).
CJK_IDEOGRAPHS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def is_word_char(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char)[0] in "LN" or any(low <= code <= high for low, high in CJK_IDEOGRAPHS)


def runs(text: str) -> list[str]:
    """The runs of letters and digits in the folded text; everything else separates them."""
    found, current = [], []
    for char in map(fold, text):
        if is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def spell(chars: str) -> str:
    """Characters in ASCII: four base-36 digits each (36**4 > the last code point)."""
    return "".join(map(_spelled, chars))


@cache
def _spelled(char: str) -> str:
    n, digits = ord(char), ""
    for _ in range(4):
        n, digit = divmod(n, 36)
        digits = DIGITS[digit] + digits
    return digits


def tokens(text: str) -> list[str]:
    """Each character with the next one in its run (the last one alone), spelled in ASCII."""
    return [spell(run[i:i + 2]) for run in runs(text) for i in range(len(run))]


# ---------------------------------------------------------------- reading the built pages

@dataclass
class Record:
    url: str
    title: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)


class _PageReader:
    """The text of a page's parts marked for search, its first <h1> and its data-pagefind-meta values,
    read from the page's tree (lxml's HTML parser, in C: the pages of a large site are many)."""

    def __init__(self):
        self.body: list[str] = []
        self.title: list[str] | None = None
        self.title_done = False
        self.meta: dict[str, str] = {}

    def read(self, element, in_body: bool = False, ignored: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if tag is not None:
            attributes = element.attrib
            if "data-pagefind-meta" in attributes:
                key, _, value = (attributes["data-pagefind-meta"] or "").partition(":")
                if key.strip() and value.strip():
                    self.meta[key.strip()] = value.strip()
            opens_title = tag == "h1" and self.title is None
            if opens_title:
                self.title = []
            if tag in BLOCKS:
                self.body.append("\n")
            inner_body = in_body or (tag not in VOID and "data-pagefind-body" in attributes)
            inner_ignored = ignored or (tag not in VOID and "data-pagefind-ignore" in attributes)
            self._data(element.text, inner_body, inner_ignored)
            for child in element:
                self.read(child, inner_body, inner_ignored)
            if opens_title:
                self.title_done = True
            if tag in BLOCKS:
                self.body.append("\n")
        self._data(element.tail, in_body, ignored)

    def _data(self, data: str | None, in_body: bool, ignored: bool) -> None:
        if not data:
            return
        if self.title is not None and not self.title_done:
            self.title.append(data)
        if in_body and not ignored:
            self.body.append(data)


def _squeeze(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def read_page(html: str, url: str) -> Record | None:
    """The record of one built page, or None when the page has nothing marked for search.
    Only the page's <article> is read when it has one: the rest is the theme's navigation, most of
    the bytes of a page and none of its content (parsing it tripled the build at 2,500 items)."""
    start, end = html.find("<article"), html.rfind("</article>")
    if 0 <= start < end:
        html = html[start:end + len("</article>")]
    reader = _PageReader()
    reader.read(lxml.html.fromstring(html))
    text = _squeeze("".join(reader.body))
    if not text:
        return None
    title = " ".join("".join(reader.title or []).split())
    return Record(url=url, title=title, text=text, meta=reader.meta)


def read_site(site_dir: Path) -> list[Record]:
    records = []
    for path in sorted(site_dir.rglob("*.html")):
        if BUNDLE in path.relative_to(site_dir).parts:
            continue
        relative = path.relative_to(site_dir).as_posix()
        url = relative[: -len("index.html")] if path.name == "index.html" else relative
        record = read_page(path.read_text(encoding="utf-8"), url)
        if record:
            records.append(record)
    return records


# ---------------------------------------------------------------- writing the bundle

class _Pagefind:
    """Pagefind's indexer run as a service (`pagefind --service`): base64 JSON messages, each ended by a
    comma, on its standard input and output; the protocol of Pagefind's own Python and Node APIs.
    Spoken directly, one message at a time: Pagefind's Python API polls for each answer every 0.1 s,
    which would add four minutes to a site of 2,500 items."""

    def __init__(self):
        from pagefind_bin import get_executable

        self.process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.message_id = 0
        self.buffer = b""

    def send(self, payload: dict) -> dict:
        return self.send_all([payload])[0]

    def send_all(self, payloads: list[dict]) -> list[dict]:
        """Send every message at once and collect the answers as they come: no round trip per
        record. A thread drains the answers so that neither side's pipe can fill and block."""
        answers: list[dict] = []
        failure: list[Exception] = []

        def read_answers():
            try:
                while len(answers) < len(payloads):
                    answers.append(self._read_answer())
            except Exception as exc:  # reported by the caller's thread below
                failure.append(exc)

        reader = threading.Thread(target=read_answers, daemon=True)
        reader.start()
        try:
            for payload in payloads:
                self.message_id += 1
                message = json.dumps({"message_id": self.message_id, "payload": payload}).encode("utf-8")
                self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # pagefind stopped; the reader says why
        reader.join()
        if failure:
            raise failure[0]
        errors = [a for a in answers if a["type"] == "Error"]
        if errors:
            raise RuntimeError(f"搜索索引程序 pagefind 报错:{errors[0]['message']}")
        return answers

    def _read_answer(self) -> dict:
        while b"," not in self.buffer:
            chunk = self.process.stdout.read1(65536)
            if not chunk:
                raise RuntimeError("搜索索引程序 pagefind 意外退出")
            self.buffer += chunk
        answer, _, self.buffer = self.buffer.partition(b",")
        return json.loads(base64.b64decode(answer))["payload"]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def _write(records: list[Record], output: Path) -> None:
    pagefind = _Pagefind()
    try:
        index_id = pagefind.send({"type": "NewIndex", "config": {}})["index_id"]
        # The title is searched too. The readable text travels as meta: results show it
        # as a snippet; the indexed content is only the ASCII bigrams.
        pagefind.send_all([{
            "type": "AddRecord", "index_id": index_id, "url": record.url, "language": "zh",
            "content": " ".join(tokens(record.title + "\n" + record.text)),
            "meta": dict(record.meta, title=record.title, text=record.text),
        } for record in records])
        pagefind.send({"type": "WriteFiles", "index_id": index_id, "output_path": str(output)})
    finally:
        pagefind.close()


def index_site(site_dir: Path) -> int:
    """Write site_dir/pagefind/ from the pages of the built site in site_dir. Returns the number of pages indexed."""
    site_dir = Path(site_dir)
    output = site_dir / BUNDLE
    shutil.rmtree(output, ignore_errors=True)
    records = read_site(site_dir)
    if len({r.meta.get("disclosure") for r in records}) < 2:
        for record in records:  # one disclosure: naming it under every result would say nothing
            record.meta.pop("disclosure", None)
    _write(records, output)
    for pattern in UNUSED_FILES:
        for path in output.glob(pattern):
            path.unlink()
    (output / FOLD_TABLE).write_text(fold_table_json(), encoding="utf-8")
    return len(records)


if __name__ == "__main__":
    print(index_site(Path(sys.argv[1] if len(sys.argv) > 1 else "site")), "pages indexed")
