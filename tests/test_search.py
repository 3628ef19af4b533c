"""Search as a reader uses it, in a real browser (Debian's chromium via playwright): the box in the header,
answered from the Pagefind index that disclosure_site/post/search_index.py builds from the finished pages.

Every test reads the site from the `search_site` / `search_origin` fixtures below: point them at another
built site (a fixture under tests/fixtures/) and the tests follow. The word sample is drawn from that
site's own pages, so it follows too."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import DISCLOSURE_ID, axe_violations, build_site, copy_project, serve

from disclosure_site.post.search_index import read_site, tokens

SAMPLE_SEED = int(os.environ.get("SEARCH_SAMPLE_SEED", "20241127"))
SAMPLE_SIZE = 40
CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+\Z")


@pytest.fixture(scope="module")
def search_site(site):
    """The built site the search tests run against."""
    return site


@pytest.fixture(scope="module")
def search_origin(origin):
    """Where search_site is served over http."""
    return origin


# ---------------------------------------------------------------- helpers

def _search(page, query: str, every_page: bool = False) -> list[str]:
    """Type a query into the header box as a reader would; the paths of the results, best first
    (the first ten shown, or with every_page all of them, pressing 显示更多结果 as often as it is there)."""
    page.click(".md-search__input")
    page.fill(".md-search__input", "")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('[data-dp-search]').getAttribute('data-dp-results-for') === q",
        arg=query, timeout=15000,
    )
    while every_page and page.locator(".dp-search-more").is_visible():
        shown = page.locator(".md-search-result__item").count()
        page.click(".dp-search-more")
        page.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length > n", arg=shown)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => new URL(a.href).pathname)")


def _status(page) -> str:
    return page.inner_text(".md-search-result__meta")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _pages_text(site: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The text readers search, from the built pages: {item path: heading + measures} for every item, and
    {path: article text} for every other page except the 原文 and 更新日志 (left out of search by design)."""
    items, others = {}, {}
    for path in sorted(site.rglob("index.html")):
        url = "/" + path.parent.relative_to(site).as_posix().strip(".") + "/"
        url = url.replace("//", "/")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.md-content__inner")
        if article is None or url.endswith(("/original/", "/changes/")):
            continue
        measures = article.select_one("ul.dp-measures")
        if measures is not None:
            # Each measure as one line: its marked sentences and amounts (spans) are inline, read as one text.
            lines = [article.find("h1").get_text()] + [li.get_text() for li in article.select("ul.dp-measures > li")]
            items[url] = _fold("\n".join(lines))
        else:
            others[url] = _fold(article.get_text("\n"))
    return items, others


def word_sample(site: Path, seed: int = SAMPLE_SEED, size: int = SAMPLE_SIZE) -> list[tuple[str, str]]:
    """(word, item path): strings of 2 to 8 Chinese characters drawn at random from the items' text,
    each occurring in exactly one item and on no other searchable page. Seeded: the same site gives the
    same sample, and it covers words nobody thought of (not only dictionary words)."""
    items, others = _pages_text(site)
    rng = random.Random(seed)
    urls = sorted(items)
    sample: dict[str, str] = {}
    for _ in range(size * 200):
        if len(sample) == size:
            break
        url = rng.choice(urls)
        text = items[url]
        length = rng.randint(2, 8)
        start = rng.randrange(0, max(1, len(text) - length))
        word = text[start:start + length]
        if len(word) != length or not CJK.match(word) or word in sample:
            continue
        if sum(word in t for t in items.values()) == 1 and not any(word in t for t in others.values()):
            sample[word] = url
    assert len(sample) == size, f"only {len(sample)} words occur in exactly one item"
    return sorted(sample.items())




@pytest.fixture
def desktop(browser, search_origin):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(search_origin + "/")
    yield page
    page.close()


# ---------------------------------------------------------------- what is indexed

def test_only_the_items_and_the_text_around_them_are_indexed(search_site):
    urls = {record.url for record in read_site(search_site.site)}  # what the build hands Pagefind
    items, _ = _pages_text(search_site.site)
    assert {u.lstrip("/") for u in items} <= urls
    assert "" in urls  # the disclosure's own text (opening, parts) is on its home page
    assert not [u for u in urls if u.endswith(("original/", "changes/", "tags/", "about/"))], urls


def test_the_sample_is_drawn_from_the_whole_text_not_a_dictionary(search_site):
    # The sample is what the search test below types: it must reach across items and word boundaries.
    sample = word_sample(search_site.site)
    assert len({url for _, url in sample}) >= 10
    assert len({len(word) for word, _ in sample}) >= 5
    assert sample == word_sample(search_site.site)  # seeded: the same every run


# ---------------------------------------------------------------- the same words on both sides

SEARCH_JS = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "javascripts" / "search.js"


def _javascript_tokens(page, texts: list[str], site: Path) -> list[list[str]]:
    """search.js's own fold, runs and spell (the part between its two markers), run in the browser on
    each text with the fold table the build wrote, cut into pairs the way the index cuts the page text."""
    source = SEARCH_JS.read_text(encoding="utf-8")
    start, end = source.index("var simplified = {};"), source.index("/* One word of the query as a Pagefind query")
    table = json.loads((site / "pagefind" / "dp-fold.json").read_text(encoding="utf-8"))
    return page.evaluate("""([code, texts, table]) => {
        const tokens = new Function("table", code + "; Array.from(table.from).forEach((c, i) => { " +
          "simplified[c] = Array.from(table.to)[i]; }); return text => runs(text).flatMap(run => " +
          "Array.from(run).map((c, i, chars) => spell(chars.slice(i, i + 2).join(''))));")(table);
        return texts.map(tokens);
    }""", [source[start:end], texts, table])


@pytest.mark.browser
def test_the_browser_cuts_words_as_the_index_does(desktop, search_site):
    """A query is cut in the browser (search.js) and the pages by the build (search_index.py): the two
    must agree on every character, or words the text holds are not found."""
    items, others = _pages_text(search_site.site)
    rng = random.Random(20261201)
    planes = [(0x20, 0x2FFF), (0x3000, 0x9FFF), (0xAC00, 0xD7FF), (0xE000, 0xFFEF), (0x10000, 0x3FFFF)]

    def assigned_or_chinese(code: int) -> bool:
        """Characters this Python's Unicode (14.0) knows, and Chinese ones it may not know yet. (A code
        point assigned only later, outside the Chinese blocks, is junk in a disclosure.)"""
        return unicodedata.category(chr(code)) != "Cn" or 0x20000 <= code <= 0x3FFFF

    codes = (rng.randint(*rng.choice(planes)) for _ in range(20000))
    samples = list(items.values()) + list(others.values()) + [
        "ＡＢＣ５Ｇ＋全角 İstanbul Ǆǅǆŉΐﬁ㈱㍿ ㋿ 𠮷野家 ①②③ Ⅻ 한국어 ١٢٣ ٠ 𝟘𝟙 e\u0301 \u200b\ufeff 2024年12月31日",
        "扩展H与I的汉字:\U00031350\U000323af\U0002ebf0\U0002ee5d,和扩展B的𠀀𪛟",  # CJK Ext. H, I: after Unicode 14
        "繁體字:軟件開發、臺灣與台灣、裡與裏、衞生、著作、乾隆與幹部、後來",  # folded to simplified on both sides
        # Code points from every plane in use (no lone surrogates: they are not text), as one long text.
        "".join(chr(code) for code in codes if assigned_or_chinese(code))[:4000],
    ]
    browser_tokens = _javascript_tokens(desktop, samples, search_site.site)
    for text, theirs in zip(samples, browser_tokens):
        ours = tokens(text)
        first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
        assert theirs == ours, (text[:40], first, ours[first:first + 3], theirs[first:first + 3])


# ---------------------------------------------------------------- finding

@pytest.mark.browser
def test_every_word_of_the_sample_finds_its_item_first(desktop, search_site):
    missed = []
    for word, url in word_sample(search_site.site):
        results = _search(desktop, word)
        if not results or results[0] != url:
            missed.append((word, url, results[:3]))
    assert not missed, missed


@pytest.mark.browser
@pytest.mark.parametrize("query,number", [
    ("人工智能", "04"), ("应收账款", "24"), ("新能源汽车", "07"), ("工业上楼", "12"), ("低空经济", "16"), ("商业航天", "18"),
    # The words of issue 12, which a segmenter cut into common words and ranked below other items.
    ("工业母机", "16"), ("研发人员", "02"), ("分级分类", "03"), ("产业基地", "18"),
])
def test_chinese_search_finds_the_item_first(desktop, query, number):
    results = _search(desktop, query)
    assert results[0] == f"/{DISCLOSURE_ID}/{number}/", results[:5]
    assert f"/{DISCLOSURE_ID}/original/" not in results  # the 原文 repeats every item: kept out


@pytest.mark.browser
def test_several_words_narrow_the_results_to_items_holding_all_of_them(desktop, search_site):
    items, _ = _pages_text(search_site.site)
    either = set(_search(desktop, "产业", True)) | set(_search(desktop, "政策", True))
    both = _search(desktop, "产业 政策", True)
    holding_both = {url for url, text in items.items() if "产业" in text and "政策" in text}
    assert holding_both and holding_both <= set(both) < either
    for url in both:
        assert url not in items or ("产业" in items[url] and "政策" in items[url]), url
    # Punctuation separates words as a space does.
    assert _search(desktop, "产业,政策", True) == both
    assert f"找到 {len(both)} 个" in _status(desktop)


@pytest.mark.browser
def test_no_match_says_so_and_offers_to_drop_a_word(desktop):
    assert _search(desktop, "人工智能 应收账款") == []  # each alone is found, never together
    assert "没有找到" in _status(desktop)
    suggestions = desktop.locator(".dp-search-suggestion")
    assert suggestions.all_inner_texts() == ["应收账款", "人工智能"]
    suggestions.first.click()
    desktop.wait_for_function(
        "() => document.querySelector('[data-dp-search]').getAttribute('data-dp-results-for') === '应收账款'")
    first = desktop.eval_on_selector(".md-search-result__link", "a => new URL(a.href).pathname")
    assert first == f"/{DISCLOSURE_ID}/24/"
    assert _search(desktop, "完全不存在的说法") == [] and "没有找到" in _status(desktop)
    # One word: nothing to drop; only shorter words of it that the text holds, or a hint to say it another way.
    offered = desktop.locator(".dp-search-suggestion").all_inner_texts()
    assert all(word in "完全不存在的说法" for word in offered), offered
    assert offered or "换一个说法" in desktop.inner_text(".dp-search-suggest")


@pytest.mark.browser
@pytest.mark.parametrize("full_width,half_width", [("５Ｇ", "5G"), ("５ｇ", "5G"), ("ＧＤＰ", "GDP"), ("gdp", "GDP")])
def test_full_width_and_half_width_forms_find_the_same_items(desktop, full_width, half_width):
    expected = _search(desktop, half_width)
    assert expected, half_width
    assert _search(desktop, full_width) == expected


@pytest.mark.browser
def test_a_result_shows_a_snippet_with_the_words_marked_and_opens_with_them_marked(desktop):
    _search(desktop, "研发人员")
    marks = desktop.locator(".md-search-result__item").first.locator("p mark").all_inner_texts()
    assert marks and set(marks) == {"研发人员"}
    desktop.locator(".md-search-result__link").first.click()
    desktop.wait_for_url(re.compile(rf"/{DISCLOSURE_ID}/02/\?h="))
    desktop.wait_for_selector("article mark")
    assert set(desktop.locator("article mark").all_inner_texts()) == {"研发人员"}
    assert desktop.evaluate("() => document.querySelector('article mark').getBoundingClientRect().top") < 900


# ---------------------------------------------------------------- several disclosures

@pytest.fixture(scope="module")
def two_disclosures(tmp_path_factory):
    """A site with a second disclosure: the same items, published by another body."""
    project = copy_project(tmp_path_factory.mktemp("two") / "project")
    second = project / "data" / "wuhan-second-2025"
    shutil.copytree(project / "data" / DISCLOSURE_ID, second)
    disclosure = yaml.safe_load((second / "disclosure.yml").read_text(encoding="utf-8"))
    disclosure["body"] = "武汉市另一单位"
    (second / "disclosure.yml").write_text(yaml.safe_dump(disclosure, allow_unicode=True), encoding="utf-8")
    built = build_site(project, project / "site")
    assert built.returncode == 0, built.output
    server, origin = serve(built.site)
    yield origin
    server.shutdown()


@pytest.mark.browser
def test_with_several_disclosures_each_result_names_its_disclosure(browser, two_disclosures):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(two_disclosures + "/")
    results = _search(page, "研发人员")
    names = page.locator(".dp-search-source").all_inner_texts()
    page.close()
    assert sorted(results) == [f"/{DISCLOSURE_ID}/02/", "/wuhan-second-2025/02/"]
    assert sorted(names) == sorted(["武汉市经济和信息化局 · 集中整改进展情况", "武汉市另一单位 · 集中整改进展情况"])


@pytest.mark.browser
def test_with_one_disclosure_results_do_not_repeat_its_name(desktop):
    _search(desktop, "研发人员")
    assert desktop.locator(".dp-search-source").count() == 0


# ---------------------------------------------------------------- keyboard, screen readers, network

@pytest.mark.browser
def test_the_keyboard_alone_opens_searches_and_opens_a_result(desktop):
    desktop.keyboard.press("Control+k")
    assert desktop.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    desktop.keyboard.type("工业母机")
    desktop.wait_for_function(
        "() => document.querySelector('[data-dp-search]').getAttribute('data-dp-results-for') === '工业母机'")
    assert "找到 2 个" in _status(desktop)  # the live region a screen reader announces
    desktop.keyboard.press("ArrowDown")
    assert desktop.evaluate("() => new URL(document.activeElement.href).pathname") == f"/{DISCLOSURE_ID}/16/"
    desktop.keyboard.press("ArrowUp")
    assert desktop.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    desktop.keyboard.press("Escape")
    assert not desktop.evaluate("() => document.getElementById('__search').checked")
    desktop.keyboard.press("Control+k")
    desktop.keyboard.press("Enter")  # Enter opens the first result
    desktop.wait_for_url(re.compile(rf"/{DISCLOSURE_ID}/16/\?h="))


@pytest.mark.browser
def test_axe_finds_nothing_in_the_open_search_with_results(browser, search_origin):
    for viewport in ({"width": 1280, "height": 900}, {"width": 412, "height": 915}):
        page = browser.new_page(viewport=viewport)
        page.goto(search_origin + f"/{DISCLOSURE_ID}/06/")
        if viewport["width"] < 600:
            page.click("header label[for=__search]")  # the phone's search button
        _search(page, "产业 政策")
        problems = axe_violations(page)
        page.close()
        assert not problems, (viewport, problems)


@pytest.mark.browser
def test_a_first_visit_fetches_no_index_until_the_reader_opens_search(phone, search_origin):
    phone.goto(f"{search_origin}/{DISCLOSURE_ID}/06/", wait_until="networkidle")
    assert not [u for u in phone.requests if "/pagefind/" in u]
    phone.click("header label[for=__search]")  # the phone's search button
    phone.keyboard.type("工业母机")
    phone.wait_for_function(
        "() => document.querySelector('[data-dp-search]').getAttribute('data-dp-results-for') === '工业母机'")
    assert [u for u in phone.requests if u.endswith("/pagefind/pagefind.js")]
    assert [u for u in phone.requests if "/pagefind/index/" in u]
    assert phone.locator(".md-search-result__item").count() == 2
    foreign = [u for u in phone.requests if not u.startswith((search_origin, "data:", "blob:"))]
    assert not foreign, foreign


@pytest.mark.browser
def test_search_works_when_the_site_lives_in_a_sub_folder(browser, search_site, tmp_path):
    (tmp_path / "gov").mkdir()
    (tmp_path / "gov" / "xuncha").symlink_to(search_site.site, target_is_directory=True)
    server, origin = serve(tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(origin + "/gov/xuncha/")
        results = _search(page, "工业母机")
        assert results[0] == f"/gov/xuncha/{DISCLOSURE_ID}/16/"
        page.locator(".md-search-result__link").first.click()
        page.wait_for_selector("article mark:visible")
        assert page.url.startswith(origin + f"/gov/xuncha/{DISCLOSURE_ID}/16/")
    finally:
        page.close()
        server.shutdown()


# ---------------------------------------------------------------- 繁体, the item number, a hint after a miss

@pytest.mark.browser
@pytest.mark.parametrize("traditional,simplified", [("軟件", "软件"), ("數字化轉型", "数字化转型"), ("應收賬款", "应收账款")])
def test_traditional_characters_find_what_simplified_ones_find(desktop, traditional, simplified):
    expected = _search(desktop, simplified, True)
    assert expected, simplified
    found = _search(desktop, traditional, True)
    assert found == expected and found[0] == expected[0]
    assert f"已按简体字“{simplified}”搜索" in _status(desktop)
    marks = desktop.locator(".md-search-result__item").first.locator("mark").all_inner_texts()
    assert simplified in marks  # the text's own words are marked, found from the traditional query


def test_the_index_folds_traditional_characters_with_opencc_tables():
    from disclosure_site.post.search_index import simplified, tokens

    assert tokens("軟件開發") == tokens("软件开发") and tokens("衞生") == tokens("卫生")
    table = simplified()
    assert len(table) > 3000  # OpenCC's whole table, not a hand-made list
    assert all(table.get(into, into) == into for into in table.values())  # folding twice is folding once


@pytest.mark.browser
def test_each_result_names_its_item_number(desktop):
    _search(desktop, "工业母机")
    titles = desktop.locator(".md-search-result__item h2").all_inner_texts()
    assert titles and titles[0].startswith("第 16 项 ")


@pytest.mark.browser
def test_a_one_word_miss_offers_the_shorter_words_the_text_holds(desktop):
    assert _search(desktop, "工业母机厂房") == []
    suggestions = desktop.locator(".dp-search-suggestion").all_inner_texts()
    assert suggestions and suggestions[0] == "工业母机", suggestions
    desktop.locator(".dp-search-suggestion").first.click()
    desktop.wait_for_function(
        "() => document.querySelector('[data-dp-search]').getAttribute('data-dp-results-for') === '工业母机'")
    assert desktop.eval_on_selector(".md-search-result__link", "a => new URL(a.href).pathname") == f"/{DISCLOSURE_ID}/16/"
    assert _search(desktop, "子虚乌有") == [] and "换一个说法" in desktop.inner_text(".dp-search-suggest")
