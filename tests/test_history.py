"""The change history comes from git: real temporary repositories with fixed commit dates."""
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, build_site, commit_all, copy_project, git, init_repository

ITEMS = Path("data") / DISCLOSURE_ID / "items"
PUBLISHED = "2024-12-01T10:00:00+08:00"
CORRECTED = "2025-01-15T09:30:00+08:00"
NOTE = "更正第5项支持资金数额"


def change_figure(project: Path) -> None:
    path = project / ITEMS / "05.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("1600万元", "1700万元").replace("value: '1600'", "value: '1700'"), encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    return init_repository(copy_project(tmp_path / "repo"), "公布集中整改进展情况", PUBLISHED)


@pytest.fixture
def corrected_repo(repo) -> Path:
    change_figure(repo)
    commit_all(repo, NOTE, CORRECTED)
    return repo


def test_item_page_shows_publish_and_update_times_in_china_time(corrected_repo, tmp_path):
    built = build_site(corrected_repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    dates = built.page(f"{DISCLOSURE_ID}/05").content.select_one(".dp-dates").get_text(" ", strip=True)
    assert "本站发布 2024-12-01" in dates  # the site's dates, labelled as the site's
    assert "本站更新 2025-01-15" in dates
    times = {t.get_text(): t["datetime"] for t in built.page(f"{DISCLOSURE_ID}/05").content.select(".dp-dates time")}
    assert times == {"2024-12-01": "2024-12-01T10:00:00+08:00", "2025-01-15": "2025-01-15T09:30:00+08:00"}
    other = built.page(f"{DISCLOSURE_ID}/06").content.select_one(".dp-dates").get_text(" ", strip=True)
    assert "本站更新 2024-12-01" in other
    # Other pages show their own last update: the 原文 follows its newest item, a hand-written page its file.
    assert "本站更新 2025-01-15" in built.page(f"{DISCLOSURE_ID}/original").content.get_text(" ", strip=True)
    assert "本站更新 2024-12-01" in built.page("about").soup.select_one(".dp-dates").get_text(" ", strip=True)


def test_a_change_shows_with_its_note_date_and_old_and_new_value_on_its_page_only(corrected_repo, tmp_path):
    built = build_site(corrected_repo, tmp_path / "site", {"SITE_REPO_URL": "https://example.invalid/org/repo"})
    assert built.returncode == 0, built.output
    page = built.page(f"{DISCLOSURE_ID}/05")
    records = page.content.select("ol.dp-history > li")
    assert len(records) == 2
    newest, first = records
    assert "2025-01-15 09:30" in newest.get_text() and NOTE in newest.get_text()
    changes = [li.get_text() for li in newest.select(".dp-changes li")]
    # The measure's sentence and the figure read from it changed together: told once, as the sentence.
    assert changes == [next(c for c in changes if c.startswith("整改情况第"))], changes
    assert "1[删去:6][增加:7]00万元" in changes[0], changes
    commit = git(corrected_repo, "rev-parse", "HEAD").strip()
    assert newest.select_one("a.dp-commit")["href"] == f"https://example.invalid/org/repo/commit/{commit}"
    assert commit[:7] not in page.content.get_text()  # the hash only behind the link
    assert "首次发布" in first.get_text() and "2024-12-01 10:00" in first.get_text()
    for number in ("04", "06", "25"):
        assert NOTE not in built.page(f"{DISCLOSURE_ID}/{number}").html


def test_the_change_log_and_the_feed_carry_the_change(corrected_repo, tmp_path):
    built = build_site(corrected_repo, tmp_path / "site")
    changelog = built.page("changes")
    first = changelog.content.select("ol.dp-history > li")[0]
    assert NOTE in first.get_text() and "09:30" in first.get_text()
    assert first.find_previous("h2").get_text() == "2025年1月15日"
    assert first.find("a")["href"] == f"../{DISCLOSURE_ID}/05/"
    assert "[删去:6][增加:7]00万元" in first.get_text()
    feed = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 27  # 25 items and the disclosure published, one correction
    entry = feed.split("<entry>")[1]
    assert NOTE in entry and "2025-01-15T09:30:00+08:00" in entry
    assert re.search(r"整改情况第\d条:…[^→]*1600万元。 → …[^→]*1700万元。", entry), entry
    head = built.page("").soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert head is not None and head["href"].endswith("feed.xml")


def test_dates_come_from_commits_not_the_build_time(corrected_repo, tmp_path):
    env = {"SITE_URL": "https://example.invalid/"}
    first = build_site(corrected_repo, tmp_path / "one", env)
    second = build_site(corrected_repo, tmp_path / "two", env)
    for url in (f"{DISCLOSURE_ID}/05", "changes", ""):
        assert first.page(url).html == second.page(url).html
    assert (first.site / "feed.xml").read_bytes() == (second.site / "feed.xml").read_bytes()
    assert "2025-01-15" in (first.site / "sitemap.xml").read_text()


def test_a_renamed_file_keeps_its_history(corrected_repo, tmp_path):
    git(corrected_repo, "mv", str(ITEMS / "05.yml"), str(ITEMS / "005.yml"))
    commit_all(corrected_repo, "统一事项文件名", "2025-02-01T08:00:00+08:00")
    built = build_site(corrected_repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    records = built.page(f"{DISCLOSURE_ID}/05").content.select("ol.dp-history > li")
    text = " ".join(r.get_text() for r in records)
    assert NOTE in text and "首次发布" in text and "2024-12-01 10:00" in text


def test_uncommitted_edits_are_marked_not_dated(corrected_repo, tmp_path):
    path = corrected_repo / ITEMS / "07.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("加强工作统筹", "加强工作统筹", 1) + "\n", encoding="utf-8")  # an edit not committed yet (a blank line: data files hold no comment)
    built = build_site(corrected_repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    page = built.page(f"{DISCLOSURE_ID}/07")
    assert "有尚未提交的修改" in page.content.select_one(".dp-dates").get_text()
    assert "尚未提交的修改" in page.content.select("ol.dp-history > li")[0].get_text()


def test_a_shallow_clone_builds_and_says_the_history_is_partial(corrected_repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{corrected_repo}", str(clone)], check=True)
    built = build_site(clone, tmp_path / "site")
    assert built.returncode == 0, built.output
    assert built.output.count("页面上的更新记录将注明“记录不完整”") == 1  # said once, not once a page
    # The published record cannot be checked against a first publication that was not fetched: said so, not failed.
    assert "source.txt:仓库历史不完整(浅克隆),未能核对首次发布时的数据" in built.output
    page = built.page(f"{DISCLOSURE_ID}/05")
    assert "记录不完整" in page.content.select_one(".dp-dates").get_text()
    assert "2024-12-01" not in page.html  # the publish date is not known here: none is shown
    assert "2025-01-15 09:30" not in page.content.select_one(".dp-dates").get_text()
    assert "不完整" in page.content.select_one("#history").find_next("p").get_text()


def test_a_copy_without_git_builds_without_history(tmp_path):
    project = copy_project(tmp_path / "plain")
    built = build_site(project, tmp_path / "site", {"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert built.returncode == 0, built.output
    page = built.page(f"{DISCLOSURE_ID}/05")
    assert page.content.select_one("#history") is None
    # No site dates without git; the text's own (here, that it states none) is still said.
    assert page.content.select_one(".dp-dates").get_text(strip=True) == "原文未载明发布日期"
    assert "没有取得版本历史" in built.page("changes").text


def _count_git_processes(project: Path, tmp_path: Path, name: str) -> int:
    wrapper_dir = tmp_path / f"bin-{name}"
    wrapper_dir.mkdir()
    log = tmp_path / f"git-{name}.log"
    real = shutil.which("git")
    wrapper = wrapper_dir / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    env = {"PATH": f"{wrapper_dir}{os.pathsep}{os.environ['PATH']}"}
    built = build_site(project, tmp_path / f"site-{name}", env)
    assert built.returncode == 0, built.output
    return len(log.read_text().splitlines())


def test_git_processes_do_not_grow_with_items_or_commits(repo, tmp_path):
    small = _count_git_processes(repo, tmp_path, "small")
    template = (repo / ITEMS / "01.yml").read_text(encoding="utf-8")
    for number in range(26, 46):
        (repo / ITEMS / f"{number}.yml").write_text(template.replace("number: 1\n", f"number: {number}\n"), encoding="utf-8")
        commit_all(repo, f"新增第{number}项", f"2025-03-{number - 25:02d}T08:00:00+08:00")
    for round_ in range(10):
        path = repo / ITEMS / "26.yml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a change of layout only
        commit_all(repo, f"调整格式{round_}", f"2025-04-{round_ + 1:02d}T08:00:00+08:00")
    large = _count_git_processes(repo, tmp_path, "large")
    assert small == large
    # The history's four (rev-parse, log, cat-file, status) and the published record's four for the
    # disclosure that keeps a source.txt (rev-parse, log, ls-tree, cat-file); the engine starts none.
    assert small <= 4 + 4


def test_field_changes_name_changed_added_and_removed_measures_and_a_new_status():
    from disclosure_site.history.field_changes import FieldChange, diff_documents

    old = {"number": 1, "heading": "关于“甲”的问题", "problem": "甲", "measures": ["一是甲。", "二是乙。", "三是丙。"],
           "figures": [{"label": "资金", "value": "1600", "unit": "万元"}]}
    new = {"number": 1, "heading": "关于“甲”的问题", "problem": "甲", "measures": ["一是甲。", "二是乙乙。", "四是丁。"],
           "figures": [{"label": "资金", "value": "1700", "unit": "万元"}], "status": "已完成"}
    changes = diff_documents(old, new, "item")
    assert FieldChange("整改措施第2条", "二是乙。", "二是乙乙。") in changes
    assert FieldChange("整改措施第3条", "三是丙。", "四是丁。") in changes
    assert FieldChange("数据“资金”", "1600万元", "1700万元") in changes
    assert FieldChange("整改状态", None, "已完成") in changes
    removed = diff_documents(new, {**new, "measures": ["一是甲。"]}, "item")
    assert FieldChange("整改措施第2条", "二是乙乙。", None) in removed and len(removed) == 2


# ---------------------------------------------------------------- gaps in the history are never silent

def test_a_repository_with_no_commit_yet_builds_with_a_notice(tmp_path):
    project = copy_project(tmp_path / "fresh")
    git(project, "init", "-q", "-b", "main")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    assert "Traceback" not in built.output
    assert "仓库还没有任何提交" in built.output
    dates = built.page(f"{DISCLOSURE_ID}/05").content.select_one(".dp-dates").get_text()
    assert "有尚未提交的修改" in dates


def test_a_project_in_a_sub_folder_of_its_repository_finds_its_history(tmp_path):
    repository = tmp_path / "repository"
    project = copy_project(repository / "site-project")
    (repository / "README.md").write_text("其他内容\n", encoding="utf-8")
    git(repository, "init", "-q", "-b", "main")
    commit_all(repository, "公布集中整改进展情况", "2024-12-01T10:00:00+08:00")
    change_figure(project)
    commit_all(repository, NOTE, "2025-01-15T09:30:00+08:00")
    built = build_site(project, tmp_path / "site", {"SITE_REPO_URL": "https://example.invalid/org/repo"})
    assert built.returncode == 0, built.output
    page = built.page(f"{DISCLOSURE_ID}/05")
    dates = page.content.select_one(".dp-dates").get_text(" ", strip=True)
    assert "本站发布 2024-12-01" in dates and "本站更新 2025-01-15" in dates
    assert NOTE in built.page("changes").text
    edit = page.soup.select_one("a.md-content__button[href*='/edit/']")["href"]
    assert edit.endswith("/edit/main/site-project/data/wuhan-jingxin-2024/items/05.yml")
    about = built.page("about").soup.select_one("a.md-content__button[href*='/edit/']")["href"]
    assert about.endswith("/edit/main/site-project/docs/about.md")


def test_a_change_to_a_nested_value_reads_as_words(repo, tmp_path):
    disclosure = repo / "data" / DISCLOSURE_ID / "disclosure.yml"
    text = disclosure.read_text(encoding="utf-8")
    disclosure.write_text(text.replace("heading: 推进巡察整改工作打算", "heading: 推进巡察整改工作的打算"), encoding="utf-8")
    item = repo / ITEMS / "06.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("label: 累计覆盖企业", "label: 覆盖企业"), encoding="utf-8")
    commit_all(repo, "更正第三部分标题和第6项数据指标", "2025-02-01T08:00:00+08:00")
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    entries = built.page("changes").content.select("ol.dp-history > li")
    for entry in entries[:2]:  # what the eye reads: the words said to screen readers ([删去:…]) aside
        for words in entry.select(".dp-visually-hidden"):
            words.decompose()
    shown = " ".join(li.get_text() for li in entries[:2])
    assert "推进巡察整改工作的打算" in shown and "覆盖企业" in shown
    for mark in ("{", "}", "[", "]", "'", "heading", "label", "paragraphs"):
        assert mark not in shown, (mark, shown)


def test_a_figure_whose_label_is_corrected_or_sentence_added_reads_as_that_change():
    from disclosure_site.history.field_changes import FieldChange, diff_documents

    base = {"number": 7, "heading": "关于“甲”的问题", "problem": "甲", "measures": ["占比提升至39%。"]}
    old = {**base, "figures": [{"label": "新能源汽车占比", "value": "39", "unit": "%"}]}
    new = {**base, "figures": [{"label": "占比", "value": "39", "unit": "%", "clause": "占比提升至39%。"}]}
    changes = diff_documents(old, new, "item")
    assert changes == [FieldChange("数据“占比”的指标", "新能源汽车占比", "占比"),
                       FieldChange("数据“占比”的原句", None, "占比提升至39%。")]


def test_a_one_character_correction_in_a_long_paragraph_marks_only_that_character():
    from disclosure_site.history.field_changes import FieldChange

    paragraph = "一是" + "加强工作统筹,逐项推进落实。" * 400  # 5,600 characters
    corrected = paragraph[:3000] + "以" + paragraph[3001:]
    change = FieldChange.of("整改措施第1条", paragraph, corrected)
    before, after = change.marks
    assert [text for text, changed in before if changed] == [paragraph[3000]]
    assert [text for text, changed in after if changed] == ["以"]
    shown = "".join(text for text, _ in after)
    assert len(shown) < 40 and shown.count("…") == 2  # a few characters either side, not the paragraph
    added = FieldChange.of("整改措施第1条", paragraph, paragraph + "(补充)")
    assert [text for text, changed in added.marks[1] if changed] == ["(补充)"]
