"""Building copies of the project with changed data: edits flow everywhere, bad data stops the build."""
import subprocess
import sys
from pathlib import Path

from conftest import DISCLOSURE_ID, build_site

ITEM_05 = Path("data") / DISCLOSURE_ID / "items" / "05.yml"


def _edit(project: Path, relative: Path, old: str, new: str, count: int = -1) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _all_site_text(site: Path) -> str:
    """Every text the site publishes, except the record of the text as first published."""
    return "".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*")
        if p.suffix in (".html", ".json", ".xml", ".csv", ".txt") and not p.name.endswith("-source.txt")
    )


def test_changing_a_figure_changes_its_page_and_the_original_and_nothing_keeps_the_old(project, tmp_path):
    _edit(project, ITEM_05, "1600万元", "1700万元")  # the measure's text
    _edit(project, ITEM_05, "value: '1600'", "value: '1700'")  # the figure
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    item = built.page(f"{DISCLOSURE_ID}/05")
    assert "1700万元" in item.text and "1700万元" in item.content.select_one("ul.dp-figures").get_text()
    assert "1700万元" in built.page(f"{DISCLOSURE_ID}/original").text
    assert "1600万元" not in _all_site_text(built.site)
    # The record of what was first published keeps the first figure.
    assert "1600万元" in (built.site / "open-data" / f"{DISCLOSURE_ID}-source.txt").read_text(encoding="utf-8")


def test_bad_data_stops_the_build_with_the_chinese_report_and_no_traceback(project, tmp_path):
    _edit(project, ITEM_05, "problem:", "problm:")
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0
    assert "Traceback" not in built.output
    assert f"data/{DISCLOSURE_ID}/items/05.yml" in built.output
    assert "不认识的字段“problm”" in built.output
    assert "缺少必填字段“problem”" in built.output


def test_a_failed_build_leaves_the_previous_site_as_it_was(project):
    build = [sys.executable, "tools/build_site.py", "site"]
    first = subprocess.run(build, cwd=project, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    _edit(project, ITEM_05, "problem:", "problm:")
    second = subprocess.run(build, cwd=project, capture_output=True, text=True)
    assert second.returncode != 0
    assert "site/ 保持原样" in second.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site-build-*"))


HOSTILE = "<script>window.__pwned=1</script><img src=x onerror=alert(1)>{{ 7*7 }}{% raw %}{# c #}"


def test_html_and_template_syntax_in_data_show_as_text(project, tmp_path):
    _edit(project, ITEM_05, "heading: 关于“工业互联网标识推广不够”的问题", f"heading: '关于“工业互联网标识推广不够{HOSTILE}”的问题'")
    _edit(project, ITEM_05, "problem: 工业互联网标识推广不够", f"problem: '工业互联网标识推广不够{HOSTILE}'")
    _edit(project, ITEM_05, "- 一是强化", f"- '{HOSTILE}'\n- 一是强化")
    _edit(project, Path("data") / DISCLOSURE_ID / "disclosure.yml", "title: 集中整改进展情况", f"title: '集中整改进展情况{HOSTILE}'")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    for page in built.pages():
        assert "__pwned=1</script>" not in page.html.replace("&lt;script&gt;window.__pwned=1&lt;/script&gt;", "")
        assert "<img src=x" not in page.html and "49" not in page.soup.title.get_text()
    item = built.page(f"{DISCLOSURE_ID}/05")
    assert HOSTILE in item.h1 and item.h1.endswith("”的问题")
    assert HOSTILE in item.content.select(".dp-measures li")[0].get_text()
    assert HOSTILE in item.soup.title.get_text()
    nav_titles = [a.get_text(" ", strip=True) for a in item.soup.select(".md-nav__link")]
    assert any(HOSTILE in title for title in nav_titles)
    assert HOSTILE in built.page(f"{DISCLOSURE_ID}/original").text
    assert HOSTILE in built.page("").h1


def test_two_disclosures_get_a_home_page_listing_them_and_keep_their_own_pages(project, tmp_path):
    import shutil

    data = project / "data"
    shutil.copytree(data / DISCLOSURE_ID, data / "wuhan-jingxin-2025")
    _edit(project, Path("data") / "wuhan-jingxin-2025" / "disclosure.yml", "body: 武汉市经济和信息化局", "body: 另一单位")
    _edit(project, Path("data") / "wuhan-jingxin-2025" / "disclosure.yml", "source: 武汉市经济和信息化局", "source: 另一单位")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    home = built.page("")
    listed = {a["href"] for a in home.content.select(".dp-disclosure-list a")}
    assert listed == {f"{DISCLOSURE_ID}/", "wuhan-jingxin-2025/"}
    assert home.soup.title.get_text() == "武汉市经济和信息化局、另一单位整改进展公开"
    for disclosure_id in (DISCLOSURE_ID, "wuhan-jingxin-2025"):
        assert built.page(disclosure_id).h1 == "集中整改进展情况"
        assert built.page(f"{disclosure_id}/25").h1 == "关于“审计整改责任落实不够”的问题"
    # A page of one disclosure shows that body's contact; the home page shows both.
    assert "另一单位" in built.page("wuhan-jingxin-2025/03").footer_text
    assert "另一单位" not in built.page(f"{DISCLOSURE_ID}/03").footer_text
    assert "另一单位" in home.footer_text and "武汉市经济和信息化局" in home.footer_text


def test_the_home_page_counts_items_by_status_once_statuses_are_set(project, tmp_path):
    for number, status in (("01", "已完成"), ("02", "已完成"), ("03", "正在整改")):
        path = project / "data" / DISCLOSURE_ID / "items" / f"{number}.yml"
        path.write_text(path.read_text(encoding="utf-8") + f"status: {status}\n", encoding="utf-8")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    overview = [li.get_text("", strip=True) for li in built.page("").content.select(".dp-overview__statuses > li")]
    assert overview[0].startswith("已完成2项:第1项、第2项") and overview[1] == "正在整改1项:第3项"
    assert overview[2] == "原文未载明整改状态22项"
    assert "已完成" in built.page(f"{DISCLOSURE_ID}/01").content.select_one(".dp-ledger").get_text()
    rows = built.page("").content.select("table tbody tr")
    assert rows[2].find_all("td")[-1].get_text() == "正在整改"


def test_a_copied_disclosure_is_flagged_and_a_shared_contact_shown_once(project, tmp_path):
    import shutil

    data = project / "data"
    shutil.copytree(data / DISCLOSURE_ID, data / "wuhan-jingxin-2025")  # a new round, copied, not yet edited
    (data / "wuhan-jingxin-2025" / "source.txt").unlink()
    checked = subprocess.run([sys.executable, "-m", "disclosure_site.check", str(data)], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "data/wuhan-jingxin-2025/disclosure.yml 的标题和日期与 data/wuhan-jingxin-2024/ 完全相同" in checked.stderr
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    blocks = built.page("").soup.select(".dp-footer-contact__body")
    assert len(blocks) == 1 and blocks[0].get_text().count("027—85319490") == 1  # one body, one contact: once
