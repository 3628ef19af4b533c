"""The public record of changes, as pages show it: a file's dates and change notes with links to
the commits, the combined record of a page made from several files, and the site's change log
(entries for every change, deletions included). Made from the history layer's reading of git;
nothing here renders HTML."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from disclosure_site.content import urls
from disclosure_site.content.forge import Forge
from disclosure_site.history.revisions import FileHistory, Revision
from disclosure_site.model.site import Disclosure, Site
from disclosure_site.content.site_data import SiteData


@dataclass(frozen=True)
class HistoryView(FileHistory):
    """A file's history as a page shows it: with links to the commits when the repository is known."""

    forge: Forge = Forge()
    history_url: str | None = None  # the forge's own list of the file's commits

    def commit_url(self, revision: Revision) -> str | None:
        return self.forge.commit_url(revision.commit)


def history_view(data: SiteData, path: Path) -> HistoryView | None:
    history = data.history.for_file(path)
    if history is None:
        return None
    return HistoryView(history.revisions, history.uncommitted, history.partial, data.forge,
                       data.forge.history_url(data.history.key(path)))


def combined_view(data: SiteData, disclosure: Disclosure) -> HistoryView | None:
    """The history of a page made from every file of a disclosure (the 原文): newest change first."""
    parts = [data.history.for_file(disclosure.source_path)] + [data.history.for_file(i.source_path) for i in disclosure.items]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    revisions = sorted((r for p in parts for r in p.revisions), key=lambda r: (r.time, r.commit), reverse=True)
    return HistoryView(
        tuple(revisions),
        uncommitted=any(p.uncommitted for p in parts),
        partial=any(p.partial for p in parts),
        forge=data.forge,
    )


def page_updated(data: SiteData, path: Path) -> Revision | None:
    """The last committed change of the file a page is made from (for the sitemap)."""
    history = data.history.for_file(path)
    return history.updated if history else None


@dataclass(frozen=True)
class ChangeEntry:
    """One change to one data file, as listed on the 更新日志 page and in the feed."""

    revision: Revision
    target_title: str
    target_url: str | None  # relative to the site root; None for a file that was removed
    commit_url: str | None


def change_entries(data: SiteData) -> list[ChangeEntry]:
    history = data.history
    if history.root is None:
        return []
    targets: dict[str, tuple[str, str | None]] = {}
    for d in data.site.disclosures:
        targets[history.key(d.source_path)] = (d.full_title, urls.disclosure_url(data.site, d))
        for item in d.items:
            targets[history.key(item.source_path)] = (item.title, urls.item_url(item))
    entries = []
    for path, revision in history.changes():
        if path in targets and not revision.deleted:
            entries.append(ChangeEntry(revision, *targets[path], data.forge.commit_url(revision.commit)))
        elif revision.deleted:
            entries.append(ChangeEntry(revision, _deleted_title(data.site, path), None, data.forge.commit_url(revision.commit)))
    return entries


def _deleted_title(site: Site, path: str) -> str:
    """What a removed data file was, from its path: 第24项 of a disclosure, or a whole disclosure."""
    parts = path.split("/")
    folder = parts[parts.index("data") + 1] if "data" in parts[:-1] else ""
    owner = next((d.full_title for d in site.disclosures if d.id == folder), folder)
    stem = parts[-1].removesuffix(".yml")
    if parts[-2:-1] == ["items"] and stem.isdigit():
        return f"{owner} 第{int(stem)}项"
    return owner if parts[-1] == "disclosure.yml" else f"{owner} {parts[-1]}"
