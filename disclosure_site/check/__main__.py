"""`make validate`: every check of data/ (check/run.py), its errors in Chinese with file, line and field.

Usage: python -m disclosure_site.check [DATA_DIR] [--github]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from disclosure_site.read.errors import DataErrors
from disclosure_site.read.paths import DATA_DIR
from disclosure_site.check.run import check_all, passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查 data/ 中的数据")
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument("--github", action="store_true", help="同时输出 GitHub 注释,显示在拉取请求的对应行上")
    args = parser.parse_args(argv)
    try:
        checked = check_all(args.data_dir)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        if args.github:
            for error in exc.errors:
                print(error.as_github_annotation())
        return 1
    for notice in checked.notices:
        print(f"注意:{notice}", file=sys.stderr)
    print(passed(checked.site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
