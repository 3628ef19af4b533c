"""Build the same data with the code at REF and with the working tree's code, and list every file that differs.

A change to how the site is built (a new layout, a new engine step) must not change what readers get.
Two projects are built each way, with the same git history on both sides:
  fixture  tests/fixtures/data in a fresh repository with a scripted history (a correction, a new
           item, a deletion, an edit of a hand-written page), built with and without the site's and
           the repository's addresses (QR codes, edit and commit links);
  live     the committed data/ with its real history (a clone of this repository).
Each side is built the way its code builds (its own tools/build_site.py), with its own code first on
the import path. Prints the differing files (with the first differing lines) and exits 1 if any;
differences that readers never see are listed as explained (EXPLAINED says why) and do not count.

Usage: python tools/compare_builds.py REF [--keep]     e.g. REF = main, or a commit
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
ADDRESSES = {"SITE_URL": "https://zhenggai.example.gov.cn/", "SITE_REPO_URL": "https://example.org/body/site"}
EDITOR = {"GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
          "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
# What is not code: the data (each case brings its own) and what builds leave behind.
NOT_CODE = ("data", "site", ".git", ".venv", "node_modules", "generated")


def _git(cwd: Path, *args: str, date: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, **EDITOR, **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}))
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, **kwargs)


def code_at(ref: str | None, target: Path) -> Path:
    """The project's code (everything but data/) at `ref`, or as the working tree has it now."""
    target.mkdir(parents=True)
    if ref is None:
        names = _git(ROOT, "ls-files", "-co", "--exclude-standard", "-z", text=True).stdout.split("\0")
        for name in names:
            if name and name.split("/")[0] not in NOT_CODE and (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
    else:
        archive = _git(ROOT, "archive", "--format=tar", ref).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, members=[m for m in tar.getmembers() if m.name.split("/")[0] not in NOT_CODE],
                           filter="data")
    return target


def _overlay(code: Path, project: Path) -> None:
    for entry in project.iterdir():
        if entry.name not in (".git", "data"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(code, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("data"))


def fixture_project(code: Path, target: Path) -> Path:
    """The fixture data in a new repository, with a history that gives pages dates and changes."""
    shutil.copytree(code, target)
    shutil.copytree(FIXTURE_DATA, target / "data")
    _git(target, "init", "-q", "-b", "main")
    steps = [
        ("公布集中整改进展情况", None),
        ("更正第7项用字", ("data/wuhan-jingxin-2024/items/07.yml", "组建由分管副市长为组长", "组建以分管副市长为组长")),
        ("新增第26项", ("data/wuhan-jingxin-2024/items/26.yml", None,
                       "number: 26\nheading: 关于“示例新增问题”的问题\nproblem: 示例新增问题\nmeasures:\n- 一是建立工作台账。\n")),
        ("删除误加的第26项", ("data/wuhan-jingxin-2024/items/26.yml", None, None)),
        ("补充关于本站的说明", ("docs/about.md", "# 关于本站\n", "# 关于本站\n\n本站内容随整改进展更新。\n")),
    ]
    for day, (note, change) in enumerate(steps, start=1):
        if change:
            path, old, new = change
            file = target / path
            if new is None:
                file.unlink()
            elif old is None:
                file.write_text(new, encoding="utf-8")
            else:
                file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        _git(target, "add", "-A", "data", "docs")  # not the code: the commits, and their hashes, are the same on both sides
        _git(target, "commit", "-q", "-m", note, date=f"2025-01-{day:02d}T10:00:00+08:00")
    return target


def live_project(code: Path, target: Path) -> Path:
    """The committed data/ and its real history (a clone of this repository), with `code` as its code."""
    _git(ROOT.parent, "clone", "-q", "--no-hardlinks", str(ROOT), str(target))
    _overlay(code, target)
    return target


def build(project: Path, output: Path, env: dict) -> None:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project), **env)
    for name in ADDRESSES:
        if name not in env:
            environment.pop(name, None)
    result = subprocess.run([sys.executable, "tools/build_site.py", str(output)], cwd=project, env=environment,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the build in {project} failed:\n{result.stdout}{result.stderr}")


def _sitemap_entries(raw: bytes, name: str) -> list[tuple[str, str]]:
    text = gzip.decompress(raw) if name.endswith(".gz") else raw
    urls = ET.fromstring(text).findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    return sorted((u.findtext("{*}loc") or "", u.findtext("{*}lastmod") or "") for u in urls)


# Differences that readers never see, each with why it is there. Reported, not counted.
EXPLAINED = {
    ("sitemap.xml", "sitemap.xml.gz"): (
        _sitemap_entries,
        "the same pages with the same dates, listed in another order: MkDocs lists pages in the order of "
        "their files, which since the generate step all sort as files in generated/docs/ (before, the pages "
        "made from data came after the hand-written ones, in the order the hooks added them)",
    ),
}


def differences(a: Path, b: Path) -> tuple[list[str], list[str]]:
    """(every file that exists on one side only or whose bytes differ, with its first differing lines;
    the explained differences)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    found = [f"only in REF:          {name}" for name in sorted(files_a - files_b)]
    found += [f"only in working tree: {name}" for name in sorted(files_b - files_a)]
    explained = []
    for name in sorted(files_a & files_b):
        old, new = (a / name).read_bytes(), (b / name).read_bytes()
        if old == new:
            continue
        reason = next(((same, why) for names, (same, why) in EXPLAINED.items() if name in names), None)
        if reason and reason[0](old, name) == reason[0](new, name):
            explained.append(f"{name}: {reason[1]}")
            continue
        found.append(f"differs:              {name}")
        if not name.endswith(".gz"):
            lines = difflib.unified_diff(old.decode("utf-8", "replace").splitlines(),
                                         new.decode("utf-8", "replace").splitlines(), lineterm="", n=0)
            found += [f"    {line[:200]}" for line in list(lines)[2:8]]
    return found, explained


def compare(ref: str, workdir: Path) -> int:
    sides = {"ref": code_at(ref, workdir / "code-ref"), "work": code_at(None, workdir / "code-work")}
    cases = [("fixture", fixture_project, ADDRESSES), ("fixture-without-addresses", fixture_project, {}),
             ("live", live_project, ADDRESSES)]
    status = 0
    for name, make, env in cases:
        built = {}
        for side, code in sides.items():
            project = make(code, workdir / f"{name}-{side}")
            built[side] = workdir / f"{name}-{side}-site"
            build(project, built[side], env)
        found, explained = differences(built["ref"], built["work"])
        count = sum(1 for p in built["work"].rglob("*") if p.is_file())
        verdict = "identical" if not found else f"{sum(1 for f in found if not f.startswith(' '))} files differ"
        print(f"{name}: {verdict} ({count} files)" + (f", {len(explained)} explained" if explained else ""))
        for line in found:
            print(f"  {line}")
        for line in explained:
            print(f"  explained: {line}")
        status |= bool(found)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit or branch to compare with (e.g. main)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and sites built (their folder is printed)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="compare-builds-"))
    try:
        return compare(args.ref, workdir)
    finally:
        if args.keep:
            print(f"kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
