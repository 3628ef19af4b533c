"""The steps after the engine has written the site, in their order: the search index is read from the
finished pages, then every page gets the policy, then what no reader needs is removed (source maps,
theme code no page loads), then every text file its .gz copy (last, so that the copies hold the
final bytes)."""
from __future__ import annotations

from pathlib import Path

from disclosure_site.read.errors import FILE_SYSTEM_FULL, FILE_SYSTEM_REFUSED
from disclosure_site.post import csp, precompress, prune, search_index


class PostBuildError(Exception):
    """A step after the engine failed; the message says so in Chinese."""


def after_engine(site_dir: Path, template_dirs: list[Path]) -> None:
    """Search index, Content-Security-Policy and .gz copies for the site the engine wrote in site_dir."""
    try:
        search_index.index_site(site_dir)
    except OSError as exc:
        if exc.errno in FILE_SYSTEM_FULL + FILE_SYSTEM_REFUSED:
            raise  # the disk, not the index: said as such by the build
        raise PostBuildError(f"生成搜索索引时出错:{exc}。请把这条信息发给维护人员。") from None
    except (RuntimeError, ValueError) as exc:
        raise PostBuildError(f"生成搜索索引时出错:{exc}。请把这条信息发给维护人员。") from None
    try:
        csp.apply(site_dir, template_dirs)
    except csp.InlineScriptNotFromTheme as exc:
        raise PostBuildError(str(exc)) from None
    prune.prune(site_dir)
    precompress.write_gzip_copies(site_dir)
