"""Readers, second round (issue 21): honest dates, phone-first pages, a history in plain words, print,
open data, Chinese labels, keyboard and screen readers, a status overview. Each test reads what a reader
meets: built pages as HTML, and Debian's chromium where the layout, print or keyboard matters."""
from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import (DISCLOSURE_ID, FIXTURES, build_site, commit_all, copy_project, git, init_repository,
                      phone_at_size, phone_page, serve)

SHAPES = FIXTURES / "shapes"
SHAPES_ID = "example-2025"
ITEMS = Path("data") / DISCLOSURE_ID / "items"
PUBLISHED = "2024-12-01T10:00:00+08:00"
CORRECTED = "2025-01-15T09:30:00+08:00"
NOTE = "更正第5项支持资金数额"


def _hashes(built) -> list[str]:
    """Every commit's short and full hash, as git names them."""
    log = git(built.project, "log", "--format=%h %H").split()
    return [h for h in log if h]


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    """A disclosure whose text states its date (落款 2025年1月8日, published 2025-01-08) and its statuses."""
    project = init_repository(copy_project(tmp_path_factory.mktemp("shapes") / "project", data=SHAPES))
    built = build_site(project, project / "site")
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """The Wuhan fixture published, then item 5's 1600万元 corrected to 1700万元 in one edit of the measure
    and the figure; a second edit changes two items with one note."""
    project = copy_project(tmp_path_factory.mktemp("corrected") / "project")
    init_repository(project, "公布集中整改进展情况", PUBLISHED)
    path = project / ITEMS / "05.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("1600万元", "1700万元")
                    .replace("value: '1600'", "value: '1700'"), encoding="utf-8")
    commit_all(project, NOTE, CORRECTED)
    for number in ("07", "08"):
        item = project / ITEMS / f"{number}.yml"
        item.write_text(item.read_text(encoding="utf-8").replace("一是", "一是:", 1), encoding="utf-8")
    commit_all(project, "统一第7、8项的标点", "2025-02-03T08:00:00+08:00")
    built = build_site(project, tmp_path_factory.mktemp("corrected-site") / "site",
                       {"SITE_REPO_URL": "https://example.invalid/org/repo"})
    assert built.returncode == 0, built.output
    return built


# ---------------------------------------------------------------- 1. dates

def _dates(page) -> str:
    return page.content.select_one(".dp-dates").get_text(" ", strip=True)


def test_a_text_that_states_its_date_shows_it_as_the_bodys_and_the_sites_dates_as_the_sites(shapes):
    for url in ("", f"{SHAPES_ID}/01", f"{SHAPES_ID}/original", f"{SHAPES_ID}/feedback"):
        dates = _dates(shapes.page(url))
        assert dates.startswith("原文发布日期 2025年1月8日"), (url, dates)
        assert "本站发布 2024-12-01" in dates and "本站更新 2024-12-01" in dates, (url, dates)
    head = shapes.page(f"{SHAPES_ID}/01").soup.find("meta", attrs={"name": "PubDate"})["content"]
    assert head == "2025-01-08"  # the body's date, not the commit's
    time = shapes.page("").content.select_one(".dp-dates__text time")
    assert time["datetime"] == "2025-01-08"


def test_a_text_that_states_no_date_says_so_and_no_page_shows_the_sites_time_as_the_texts(site):
    pages = [site.page("")] + [site.page(f"{DISCLOSURE_ID}/{n:02d}") for n in range(1, 26)]
    for page in pages:
        dates = _dates(page)
        assert dates.startswith("原文未载明发布日期 · 本站发布 "), (page.path, dates)
        assert "原文发布日期" not in dates
    # Hand-written pages are the site's own: only its dates, labelled as its.
    about = site.page("about").soup.select_one(".dp-dates").get_text(" ", strip=True)
    assert about.startswith("本站发布 ") and "原文" not in about
    assert "发布时间" not in site.page("").text  # the old label that passed the commit off as the text's


# ---------------------------------------------------------------- 2, 3. the item page on a phone

def test_the_item_page_says_what_the_text_leaves_unstated_in_one_line_and_each_sentence_once(site):
    page = site.page(f"{DISCLOSURE_ID}/13")
    assert page.content.select_one(".dp-unstated").get_text(strip=True) == "原文未载明整改状态、时限和责任单位"
    assert page.text.count("原文未载明") == 2  # the date and the fields, each once
    text = page.content.get_text("")
    for sentence in ("全市高技术制造业增加值同比增长30.6%,较去年同期提高", "今年以来,免申即享、直达快享兑现首进规"):
        assert text.count(sentence) == 1, sentence  # not again under the figures, nor in a chart's caption
    for card in page.content.select(".dp-figure"):
        link = card.select_one("a.dp-figure__source")
        target = page.content.find(id=link["href"].lstrip("#"))
        assert target.find_parent("ul", class_="dp-measures"), link  # the figure points into the measures
        amount = card.select(".dp-amount")[-1].get_text()
        assert amount in target.get_text(), (amount, target.get_text())


def test_a_stated_status_deadline_and_unit_show_and_only_the_rest_is_unstated(shapes):
    page = shapes.page(f"{SHAPES_ID}/01")
    assert page.content.select_one(".dp-ledger").get_text(" ", strip=True).startswith("整改状态 已完成")
    assert page.content.select_one(".dp-unstated").get_text(strip=True) == "原文未载明整改时限和责任单位"



def test_a_deadline_stated_only_in_words_counts_as_stated():
    from types import SimpleNamespace

    from disclosure_site.content.page_content import unstated_fields

    item = SimpleNamespace(status=None, deadline=None, deadline_text="2025年6月底", responsible_units=[])
    assert unstated_fields(item) == "整改状态和责任单位"
    assert unstated_fields(SimpleNamespace(status=None, deadline=None, deadline_text=None,
                                           responsible_units=[])) == "整改状态、时限和责任单位"

PHONES = {320: 568, 375: 667, 1366: 768}
SIZES = ["standard", "large", "extra-large"]


@pytest.mark.browser
@pytest.mark.parametrize("width", PHONES)
def test_numbers_stay_whole_nothing_passes_the_edge_and_the_measures_start_on_the_first_screen(browser, origin, width):
    context = browser.new_context(viewport={"width": width, "height": PHONES[width]}, is_mobile=width < 800,
                                  has_touch=width < 800, locale="zh-CN")
    page = context.new_page()
    problems = []
    for size in SIZES:
        page.goto(f"{origin}/about/")
        page.evaluate("size => localStorage.setItem('dp-text-size', size)", size)
        for number in ("03", "06", "13"):
            page.goto(f"{origin}/{DISCLOSURE_ID}/{number}/", wait_until="networkidle")
            found = page.evaluate("""() => {
              const amounts = [...document.querySelectorAll('article .dp-amount')];
              const split = amounts.filter(a => a.getClientRects().length !== 1).map(a => a.textContent);
              const right = document.documentElement.clientWidth;
              const past = [...document.querySelectorAll('article *')].filter(e => {
                const r = e.getBoundingClientRect(); return r.width && r.right > right + 1; }).map(e => e.tagName + '.' + e.className);
              const first = document.querySelector('article ul.dp-measures > li');
              return {amounts: amounts.length, split, past: past.slice(0, 3),
                      overflow: document.documentElement.scrollWidth - right,
                      measures: first.getBoundingClientRect().top + parseFloat(getComputedStyle(first).lineHeight)};
            }""")
            where = (width, size, number)
            if found["amounts"] < 3:
                problems.append((where, "no amounts marked", found["amounts"]))
            if found["split"]:
                problems.append((where, "split across lines", found["split"]))
            if found["overflow"] > 0 or found["past"]:
                problems.append((where, "past the right edge", found["overflow"], found["past"]))
            if found["measures"] > PHONES[width]:
                problems.append((where, "the first line of the measures below the first screen", found["measures"]))
    context.close()
    assert not problems, problems


@pytest.mark.browser
def test_the_title_is_the_strongest_text_on_the_item_page(phone, origin):
    phone.goto(f"{origin}/{DISCLOSURE_ID}/13/")
    weight = phone.evaluate("""() => {
      const style = e => getComputedStyle(e);
      const h1 = document.querySelector('article h1');
      const others = [...document.querySelectorAll('article h2, article dt, article strong, article b')];
      return {h1: [parseFloat(style(h1).fontSize), parseInt(style(h1).fontWeight)],
              max: Math.max(...others.map(e => parseFloat(style(e).fontSize))),
              colour: style(h1).color, body: style(document.querySelector('article ul.dp-measures li')).color};
    }""")
    assert weight["h1"][1] >= 700 and weight["h1"][0] > weight["max"], weight
    assert weight["colour"] == weight["body"], weight  # not a lighter grey than the text


@pytest.mark.browser
def test_each_chart_is_read_once(phone, origin):
    phone.goto(f"{origin}/{DISCLOSURE_ID}/06/")
    figures = phone.locator("figure.dp-chart")
    assert figures.count() == 3
    for index in range(3):
        spoken = figures.nth(index).aria_snapshot()
        values = re.findall(r"\d+家", spoken)
        assert len(values) == 2 and values[0] != values[1], spoken  # before and after, each said once


# ---------------------------------------------------------------- 4. history in plain words

def _records(page):
    return page.content.select("ol.dp-history > li")


def test_an_edit_reads_back_as_one_change_in_words_with_no_hash_on_the_page(corrected):
    page = corrected.page(f"{DISCLOSURE_ID}/05")
    newest = _records(page)[0]
    text = newest.get_text("", strip=True)
    assert NOTE in text and "2025-01-15 09:30" in text
    changes = [li.get_text("", strip=True) for li in newest.select(".dp-changes > li")]
    # The measure's sentence changed; the figure's value and sentence followed it: told once.
    assert len(changes) == 1, changes
    assert changes[0].startswith("整改情况第") and "改为:" in changes[0], changes
    assert "[删去:6][增加:7]00万元" in changes[0], changes
    assert newest.select_one("del.dp-del").get_text(strip=True) == "[删去:6]"  # said, for screen readers and paper
    assert newest.select_one("ins.dp-ins").get_text(strip=True) == "[增加:7]"
    shown = [h for h in _hashes(corrected) if h in page.text]
    assert not shown, shown  # hashes only behind the link
    commit = git(corrected.project, "rev-parse", "HEAD~1").strip()
    link = newest.select_one("a.dp-commit")
    assert link["href"].endswith(commit) and link.get_text(strip=True) == "在数据仓库中查看这次修改"


def test_a_note_shown_only_where_its_edit_changed_something_and_said_to_reach_further(corrected):
    note = "统一第7、8项的标点"
    for number in ("07", "08"):
        newest = _records(corrected.page(f"{DISCLOSURE_ID}/{number}"))[0]
        assert note in newest.get_text() and "这次修改还涉及其他 1 页" in newest.get_text()
    for number in ("05", "06", "09"):
        assert note not in corrected.page(f"{DISCLOSURE_ID}/{number}").text
    assert "还涉及其他" not in _records(corrected.page(f"{DISCLOSURE_ID}/05"))[0].get_text()


def test_the_change_log_puts_subscribing_first_then_each_day_newest_first(corrected):
    page = corrected.page("changes")
    headings = [h.get_text(strip=True) for h in page.content.find_all("h2")]
    assert headings == ["订阅更新", "2025年2月3日", "2025年1月15日", "2024年12月1日"], headings
    days = page.content.select("ol.dp-edits")
    assert "统一第7、8项的标点" in days[0].get_text() and len(days[0].select(".dp-edit-pages > li")) == 2
    assert NOTE in days[1].get_text() and days[1].select_one("a")["href"] == f"../{DISCLOSURE_ID}/05/"
    assert "本站首次发布 26 页" in days[2].get_text()
    assert not [h for h in _hashes(corrected) if h in page.text]


def test_a_long_change_log_has_a_page_a_month(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"), "公布集中整改进展情况", PUBLISHED)
    path = project / ITEMS / "26.yml"
    template = (project / ITEMS / "01.yml").read_text(encoding="utf-8")
    for day in range(1, 32):
        path.write_text(template.replace("number: 1\n", "number: 26\n").replace("一是", "一是" + "又" * day, 1),
                        encoding="utf-8")
        commit_all(project, f"第26项第{day}次修改", f"2025-{1 + day // 16:02d}-{day % 16 + 1:02d}T08:00:00+08:00")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    newest = built.page("changes")
    months = [li.get_text("", strip=True) for li in newest.content.select(".dp-months li")]
    assert months == ["2025年2月(16 次修改)", "2025年1月(15 次修改)", "2024年12月(1 次修改)"], months
    assert "第26项第31次修改" in newest.text and "第26项第1次修改" not in newest.text
    january = built.page("changes/2025-01")
    assert "第26项第1次修改" in january.text and january.h1 == "更新日志:2025年1月"
    assert newest.content.find("h2").get_text() == "订阅更新"


@pytest.mark.browser
def test_insertions_and_deletions_cannot_be_taken_for_links(browser, corrected):
    server, address = serve(corrected.site)
    page = browser.new_page()
    try:
        page.goto(f"{address}/{DISCLOSURE_ID}/05/")
        styles = page.evaluate("""() => ['ins.dp-ins', 'del.dp-del', 'article p a'].map(s => {
            const c = getComputedStyle(document.querySelector(s));
            return {line: c.textDecorationLine, border: c.borderTopStyle, weight: c.fontWeight}; })""")
    finally:
        page.close()
        server.shutdown()
    inserted, deleted, link = styles
    assert link["line"] == "underline"
    assert inserted["line"] == "none" and inserted["border"] != "none" and int(inserted["weight"]) >= 700, inserted
    assert deleted["line"] == "line-through", deleted


# ---------------------------------------------------------------- 5. feedback

def test_every_items_mail_subject_quotes_its_problem_once(site):
    for number in range(1, 26):
        page = site.page(f"{DISCLOSURE_ID}/{number:02d}")
        mailto = page.content.select_one(".dp-contact-list a[href^='mailto:']")["href"]
        subject = unquote(mailto.split("subject=")[1])
        assert subject.startswith(f"对第{number}项“") and subject.endswith("”整改情况的意见建议"), subject
        assert not re.search("““|””|‘‘|’’", subject), subject
        assert subject.count("“") == subject.count("”") and subject.count("‘") == subject.count("’"), subject
        shown = page.content.select_one(".dp-contact__subject").get_text(strip=True)
        assert shown == "邮件主题:" + subject
    # Item 24's problem begins with a quotation: its marks go one level down inside the subject's own.
    item24 = unquote(site.page(f"{DISCLOSURE_ID}/24").content.select_one("a[href^='mailto:']")["href"])
    assert "对第24项“‘“应收账款管理不善”清理不彻底’整改不积极”整改情况的意见建议" in item24


@pytest.mark.parametrize("problem,quoted", [
    ("“‘应收账款管理不善’清理不彻底”整改不积极", "“‘“应收账款管理不善”清理不彻底’整改不积极”"),
    ("‘放管服’改革不到位", "“‘放管服’改革不到位”"),  # quoted with ‘’ first: one level down already
    ("落实“三重一大”制度不严格", "“落实‘三重一大’制度不严格”"),
    ("资金拨付不及时", "“资金拨付不及时”"),
])
def test_a_mail_subject_never_doubles_a_quotation_mark(problem, quoted):
    from types import SimpleNamespace

    from disclosure_site.content.page_content import feedback_subject

    subject = feedback_subject(None, SimpleNamespace(number=7, problem=problem))
    assert subject == f"对第7项{quoted}整改情况的意见建议"
    assert not re.search("““|””|‘‘|’’|“‘“‘", subject), subject


def test_the_feedback_page_says_where_the_item_section_is_on_any_screen(site):
    text = site.page(f"{DISCLOSURE_ID}/feedback").text
    assert "页面底部" not in text and "“意见建议”一节" in text


@pytest.mark.browser
def test_the_address_subject_and_number_are_shown_whole_and_copied(browser, origin):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.goto(f"{origin}/{DISCLOSURE_ID}/24/")
    section = page.locator(".dp-contact-list")
    assert "332056170@qq.com" in section.inner_text() and "027—85319490" in section.inner_text()
    copied = {}
    for button in page.locator(".dp-contact-list button.dp-copy").all():
        button.click()
        copied[button.get_attribute("data-dp-copy")] = page.evaluate("() => navigator.clipboard.readText()")
    context.close()
    # the number shown as the text prints it, copied as a dialler takes it (a dash of the text's is no digit)
    assert copied["332056170@qq.com"] == "332056170@qq.com" and copied["02785319490"] == "02785319490"
    assert any(text.startswith("对第24项") for text in copied.values()), copied


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_the_address_and_number_are_never_broken_on_a_narrow_phone(browser, origin, size):
    for page in phone_at_size(browser, origin, size):
        page.goto(f"{origin}/{DISCLOSURE_ID}/24/")
        lines = page.evaluate("""() => [...document.querySelectorAll('.dp-contact-list .dp-contact__value a')]
          .map(a => [a.textContent, a.getClientRects().length])""")
        footer = page.evaluate("""() => [...document.querySelectorAll('.dp-footer-contact a[href^="tel:"]')]
          .map(a => [a.textContent, a.getClientRects().length])""")
    assert [text for text, _ in lines] == ["332056170@qq.com", "027—85319490"], lines
    assert footer and all(count == 1 for _, count in lines + footer), (lines, footer)  # never 027— / 85319490


# ---------------------------------------------------------------- 6. print

def _pdf_pages(page) -> list:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False))).pages


def _page_text(pdf_page) -> str:
    return "".join(unicodedata.normalize("NFKC", pdf_page.extract_text()).split())


def _rightmost_text(pdf_page) -> float:
    """How far right any text on the page reaches, in points (by where each run of text starts, plus its width
    at most: a run is short in a CJK PDF)."""
    edges = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            edges.append(x)

    pdf_page.extract_text(visitor_text=visit)
    return max(edges) if edges else 0.0


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", f"{DISCLOSURE_ID}/13/", f"{DISCLOSURE_ID}/original/", "open-data/"])
def test_a_printout_keeps_tables_in_the_page_headings_with_their_text_and_the_contact_not_alone(browser, origin, path):
    page = browser.new_page()
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    headings = [" ".join(h.split()) for h in page.eval_on_selector_all(
        "article h2, article h3, article h4", "hs => hs.filter(h => h.checkVisibility()).map(h => h.textContent)")]
    pages = _pdf_pages(page)
    page.close()
    texts = [_page_text(p) for p in pages]
    whole = "".join(texts)
    assert "(tel:" not in whole and "(mailto:" not in whole
    assert "027—85319490" in whole and "332056170@qq.com" in whole
    width = float(pages[0].mediabox.width)
    for number, pdf_page in enumerate(pages, 1):
        assert _rightmost_text(pdf_page) < width - 20, (path, number)  # within the page, right margin kept
    contact = texts[0].index("监督联系方式")
    assert contact < 40, texts[0][:80]  # on the first page, before the text: never alone on a last one
    assert "监督联系方式" not in texts[-1]
    for number, text in enumerate(texts[:-1], 1):
        ends = [h for h in headings if text.endswith("".join(unicodedata.normalize("NFKC", h).split()))]
        assert not ends, (path, number, ends)  # no page ends with a heading


# ---------------------------------------------------------------- 7. open data

def test_the_data_page_is_for_readers_first(site):
    page = site.page("open-data")
    assert "YYYY-MM-DD" not in page.text
    fields = page.content.select(".dp-field")
    assert len(fields) > 20
    first = fields[0].dt
    assert first.select_one(".dp-field__title").get_text() == "序号" and first.select_one("code").get_text() == "number"
    assert page.text.index("Excel") < page.text.index("disclosures.json")


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_the_field_names_are_never_broken_mid_word_on_a_narrow_phone(browser, origin, size):
    for page in phone_at_size(browser, origin, size):
        page.goto(f"{origin}/open-data/")
        found = page.evaluate("""() => {
          const names = [...document.querySelectorAll('article code')];  // the machine names, however laid out
          return {names: names.length, broken: names.filter(e => e.getClientRects().length > 1).map(e => e.textContent),
                  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
        }""")
    assert found["names"] > 20 and not found["broken"] and found["overflow"] <= 0, found  # never numbe / r


def _check_jsonschema(site_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(tool), "--no-cache", "--schemafile",
                           str(site_dir / "open-data" / "schema" / "disclosures.schema.json"),
                           str(site_dir / "open-data" / "disclosures.json")],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_without_the_sites_address_the_schemas_have_no_id_and_resolve_from_any_folder(site, tmp_path):
    for name in ("disclosures", "disclosure", "item"):
        schema = json.loads((site.site / "open-data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert "$id" not in schema, name
    checked = _check_jsonschema(site.site, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_with_the_sites_address_the_schemas_ids_are_their_addresses_and_resolve(project, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}/"
    init_repository(project)
    built = build_site(project, tmp_path / "site", {"SITE_URL": address})
    assert built.returncode == 0, built.output
    schema = json.loads((built.site / "open-data" / "schema" / "disclosures.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == address + "open-data/schema/disclosures.schema.json"
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(built.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        checked = _check_jsonschema(built.site, elsewhere)
    finally:
        server.shutdown()
    assert checked.returncode == 0, checked.stdout + checked.stderr


# ---------------------------------------------------------------- 8. Chinese labels and glitches

def test_readers_and_screen_readers_meet_chinese_labels(site):
    for page in site.pages():
        assert "Permanent link" not in page.html, page.path
        skip = page.soup.select_one("a.md-skip")
        if skip is not None:
            assert skip.get_text(strip=True) == "跳转至正文", page.path
    anchors = site.page("about").soup.select("a.headerlink")
    assert anchors and all(a["title"] == "本节链接" for a in anchors)


def test_hand_written_pages_have_no_space_between_chinese_characters_from_line_breaks(site):
    for url in ("about", "accessibility"):
        for paragraph in site.page(url).content.find_all(["p", "li"]):
            text = paragraph.get_text()
            assert not re.search(r"[\u4e00-\u9fff,。;:)]\n\s*[\u4e00-\u9fff“(]", text), (url, text)


def test_line_breaks_in_a_list_item_or_a_note_leave_no_space_between_chinese_characters():
    from disclosure_site.generate.build_folder import joined_chinese_lines

    written = "# 标题\n\n- 与标准一致,\n  并可在页面上\n\n!!! note \"说明\"\n    本站内容\n    随时更新。\n\n    代码\n\n```\n中文\n中文\n```"
    joined = joined_chinese_lines(written)
    assert "- 与标准一致,并可在页面上" in joined and "    本站内容随时更新。" in joined
    assert "\n\n    代码\n" in joined and "```\n中文\n中文\n```" in joined  # code stays as written

# ---------------------------------------------------------------- 10. keyboard and screen readers

@pytest.mark.browser
def test_no_single_key_does_anything_and_ctrl_k_opens_search(browser, origin):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{origin}/{DISCLOSURE_ID}/06/")
    for key in ("s", "/", "f", "n", ".", "p", ","):
        page.keyboard.press(key)
    assert page.url.endswith(f"/{DISCLOSURE_ID}/06/")  # n and . would go to the next page
    assert not page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.press("Control+k")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("工业母机")  # typing in the box is not a shortcut
    assert page.input_value(".md-search__input") == "工业母机"
    page.close()


@pytest.mark.browser
def test_the_status_is_announced_once_and_every_search_control_is_in_the_tab_order(browser, origin):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{origin}/")
    page.evaluate("""() => { window.spoken = [];
      const region = document.querySelector('[data-dp-search]').querySelector('[role=status]');
      new MutationObserver(() => window.spoken.push(region.textContent)).observe(region,
        {childList: true, characterData: true, subtree: true}); }""")
    page.click(".md-search__input")
    page.keyboard.type("工业母机")
    page.wait_for_function("() => window.spoken.length > 0")
    page.wait_for_timeout(2000)  # nothing more is said once the results have settled
    spoken = page.evaluate("() => window.spoken")
    assert spoken == ["找到 2 个符合条件的结果"], spoken
    page.focus(".md-search__input")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('type')") == "reset"
    page.close()


# ---------------------------------------------------------------- 11. a status overview

def test_the_home_page_counts_the_items_and_the_statuses_the_text_states(site, shapes):
    wuhan = site.page("").content.select_one(".dp-overview")
    assert wuhan.h2.get_text(strip=True) == "共 25 项整改事项"
    rows = [li.get_text("", strip=True) for li in wuhan.select(".dp-overview__statuses > li")]
    assert rows == ["原文未载明整改状态25项"], rows
    assert wuhan.select_one("a[href='#items']") and site.page("").content.find(id="items").find("table")
    example = shapes.page("").content.select_one(".dp-overview")
    rows = {li.select_one(".dp-overview__status").get_text(): li for li in example.select(".dp-overview__statuses > li")}
    assert set(rows) == {"已完成", "正在整改"}
    links = [a["href"] for a in rows["正在整改"].find_all("a")]
    assert len(links) == 1 and (shapes.site / links[0] / "index.html").is_file()
    completed = sum(1 for a in rows["已完成"].find_all("a"))
    assert rows["已完成"].select_one(".dp-overview__count").get_text() == str(completed) == "3"


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_the_overview_is_on_a_phones_first_screen(browser, origin, size):
    for page in phone_at_size(browser, origin, size, 375, 667):
        page.goto(f"{origin}/", wait_until="networkidle")
        bottom = page.evaluate("() => document.querySelector('.dp-overview').getBoundingClientRect().bottom")
        assert bottom <= 667, (size, bottom)


@pytest.mark.parametrize("number,printed", [
    ("14", "约380亿元"), ("14", "5972.4亿元(含软件)"), ("21", "10%以上"), ("21", "7500亿左右"), ("05", "1600万元"),
])
def test_a_figure_card_keeps_the_words_that_make_its_amount_approximate(site, number, printed):
    """A card that dropped 约, 以上, 左右 or the sentence's (含软件) would state an estimate or a bound as exact."""
    page = site.page(f"{DISCLOSURE_ID}/{number}")
    cards = [re.sub(r"\s+", "", line.get_text()) for line in page.content.select(".dp-figure__value")]
    assert printed in cards, cards
