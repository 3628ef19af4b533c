"""What readers get beyond the text: metadata, open data, charts, topics, the accessibility statement."""
import csv
import io
import json

from conftest import DISCLOSURE_ID, FIXTURE_DATA
from jsonschema import Draft202012Validator

from disclosure_site.check.run import load_site


def test_every_page_has_a_description_and_the_government_page_tags(site):
    for page in site.pages():
        if page.path.name == "404.html":
            continue
        head = page.soup.head
        names = {m.get("name"): m.get("content") for m in head.find_all("meta") if m.get("name")}
        for name in ("Description", "SiteName", "ColumnName", "ArticleTitle", "ContentSource"):
            assert names.get(name), (page.path, name)
        properties = {m.get("property"): m.get("content") for m in head.find_all("meta") if m.get("property")}
        assert properties.get("og:title") and properties.get("og:description"), page.path


def test_an_item_page_describes_its_item(site):
    head = site.page(f"{DISCLOSURE_ID}/24").soup.head
    meta = {m.get("name"): m.get("content") for m in head.find_all("meta") if m.get("name")}
    assert meta["Description"].startswith("关于“‘应收账款管理不善’清理不彻底”整改不积极的问题。整改情况:一是积极赴企业")
    assert meta["ArticleTitle"] == "24. 关于“‘应收账款管理不善’清理不彻底”整改不积极的问题"
    assert "应收账款" in meta["Keywords"]
    assert meta["ContentSource"] == "武汉市经济和信息化局"
    assert meta["PubDate"]  # from git: the commit that first added the item


def _open_data(site) -> dict:
    return json.loads((site.site / "open-data" / "disclosures.json").read_text(encoding="utf-8"))


def test_the_json_download_holds_everything_the_data_holds(site):
    document = _open_data(site)
    disclosure = load_site(FIXTURE_DATA).disclosure(DISCLOSURE_ID)
    [published] = document["disclosures"]
    assert published["id"] == DISCLOSURE_ID and published["data"]["contact"]["phone"] == "027—85319490"
    assert [i["data"]["number"] for i in published["items"]] == list(range(1, 26))
    for record, item in zip(published["items"], disclosure.items, strict=True):
        assert record["data"]["heading"] == item.heading and record["data"]["measures"] == list(item.measures)
        assert len(record["data"].get("figures", [])) == len(item.figures)
        assert "status" not in record["data"] and "deadline" not in record["data"]  # the source states none
        assert record["published"]  # dated from git
        assert (site.site / record["url"] / "index.html").is_file()


def _published_registry(site):
    """The schemas exactly as the 数据下载 page links them, as an outside user would load them: by their file
    names, which their references use (a site without a known address publishes them without `$id`)."""
    from referencing import Registry, Resource

    folder = site.site / "open-data" / "schema"
    resources = []
    for path in sorted(folder.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema.get("$id", path.name), Resource.from_contents(schema)))
    return Registry().with_resources(resources), folder


def test_the_published_schema_validates_the_published_download_as_is(site):
    from jsonschema import FormatChecker

    registry, folder = _published_registry(site)
    document = _open_data(site)
    schema_path = site.site / document["schemas"]["disclosures"]
    assert schema_path.parent == folder
    validator = Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")), registry=registry,
                                     format_checker=FormatChecker())
    errors = list(validator.iter_errors(document))
    assert not errors, errors[0].message
    # And it can fail: a download whose item lost a required field does not validate.
    del document["disclosures"][0]["items"][0]["data"]["heading"]
    assert list(validator.iter_errors(document))


def test_the_csv_download_opens_in_excel_with_one_row_per_item(site):
    raw = (site.site / "open-data" / "items.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 25
    assert rows[4]["序号"] == "5" and rows[4]["问题"] == "工业互联网标识推广不够"
    assert "1600万元" in rows[4]["整改情况"]
    assert rows[0]["整改状态"] == "" and rows[0]["网址"] == f"{DISCLOSURE_ID}/01/"


def test_the_original_text_download_equals_the_source(site):
    from conftest import SOURCE_RECORD, squash

    text = (site.site / "open-data" / f"{DISCLOSURE_ID}.txt").read_text(encoding="utf-8")
    assert squash(text) == squash(SOURCE_RECORD.read_text(encoding="utf-8"))


def test_the_data_download_page_links_the_files_and_explains_the_fields(site):
    page = site.page("open-data")
    links = {a["href"] for a in page.content.find_all("a")}
    assert {"disclosures.json", "items.csv", "schema/item.schema.json", "schema/disclosures.schema.json",
            f"{DISCLOSURE_ID}.txt"} <= links
    for field in ("measures", "figures", "status", "整改措施", "整改状态"):
        assert field in page.text


def test_stated_changes_are_drawn_as_inline_svg_with_a_text_equivalent(site):
    page = site.page(f"{DISCLOSURE_ID}/06")
    charts = page.content.select("figure.dp-chart")
    assert len(charts) == 3
    # The caption says it in words; the drawing is hidden from screen readers, so it is read once.
    assert all(chart.find("svg")["aria-hidden"] == "true" for chart in charts)
    captions = [" ".join(chart.figcaption.get_text().split()) for chart in charts]
    assert "由 530家 变为 1262家" in captions[0] and "由 300家(3月底) 变为 817家" in captions[1]
    assert "由 179家(3月底) 变为 675家" in captions[2]
    bars = [int(r["width"]) for r in charts[0].find_all("rect")]
    assert bars[1] > bars[0] and abs(bars[0] / bars[1] - 530 / 1262) < 0.01
    assert "530家" in page.content.select_one("ul.dp-figures").get_text()
    # 由4%调整为4.2% is a revised target, not growth: no chart, and the cards show the figure as stated.
    assert not site.page(f"{DISCLOSURE_ID}/02").content.select("figure.dp-chart")
    assert not site.page(f"{DISCLOSURE_ID}/05").content.select("figure.dp-chart")  # no stated change there


def test_every_figure_links_to_the_sentence_it_is_read_from(site):
    for number in ("02", "06", "17"):
        page = site.page(f"{DISCLOSURE_ID}/{number}")
        cards = page.content.select("ul.dp-figures > li")
        assert cards
        for card in cards:
            link = card.select_one("a.dp-figure__source")
            clause = page.content.find(id=link["href"].lstrip("#"))
            assert clause.find_parent("ul", class_="dp-measures")  # the sentence where it stands in the measures
            value = card.select(".dp-amount")[-1].get_text()
            assert value in clause.get_text(), (number, value)
            label = card.select_one(".dp-figure__label").get_text()
            assert label in clause.get_text()  # the label is the sentence's own words
    measures = site.page(f"{DISCLOSURE_ID}/06").content.select_one("ul.dp-measures").get_text()
    assert "从530家提升至1262家" in measures


def test_items_can_be_browsed_by_topic(site):
    page = site.page(f"{DISCLOSURE_ID}/24")
    link = page.content.select_one(".dp-tags-line a")
    assert link.get_text() == "应收账款"
    index = site.page("tags")
    anchor = index.soup.find(id="tag:应收账款")
    assert anchor is not None
    listed = anchor.find_next("ul").find_all("a")
    assert any(a["href"].endswith(f"{DISCLOSURE_ID}/24/") for a in listed)


def test_the_accessibility_statement_is_linked_from_every_footer(site):
    statement = site.page("accessibility")
    for phrase in ("WCAG 2.1", "GB/T 37668", "已知的不足", "反馈"):
        assert phrase in statement.text
    for page in site.pages():
        links = [a for a in page.soup.select("footer a") if a.get_text() == "无障碍声明"]
        assert links, page.path
        href = links[0]["href"]
        # The 404 page is served at any depth, so its links are absolute from the site root.
        base = site.site if href.startswith("/") else page.path.parent
        target = (base / href.lstrip("/") / "index.html").resolve()
        assert target == statement.path.resolve(), page.path


def test_subscribing_is_explained_before_the_reader_meets_raw_xml(site):
    footer_link = next(a for a in site.page("").soup.select("footer a") if a.get_text() == "订阅更新")
    assert footer_link["href"].endswith("changes/#subscribe")
    section = site.page("changes").soup.find(id="subscribe")
    assert section is not None and "阅读器" in section.find_next("p").get_text()
    assert section.find_next("p").find("a")["href"].endswith("feed.xml")
