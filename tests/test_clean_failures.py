"""An unlucky operator's build fails cleanly: a full disk, a read-only folder or a build killed midway
each end in a Chinese message (no traceback), with the previous site/ as it was and nothing left
behind; and the Makefile hands what is typed after TITLE=, BODY=, SOURCE= to the programs as text,
never to a shell (a backtick runs nothing, quotes and `$` stay)."""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, init_repository

BUILD = [sys.executable, "tools/build_site.py"]


# ---------------------------------------------------------------- a small file system of its own

def _in_own_mounts(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `script` (sh) in a mount namespace of its own, where it may mount a tmpfs (as a user who
    maps to root there: no privilege on the machine itself)."""
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def mounts(tmp_path):
    """Skips, saying why, where this machine lets no one mount a file system (a locked-down container)."""
    probe = tmp_path / "probe"
    probe.mkdir()
    try:
        tried = _in_own_mounts(f"mount -t tmpfs -o size=1m tmpfs {shlex.quote(str(probe))}", tmp_path)
    except FileNotFoundError:
        pytest.skip("unshare (util-linux) is not installed: a small file system cannot be mounted here")
    if tried.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed on this machine ({tried.stderr.strip()})")
    return _in_own_mounts


def _assert_clean_failure(result: subprocess.CompletedProcess, *words: str) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    for word in words:
        assert word in output, output[-3000:]


def _mount(target: Path, size: str, options: str = "") -> str:
    return f"mkdir -p {shlex.quote(str(target))} && mount -t tmpfs -o size={size}{options} tmpfs {shlex.quote(str(target))}"


def test_a_full_disk_under_the_site_says_so_and_keeps_the_previous_site(tmp_path, mounts):
    project = init_repository(copy_project(tmp_path / "project"))
    disk = tmp_path / "disk"
    site = disk / "site"
    result = mounts(f"{_mount(disk, '2m')} && mkdir {site} && echo 上一版 > {site}/index.html && "
                    f"{shlex.join(BUILD)} {site}; echo \"rc=$?\"; cat {site}/index.html; ls -a {disk}", project)
    _assert_clean_failure(result, "磁盘空间不足", "site/ 保持原样", "rc=1")
    assert "上一版" in result.stdout  # the previous site, untouched
    assert ".site-build-" not in result.stdout  # its staging folder removed, the space given back


def test_a_full_disk_under_the_project_says_so(tmp_path, mounts):
    source = init_repository(copy_project(tmp_path / "source"))
    disk = tmp_path / "disk"
    project = disk / "project"
    # The project fits; then the disk is filled to its last 100 KB, less than the generated pages need.
    result = mounts(f"{_mount(disk, '16m')} && cp -a {source} {project} && (cat /dev/zero > {disk}/filler 2>/dev/null; "
                    f"truncate -s -100K {disk}/filler) && cd {project} && "
                    f"{shlex.join(BUILD)} {tmp_path / 'site'}; echo \"rc=$?\"", tmp_path)
    _assert_clean_failure(result, "磁盘空间不足", "rc=1")
    assert not (tmp_path / "site").exists()


def test_a_read_only_folder_for_the_site_says_so(tmp_path, mounts):
    project = init_repository(copy_project(tmp_path / "project"))
    folder = tmp_path / "read-only"
    result = mounts(f"{_mount(folder, '1m', ',ro')} && {shlex.join(BUILD)} {folder / 'site'}; echo \"rc=$?\"", project)
    _assert_clean_failure(result, "文件夹是只读的", "保持原样", "rc=1")


def test_a_read_only_project_says_so(tmp_path, mounts):
    source = init_repository(copy_project(tmp_path / "source"))
    disk = tmp_path / "disk"
    project = disk / "project"
    result = mounts(f"{_mount(disk, '64m')} && cp -a {source} {project} && mount -o remount,ro {disk} && cd {project} && "
                    f"{shlex.join(BUILD)} {tmp_path / 'site'}; echo \"rc=$?\"", tmp_path)
    _assert_clean_failure(result, "文件夹是只读的", "generated", "rc=1")


# ---------------------------------------------------------------- a build stopped midway

def test_what_a_killed_build_left_is_cleared_by_the_next(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"))
    building = subprocess.Popen([*BUILD, str(tmp_path / "site")], cwd=project, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while not list(tmp_path.glob(".site-build-*")) and building.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(building.pid, signal.SIGKILL)  # as a cancelled CI job or a power cut would
    building.wait()
    assert list(tmp_path.glob(".site-build-*")), "the build finished before it could be stopped"
    # A site moved aside by a build stopped between its two renames, and an older leftover.
    (tmp_path / "site.previous").mkdir()
    (tmp_path / "site.previous" / "index.html").write_text("上一版", encoding="utf-8")
    (tmp_path / ".site-build-0abc").mkdir()
    again = subprocess.run([*BUILD, str(tmp_path / "site")], cwd=project, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not list(tmp_path.glob(".site-build-*")) and not (tmp_path / "site.previous").exists()
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") != "上一版"


def test_a_site_moved_aside_comes_back_when_the_new_one_never_took_its_place(tmp_path):
    project = copy_project(tmp_path / "project")
    (tmp_path / "site.previous").mkdir()  # stopped between moving site/ aside and putting the new one in
    (tmp_path / "site.previous" / "index.html").write_text("上一版", encoding="utf-8")
    (project / "data" / "x").mkdir()  # and the next build is refused (a folder without its files)
    refused = subprocess.run([*BUILD, str(tmp_path / "site")], cwd=project, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 1 and "数据检查未通过" in refused.stderr, refused.stderr
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "上一版"
    assert not (tmp_path / "site.previous").exists()


def test_a_build_running_at_the_same_time_keeps_its_folder(tmp_path):
    from disclosure_site.read.scratch import clear_abandoned, make_scratch

    mine = make_scratch(tmp_path, ".site-build-")
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        theirs = tmp_path / f".site-build-{sleeper.pid}-x"
        gone = tmp_path / ".site-build-4194999-x"  # above any process id Linux gives
        theirs.mkdir()
        gone.mkdir()
        clear_abandoned(tmp_path, ".site-build-")
        assert theirs.is_dir() and not gone.exists() and not mine.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# ---------------------------------------------------------------- what the Makefile passes on

SOURCE_NOTICE = ROOT / "tests" / "import_fixtures" / "short-notice.txt"


def _make(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", *arguments, f"BIN={Path(sys.executable).parent}", "SITE_DEPS="], cwd=project,
                          capture_output=True, text=True, timeout=300)


def test_make_import_passes_titles_bodies_and_paths_as_they_were_typed(tmp_path):
    project = copy_project(tmp_path / "project")
    ran = tmp_path / "ran"
    folder = project / "原文 $HOME `x` 'y'"
    folder.mkdir()
    source = folder / "通报$1.txt"
    source.write_text(SOURCE_NOTICE.read_text(encoding="utf-8"), encoding="utf-8")
    title = f'关于“整改”的"通报"\'公告\'`touch {ran}`$(touch {ran})$HOME$$'
    body = f"青石区文化局`touch {ran}`;touch {ran}"
    result = _make(project, "import", f"SOURCE={source.relative_to(project)}", "ID=notice", f"TITLE={title}",
                   f"BODY={body}", "CHECK=1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"标题:{title}" in result.stdout, result.stdout  # quotes, backticks and $ all kept
    assert f"发布单位:{body}" in result.stdout, result.stdout
    assert not ran.exists(), "a shell ran what was typed"
    assert not (project / "data" / "notice").exists()


def test_make_import_of_a_path_with_a_dollar_finds_the_file(tmp_path):
    project = copy_project(tmp_path / "project")
    source = project / "a$b c.txt"
    source.write_text(SOURCE_NOTICE.read_text(encoding="utf-8"), encoding="utf-8")
    result = _make(project, "import", "SOURCE=a$b c.txt", "ID=notice")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "data" / "notice" / "items" / "06.yml").is_file() and "数据检查通过" in result.stdout


def test_an_import_stopped_midway_leaves_nothing_in_data_after_the_next(tmp_path):
    project = copy_project(tmp_path / "project")
    leftover = project / "data" / ".notice.importing-4194999-abc"  # its process is long gone
    (leftover / "items").mkdir(parents=True)
    (leftover / "items" / "01.yml").write_text("number: 1\n", encoding="utf-8")
    result = _make(project, "import", f"SOURCE={SOURCE_NOTICE}", "ID=notice")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in (project / "data").iterdir()) == ["notice", "wuhan-jingxin-2024"]
