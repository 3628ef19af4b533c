"""Everything one build publishes, read once at its start: the checked data and its history.

The MkDocs hook reads it (`load_for_build`); the content macros use it while pages render
(`current`). Both glue modules import this one module, so they share what was read.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .forge import Forge
from .history import History, read_history
from .model import Site, load_site
from .paths import DATA_DIR, ROOT


@dataclass(frozen=True)
class SiteData:
    site: Site
    history: History
    forge: Forge  # links into the repository (none when its address is not known)


_current: SiteData | None = None


def load_for_build(forge: Forge = Forge(), root: Path = ROOT, data_dir: Path = DATA_DIR) -> SiteData:
    """Check data/ (raises DataErrors) and read its git history; remember both for this build."""
    global _current
    _current = SiteData(load_site(data_dir), read_history(root), forge)
    return _current


def current() -> SiteData:
    if _current is None:
        raise RuntimeError("load_for_build() has not run in this build")
    return _current
