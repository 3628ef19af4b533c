"""Build the site as every deploy does, and put it in place only if every step succeeded.

The steps, in order:
  1. generate  every check of the data (`make validate`'s), then all pages as Markdown, the outputs
               and the engine's config, written to generated/ (disclosure_site/generate/);
  2. engine    MkDocs renders generated/ into a fresh folder (disclosure_site/engine/);
  3. post      the search index, the Content-Security-Policy and the .gz copies (disclosure_site/post/).
A failed step (bad data, a broken link in strict mode) leaves the previous site/ exactly as it was.
Run from the project's folder (make does). Usage: python tools/build_site.py OUTPUT_DIR
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from disclosure_site.read.errors import DataErrors
from disclosure_site.read.paths import ROOT
from disclosure_site.check.run import passed
from disclosure_site.generate.build_folder import generate
from disclosure_site.content.forge import ForgeError
from disclosure_site.content.form_editor import EditorFilesMissing
from disclosure_site.generate.front_matter import FrontMatterError
from disclosure_site.engine import mkdocs_build
from disclosure_site.post.steps import PostBuildError, after_engine
from release import publish_modes  # tools/release.py, beside this file: it runs on the server without the package


def build(output: Path) -> int:
    try:
        generated = generate(ROOT)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        print(f"构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    except FrontMatterError as exc:
        print(f"docs/ 中的页面:{exc}。构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    except (ForgeError, EditorFilesMissing) as exc:
        print(f"{exc}构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    for notice in generated.notices:
        print(f"注意:{notice}", file=sys.stderr)
    print(passed(generated.checked.site))

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=output.parent))
    try:
        template_dirs = mkdocs_build.build(generated.config_file, staging)
        if template_dirs is None:
            print(f"构建失败:{output.name}/ 保持原样,未作任何改动。", file=sys.stderr)
            return 1
        try:
            after_engine(staging, template_dirs)
        except PostBuildError as exc:
            print(f"{exc}网站没有生成,{output.name}/ 保持原样。", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
