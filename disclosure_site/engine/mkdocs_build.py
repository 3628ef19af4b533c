"""The engine, run in-process: MkDocs' own build of mkdocs.yml (strict), reporting problems the way
its command does. Returns the theme's template folders, which the policy step reads."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs import exceptions
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config


def build(config_file: Path, site_dir: Path) -> list[Path] | None:
    """Build the site into site_dir; None (after printing why) when MkDocs refused."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        mkdocs_build(config)
        return [Path(d) for d in config.theme.dirs]
    except (exceptions.MkDocsException, exceptions.Abort) as exc:
        print(exc, file=sys.stderr)
        return None
    finally:
        logger.removeHandler(handler)
