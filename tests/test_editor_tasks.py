"""Every task CONTRIBUTING.md gives an editor passes the pull-request check and shows on the site.

In a temporary clone of the project (its data/ replaced by the fixture, as the live data/ is the
editors' own), each task is made as an editor makes it, committed with a public note, and then
checked the way the pull-request workflow checks it: the data check (make validate), the build
(make site) and the page that must show the change. Each test starts from its own fresh clone, so
any one of them runs alone (pytest -k delete) and in any order.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, FIXTURE_DATA, ROOT, Page, commit_all, git, squash

from disclosure_site.read.yaml_silent import line_problems

DATA = Path("data") / DISCLOSURE_ID
ITEMS = DATA / "items"


@pytest.fixture
def clone(tmp_path) -> Path:
    """The project as a fresh clone has it (tracked and new files), with the fixture as its data."""
    target = tmp_path / "project"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for name in files:
        if name and not name.startswith("data/") and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    shutil.copytree(FIXTURE_DATA, target / "data")
    git(target, "init", "-q", "-b", "main")
    commit_all(target, "公布集中整改进展情况", "2024-12-01T10:00:00+08:00")
    return target


def _check(project: Path) -> Path:
    """What the pull-request check runs on data: make validate, then make site. Returns site/."""
    for command in (["-m", "disclosure_site.check"], ["tools/build_site.py", "site"]):  # make validate, make site
        result = subprocess.run([sys.executable, *command], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    return project / "site"


def _edit(project: Path, path: Path, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _page(site: Path, url: str) -> Page:
    return Page(site / url / "index.html")


def test_the_guides_yaml_holds_nothing_the_loader_refuses():
    """Every YAML example an editor may copy from CONTRIBUTING.md: no comment, no tab, no full-width indentation."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in guide.split("```yaml\n")[1:]]
    assert len(blocks) >= 4
    for block in blocks:
        assert " #" not in block and not line_problems(block), block


def test_correct_a_character(clone):
    _edit(clone, ITEMS / "07.yml", "组建由分管副市长为组长", "组建以分管副市长为组长")
    commit_all(clone, "更正第7项“组建以分管副市长为组长”的用字", "2025-01-10T09:00:00+08:00")
    site = _check(clone)
    page = _page(site, f"{DISCLOSURE_ID}/07")
    measures = page.content.select_one(".dp-measures").get_text()
    assert "组建以分管副市长为组长" in measures and "组建由分管副市长" not in measures
    record = page.content.select("ol.dp-history > li")[0]
    assert "更正第7项" in record.get_text()
    # The change shows the old word struck and the new one inserted, in place, and says so in words.
    assert "组建[删去:由][增加:以]分管副市长" in record.get_text()
    assert [d.get_text() for d in record.select("del")] == ["[删去:由]"] and [i.get_text() for i in record.select("ins")] == ["[增加:以]"]
    assert "组建以分管副市长为组长" in _page(site, f"{DISCLOSURE_ID}/original").text


def _add_item_26(clone: Path) -> None:
    """CONTRIBUTING.md's template for a new item, filled in as it says (never a copy of another item,
    whose figures, citations and topics would not be in the new text)."""
    guide = (clone / "CONTRIBUTING.md").read_text(encoding="utf-8")
    template = guide.split("<!-- new-item-template -->\n```yaml\n", 1)[1].split("```", 1)[0]
    new = (template.replace("“……”", "“示例新增问题”").replace("problem: ……", "problem: 示例新增问题")
           .replace("一是……", "一是建立工作台账,逐项推进。").replace("二是……", "二是按月调度。"))
    assert "……" not in new and "figures" not in new and "citations" not in new and "tags" not in new
    (clone / ITEMS / "26.yml").write_text(new, encoding="utf-8")
    commit_all(clone, "Create 26.yml", "2025-02-01T09:00:00+08:00")  # as a web editor names it


def test_add_an_item(clone):
    _add_item_26(clone)
    site = _check(clone)
    page = _page(site, f"{DISCLOSURE_ID}/26")
    assert page.h1 == "关于“示例新增问题”的问题"
    assert len(_page(site, "").content.select("table tbody tr")) == 26
    record = page.content.select("ol.dp-history > li")[0].get_text()
    assert "新增第26项整改事项" in record and "Create 26.yml" not in record  # the template's 更新说明 is the note


def test_fill_a_stated_status_deadline_and_unit(clone):
    path = clone / ITEMS / "12.yml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "status: 已完成\ndeadline: '2024-12-31'\nresponsible_units:\n- 市经信局产业园区处\n", encoding="utf-8")
    commit_all(clone, "第12项标注整改完成(依据2025年1月公布的整改进展)", "2025-02-10T09:00:00+08:00")
    site = _check(clone)
    ledger = _page(site, f"{DISCLOSURE_ID}/12").content.select_one(".dp-ledger").get_text(" ", strip=True)
    assert "已完成" in ledger and "2024年12月31日" in ledger and "市经信局产业园区处" in ledger
    assert "已完成 1 项" in _page(site, "").text


def test_change_the_contact(clone):
    disclosure = clone / DATA / "disclosure.yml"
    text = disclosure.read_text(encoding="utf-8")
    assert text.count("027—85319490") == 2  # the contact and the closing line that prints it
    disclosure.write_text(text.replace("027—85319490", "027—85319491"), encoding="utf-8")
    commit_all(clone, "更新监督电话", "2025-03-01T09:00:00+08:00")
    site = _check(clone)
    for url in ("", f"{DISCLOSURE_ID}/05", f"{DISCLOSURE_ID}/feedback"):
        footer = _page(site, url).footer_text
        assert "027—85319491" in footer and "027—85319490" not in footer


def test_add_a_disclosure_by_importing_its_text(clone):
    source = ROOT / "tests" / "import_fixtures" / "title-signature.txt"
    result = subprocess.run([sys.executable, "-m", "disclosure_site.importer", str(source), "example-2024"], cwd=clone,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    commit_all(clone, "公布2024年巡察整改情况", "2025-03-05T09:00:00+08:00")
    site = _check(clone)
    listed = {a["href"] for a in _page(site, "").content.select(".dp-disclosure-list a")}
    assert listed == {f"{DISCLOSURE_ID}/", "example-2024/"}
    original = _page(site, "example-2024/original").content.select_one(".dp-original").get_text("\n", strip=True)
    assert squash(original) == squash(source.read_text(encoding="utf-8"))
    assert _page(site, "example-2024/01").h1


def test_delete_an_item(clone):
    _add_item_26(clone)
    git(clone, "rm", "-q", str(ITEMS / "26.yml"))
    commit_all(clone, "删除误加的第26项", "2025-03-10T09:00:00+08:00")
    site = _check(clone)
    assert not (site / DISCLOSURE_ID / "26").exists()
    # The page is gone, but not silently: the change log and the feed say what was removed and why.
    newest = _page(site, "changes").content.select("ol.dp-history > li")[0].get_text(" ", strip=True)
    assert "删除误加的第26项" in newest and "第26项" in newest and "已删除" in newest
    assert "删除误加的第26项" in (site / "feed.xml").read_text(encoding="utf-8")
    assert len(_page(site, "").content.select("table tbody tr")) == 25  # one disclosure: its home is the site's
