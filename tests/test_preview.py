"""`make serve`: the preview follows an edit by regenerating only what it reaches, and the result is
what a full build would generate; a YAML mistake is reported in Chinese and the last good preview stays."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, commit_all, copy_project, init_repository

from disclosure_site.read.errors import DataErrors
from disclosure_site.generate.build_folder import Workspace

ITEMS = Path("data") / DISCLOSURE_ID / "items"
WAIT_S = 120  # how long a busy machine may take before the test gives up; nothing here is timed


def _edit(project: Path, relative: Path, old: str, new: str) -> Path:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


EDITS = [  # (file, old, new): a correction, a heading, the contact, a stated status, a hand-written page
    (ITEMS / "07.yml", "组建由分管副市长为组长", "组建以分管副市长为组长"),
    (ITEMS / "05.yml", "heading: 关于“工业互联网标识推广不够”的问题", "heading: 关于“工业互联网标识推广不够”的问题(已完成)"),
    (Path("data") / DISCLOSURE_ID / "disclosure.yml", "027—85319490", "027—85319491"),
    (ITEMS / "12.yml", "number: 12\n", "number: 12\nstatus: 已完成\n"),
    (Path("docs") / "about.md", "# 关于本站\n", "# 关于本站\n\n本站随整改进展更新。\n"),
]


def test_each_edit_regenerates_what_a_full_build_would(tmp_path, monkeypatch):
    project = init_repository(copy_project(tmp_path / "project"))
    monkeypatch.chdir(project)
    workspace = Workspace(project)
    workspace.generate()
    for relative, old, new in EDITS:
        path = _edit(project, relative, old, new)
        if relative.name == "disclosure.yml":  # the closing line prints the contact too
            _edit(project, relative, old, new)
        update = workspace.update({path})
        assert update.changed, relative
        fresh = Workspace(project, project / "generated-afresh")
        fresh.generate()
        assert workspace.files == fresh.files, relative
        assert (project / "generated" / "mkdocs.yml").read_text(encoding="utf-8") == \
            (project / "generated-afresh" / "mkdocs.yml").read_text(encoding="utf-8"), relative
    on_disk = {p.relative_to(project / "generated" / "docs").as_posix() for p in (project / "generated" / "docs").rglob("*") if p.is_file()}
    assert on_disk == set(workspace.files)
    # Only the disclosure's own pages, the site-wide ones and the outputs: never everything.
    path = _edit(project, ITEMS / "20.yml", "measures:\n", "measures:\n- 补充一条措施。\n")
    update = workspace.update({path})
    assert not update.everything and f"{DISCLOSURE_ID}/20/index.md" in update.changed
    assert "about.md" not in update.changed


def test_a_mistake_is_refused_and_the_last_good_state_kept(tmp_path, monkeypatch):
    project = init_repository(copy_project(tmp_path / "project"))
    monkeypatch.chdir(project)
    workspace = Workspace(project)
    workspace.generate()
    before = dict(workspace.files)
    path = project / ITEMS / "07.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("heading: ", "heading: [", 1), encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        workspace.update({path})
    assert "07.yml" in raised.value.report() and "YAML 格式错误" in raised.value.report()
    assert workspace.files == before
    path.write_text(good, encoding="utf-8")
    assert workspace.update({path}).changed == []


def test_a_commit_while_previewing_dates_the_change(tmp_path, monkeypatch):
    project = init_repository(copy_project(tmp_path / "project"))
    monkeypatch.chdir(project)
    workspace = Workspace(project, follow_commits=True)
    workspace.generate()
    path = _edit(project, ITEMS / "07.yml", "组建由分管副市长为组长", "组建以分管副市长为组长")
    workspace.update({path})
    assert "有尚未提交的修改" in workspace.files[f"{DISCLOSURE_ID}/07/index.md"]
    commit_all(project, "更正第7项用字", "2025-01-10T09:00:00+08:00")
    workspace.update({path})
    page = workspace.files[f"{DISCLOSURE_ID}/07/index.md"]
    assert "有尚未提交的修改" not in page and "更正第7项用字" in page


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, text: str) -> str:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            page = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
            if text in page:
                return page
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {text!r}")


@pytest.mark.slow
def test_make_serve_shows_an_edit_and_keeps_the_last_good_page_through_a_mistake(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"))
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "tools/serve_site.py", "--port", str(port)], cwd=project,
                              stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        item = f"http://127.0.0.1:{port}/{DISCLOSURE_ID}/07/"
        page = _wait_for(item, "组建由分管副市长为组长")
        assert "livereload" in page  # the browser is told to reload after an edit
        _wait_for(f"http://127.0.0.1:{port}/{DISCLOSURE_ID}/25/", "审计整改责任落实不够")  # every page is served
        path = _edit(project, ITEMS / "07.yml", "组建由分管副市长为组长", "组建以分管副市长为组长")
        _wait_for(item, "组建以分管副市长为组长")
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("heading: ", "heading: [", 1), encoding="utf-8")
        deadline = time.monotonic() + WAIT_S
        while "YAML 格式错误" not in (tmp_path / "serve.log").read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text(encoding="utf-8")
            time.sleep(0.1)
        output = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert f"data/{DISCLOSURE_ID}/items/07.yml 第" in output and "预览保持上一次检查通过的版本" in output
        assert "Traceback" not in output
        assert "组建以分管副市长为组长" in urllib.request.urlopen(item, timeout=30).read().decode("utf-8")
        path.write_text(good.replace("组建以分管副市长为组长", "组建由市领导为组长"), encoding="utf-8")
        _wait_for(item, "组建由市领导为组长")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.slow
def test_make_site_while_the_form_is_open_leaves_the_preview_and_its_form_as_they_were(tmp_path):
    """CONTRIBUTING's order (edit in the form, then make validate and make site) must not switch the open
    form from the editor's own clone to the forge: the preview generates into a folder of its own."""
    project = init_repository(copy_project(tmp_path / "project"))
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proxy = "http://127.0.0.1:9/api/v1"  # what make edit sets; nothing needs to answer for this test
    server = subprocess.Popen([sys.executable, "tools/serve_site.py", "--port", str(port)], cwd=project,
                              stdout=log, stderr=subprocess.STDOUT,
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_EDITOR_PROXY=proxy))
    try:
        config = f"http://127.0.0.1:{port}/admin/config.yml"
        _wait_for(config, proxy)
        built = subprocess.run([sys.executable, "tools/build_site.py", str(tmp_path / "site")], cwd=project,
                               capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        assert built.returncode == 0, built.stdout + built.stderr
        assert proxy not in (tmp_path / "site" / "admin" / "config.yml").read_text(encoding="utf-8")
        assert proxy in urllib.request.urlopen(config, timeout=30).read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
