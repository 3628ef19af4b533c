"""Check the data, build the site into a fresh folder, and put it in place only if everything succeeded.

A failed build (bad data, a broken link in strict mode) leaves the previous site/ exactly as it was.
The check and the build run in one process, so data/ is read and validated once.
Usage: python tools/build_site.py OUTPUT_DIR
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(output: Path) -> int:
    from macros.check import check_all, passed
    from macros.errors import DataErrors
    from tools.release import publish_modes

    try:
        site, notices = check_all()
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        print(f"构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    for notice in notices:
        print(f"注意:{notice}", file=sys.stderr)
    print(passed(site))

    output = output.resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=output.parent))
    try:
        if not _mkdocs_build(staging):
            print(f"构建失败:{output.name}/ 保持原样,未作任何改动。", file=sys.stderr)
            return 1
        # mkdtemp made the folder private (0700), and the umask may have done so to the rest:
        # a web server running as its own user would answer 403 on every page.
        publish_modes(staging)
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


def _mkdocs_build(site_dir: Path) -> bool:
    """MkDocs' own build (strict, from mkdocs.yml), reporting problems the way its command does."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        mkdocs_build(load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site_dir)))
        return True
    except (exceptions.MkDocsException, exceptions.Abort) as exc:
        print(exc, file=sys.stderr)
        return False


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
