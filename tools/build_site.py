"""Check the data, build the site into a fresh folder, and put it in place only if everything succeeded.

The steps, in order: every check (`make validate`'s), the engine (MkDocs), then the steps after it
(search index, Content-Security-Policy, .gz copies). A failed step (bad data, a broken link in
strict mode) leaves the previous site/ exactly as it was.
Run from the project's folder (make does). Usage: python tools/build_site.py OUTPUT_DIR
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from disclosure_site.read.errors import DataErrors
from disclosure_site.read.paths import DATA_DIR, ROOT
from disclosure_site.check.run import check_all, passed
from disclosure_site.engine import mkdocs_build
from disclosure_site.post.steps import PostBuildError, after_engine


def build(output: Path) -> int:
    try:
        checked = check_all(DATA_DIR)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        print(f"构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    for notice in checked.notices:
        print(f"注意:{notice}", file=sys.stderr)
    print(passed(checked.site))

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=output.parent))
    try:
        template_dirs = mkdocs_build.build(ROOT / "mkdocs.yml", staging)
        if template_dirs is None:
            print(f"构建失败:{output.name}/ 保持原样,未作任何改动。", file=sys.stderr)
            return 1
        try:
            after_engine(staging, template_dirs)
        except PostBuildError as exc:
            print(f"{exc}网站没有生成,{output.name}/ 保持原样。", file=sys.stderr)
            return 1
        previous = output.with_name(output.name + ".previous")
        shutil.rmtree(previous, ignore_errors=True)
        if output.exists():
            output.rename(previous)
        staging.rename(output)
        shutil.rmtree(previous, ignore_errors=True)
        print(f"网站已生成:{output}")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
