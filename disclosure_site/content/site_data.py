"""Everything one build publishes, read once at its start: the checked data, its identity and its history.

The generate step makes it (disclosure_site/generate/build_folder.py) and hands it to every
content function, so that each page is made from the same reading of the data and of git.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from disclosure_site.model.site import Site
from disclosure_site.check.site_identity import SiteIdentity
from disclosure_site.history.revisions import History
from disclosure_site.content.forge import Forge


@dataclass(frozen=True)
class SiteData:
    site: Site
    history: History
    forge: Forge  # links into the repository (none when its address is not known)
    identity: SiteIdentity = field(default_factory=SiteIdentity)

    @cached_property
    def pages_changed(self) -> dict[str, int]:
        """How many data files each commit changed: read once per build, every page with a record asks."""
        counts: dict[str, int] = {}
        for _, revision in self.history.changes():
            counts[revision.commit] = counts.get(revision.commit, 0) + 1
        return counts
