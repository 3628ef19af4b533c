"""The built site, read as HTML the way a reader would read it."""
import re

import pytest
from conftest import DISCLOSURE_ID, SOURCE_RECORD, squash

SOURCE = SOURCE_RECORD.read_text(encoding="utf-8")
CONTACT = ["027—85319490", "332056170@qq.com", "430023", "武汉市江汉区青年路560号武汉市经济和信息化局"]


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。;])|\n", text)
    return [p.strip() for p in parts if len(p.strip()) > 1]


def test_every_sentence_of_the_source_is_on_the_site(site):
    pages_text = " ".join(squash(page.text) for page in site.pages() if page.content)
    missing = [s for s in _sentences(SOURCE) if squash(s) not in pages_text]
    assert not missing, missing[:5]


def test_every_sentence_of_an_item_is_on_its_own_page(site):
    for number in range(1, 26):
        page = site.page(f"{DISCLOSURE_ID}/{number:02d}")
        block = SOURCE.split(f"\n{number}.", 1)[1].split("\n", 2)[1]  # the 整改情况 line of this item
        for sentence in _sentences(block.removeprefix("整改情况:")):
            assert squash(sentence) in squash(page.text), (number, sentence)


def test_there_are_25_item_pages_with_the_sources_headings(site):
    headings = re.findall(r"^\d+\.\s*(关于.*的问题)$", SOURCE, flags=re.M)
    assert len(headings) == 25
    for number, heading in enumerate(headings, start=1):
        page = site.page(f"{DISCLOSURE_ID}/{number:02d}")
        assert page.h1 == heading
        assert page.soup.title.get_text().startswith(f"{number}. {heading}")
    assert not (site.site / DISCLOSURE_ID / "26").exists()


def test_the_original_page_text_equals_the_source(site):
    page = site.page(f"{DISCLOSURE_ID}/original")
    original = page.content.select_one(".dp-original").get_text("\n", strip=True)
    assert squash(original) == squash(SOURCE)


def test_every_page_carries_the_contact_and_the_source(site):
    pages = site.pages()
    assert len(pages) >= 30
    for page in pages:
        footer = page.footer_text
        for detail in CONTACT:
            assert detail in footer, (page.path, detail)
        assert "来源:武汉市经济和信息化局" in footer, page.path


def test_feedback_page_has_working_contact_links(site):
    page = site.page(f"{DISCLOSURE_ID}/feedback")
    links = [a["href"] for a in page.content.find_all("a")]
    assert "tel:02785319490" in links
    assert any(href.startswith("mailto:332056170@qq.com") for href in links)
    for detail in CONTACT:
        assert detail in page.text
    assert "欢迎广大干部群众对集中整改落实情况进行监督" in page.text


def test_item_page_shows_measures_figures_citations_and_feedback(site):
    page = site.page(f"{DISCLOSURE_ID}/06")
    measures = page.content.select(".dp-measures li")
    assert len(measures) == 1 and measures[0].get_text().startswith("印发实施《武汉市制造业数字化转型升级实施方案")
    figures = page.content.select_one("ul.dp-figures").get_text("", strip=True)
    assert "530家→1262家" in figures and "300家(3月底)→817家" in figures
    assert "《武汉市制造业数字化转型升级实施方案(2024-2027年)》" in page.text
    mailto = [a["href"] for a in page.content.find_all("a") if a["href"].startswith("mailto:")]
    assert mailto and "subject=" in mailto[0]
    from urllib.parse import unquote

    assert "第6项“企业数字化转型不够”" in unquote(mailto[0])


def test_item_pages_link_to_previous_and_next(site):
    first = site.page(f"{DISCLOSURE_ID}/01")
    middle = site.page(f"{DISCLOSURE_ID}/13")
    last = site.page(f"{DISCLOSURE_ID}/25")
    assert [a["href"] for a in first.content.select(".dp-pager a")] == ["../02/"]
    assert [a["href"] for a in middle.content.select(".dp-pager a")] == ["../12/", "../14/"]
    assert [a["href"] for a in last.content.select(".dp-pager a")] == ["../24/"]


def test_measures_are_listed_one_per_entry(site):
    page = site.page(f"{DISCLOSURE_ID}/23")
    measures = [li.get_text() for li in page.content.select(".dp-measures li")]
    assert [m[:2] for m in measures] == ["一是", "二是", "三是", "四是", "五是", "六是"]


def test_absent_ledger_fields_are_said_to_be_absent_not_invented(site):
    page = site.page(f"{DISCLOSURE_ID}/01")
    assert page.content.select_one(".dp-ledger") is None  # no row of 原文未载明 before the measures
    assert page.content.select_one(".dp-unstated").get_text(strip=True) == "原文未载明整改状态、时限和责任单位"
    home = site.page("")
    assert "原文未载明整改状态 25 项" in home.text
    assert "已完成 0" not in home.text


def test_the_site_is_named_from_the_data(site):
    assert site.page("").soup.title.get_text() == "武汉市经济和信息化局集中整改进展情况"
    assert site.page(f"{DISCLOSURE_ID}/05").soup.title.get_text().endswith(" - 武汉市经济和信息化局集中整改进展情况")


def test_home_page_is_the_disclosure(site):
    home = site.page("")
    assert home.h1 == "集中整改进展情况"
    assert "市委第一巡察组" in home.text
    assert "2024年3月19日至2024年4月30日" in home.text
    assert "2024年6月27日" in home.text
    rows = home.content.select("table tbody tr")
    assert len(rows) == 25
    assert rows[0].find("a")["href"] == f"{DISCLOSURE_ID}/01/"
    for label in ("原文", "监督与反馈"):
        assert label in [a.get_text() for a in home.content.select(".dp-links a")]
    assert "一是加强理论学习,提高思想认识" in home.text


def test_the_home_page_shows_every_part_in_the_texts_order(site):
    home = site.page("")
    headings = [h.get_text(strip=True) for h in home.content.find_all("h2") if h.get("id") != "overview"]
    assert headings[:3] == ["一、巡察整改组织领导情况", "二、整改进展情况及成效", "三、推进巡察整改工作打算"]
    text = home.text
    assert text.index("一是加强理论学习") < text.index("组织学习不全面不及时") < text.index("(三)强化责任担当")
    assert text.count("(一)坚持党的领导") == 1


@pytest.mark.parametrize("selector,attribute", [("script[src]", "src"), ("link[href]", "href"), ("img[src]", "src"), ("iframe[src]", "src")])
def test_no_page_loads_anything_from_another_host(site, selector, attribute):
    for page in site.pages():
        for element in page.soup.select(selector):
            target = element[attribute]
            if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not re.match(r"^(https?:)?//", target), (page.path, target)


def test_no_third_party_font_is_configured(site):
    css = "".join(p.read_text(encoding="utf-8") for p in site.site.rglob("*.css"))
    html = site.page("").html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "fonts.googleapis" not in css


def test_the_404_page_says_in_chinese_what_happened_and_leads_on(site):
    page = site.page("404.html")
    assert page.h1 == "页面不存在"
    links = {a.get_text(strip=True): a["href"] for a in page.content.find_all("a")}
    assert links["返回首页"].startswith("/") and links["更新日志"] == "/changes/"


def test_the_part_after_the_problems_keeps_its_page_at_its_published_address(site):
    page = site.page(f"{DISCLOSURE_ID}/next-steps")
    assert page.h1 == "三、推进巡察整改工作打算"
    assert page.text.count("(一)坚持党的领导") == 1 and "(三)强化责任担当" in page.text
    nav = [a.get_text(strip=True) for a in site.page("").soup.select(".md-nav__link")]
    assert "推进巡察整改工作打算" in nav
