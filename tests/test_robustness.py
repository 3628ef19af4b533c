"""Whatever the data holds, the published site stays whole and safe: reproducible builds,
no broken link, hostile text only ever text (checked in Chromium), and no traceback for any
document hypothesis can think of."""
import gzip
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import DISCLOSURE_ID, FIXTURE_DATA, build_site, serve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_site.read.errors import DataError, DataErrors
from disclosure_site.check.run import load_site
from disclosure_site.content.forge import Forge
from disclosure_site.content.page_content import render_item
from disclosure_site.content.site_data import SiteData
from disclosure_site.history.revisions import NO_HISTORY


def test_the_same_commit_builds_byte_identical_sites(site, tmp_path):
    again = build_site(site.project, tmp_path / "again")
    assert again.returncode == 0, again.output
    first = {p.relative_to(site.site): p.read_bytes() for p in site.site.rglob("*") if p.is_file()}
    second = {p.relative_to(again.site): p.read_bytes() for p in again.site.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    differing = [str(p) for p in first if first[p] != second[p]]
    assert not differing, differing


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {el["id"] for el in soup.find_all(id=True)}
    return cache[path]


def test_no_internal_link_or_anchor_is_broken(site):
    ids: dict = {}
    broken = []
    pages = sorted(site.site.rglob("*.html"))
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["a", "link", "script", "img"]):
            target = element.get("href") or element.get("src")
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
                continue  # mailto:, tel:, https: and data: are not files of this site
            url = urlsplit(target)
            base = site.site if url.path.startswith("/") else page.parent
            resolved = (base / unquote(url.path).lstrip("/")) if url.path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append((str(page.relative_to(site.site)), target))
                continue
            if url.fragment and resolved.suffix == ".html" and unquote(url.fragment) not in _ids(resolved, ids):
                broken.append((str(page.relative_to(site.site)), target))
    assert len(pages) > 30
    assert not broken, broken[:10]


# ---------------------------------------------------------------- hostile text

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "<svg/onload=window.__xss=1>",
    "\"><script>window.__xss=1</script>",
    "'><img src=x onerror=window.__xss=1>",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "<a href=\"javascript:window.__xss=1\">点我</a>",
    "<body onload=window.__xss=1>",
    "<math><mi xlink:href=\"javascript:window.__xss=1\">x</mi></math>",
    "<style>@import 'https://evil.invalid/x.css';</style>",
    "<IMG SRC=\"jav&#x09;ascript:window.__xss=1\">",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "<<SCRIPT>window.__xss=1//<</SCRIPT>",
    "{{ 7*7 }}{% raw %}{# x #}${window.__xss=1}",
    "`+window.__xss=1+`",
    "--><script>window.__xss=1</script><!--",
    "İǄ㈱ﬁ\u200b\ufeff",  # characters whose lower or plain form is longer than one character
]
HOSTILE = "".join(PAYLOADS)


def _hostile_project(target: Path) -> Path:
    """A copy of the project with the payloads in every text field of the data."""
    from conftest import copy_project

    project = copy_project(target)
    folder = project / "data" / DISCLOSURE_ID
    disclosure = yaml.safe_load((folder / "disclosure.yml").read_text(encoding="utf-8"))
    for key in ("title", "body", "source", "measures_label"):
        disclosure[key] += HOSTILE
    for key in ("opening", "closing"):
        disclosure[key] = [p + HOSTILE for p in disclosure[key]]
    disclosure["inspection"]["team"] += HOSTILE
    for part in disclosure["parts"]:
        part["heading"] += HOSTILE
        part["marker"] = HOSTILE + part["marker"]
        if "paragraphs" in part:
            part["paragraphs"] = [p + HOSTILE for p in part["paragraphs"]]
    disclosure["groups"] = [{"marker": HOSTILE, "heading": HOSTILE, "paragraphs": [HOSTILE]}]
    disclosure["contact"]["address"] += HOSTILE  # the closing line ends with the address: still in the text
    (folder / "disclosure.yml").write_text(yaml.safe_dump(disclosure, allow_unicode=True), encoding="utf-8")
    for path in sorted((folder / "items").glob("*.yml"))[:6]:
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        item["problem"] += HOSTILE
        item["heading"] = f"关于“{item['problem']}”的问题"
        item["measures"] = [m + HOSTILE + f"《{HOSTILE}》" for m in item["measures"]]
        for figure in item.get("figures", []):
            figure["clause"] = next(m for m in item["measures"] if f"{figure['value']}{figure['unit']}" in m)
            figure["label"] = HOSTILE  # a span of its clause, which now ends with the payloads
            figure["period"] = HOSTILE
            figure.pop("previous", None)
        item["citations"] = item.get("citations", []) + [{"title": HOSTILE, "number": HOSTILE}]
        item["tags"] = item.get("tags", []) + [PAYLOADS[0]]
        item["group"] = 1
        item["subproblems"] = [{"marker": HOSTILE, "heading": HOSTILE, "measures": [HOSTILE]}]
        item["status"], item["status_text"] = "已完成", HOSTILE
        path.write_text(yaml.safe_dump(item, allow_unicode=True), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile_site():
    workdir = Path(tempfile.mkdtemp(prefix="hostile-"))
    project = _hostile_project(workdir / "project")
    built = build_site(project, workdir / "site")
    assert built.returncode == 0, built.output
    yield built
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.mark.browser
def test_no_script_from_the_data_runs_on_any_page(browser, hostile_site):
    server, origin = serve(hostile_site.site)
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    try:
        urls = sorted(p.relative_to(hostile_site.site).parent.as_posix() for p in hostile_site.site.rglob("index.html"))
        assert len(urls) > 30
        for url in urls:
            page.goto(f"{origin}/{'' if url == '.' else url + '/'}", wait_until="networkidle")
            assert page.evaluate("() => window.__xss") is None, url
        # The search box draws results from the index: search for the payloads too.
        page.goto(f"{origin}/")
        page.click(".md-search__input")
        page.keyboard.type("组织学习")  # item 1, whose title and text carry every payload
        page.wait_for_function(
            "() => document.querySelector('[data-dp-search]').getAttribute('data-dp-results-for') === '组织学习'")
        titles = page.locator(".md-search-result__article h2").all_text_contents()
        assert any(HOSTILE in title for title in titles), titles  # shown as text
        page.locator(".md-search-result__link").first.click()  # the page with the words marked
        page.wait_for_selector("article mark", state="attached")
        assert page.evaluate("() => window.__xss") is None
    finally:
        page.close()
        server.shutdown()
    assert not dialogs
    assert not [u for u in requests if "evil.invalid" in u]


def test_hostile_text_is_text_in_every_output(hostile_site):
    site = hostile_site.site
    item = BeautifulSoup((site / DISCLOSURE_ID / "01" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert HOSTILE in item.find("article").get_text()
    assert HOSTILE in item.title.get_text()
    assert any(HOSTILE in m.get("content", "") for m in item.find_all("meta"))
    assert any(HOSTILE in a.get_text() for a in item.select(".md-nav__link"))
    assert not item.find_all("script", string=re.compile("__xss"))
    assert not item.find("iframe") and not item.select("img[onerror]") and not item.select("[onload]")
    records = json.loads((site / "open-data" / "disclosures.json").read_text(encoding="utf-8"))
    first = next(r for r in records["disclosures"][0]["items"] if r["data"]["number"] == 1)
    assert first["data"]["problem"].endswith(HOSTILE)
    import csv

    rows = list(csv.DictReader((site / "open-data" / "items.csv").read_text(encoding="utf-8-sig").splitlines()))
    rows = [row for row in rows if row["序号"] == "1"]
    assert rows[0]["问题"].endswith(HOSTILE) and rows[0]["发布单位"].endswith(HOSTILE)
    ET.fromstring((site / "feed.xml").read_bytes())  # still well-formed XML
    # The search index keeps the text as plain text (search.js shows it as text, never as HTML).
    fragments = [gzip.decompress(p.read_bytes())[12:] for p in (site / "pagefind" / "fragment").glob("*")]
    records = {r["url"]: r["meta"] for r in map(json.loads, fragments)}
    assert HOSTILE in records[f"{DISCLOSURE_ID}/01/"]["title"] and HOSTILE in records[f"{DISCLOSURE_ID}/01/"]["text"]


# ---------------------------------------------------------------- any document at all

_DISCLOSURE = (FIXTURE_DATA / DISCLOSURE_ID / "disclosure.yml").read_text(encoding="utf-8")
_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
_value = st.one_of(st.none(), st.booleans(), st.integers(-5, 5000), st.floats(allow_nan=False), _text,
                   st.lists(_text, max_size=3), st.dictionaries(_text, _text, max_size=2))


@st.composite
def item_documents(draw):
    problem = draw(_text)
    document = {
        "number": 1,
        "heading": f"关于“{problem}”的问题",
        "problem": problem,
        "measures": draw(st.lists(_text, min_size=1, max_size=4)),
    }
    if draw(st.booleans()):
        words = [m[:2] for m in document["measures"] if m.strip()]
        if words:
            document["tags"] = list(dict.fromkeys(words))
    if draw(st.booleans()):  # break it: a wrong value, an unknown field, or a missing one
        key = draw(st.sampled_from(["number", "heading", "problem", "measures", "figures", "status", "deadline", "extra"]))
        if draw(st.booleans()):
            document[key] = draw(_value)
        else:
            document.pop(key, None)
    return document


def check_item_document(document: dict, render=render_item, load=load_site) -> None:
    """One item file through the real loader and page: either every one of its texts is on its page,
    or it is refused with errors that each name the file, a line and say in Chinese what is wrong."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        (data / "x" / "items").mkdir(parents=True)
        (data / "x" / "disclosure.yml").write_text(_DISCLOSURE, encoding="utf-8")
        (data / "x" / "items" / "01.yml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        try:
            site = load(data)
        except DataErrors as exc:
            for error in exc.errors:
                assert error.file.name == "01.yml" and error.line, str(error)
                assert re.search(r"[\u4e00-\u9fff]", error.message), str(error)
            return
        html = render(SiteData(site, NO_HISTORY, Forge()), "x", 1)
        shown = BeautifulSoup(html, "html.parser").get_text()
        # Every word is shown; the control characters no reader sees are not (read/text.py).
        squash = lambda s: re.sub(r"\s+", "", _CONTROL.sub("", s))  # noqa: E731
        assert not _CONTROL.search(html), html
        for text in [document["heading"], *document["measures"]]:
            assert squash(text) in squash(shown), text


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=item_documents())
def test_any_item_document_is_accepted_and_shown_or_rejected_clearly(document):
    check_item_document(document)


def test_the_document_check_fails_when_a_page_drops_text_or_an_error_names_no_line():
    document = {"number": 1, "heading": "关于“甲”的问题", "problem": "甲", "measures": ["一是建立台账。", "二是逐项销号。"]}
    check_item_document(document)  # a good document passes

    def drops_the_last_measure(data, disclosure_id, number):
        return render_item(data, disclosure_id, number).replace("二是逐项销号。", "")

    with pytest.raises(AssertionError):
        check_item_document(document, render=drops_the_last_measure)

    def refuses_without_a_line(data):
        raise DataErrors([DataError(data / "x" / "items" / "01.yml", None, "problem", "问题没有出现在标题中。")])

    with pytest.raises(AssertionError):
        check_item_document(document, load=refuses_without_a_line)  # refused, but the error names no line
