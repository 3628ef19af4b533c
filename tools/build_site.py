"""Build the site as every deploy does, and put it in place only if every step succeeded.

The steps, in order:
  1. generate  every check of the data (`make validate`'s), then all pages as Markdown, the outputs
               and the engine's config, written to generated/ (disclosure_site/generate/);
  2. engine    MkDocs renders generated/ into a fresh folder (disclosure_site/engine/);
  3. post      the search index, the Content-Security-Policy and the .gz copies (disclosure_site/post/).
A failed step (bad data, a broken link in strict mode, a full disk, a read-only folder) leaves the
previous site/ exactly as it was, and says why in Chinese. What an interrupted build left behind
(its staging folder, a site/ moved aside) is put right when the next one starts.
Run from the project's folder (make does). Usage: python tools/build_site.py OUTPUT_DIR
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from disclosure_site.read.errors import DataErrors, describe_os_error
from disclosure_site.read.git import GitOutputError
from disclosure_site.read.paths import ROOT
from disclosure_site.read.scratch import clear_abandoned, make_scratch
from disclosure_site.check.run import passed
from disclosure_site.generate.build_folder import generate
from disclosure_site.check.settings import SettingsError
from disclosure_site.content.form_editor import EditorFilesMissing
from disclosure_site.generate.front_matter import FrontMatterError
from disclosure_site.engine import mkdocs_build
from disclosure_site.post.steps import PostBuildError, after_engine
from release import LOCAL_PREVIEW_MARKER, publish_modes  # tools/release.py, beside this file: it runs on the server without the package

STAGING = ".site-build-"  # + the building process's id + a random part, beside the output


def build(output: Path) -> int:
    try:
        return _build(output)
    except OSError as exc:  # the disk is full, a folder is read-only: nothing the data can fix
        print(f"{describe_os_error(exc)}构建未完成:{output.name}/ 保持原样。", file=sys.stderr)
        return 1


def _build(output: Path) -> int:
    output = output.resolve()
    clear_interrupted_builds(output)
    try:
        generated = generate(ROOT)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        print(f"构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    except FrontMatterError as exc:
        print(f"docs/ 中的页面:{exc}。构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    except (SettingsError, EditorFilesMissing) as exc:  # SITE_URL, SITE_REPO_URL, SITE_FORGE; Decap missing
        print(f"{exc}构建未进行:{output.name}/ 保持原样。", file=sys.stderr)
        return 1
    except GitOutputError as exc:
        print(f"读取 git 历史时遇到无法理解的输出({exc}):请把这条信息发给维护人员。构建未进行:{output.name}/ 保持原样。",
              file=sys.stderr)
        return 1
    for notice in generated.notices:
        print(f"注意:{notice}", file=sys.stderr)
    print(passed(generated.checked.site))

    output.parent.mkdir(parents=True, exist_ok=True)
    staging = make_scratch(output.parent, STAGING)
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
        if generated.local_preview:
            # The pages say "有尚未提交的修改(本地预览)": make release and the deploys' packing refuse such a site.
            (staging / LOCAL_PREVIEW_MARKER).write_text("built with edits not committed: a local preview\n", encoding="utf-8")
            print("注意:data/ 或 docs/ 有尚未提交的修改,页面注明“尚未提交的修改(本地预览)”:这次生成的网站只供预览,"
                  "make release 不会发布它。提交修改后重新运行 make site,再发布。", file=sys.stderr)
        publish_modes(staging)
        previous = _previous(output)
        shutil.rmtree(previous, ignore_errors=True)
        if output.exists():
            output.rename(previous)
        staging.rename(output)
        shutil.rmtree(previous, ignore_errors=True)
        print(f"网站已生成:{output}")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _previous(output: Path) -> Path:
    return output.with_name(output.name + ".previous")


def clear_interrupted_builds(output: Path) -> None:
    """Remove what a build stopped midway (Ctrl-C, a killed job, a power cut) left beside `output`:
    staging folders whose process is gone (a build running at the same time keeps its own), and
    the previous site moved aside, put back when the new one never took its place."""
    previous = _previous(output)
    if previous.is_dir() and not output.exists():
        previous.rename(output)  # stopped between the two renames: the last good site comes back
    clear_abandoned(output.parent, STAGING)
    shutil.rmtree(previous, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
