"""Build the site into a fresh folder and put it in place only if the whole build succeeded.

A failed build (bad data, a broken link in strict mode) leaves the previous site/ exactly as it was.
Usage: python tools/build_site.py OUTPUT_DIR
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(output: Path) -> int:
    output = output.resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=output.parent))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(staging)],
            cwd=ROOT,
            env=env,
        )
        if result.returncode != 0:
            print(f"构建失败:{output.name}/ 保持原样,未作任何改动。", file=sys.stderr)
            return result.returncode
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
