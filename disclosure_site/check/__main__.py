"""`make validate`: every check of data/ (check/run.py), its errors in Chinese with file, line and field,
also as GitHub annotations (--github) or a GitLab code-quality report (--codequality FILE).

With --base REF (in a pull request's CI, the branch it will be merged into, found by itself) it also
says which changed data files left their 更新说明 (change_note) as it was (check/change_notes.py).

Usage: python -m disclosure_site.check [DATA_DIR] [--github] [--codequality FILE] [--base REF]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from disclosure_site.read.errors import DataError, DataErrors, shown_path
from disclosure_site.read.git import git_bytes
from disclosure_site.read.paths import DATA_DIR, ROOT
from disclosure_site.check.change_notes import pull_request_base, stale_notes, untracked_data_files
from disclosure_site.check.run import check_all, passed
from disclosure_site.check.settings import environment_problems


# ---------------------------------------------------------------- reports for the forges

def codequality_report(errors: list[DataError], prefix: str = "", severity: str = "major",
                       check_name: str = "数据检查") -> list[dict]:
    """GitLab's code-quality report: each error on its line. Paths start at the repository's top
    (`prefix`: where the project sits in it, as in edit links), the way GitLab reads them."""
    report = []
    for error in errors:
        where = f"{error.display_path}\0{error.field or ''}\0{error.message}"  # not the line: it moves with edits
        report.append({
            "description": str(error),
            "check_name": check_name,
            "fingerprint": hashlib.sha256(where.encode("utf-8")).hexdigest(),
            "severity": severity,
            "location": {"path": prefix + error.display_path, "lines": {"begin": error.line or 1}},
        })
    return report


def _write_codequality(path: Path, errors: list[DataError], notices: list[DataError] = ()) -> None:
    # Written when the data passes too: an empty report tells GitLab the earlier findings are fixed.
    try:
        prefix = git_bytes(ROOT, "rev-parse", "--show-prefix").decode("utf-8").strip()
    except (OSError, subprocess.CalledProcessError):
        prefix = ""  # not in a git checkout: paths from the project's top
    # A note left as it was is a notice (GitLab's "info"), not an error: the change itself is right.
    report = codequality_report(errors, prefix) + codequality_report(list(notices), prefix, "info", "更新说明")
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查 data/ 中的数据")
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument("--github", action="store_true", help="同时输出 GitHub 注释,显示在拉取请求的对应行上")
    parser.add_argument("--codequality", type=Path, metavar="FILE",
                        help="同时写出 GitLab 代码质量报告(JSON),错误显示在合并请求改动的对应行上")
    parser.add_argument("--base", default=pull_request_base(),
                        help="与这个分支比较,指出改动了却没有改写“更新说明”的文件(拉取请求中自动取目标分支)")
    args = parser.parse_args(argv)
    # The deploy's settings too: a wrong SITE_REPO_URL or SITE_FORGE would break every page's links.
    settings = [f"网站设置有误:{problem}" for problem in environment_problems()]
    try:
        checked = check_all(args.data_dir)
    except DataErrors as exc:
        print("\n".join([exc.report(), *settings]), file=sys.stderr)
        if args.github:
            for error in exc.errors:
                print(error.as_github_annotation())
        if args.codequality:
            _write_codequality(args.codequality, exc.errors)
        return 1
    stale_files = (stale_notes(args.data_dir.resolve().parent, args.base) or []) if args.base else []
    if args.codequality:
        _write_codequality(args.codequality, [], [DataError(s.path, s.line, None, s.message) for s in stale_files])
    if settings:
        print("\n".join(settings), file=sys.stderr)
        return 1
    for notice in checked.notices:
        print(f"注意:{notice}", file=sys.stderr)
    for stale in stale_files:
        print(f"注意:{stale.message}", file=sys.stderr)
        if args.github:
            print(stale.as_github_annotation())
    if args.base == "HEAD":
        for path in untracked_data_files(args.data_dir.resolve().parent):
            print(f"注意:{shown_path(path)} 是新文件,git 还不知道它:“git commit -a”不会提交它。"
                  "提交前请先运行 git add data(或在提交工具中勾选它)。", file=sys.stderr)
    print(passed(checked.site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
