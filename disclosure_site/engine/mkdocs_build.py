"""The engine, run in-process: MkDocs' build of the generated folder (strict), reporting problems the
way its command does, with the pages rendered by one process per core.

The steps are MkDocs' own (mkdocs.commands.build.build, MkDocs 1.6.1, the last 1.x: its functions
will not change), in its order: config, files, navigation, every page read, static files and theme
templates, then the pages rendered through the theme. That last step is most of the time and each
page is rendered on its own, so the pages are shared among processes forked once everything is
read: each writes its share of the site. (No configured plugin gathers pages while they render:
Material's search plugin, which would, is not used; see mkdocs.yml.) Returns the theme's template
folders, which the policy step reads.
"""
from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from mkdocs import exceptions, utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation

from disclosure_site.read.errors import describe_os_error

log = logging.getLogger("mkdocs")
SHARED_FROM = 60  # pages: below this, forking costs more than it saves


def build(config_file: Path, site_dir: Path, processes: int | None = None) -> list[Path] | None:
    """Build the site into site_dir; None (after printing why) when MkDocs refused."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    warnings = utils.CountHandler()
    warnings.setLevel(logging.WARNING)
    log.addHandler(warnings)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        warned_elsewhere = _build(config, processes or os.cpu_count() or 1)
        if config.strict and (warnings.get_counts() or warned_elsewhere):
            counts = sum(count for _, count in warnings.get_counts()) + warned_elsewhere
            raise exceptions.Abort(f"Aborted with {counts} warnings in strict mode!")
        return [Path(d) for d in config.theme.dirs]
    except (exceptions.MkDocsException, exceptions.Abort) as exc:
        print(exc, file=sys.stderr)
        return None
    finally:
        log.removeHandler(handler)
        log.removeHandler(warnings)


def _build(config, processes: int) -> int:
    """MkDocs' build; returns the warnings the other processes logged (each printed where it arose)."""
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        inclusion = InclusionLevel.is_included
        for file in files.documentation_pages(inclusion=inclusion):
            mkdocs_build._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=inclusion)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages(inclusion=inclusion)
        warned_elsewhere = _render(doc_files, config, nav, env, processes if len(doc_files) >= SHARED_FROM else 1)
        for file in doc_files:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        return warned_elsewhere
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, exceptions.BuildError):
            log.error(str(error))
            raise exceptions.Abort("Aborted with a BuildError!") from None
        raise


def _render(doc_files, config, nav, env, processes: int) -> int:
    """Every page through the theme, each process taking every n-th page (big and small pages mix).
    Returns how many warnings the other processes logged."""
    children = []
    for share in range(1, processes):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # a child: render its share, tell the parent how many warnings it logged
            os.close(read_end)
            status = 0
            counted = utils.CountHandler()
            counted.setLevel(logging.WARNING)
            log.addHandler(counted)
            try:
                for file in doc_files[share::processes]:
                    mkdocs_build._build_page(file.page, config, doc_files, nav, env)
            except OSError as exc:  # a full disk, a read-only folder: the operator's to fix, said in Chinese
                print(describe_os_error(exc), file=sys.stderr)
                status = 1
            except BaseException:
                traceback.print_exc()
                status = 1
            finally:
                os.write(write_end, str(sum(count for _, count in counted.get_counts())).encode())
                os._exit(status)
        os.close(write_end)
        children.append((pid, read_end))
    failed, warned = False, 0
    try:
        for file in doc_files[0::processes]:
            mkdocs_build._build_page(file.page, config, doc_files, nav, env)
    finally:
        for pid, read_end in children:
            with os.fdopen(read_end) as answer:
                warned += int(answer.read() or 0)
            _, status = os.waitpid(pid, 0)
            failed |= status != 0
    if failed:
        raise exceptions.BuildError("a page could not be rendered (the error is printed above)")
    return warned
