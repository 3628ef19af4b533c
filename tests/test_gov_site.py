"""What a Chinese government site must show (issue 14): the site's identity in every footer,
a disclosure's 政务公开 metadata, the 适老化 reading settings, and 分享 (QR code) and 打印本页.

A copy of the project with data/site.yml and every metadata field set shows all of it; one
with a few set shows only those; the real data sets none and shows none of it.
"""
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import (CHROMIUM, DISCLOSURE_ID, ROOT, Page, axe_violations, build_site, copy_project, phone_at_size,
                      phone_page, serve)

SITE_URL = "https://www.example.gov.cn/xuncha/"
SITE_YML = """\
host: 武汉市经济和信息化局
operator: 武汉市经济和信息化局办公室
site_code: "4201000099"
icp_filing: 鄂ICP备12345678号-1
police_filing: 鄂公网安备42010202000123号
emblem: data/emblem.png
"""
PUBLIC_INFO = {
    "index_number": "011043010/2024-01234",
    "topic": "综合政务\\政务公开",
    "issuer": "武汉市经济和信息化局办公室",
    "written_on": "2024-03-19",
    "document_number": "武经信〔2024〕12号",
    "disclosure_mode": "主动公开",
}
PUBLIC_INFO_ROWS = [
    ("索引号", "011043010/2024-01234"), ("主题分类", "综合政务\\政务公开"), ("发布机构", "武汉市经济和信息化局办公室"),
    ("成文日期", "2024年3月19日"), ("发文字号", "武经信〔2024〕12号"), ("公开方式", "主动公开"),
]
ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code=42010202000123"
IDENTITY_WORDS = ["主办单位", "承办单位", "网站标识码", "ICP备", "公网安备", "党政机关网站标识"]
HOME = ""  # one disclosure: its home page is the site's


def _emblem_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 60), (200, 16, 16)).save(buffer, format="PNG")
    return buffer.getvalue()


def _with_metadata(project: Path, fields: dict) -> None:
    path = project / "data" / DISCLOSURE_ID / "disclosure.yml"
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
    path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")


@pytest.fixture(scope="module")
def gov(tmp_path_factory):
    """The project with every field set, built with its public address."""
    project = copy_project(tmp_path_factory.mktemp("gov") / "project")
    (project / "data" / "emblem.png").write_bytes(_emblem_png())
    (project / "data" / "site.yml").write_text(SITE_YML, encoding="utf-8")
    _with_metadata(project, PUBLIC_INFO)
    # Built into a folder named as the address's path, so a local server can serve it there.
    built = build_site(project, project.parent / "root" / urlsplit(SITE_URL).path.strip("/"), {"SITE_URL": SITE_URL})
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    """Only a few fields set, and no public address: only those show, and no QR code."""
    project = copy_project(tmp_path_factory.mktemp("partial") / "project")
    (project / "data" / "site.yml").write_text("icp_filing: 鄂ICP备12345678号-1\n", encoding="utf-8")
    _with_metadata(project, {"document_number": "武经信〔2024〕12号"})
    built = build_site(project, project.parent / "site", {"SITE_URL": ""})
    assert built.returncode == 0, built.output
    return built


def _pages(built) -> list[Page]:
    pages = built.pages()
    assert any(p.path.name == "404.html" for p in pages) and len(pages) > 30
    return pages


# ---------------------------------------------------------------- identity in the footer

def test_every_footer_shows_the_identity_in_the_usual_order_after_the_contact(gov):
    for page in _pages(gov):
        footer = page.footer_text
        expected = ["监督联系方式", "主办单位:武汉市经济和信息化局", "承办单位:武汉市经济和信息化局办公室",
                    "网站标识码:4201000099", "鄂ICP备12345678号-1", "鄂公网安备42010202000123号"]
        positions = [footer.find(text) for text in expected]
        assert -1 not in positions and positions == sorted(positions), (page.path, footer)


def test_filing_numbers_link_to_their_public_lookups(gov):
    for page in _pages(gov):
        identity = page.soup.select_one("footer .dp-identity")
        links = {a.get_text(strip=True): a["href"] for a in identity.find_all("a")}
        assert links == {"鄂ICP备12345678号-1": ICP_LOOKUP, "鄂公网安备42010202000123号": POLICE_LOOKUP}, page.path
        # Only followed by a reader: no script, image, frame or style loads from those hosts.
        for element in page.soup.find_all(src=True) + page.soup.find_all("link", href=True):
            assert "beian" not in (element.get("src") or element.get("href")), element


def test_the_emblem_is_the_repository_file_published_with_the_site(gov):
    emblem = (gov.project / "data" / "emblem.png").read_bytes()
    for page in _pages(gov):
        image = page.soup.select_one("footer .dp-identity img")
        assert image["alt"] == "党政机关网站标识"
        src = image["src"]
        if page.path.name == "404.html":  # served at any address: absolute, under the site's path
            assert src == urlsplit(SITE_URL).path + "assets/images/site-emblem.png"
            published = gov.site / "assets/images/site-emblem.png"
        else:
            published = (page.path.parent / src).resolve()
        assert published.read_bytes() == emblem, (page.path, src)


def test_every_page_names_the_site_code_in_its_meta_tags(gov):
    for page in _pages(gov):
        if page.path.name != "404.html":
            assert page.soup.find("meta", attrs={"name": "SiteIDCode"})["content"] == "4201000099", page.path


# ---------------------------------------------------------------- 政务公开 metadata

def test_the_disclosure_home_shows_the_public_information_table_above_the_text(gov):
    page = gov.page(HOME)
    table = page.content.select_one(".dp-public-info table")
    assert table.caption.get_text(strip=True) == "信息公开"
    rows = [(tr.th.get_text(strip=True), tr.td.get_text(strip=True)) for tr in table.find_all("tr")]
    assert rows == PUBLIC_INFO_ROWS
    text = page.text
    assert text.index("信息公开") < text.index("巡察组") < text.index("一、")


def test_the_disclosure_home_carries_the_metadata_in_its_meta_tags_and_no_other_page_does(gov):
    names = {"IndexNumber": "index_number", "Topic": "topic", "Issuer": "issuer", "WrittenDate": "written_on",
             "DocumentNumber": "document_number", "DisclosureMode": "disclosure_mode"}
    home = gov.page(HOME)
    for name, key in names.items():
        assert home.soup.find("meta", attrs={"name": name})["content"] == PUBLIC_INFO[key]
    item = gov.page(f"{DISCLOSURE_ID}/06")
    assert not item.soup.find("meta", attrs={"name": "IndexNumber"})


def test_the_open_data_carries_the_metadata(gov):
    document = json.loads((gov.site / "open-data" / "disclosures.json").read_text(encoding="utf-8"))
    data = document["disclosures"][0]["data"]  # the disclosure file as written, metadata included
    assert {key: data[key] for key in PUBLIC_INFO} == PUBLIC_INFO
    schema = json.loads((gov.site / "open-data" / "schema" / "disclosure.schema.json").read_text(encoding="utf-8"))
    assert set(PUBLIC_INFO) <= set(schema["properties"])


# ---------------------------------------------------------------- only what is set

def test_with_a_few_fields_only_those_show_without_empty_labels(partial):
    for page in _pages(partial):
        identity = page.soup.select_one("footer .dp-identity")
        assert identity.get_text(" ", strip=True) == "鄂ICP备12345678号-1", page.path
        assert identity.a["href"] == ICP_LOOKUP
        assert not identity.find("img") and not page.soup.find("meta", attrs={"name": "SiteIDCode"})
        assert not page.soup.select(".dp-qr, details.dp-share__details"), page.path  # no SITE_URL: no QR code
    rows = partial.page(HOME).content.select(".dp-public-info tr")
    assert [(r.th.get_text(strip=True), r.td.get_text(strip=True)) for r in rows] == [("发文字号", "武经信〔2024〕12号")]
    assert not (partial.site / "assets" / "images" / "site-emblem.png").exists()
    document = json.loads((partial.site / "open-data" / "disclosures.json").read_text(encoding="utf-8"))
    data = document["disclosures"][0]["data"]
    assert data["document_number"] == "武经信〔2024〕12号" and "index_number" not in data


def test_the_fixture_data_sets_none_of_it_and_shows_none_of_it(site):
    assert not (site.project / "data" / "site.yml").exists()
    for page in _pages(site):
        footer = page.footer_text
        assert not [word for word in IDENTITY_WORDS if word in footer], (page.path, footer)
        assert not page.soup.select(".dp-identity, .dp-public-info")
        assert not page.soup.find("meta", attrs={"name": re.compile("SiteIDCode|IndexNumber|DocumentNumber")})
    if not os.environ.get("SITE_URL"):
        assert not site.page(HOME).soup.select(".dp-qr")
    document = json.loads((site.site / "open-data" / "disclosures.json").read_text(encoding="utf-8"))
    assert not {"index_number", "topic", "issuer", "written_on", "document_number", "disclosure_mode"} & \
        set(document["disclosures"][0]["data"])


def test_markup_in_the_site_file_and_the_metadata_shows_as_text(project, tmp_path):
    markup = "<script>alert(1)</script>{{ config }}"
    (project / "data" / "site.yml").write_text(f"host: {json.dumps(markup)}\n", encoding="utf-8")
    _with_metadata(project, {"issuer": markup})
    built = build_site(project, tmp_path / "site", {"SITE_URL": ""})
    assert built.returncode == 0, built.output
    home = built.page(HOME)
    assert home.soup.select_one("footer .dp-identity").get_text(strip=True) == f"主办单位:{markup}"
    assert home.content.select_one(".dp-public-info td").get_text(strip=True) == markup
    assert home.soup.find("meta", attrs={"name": "Issuer"})["content"] == markup
    assert "<script>alert(1)" not in home.html


# ---------------------------------------------------------------- editors' mistakes

@pytest.mark.parametrize("site_yml,emblem,line,field,message", [
    ('site_code: "42010"\n', None, 1, "网站标识码", "网站标识码是 10 位"),
    ("host: 武汉市经济和信息化局\nicp: 鄂ICP备1号\n", None, 2, "icp", "不认识的字段“icp”"),
    ("police_filing: 42010202000123\n", None, 1, "公安机关备案号", "应为文字"),
    ("host: 某单位\nemblem: data/missing.png\n", None, 2, "党政机关网站标识", "找不到图片文件“data/missing.png”"),
    ("emblem: data/emblem.png\n", b"<html>not an image</html>", 1, "党政机关网站标识", "不是 PNG、JPEG、GIF 或 WebP 图片"),
    ("emblem: ../outside.png\n", None, 1, "党政机关网站标识", "不在仓库里"),
])
def test_a_wrong_site_file_is_reported_in_chinese_and_nothing_is_built(project, site_yml, emblem, line, field, message):
    (project / "data" / "site.yml").write_text(site_yml, encoding="utf-8")
    (project.parent / "outside.png").write_bytes(_emblem_png())
    if emblem:
        (project / "data" / "emblem.png").write_bytes(emblem)
    checked = subprocess.run([sys.executable, "-m", "disclosure_site.check"], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 1
    assert f"data/site.yml 第 {line} 行 “{field}”:" in checked.stderr and message in checked.stderr, checked.stderr
    assert "Traceback" not in checked.stderr
    built = subprocess.run([sys.executable, "tools/build_site.py", "site"], cwd=project, capture_output=True, text=True)
    assert built.returncode == 1 and message in built.stderr and "Traceback" not in built.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("fields,field,message", [
    ({"disclosure_mode": "公开"}, "公开方式", "只能填写以下之一:主动公开、依申请公开"),
    ({"written_on": "2024-02-30"}, "成文日期", "不是真实存在的日期"),
    ({"index_number": ""}, "索引号", "不能为空"),
])
def test_wrong_metadata_is_reported_in_chinese(project, fields, field, message):
    _with_metadata(project, fields)
    checked = subprocess.run([sys.executable, "-m", "disclosure_site.check"], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 1
    assert f"“{field}”:" in checked.stderr and message in checked.stderr, checked.stderr


# ---------------------------------------------------------------- QR codes

def test_every_page_shares_a_qr_code_of_its_own_address(gov):
    for page in _pages(gov):
        if page.path.name == "404.html":
            assert not page.soup.select(".dp-qr")  # it has no address of its own
            continue
        canonical = page.soup.find("link", rel="canonical")["href"]
        share = page.soup.select_one("details.dp-share__details")
        assert share.summary.get_text(strip=True) == "分享"
        assert share.select_one(".dp-qr__url").get_text(strip=True) == canonical
        assert share.select_one(".dp-qr__code[role=img] svg")


# ---------------------------------------------------------------- in a real browser

@pytest.fixture(scope="module")
def gov_origin(gov):
    """Where the site is served locally: under the same path as at its public address."""
    server, address = serve(gov.site.parent)
    yield address + urlsplit(SITE_URL).path.rstrip("/")
    server.shutdown()


@pytest.fixture
def reader(browser):
    """A 390 px phone, the narrowest common one, recording every request."""
    yield from phone_page(browser, 390, 844)


def _decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _path_of(url: str) -> str:
    return url.removeprefix(SITE_URL)


@pytest.mark.browser
@pytest.mark.parametrize("path", [HOME, f"{DISCLOSURE_ID}/06/", f"{DISCLOSURE_ID}/original/", "changes/", "about/"])
def test_the_qr_code_on_screen_decodes_to_the_pages_own_address(reader, gov_origin, path):
    reader.goto(f"{gov_origin}/{path}")
    reader.click("details.dp-share__details > summary")
    code = reader.locator(".dp-qr__code")
    code.evaluate("element => element.scrollIntoView({block: 'center'})")
    assert _decode_qr(code.screenshot()) == [urljoin(SITE_URL, path)]


@pytest.mark.browser
@pytest.mark.parametrize("size", ["standard", "large", "extra-large"])
def test_the_share_buttons_word_sits_in_the_middle_of_its_box(browser, gov_origin, size):
    for page in phone_at_size(browser, gov_origin, size, 375, 667):
        page.goto(f"{gov_origin}/{DISCLOSURE_ID}/13/")
        box = page.evaluate("""() => {
          const summary = document.querySelector('.dp-share summary');
          const range = document.createRange();
          range.selectNodeContents(summary);
          const word = range.getBoundingClientRect(), outer = summary.getBoundingClientRect();
          return {above: word.top - outer.top, below: outer.bottom - word.bottom, text: summary.textContent.trim()};
        }""")
    assert box["text"] == "分享" and abs(box["above"] - box["below"]) <= 2, box  # not sitting high in its box


@pytest.mark.browser
def test_the_qr_code_is_printed_though_the_share_box_is_closed(browser, gov_origin):
    page = browser.new_page()
    page.goto(f"{gov_origin}/{DISCLOSURE_ID}/24/")
    page.emulate_media(media="print")
    assert page.evaluate("() => !document.querySelector('details.dp-share__details').open")
    code = page.locator(".dp-qr__code")
    assert code.is_visible() and not page.locator("details.dp-share__details > summary").is_visible()
    assert _decode_qr(code.screenshot()) == [SITE_URL + f"{DISCLOSURE_ID}/24/"]
    page.close()


def _pdf_text(page) -> str:
    from pypdf import PdfReader

    pdf = page.pdf(format="A4", print_background=False)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.browser
def test_a_printout_keeps_the_identity_the_contact_and_the_address(browser, gov_origin):
    page = browser.new_page()
    page.goto(f"{gov_origin}/{DISCLOSURE_ID}/05/", wait_until="networkidle")
    text = _pdf_text(page)
    page.close()
    for expected in ["主办单位:武汉市经济和信息化局", "网站标识码:4201000099", "鄂ICP备12345678号-1",
                     "鄂公网安备42010202000123号", "027—85319490", "332056170@qq.com",
                     SITE_URL + f"{DISCLOSURE_ID}/05/"]:
        assert unicodedata.normalize("NFKC", expected) in text, expected
    for control in ["打印本页", "高对比度", "特大"]:
        assert control not in text


@pytest.mark.browser
def test_the_print_button_opens_the_browsers_printing(reader, gov_origin):
    reader.goto(f"{gov_origin}/{DISCLOSURE_ID}/06/")
    reader.evaluate("() => addEventListener('beforeprint', () => { window.printing = true; })")
    assert reader.is_visible("button.dp-print")
    reader.locator("button.dp-print").focus()
    reader.keyboard.press("Enter")
    reader.wait_for_function("() => window.printing === true")
    # The closed 分享 box is opened for the printout, so the QR code is on paper.
    assert reader.evaluate("() => document.querySelector('details.dp-share__details').open")


@pytest.mark.browser
def test_without_script_the_controls_that_need_it_are_not_shown(browser, gov_origin):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{gov_origin}/{DISCLOSURE_ID}/06/")
    assert not page.is_visible(".dp-reading") and not page.is_visible("button.dp-print")
    page.click("details.dp-share__details > summary")  # 分享 needs none
    assert page.is_visible(".dp-qr__code")
    context.close()


def _root_font_px(page) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)"))


@pytest.mark.browser
def test_text_size_and_contrast_are_set_by_keyboard_announced_and_kept_across_pages(reader, gov_origin):
    reader.goto(f"{gov_origin}/{DISCLOSURE_ID}/06/")
    standard = _root_font_px(reader)
    status = reader.locator("[data-dp-reading-status]")
    assert status.get_attribute("role") == "status"

    reader.locator("button[data-dp-size-choice=large]").focus()
    reader.keyboard.press("Enter")
    assert _root_font_px(reader) > standard
    assert reader.locator("button[data-dp-size-choice=large]").get_attribute("aria-pressed") == "true"
    assert reader.locator("button[data-dp-size-choice=standard]").get_attribute("aria-pressed") == "false"
    assert status.text_content() == "字号已设为大"

    reader.keyboard.press("Tab")  # to 特大
    reader.keyboard.press("Space")
    extra_large = _root_font_px(reader)
    assert extra_large > standard * 1.3
    assert status.text_content() == "字号已设为特大"

    reader.keyboard.press("Tab")  # to 高对比度
    reader.keyboard.press("Enter")
    contrast = reader.locator("button[data-dp-contrast-toggle]")
    assert contrast.get_attribute("aria-pressed") == "true" and status.text_content() == "已开启高对比度"
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert reader.evaluate(background) == "rgb(0, 0, 0)"

    # Another page (a new document) opens with the same settings, and its buttons say so.
    reader.click("a.dp-pager__next")
    reader.wait_for_url(f"**/{DISCLOSURE_ID}/07/")
    assert _root_font_px(reader) == extra_large and reader.evaluate(background) == "rgb(0, 0, 0)"
    assert reader.locator("button[data-dp-size-choice=extra-large]").get_attribute("aria-pressed") == "true"
    assert reader.locator("button[data-dp-contrast-toggle]").get_attribute("aria-pressed") == "true"

    reader.locator("button[data-dp-contrast-toggle]").click()
    reader.locator("button[data-dp-size-choice=standard]").click()
    reader.reload()
    assert _root_font_px(reader) == standard and reader.evaluate(background) != "rgb(0, 0, 0)"


MODES = {"standard": ("standard", ""), "large": ("large", ""), "extra-large": ("extra-large", ""),
         "high-contrast": ("standard", "high"), "extra-large-high-contrast": ("extra-large", "high")}
MODE_PAGES = [HOME, f"{DISCLOSURE_ID}/06/", f"{DISCLOSURE_ID}/original/", "404.html"]


def _open_in_mode(page, origin: str, path: str, mode: str) -> None:
    size, contrast = MODES[mode]
    page.goto(f"{origin}/{DISCLOSURE_ID}/feedback/")
    page.evaluate("([size, contrast]) => { localStorage.setItem('dp-text-size', size); localStorage.setItem('dp-contrast', contrast); }",
                  [size, contrast])
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    assert page.evaluate("() => document.documentElement.getAttribute('data-dp-text-size')") == size


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", MODE_PAGES)
def test_axe_finds_nothing_in_each_mode(reader, gov_origin, mode, path):
    _open_in_mode(reader, gov_origin, path, mode)
    if reader.locator("details.dp-share__details > summary").count():
        reader.click("details.dp-share__details > summary")  # the QR code and its caption too
    problems = axe_violations(reader)
    assert not problems, problems


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["extra-large", "extra-large-high-contrast"])
@pytest.mark.parametrize("path", MODE_PAGES + [f"{DISCLOSURE_ID}/24/", "changes/", "open-data/"])
def test_nothing_overflows_a_390px_phone_at_the_largest_size(reader, gov_origin, mode, path):
    _open_in_mode(reader, gov_origin, path, mode)
    if reader.locator("details.dp-share__details > summary").count():
        reader.click("details.dp-share__details > summary")
    overflow = reader.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, overflow
    assert reader.is_visible("footer .dp-identity")


@pytest.mark.browser
@pytest.mark.parametrize("path", [HOME, f"{DISCLOSURE_ID}/06/", "404.html"])
def test_nothing_is_fetched_from_another_host(reader, gov_origin, path):
    reader.goto(f"{gov_origin}/{path}", wait_until="networkidle")
    reader.click("button[data-dp-size-choice=large]")
    reader.click("button[data-dp-contrast-toggle]")
    foreign = [url for url in reader.requests if not url.startswith((gov_origin, "data:", "blob:"))]
    assert not foreign, foreign
    assert any(url.endswith("/assets/javascripts/gov-site.js") for url in reader.requests)


@pytest.mark.browser
def test_lighthouse_accessibility_stays_100_with_everything_shown(gov_origin, tmp_path):
    lighthouse = ROOT / "node_modules" / ".bin" / "lighthouse"
    report = tmp_path / "lighthouse.json"
    subprocess.run(
        [str(lighthouse), f"{gov_origin}/", "--quiet", "--form-factor=mobile", "--output=json",
         f"--output-path={report}", "--only-categories=accessibility,best-practices",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
         "--disable-component-update --disable-sync --no-first-run"],
        env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True, timeout=180,
    )
    scores = {name: category["score"] for name, category in json.loads(report.read_text())["categories"].items()}
    assert scores["accessibility"] == 1 and scores["best-practices"] == 1, scores
