"""What an editor or a later format change may never do silently: alter the kept record of the text as
first published, show a change of data format as a change of content, or publish a CSV cell that a
spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import DISCLOSURE_ID, build_site, commit_all, copy_project, init_repository

from disclosure_site.read.kinds import upgrade

FOLDER = Path("data") / DISCLOSURE_ID


def test_a_committed_record_edited_afterwards_is_refused(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"))
    record = project / FOLDER / "source.txt"
    record.write_text(record.read_text(encoding="utf-8").replace("组建由分管副市长为组长", "组建以分管副市长为组长"), encoding="utf-8")
    commit_all(project, "更正原文记录中的用字", "2025-01-10T09:00:00+08:00")
    checked = subprocess.run([sys.executable, "-m", "disclosure_site.check"], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 1
    assert f"data/{DISCLOSURE_ID}/source.txt" in checked.stderr
    assert "source.txt 是首次公布原文的记录" in checked.stderr and "不能修改" in checked.stderr
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0 and "不能修改" in built.output
    assert not (tmp_path / "site").exists()


def _first_format(today: dict) -> dict:
    """The fixture's disclosure.yml as the first format (2024) wrote it: three fixed parts, the
    contact line of the closing made up from the contact."""
    parts = today["parts"]
    return {
        "title": today["title"], "body": today["body"],
        "inspection": {k: v for k, v in today["inspection"].items() if k != "kind"},
        "opening": today["opening"][0],
        "organisation": {"heading": parts[0]["heading"], "paragraphs": parts[0]["paragraphs"]},
        "progress_heading": parts[1]["heading"],
        "next_steps": {"heading": parts[2]["heading"], "paragraphs": parts[2]["paragraphs"]},
        "closing": today["closing"][0].split("联系方式:")[0],
        "contact": today["contact"],
        "source": today["source"],
    }


def test_a_change_of_data_format_is_not_shown_as_a_change_of_content(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / FOLDER / "disclosure.yml"
    today_text = path.read_text(encoding="utf-8")
    today = yaml.safe_load(today_text)
    first = _first_format(today)
    assert upgrade("disclosure", first) == today  # the first format reads as today's says the same
    path.write_text(yaml.safe_dump(first, allow_unicode=True, sort_keys=False), encoding="utf-8")
    init_repository(project)  # published in the first format, with its record
    path.write_text(today_text, encoding="utf-8")
    commit_all(project, "改用新的数据格式", "2025-01-10T09:00:00+08:00")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output  # the record is checked against the upgraded first format
    assert "改用新的数据格式" not in built.page("changes").text
    assert "改用新的数据格式" not in (built.site / "feed.xml").read_text(encoding="utf-8")


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_published_as_text(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"))
    starts = {"01": "=HYPERLINK(\"https://example.invalid\")", "02": "+1+1", "03": "-2+3", "04": "@SUM(1)"}
    for number, start in starts.items():
        path = project / FOLDER / "items" / f"{number}.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("measures:\n- ", f"measures:\n- '{start}'\n- ", 1), encoding="utf-8")
    commit_all(project, "补充整改措施", "2025-01-10T09:00:00+08:00")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    rows = list(csv.DictReader(io.StringIO((built.site / "open-data" / "items.csv").read_text(encoding="utf-8-sig"))))
    for row in rows:
        assert row["整改情况"][:1] not in ("=", "+", "-", "@"), row["序号"]
    for number, start in starts.items():
        row = next(r for r in rows if r["序号"] == str(int(number)))
        assert row["整改情况"].startswith("'" + start)  # the words kept, as text
    assert starts["01"] in built.page(f"{DISCLOSURE_ID}/01").text  # the page shows them as written
