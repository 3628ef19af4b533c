"""A disclosure's ID is a folder of the site: one of the site's own names (pagefind/, about/,
open-data/ …) would overwrite it or be overwritten, and an ID that looks like an option is not
one. Both are refused by `make import` and by `make validate`; the list of names is checked
against what a real build writes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DISCLOSURE_ID, FIXTURE_DATA, ROOT, copy_project

from disclosure_site.read.kinds import DISCLOSURE_ID as ID_PATTERN
from disclosure_site.read.site_layout import site_names

SOURCE = ROOT / "tests" / "import_fixtures" / "short-notice.txt"
# The names an ID could take (a web address: lowercase letters, digits, hyphens).
RESERVED = sorted(name for name in site_names(ROOT / "docs") if ID_PATTERN.match(name))


def test_every_name_the_built_site_holds_at_its_top_is_reserved(site):
    reserved = site_names(site.project / "docs")
    ids = {path.name for path in (site.project / "data").iterdir() if path.is_dir()}
    unlisted = [path.name for path in site.site.iterdir()
                if path.name.removesuffix(".gz") not in reserved and path.name not in ids]
    assert not unlisted, f"the site writes {unlisted} at its top: add them to disclosure_site/read/site_layout.py"
    for name in ("pagefind", "about", "open-data", "assets", "changes", "tags"):
        assert name in RESERVED


def _import(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "disclosure_site.importer", *args], cwd=project,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", RESERVED)
def test_an_id_that_is_one_of_the_sites_own_names_is_refused_by_import(tmp_path, name):
    project = copy_project(tmp_path / "project")
    before = sorted(p.relative_to(project).as_posix() for p in (project / "data").rglob("*"))
    result = _import(project, "--", str(SOURCE), name)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"编号“{name}”不能用" in result.stderr and "请换一个编号" in result.stderr, result.stderr
    assert sorted(p.relative_to(project).as_posix() for p in (project / "data").rglob("*")) == before


@pytest.mark.parametrize("name", RESERVED)
def test_a_folder_named_like_one_of_the_sites_own_names_is_refused_by_validate(tmp_path, name):
    project = copy_project(tmp_path / "project")
    shutil.copytree(FIXTURE_DATA / DISCLOSURE_ID, project / "data" / name)
    result = subprocess.run([sys.executable, "-m", "disclosure_site.check"], cwd=project, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"data/{name}" in result.stderr and f"编号“{name}”不能用" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["--help", "-h", "--check", ".hidden", "-x"])
def test_make_import_takes_an_id_that_looks_like_an_option_as_an_id_and_refuses_it(tmp_path, name):
    project = copy_project(tmp_path / "project")
    result = subprocess.run(["make", "-s", "import", f"SOURCE={SOURCE}", f"ID={name}", f"BIN={Path(sys.executable).parent}",
                             "SITE_DEPS="], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout
    assert f"编号“{name}”不能用" in result.stderr, result.stdout + result.stderr
    assert "usage" not in result.stdout.lower() and "数据检查通过" not in result.stdout
    assert sorted(p.name for p in (project / "data").iterdir()) == [DISCLOSURE_ID]
