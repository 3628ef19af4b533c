"""Everything one build publishes, read once at its start: the checked data, its identity and its history.

The MkDocs hook reads it (`load_for_build`); the content macros use it while pages render
(`current`). Both glue modules import this one module, so they share what was read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from disclosure_site.read.paths import DATA_DIR, ROOT
from disclosure_site.model.site import Site
from disclosure_site.check.run import check_all
from disclosure_site.check.site_identity import SiteIdentity
from disclosure_site.history.revisions import History, read_history


@dataclass(frozen=True)
class SiteData:
    site: Site
    history: History
    repo_url: str  # "" when the repository's address is not known
    identity: SiteIdentity = field(default_factory=SiteIdentity)


_current: SiteData | None = None


def load_for_build(repo_url: str = "", root: Path = ROOT, data_dir: Path = DATA_DIR) -> SiteData:
    """Every check of data/ (raises DataErrors), as `make validate` runs it, and its git history;
    remember both for this build."""
    global _current
    checked = check_all(data_dir)
    _current = SiteData(checked.site, read_history(root), (repo_url or "").rstrip("/"), checked.identity)
    return _current


def current() -> SiteData:
    if _current is None:
        raise RuntimeError("load_for_build() has not run in this build")
    return _current
