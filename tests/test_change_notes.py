"""Change notes are data: the 更新说明 (change_note) a change sets in a file is what the public reads
for that change, the commit message only when the change set none; and the pull-request check says
which changed files left their note as it was."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, build_site, commit_all, copy_project, git, init_repository
from test_history import change_figure

from disclosure_site.check.change_notes import pull_request_base

ITEM = Path("data") / DISCLOSURE_ID / "items" / "05.yml"
FORM_COMMIT = "Update 05.yml"  # what a form or a forge's web editor writes
NOTE = "更正支持资金数额(依据2025年1月8日公布的整改进展)"  # one line without spaces, as records are compared


def set_note(project: Path, note: str, path: Path = ITEM) -> None:
    target = project / path
    lines = [line for line in target.read_text(encoding="utf-8").splitlines() if not line.startswith("change_note:")]
    target.write_text("\n".join([f"change_note: '{note}'", *lines]) + "\n", encoding="utf-8")


def history_texts(built, url: str) -> list[str]:
    """Each record's text as read, without the spaces between the marks of changed characters."""
    return ["".join(li.get_text().split()) for li in built.page(url).content.select("ol.dp-history > li")]


@pytest.fixture(scope="module")
def noted_repo(tmp_path_factory) -> Path:
    """Published; then a correction whose note is set in the file, committed as a form commits it;
    then a second change that left the note as it was, with a commit message of its own."""
    repo = init_repository(copy_project(tmp_path_factory.mktemp("notes") / "repo"))
    change_figure(repo)
    set_note(repo, NOTE)
    commit_all(repo, FORM_COMMIT, "2025-01-15T09:30:00+08:00")
    path = repo / ITEM
    path.write_text(path.read_text(encoding="utf-8").replace("一是", "一是:", 1), encoding="utf-8")
    commit_all(repo, "第5项第一条补一个冒号", "2025-02-01T09:30:00+08:00")
    return repo


@pytest.fixture(scope="module")
def noted_site(noted_repo, tmp_path_factory):
    built = build_site(noted_repo, tmp_path_factory.mktemp("noted") / "site")
    assert built.returncode == 0, built.output
    return built


def test_the_note_a_change_set_is_what_its_history_shows(noted_site):
    newest, correction, published = history_texts(noted_site, f"{DISCLOSURE_ID}/05")
    assert NOTE in correction and FORM_COMMIT not in correction
    assert "1[删去:6][增加:7]00万元" in correction  # the old figure and the new, marked in place
    # The note is not itself listed as a changed field.
    assert "更新说明" not in correction
    # A later change that left the note as it was is not given the old note: its commit message stands.
    assert "第5项第一条补一个冒号" in newest and NOTE not in newest
    assert "首次发布" in published


def test_the_change_log_and_the_feed_carry_the_note_not_the_commit_message(noted_site):
    changes = [li.get_text(" ", strip=True) for li in noted_site.page("changes").content.select("ol.dp-history > li")]
    assert any(NOTE in text for text in changes)
    assert not any(FORM_COMMIT in text for text in changes)
    feed = (noted_site.site / "feed.xml").read_text(encoding="utf-8")
    assert NOTE in feed and FORM_COMMIT not in feed


def test_a_new_file_is_published_with_its_own_note(tmp_path):
    repo = init_repository(copy_project(tmp_path / "repo"))
    source = repo / ITEM.parent / "25.yml"
    new = repo / ITEM.parent / "26.yml"
    new.write_text(source.read_text(encoding="utf-8").replace("number: 25", "number: 26"), encoding="utf-8")
    set_note(repo, "新增第26项整改事项", new.relative_to(repo))
    commit_all(repo, "Create 26.yml", "2025-03-01T09:00:00+08:00")
    built = build_site(repo, tmp_path / "site")
    assert built.returncode == 0, built.output
    (published,) = history_texts(built, f"{DISCLOSURE_ID}/26")
    assert "新增第26项整改事项" in published and "Create 26.yml" not in published


# ---------------------------------------------------------------- the pull-request check


def validate(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "disclosure_site.check", "data", *args], cwd=project,
                          capture_output=True, text=True, env=env)


@pytest.fixture
def branch(tmp_path) -> Path:
    repo = init_repository(copy_project(tmp_path / "repo"))
    git(repo, "checkout", "-q", "-b", "edit")
    return repo


def test_the_check_says_which_changed_file_left_its_note_as_it_was(branch):
    change_figure(branch)
    commit_all(branch, FORM_COMMIT, "2025-01-15T09:30:00+08:00")
    result = validate(branch, "--base", "main", "--github")
    assert result.returncode == 0, result.stderr
    assert f"data/{DISCLOSURE_ID}/items/05.yml 有修改,但“更新说明”(change_note)没有改写" in result.stderr
    assert f"::warning file=data/{DISCLOSURE_ID}/items/05.yml,line=1," in result.stdout
    assert "06.yml" not in result.stderr  # files the branch did not change are not named


def test_on_gitlab_the_merge_request_shows_it_as_a_notice_on_the_file(branch):
    change_figure(branch)
    commit_all(branch, FORM_COMMIT, "2025-01-15T09:30:00+08:00")
    result = validate(branch, "--base", "main", "--codequality", "report.json")
    assert result.returncode == 0, result.stderr
    (finding,) = json.loads((branch / "report.json").read_text(encoding="utf-8"))
    assert finding["severity"] == "info" and finding["check_name"] == "更新说明"
    assert finding["location"]["path"] == f"data/{DISCLOSURE_ID}/items/05.yml"
    assert "没有改写" in finding["description"]


def test_an_updated_note_satisfies_the_check_and_an_unchanged_old_one_does_not(branch):
    change_figure(branch)
    set_note(branch, NOTE)
    commit_all(branch, FORM_COMMIT, "2025-01-15T09:30:00+08:00")
    assert "更新说明" not in validate(branch, "--base", "main").stderr
    # The next change on a new branch keeps that note: the check says so.
    git(branch, "branch", "-f", "main", "HEAD")
    path = branch / ITEM
    path.write_text(path.read_text(encoding="utf-8").replace("一是", "一是:", 1), encoding="utf-8")
    stderr = validate(branch, "--base", "main").stderr
    assert f"data/{DISCLOSURE_ID}/items/05.yml 有修改,但“更新说明”(change_note)没有改写" in stderr


def test_a_new_file_without_a_note_is_named_and_a_change_of_layout_only_is_not(branch):
    items = branch / ITEM.parent
    (items / "26.yml").write_text((items / "25.yml").read_text(encoding="utf-8").replace("number: 25", "number: 26"),
                                  encoding="utf-8")
    (items / "06.yml").write_text((items / "06.yml").read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    stderr = validate(branch, "--base", "main").stderr
    assert "items/26.yml 是新增的文件,但没有写“更新说明”" in stderr
    assert "06.yml" not in stderr


def test_the_base_is_the_pull_requests_target_as_each_forge_names_it():
    assert pull_request_base({"GITHUB_BASE_REF": "main"}) == "origin/main"  # GitHub, Forgejo, Gitea
    assert pull_request_base({"CI_MERGE_REQUEST_DIFF_BASE_SHA": "0a5a862", "GITHUB_BASE_REF": ""}) == "0a5a862"  # GitLab
    assert pull_request_base({"CI": "true"}) is None  # a push to main: nothing to compare with
    assert pull_request_base({}) == "HEAD"  # an editor's clone: the edits not committed yet


def test_before_committing_the_editor_is_told_of_an_unchanged_note_and_a_file_git_does_not_know(branch):
    change_figure(branch)  # the form's save, not committed yet, its old note kept
    items = branch / ITEM.parent
    (items / "26.yml").write_text((items / "25.yml").read_text(encoding="utf-8").replace("number: 25", "number: 26"),
                                  encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_BASE_REF", "CI_MERGE_REQUEST_DIFF_BASE_SHA")}
    result = validate(branch, env=env)
    assert result.returncode == 0, result.stderr
    assert f"data/{DISCLOSURE_ID}/items/05.yml 有修改,但“更新说明”(change_note)没有改写" in result.stderr
    assert "items/26.yml 是新文件,git 还不知道它" in result.stderr and "git add data" in result.stderr
    git(branch, "add", "data")
    assert "git 还不知道它" not in validate(branch, env=env).stderr


def test_outside_a_pull_request_or_without_git_nothing_is_said(tmp_path):
    project = copy_project(tmp_path / "project")
    result = validate(project, "--base", "main")
    assert result.returncode == 0 and "更新说明" not in result.stderr and "Traceback" not in result.stderr
