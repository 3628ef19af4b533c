"""Whatever git holds, the site builds and says only what was changed: any byte in a commit message,
a path with a newline, a revision that does not parse, a commit dated centuries ahead. History is
data a pull request brings too, and it cannot be taken back once merged: a build that a commit can
stop stops every deploy after it."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, build_site, commit_all, copy_project, git, init_repository

ITEMS = Path("data") / DISCLOSURE_ID / "items"
PUBLISHED = "2024-12-01T10:00:00+08:00"
# Characters no reader sees, which XML 1.0 forbids (all but DEL) and a terminal may act on.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture
def repo(tmp_path) -> Path:
    return init_repository(copy_project(tmp_path / "repo"), "公布集中整改进展情况", PUBLISHED)


def _feed(built) -> ET.Element:
    raw = (built.site / "feed.xml").read_bytes()
    return ET.fromstring(raw)  # raises on a feed that is not well-formed XML


def _change_figure(project: Path, old: str, new: str) -> None:
    path = project / ITEMS / "05.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"{old}万元", f"{new}万元").replace(f"value: '{old}'", f"value: '{new}'"), encoding="utf-8")


@pytest.mark.parametrize("byte", ["\x1e", "\x1f", "\x1b", "\x07", "\x7f", "\x0c"])
def test_any_byte_in_a_commit_message_builds_and_is_never_published(repo, tmp_path, byte):
    _change_figure(repo, "1600", "1700")
    commit_all(repo, f"更正{byte}第5项{byte}支持资金数额", "2025-01-15T09:30:00+08:00")
    (repo / "docs" / "about.md").write_text((repo / "docs" / "about.md").read_text(encoding="utf-8") + "\n补充。\n",
                                            encoding="utf-8")
    commit_all(repo, f"关于{byte}本站", "2025-01-16T09:30:00+08:00")
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    assert "Traceback" not in built.output
    feed = _feed(built)
    texts = [element.text or "" for element in feed.iter()]
    assert any("更正第5项支持资金数额" in text for text in texts), texts[:20]
    page = built.page(f"{DISCLOSURE_ID}/05")
    records = page.content.select("ol.dp-history > li")
    assert "更正第5项支持资金数额" in records[0].get_text() and "1[删去:6][增加:7]00万元" in records[0].get_text()
    for published in (page.html, built.page("changes").html, (built.site / "feed.xml").read_text(encoding="utf-8"),
                      (built.site / "open-data" / "disclosures.json").read_text(encoding="utf-8")):
        assert not CONTROL.search(published)


def test_control_characters_in_a_committed_heading_leave_every_output_well_formed(repo, tmp_path):
    path = repo / ITEMS / "02.yml"
    text = path.read_text(encoding="utf-8")
    heading = re.search(r"^heading: (.*)$", text, re.M).group(1).strip("'\"")
    # YAML's escapes put what no editor could type into a data file: NUL, ESC, BEL, C1 controls.
    spoiled = heading[:4] + "\\0\\e\\a\\x85\\x9b" + heading[4:]
    path.write_text(text.replace(f"heading: {heading}", f'heading: "{spoiled}"', 1), encoding="utf-8")
    commit_all(repo, "更正第2项标题", "2025-01-15T09:30:00+08:00")
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    _feed(built)
    page = built.page(f"{DISCLOSURE_ID}/02")
    assert heading in page.h1  # the words as they were, the invisible characters gone
    for output in ("feed.xml", "open-data/disclosures.json", "open-data/items.csv", f"open-data/{DISCLOSURE_ID}.txt"):
        assert not CONTROL.search((built.site / output).read_text(encoding="utf-8")), output
    assert not CONTROL.search(page.html)


def test_control_characters_in_a_hand_written_page_are_not_published(repo, tmp_path):
    about = repo / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n补充\x07说明\x1b[31m。\x00\n", encoding="utf-8")
    commit_all(repo, "补充关于本站", "2025-01-15T09:30:00+08:00")
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    page = built.page("about")
    assert "补充说明[31m。" in page.content.get_text()  # the words kept, the invisible characters gone
    assert not CONTROL.search(page.html)
    _feed(built)


def test_a_path_with_a_newline_does_not_put_other_files_history_out_of_step(repo, tmp_path):
    for item in sorted((repo / ITEMS).glob("*.yml")):
        item.write_text(item.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a layout-only edit: nothing readers see
    commit_all(repo, "核对全部事项", "2025-01-10T09:00:00+08:00")
    odd = ITEMS / "05\n.yml"
    git(repo, "mv", str(ITEMS / "05.yml"), str(odd))
    commit_all(repo, "改名", "2025-01-11T09:00:00+08:00")
    git(repo, "mv", str(odd), str(ITEMS / "05.yml"))
    commit_all(repo, "改回", "2025-01-12T09:00:00+08:00")
    _change_figure(repo, "1600", "1700")
    commit_all(repo, "更正第5项支持资金数额", "2025-01-15T09:30:00+08:00")
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    changed = [number for number in range(1, 26)
               if built.page(f"{DISCLOSURE_ID}/{number:02d}").content.select(".dp-changes li")]
    assert changed == [5], changed  # no invented change (序号:原为8,改为6) on any other item
    changes = [li.get_text() for li in built.page(f"{DISCLOSURE_ID}/05").content.select(".dp-changes li")]
    assert any("1[删去:6][增加:7]00万元" in c for c in changes), changes  # the old figure and the new, marked in place


def test_a_revision_that_does_not_parse_is_shown_in_words(repo, tmp_path):
    path = repo / ITEMS / "07.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "measures: [不闭合\n", encoding="utf-8")  # committed without the check
    commit_all(repo, "误提交", "2025-01-15T09:30:00+08:00")
    path.write_text(good, encoding="utf-8")
    commit_all(repo, "恢复第7项", "2025-01-16T09:30:00+08:00")
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    page = built.page(f"{DISCLOSURE_ID}/07")
    changes = " ".join(li.get_text() for li in page.content.select(".dp-changes li"))
    assert "格式错误" in changes and "None" not in changes, changes
    assert "None" not in (built.site / "feed.xml").read_text(encoding="utf-8")


def test_a_commit_dated_after_2106_builds_with_its_date_and_a_notice(repo, tmp_path):
    path = repo / ITEMS / "03.yml"
    path.write_text(path.read_text(encoding="utf-8") + "responsible_units:\n- 市经信局\n", encoding="utf-8")
    commit_all(repo, "第3项补充责任单位", "@4328000000 +0800")  # 2107-02-24: beyond a gzip header's 32 bits
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0 and "Traceback" not in built.output, built.output
    dates = built.page(f"{DISCLOSURE_ID}/03").content.select_one(".dp-dates")
    assert "本站更新 2107-02-24" in dates.get_text()  # the date as git has it, to the minute for machines
    assert any(t["datetime"].startswith("2107-02-24T22:13") for t in dates.select("time[datetime]"))
    assert "时钟可能有误" in built.output
    import gzip

    assert gzip.decompress((built.site / "sitemap.xml.gz").read_bytes()) == (built.site / "sitemap.xml").read_bytes()
