"""A pull request's data runs before a person has looked at it: whatever a data file holds, the
check ends quickly with a Chinese message naming the file, within bounded memory, and a failed
build leaves the previous site/ exactly as it was.

Each case runs the real command line in a subprocess with an address-space limit and a timeout:
a case that blew either would fail here instead of hanging the pull-request check."""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, FIXTURE_DATA, ROOT, copy_project

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space: a real check needs about a tenth
TIMEOUT = 60  # seconds; a real check takes one or two

BAD = Path(__file__).parent / "bad_data"


def _limited():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limited)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the check ran longer than {TIMEOUT} s")


def _items(data: Path) -> Path:
    return data / DISCLOSURE_ID / "items"


def _symlink_to_dev_zero(data: Path) -> str:
    target = _items(data) / "05.yml"
    target.unlink()
    target.symlink_to("/dev/zero")
    return "items/05.yml"


def _symlink_outside(data: Path) -> str:
    (data / "elsewhere").symlink_to("/")
    return "data/elsewhere"


def _fifo(data: Path) -> str:
    target = _items(data) / "05.yml"
    target.unlink()
    os.mkfifo(target)
    return "items/05.yml"


def _huge_file(data: Path) -> str:
    (_items(data) / "05.yml").write_text("number: 5\nheading: " + "长" * 2_000_000 + "\n", encoding="utf-8")
    return "items/05.yml"


def _alias_bomb(data: Path) -> str:
    shutil.copy(BAD / "yaml_alias_bomb.yml", _items(data) / "03.yml")
    return "items/03.yml"


def _python_tag(data: Path) -> str:
    shutil.copy(BAD / "yaml_python_tag.yml", _items(data) / "03.yml")
    return "items/03.yml"


def _deep_nesting(data: Path) -> str:
    (_items(data) / "03.yml").write_text("number: 3\nmeasures: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    return "items/03.yml"


def _binary_junk(data: Path) -> str:
    (_items(data) / "03.yml").write_bytes(bytes(range(256)) * 100)
    return "items/03.yml"


def _odd_keys(data: Path) -> str:
    (_items(data) / "03.yml").write_text("? [a, b]\n: c\n1: x\nnull: y\n", encoding="utf-8")
    return "items/03.yml"


CASES = {
    "symlink to /dev/zero": (_symlink_to_dev_zero, "不是一个普通文件"),
    "symlink out of the repository": (_symlink_outside, "这是一个链接"),
    "named pipe": (_fifo, "不是一个普通文件"),
    "file far larger than any item": (_huge_file, "文件太大"),
    "alias bomb": (_alias_bomb, "锚点"),
    "python object tag": (_python_tag, "YAML 标签"),
    "nesting fifty thousand deep": (_deep_nesting, "层次太深"),
    "binary junk": (_binary_junk, "UTF-8"),
    "keys that are not words": (_odd_keys, "字段名必须是简单文字"),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_data_is_refused_quickly_and_clearly(tmp_path, name):
    make, expected = CASES[name]
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    where = make(data)
    result = _run([sys.executable, "-m", "disclosure_site.check", str(data)], cwd=ROOT)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "数据检查未通过" in result.stderr and expected in result.stderr, result.stderr
    assert where in result.stderr
    assert not Path("/tmp/pwned").exists()


def test_a_refused_build_leaves_the_previous_site_as_it_was(tmp_path):
    project = copy_project(tmp_path / "project")
    first = _run([sys.executable, "tools/build_site.py", "site"], cwd=project)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    _alias_bomb(project / "data")
    second = _run([sys.executable, "tools/build_site.py", "site"], cwd=project)
    assert second.returncode == 1 and "锚点" in second.stderr and "Traceback" not in second.stderr
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before
