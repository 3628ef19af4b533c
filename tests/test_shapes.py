"""Announcements of other shapes publish as their text says: a title line and a signature,
groups of problems whose numbering restarts, sub-problems, a stated status per problem, and a
summary count checked against the statuses (fixture: tests/fixtures/shapes, written for the test)."""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES, build_site, copy_project, git, init_repository, squash

from disclosure_site.read.errors import DataErrors
from disclosure_site.check.run import load_site
from disclosure_site.check.record import check_records

SHAPES = FIXTURES / "shapes"
ID = "example-2025"
SOURCE = (SHAPES / ID / "source.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    project = init_repository(copy_project(tmp_path_factory.mktemp("shapes") / "project", data=SHAPES))
    built = build_site(project, project / "site")
    assert built.returncode == 0, built.output
    return built


def test_the_original_page_is_the_source_text(shapes):
    original = shapes.page(f"{ID}/original").content.select_one(".dp-original").get_text("\n", strip=True)
    assert squash(original) == squash(SOURCE)


def test_groups_head_the_item_table_and_name_each_item_page(shapes):
    home = shapes.page("")
    groups = [h.get_text(strip=True) for h in home.content.find_all("h3")]
    assert groups == ["(一)在“贯彻落实党中央决策部署”方面", "(二)在“落实全面从严治党责任”方面"]
    tables = home.content.select("table")
    assert [len(t.select("tbody tr")) for t in tables] == [2, 2]
    kicker = shapes.page(f"{ID}/03").content.select_one(".dp-kicker")
    assert "(二)在“落实全面从严治党责任”方面" in kicker.get_text()
    assert kicker.find("a")["href"].endswith("#group-2")
    nav = [a.get_text(" ", strip=True) for a in shapes.page(f"{ID}/01").soup.select(".md-nav__link")]
    assert any("(一)在“贯彻落实党中央决策部署”方面" in text for text in nav)


def test_sub_problems_are_sections_of_their_items_page(shapes):
    page = shapes.page(f"{ID}/02")
    subs = page.content.select("h3[id^=sub-]")
    assert [h["id"] for h in subs] == ["sub-1", "sub-2"]
    assert subs[0].get_text(strip=True) == "(1)关于“项目验收流于形式”的问题。"
    assert "组织复核12个项目" in subs[0].find_next("ul").get_text()


def test_stated_status_shows_with_the_sources_words_and_the_summary_is_kept(shapes):
    ledger = shapes.page(f"{ID}/04").content.select_one(".dp-ledger").get_text(" ", strip=True)
    assert "正在整改" in ledger and "整改状态:正在整改。" in ledger
    home = shapes.page("").text
    assert "巡察反馈的4个问题,已完成整改3个、正在整改1个,整改完成率75%" in home
    assert "已完成 3 项" in home and "正在整改 1 项" in home


def test_title_signature_and_inspection_show_only_as_stated(shapes):
    home = shapes.page("")
    assert home.h1 == "中共示例市农业局党组关于巡察整改情况的通报"
    facts = home.content.select_one(".dp-facts").get_text(" ", strip=True)
    assert "市委第二巡察组" in facts and "2024年12月5日" in facts
    assert home.content.select_one(".dp-dates").get_text(" ", strip=True).startswith("原文发布日期 2025年1月8日")
    assert home.content.select_one(".dp-signature").get_text(" ", strip=True) == "中共示例市农业局党组 2025年1月8日"
    footer = home.footer_text
    assert "0000-1234567" in footer and "feedback@example.org" in footer and "示例市人民路1号" in footer
    links = {a["href"] for a in home.soup.select("footer a")}
    assert "tel:00001234567" in links and "mailto:feedback@example.org" in links


def test_the_open_data_carries_groups_statuses_and_the_signature(shapes):
    document = json.loads((shapes.site / "open-data" / "disclosures.json").read_text(encoding="utf-8"))
    [disclosure] = document["disclosures"]
    assert disclosure["data"]["signature"]["date"] == "2025年1月8日"
    assert [item["data"].get("group") for item in disclosure["items"]] == [1, 1, 2, 2]
    assert disclosure["items"][3]["data"]["status_text"] == "整改状态:正在整改。"


@pytest.mark.parametrize("edit,expected", [
    (("summary:\n  text: 巡察反馈的4个问题", "summary:\n  text: 巡察反馈的4个问题"), None),
    (("  problems: 4\n", "  problems: 5\n"), "原文统计有 5 个问题,而 items/ 里有 4 项(01.yml、02.yml、03.yml、04.yml)"),
    (("  completed: 3\n", "  completed: 4\n"), "原文统计已完成 4 个,而各项的整改状态(status)中已完成的是 3 项(01.yml、02.yml、03.yml)"),
    (("  in_progress: 1\n", "  in_progress: 2\n"), "原文统计正在整改 2 个,而各项的整改状态(status)中正在整改的是 1 项(04.yml)"),
])
def test_a_summary_that_disagrees_with_the_items_is_an_error_naming_both(tmp_path, edit, expected):
    data = tmp_path / "data"
    shutil.copytree(SHAPES, data)
    path = data / ID / "disclosure.yml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    git(tmp_path, "init", "-q")  # a repository in which the disclosure is not yet committed: its first publication
    site = load_site(data)  # the live data may have moved on from the text's own count ...
    errors, _ = check_records(site)  # ... but at first publication (not yet committed here) it must agree
    if expected is None:
        assert not errors and site.disclosures[0].summary.problems == 4
        return
    # (a changed number may also break the text's own rate, 3 of 5 is not 75%: said too)
    [error] = [error for error in errors if expected in error.message]
    assert error.file.name == "disclosure.yml" and error.line


def test_a_status_stated_later_changes_the_counts_and_the_texts_summary_stays(shapes, tmp_path):
    project = shapes.project
    path = project / "data" / ID / "items" / "04.yml"
    # A status the body published later: the new status, without the text's own words (they say 正在整改).
    text = path.read_text(encoding="utf-8").replace("status: 正在整改", "status: 已完成")
    path.write_text(text.replace("status_text: 整改状态:正在整改。\n", ""), encoding="utf-8")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    home = built.page("").text
    assert "巡察反馈的4个问题,已完成整改3个、正在整改1个" in home and "此后各项状态有更新" in home
    assert "已完成 4 项" in home


def test_a_status_without_the_sources_words_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SHAPES, data)
    path = data / ID / "items" / "04.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("status_text: 整改状态:正在整改。", "status_text: 整改已完成。"),
                    encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        load_site(data)
    assert "“整改已完成。”没有出现在本项的原文" in raised.value.report()
