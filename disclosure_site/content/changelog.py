"""The public record of changes, as pages show it: a file's dates and change notes with links to
the commits, the combined record of a page made from several files, and the site's change log
(entries for every change, deletions included, grouped by day and by the edit that made them).
Made from the history layer's reading of git; nothing here renders HTML.

The history layer says what changed, field by field, with the changed characters marked. Here it is
put in a reader's words, once per change: a figure is read from a sentence of the measures, so an
edit of an amount changes the sentence, the figure's value and the figure's sentence alike; the
reader is told of the sentence only (the figures follow it, shown_changes)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_site.content import urls
from disclosure_site.content.forge import Forge
from disclosure_site.history.field_changes import FieldChange
from disclosure_site.history.revisions import FileHistory, Revision
from disclosure_site.model.site import Disclosure, Site
from disclosure_site.content.site_data import SiteData


# ---------------------------------------------------------------- one change, in a reader's words

# The data's field names where a reader knows the thing by another name (the page's own heading).
READERS_NAMES = {"整改措施": "整改情况"}
SAME, DELETED, INSERTED = "same", "deleted", "inserted"


@dataclass(frozen=True)
class ShownChange:
    """A change as a reader is told of it: what (the field, in the page's words) and how: added, removed,
    or changed, the text shown once with what was deleted and what was inserted marked in place."""

    what: str
    how: str  # added, removed, changed; sourced: a figure now names the sentence it is read from;
    # said: what cannot be told field by field (a revision that could not be read), `what` says it
    pieces: tuple[tuple[str, str], ...]  # (text, SAME / DELETED / INSERTED)
    old: str | None = None
    new: str | None = None


def shown_changes(changes: tuple[FieldChange, ...]) -> tuple[ShownChange, ...]:
    """The changes of one revision of one file, each told once (see the module's note)."""
    texts = [c for c in changes if not c.field.startswith("数据")]
    shown = []
    for change in changes:
        if change.field.startswith("数据") and _repeats(change, texts):
            continue
        shown.append(_shown(change))
    return tuple(shown)


def _shown(change: FieldChange) -> ShownChange:
    what = change.field
    for name, readers in READERS_NAMES.items():
        if what.startswith(name):
            what = readers + what[len(name):]
    if change.old is None and change.new is None:  # a revision that could not be read: its words say so
        return ShownChange(what, "said", ())
    if change.old is None and what.startswith("数据") and what.endswith("的原句"):
        # The sentence is in the measures on the page: the reader is told only that it is now named.
        return ShownChange(what.removesuffix("的原句"), "sourced", (), None, change.new)
    if change.old is None:
        return ShownChange(what, "added", ((change.new or "", INSERTED),), None, change.new)
    if change.new is None:
        return ShownChange(what, "removed", ((change.old, DELETED),), change.old, None)
    before, after = change.marks or (((change.old, True),), ((change.new, True),))
    return ShownChange(what, "changed", _merged(before, after), change.old, change.new)


def _merged(before, after) -> tuple[tuple[str, str], ...]:
    """The old and the new text as one: their common stretches once, what was deleted and what was
    inserted in place between them (the history layer marks both texts alike, common stretches in order)."""
    merged, i, j = [], 0, 0
    while i < len(before) or j < len(after):
        if i < len(before) and j < len(after) and not before[i][1] and not after[j][1]:
            merged.append((before[i][0], SAME))
            i, j = i + 1, j + 1
            continue
        moved = False
        while i < len(before) and before[i][1]:
            merged.append((before[i][0], DELETED))
            i, moved = i + 1, True
        while j < len(after) and after[j][1]:
            merged.append((after[j][0], INSERTED))
            j, moved = j + 1, True
        if not moved:  # unaligned common stretches (never made so): show the rest as replaced
            merged += [(text, DELETED) for text, _ in before[i:]] + [(text, INSERTED) for text, _ in after[j:]]
            break
    return tuple(merged)


def _changed_text(change: FieldChange) -> tuple[list[str], list[str]]:
    """What a change deleted and what it inserted."""
    if change.marks is None:
        return ([change.old] if change.old else []), ([change.new] if change.new else [])
    before, after = change.marks
    return [t for t, changed in before if changed], [t for t, changed in after if changed]


def _repeats(figure: FieldChange, texts: list[FieldChange]) -> bool:
    """Whether a change of a figure only repeats a change of the text it is read from: everything it
    deleted was deleted from the text, and everything it inserted was inserted there, by one change."""
    deleted, inserted = _changed_text(figure)
    if not deleted and not inserted:
        return False
    for text in texts:
        gone, added = _changed_text(text)
        if all(any(d in g for g in gone) for d in deleted) and all(any(i in a for a in added) for i in inserted):
            return True
    return False


# ---------------------------------------------------------------- a page's record

@dataclass(frozen=True)
class HistoryView(FileHistory):
    """A file's history as a page shows it: with links to the commits when the repository is known,
    and how many pages each edit changed (a note written for the whole site is said to be so)."""

    forge: Forge = Forge()
    history_url: str | None = None  # the forge's own list of the file's commits
    pages_changed: dict = field(default_factory=dict, compare=False)  # commit -> how many data files it changed

    def commit_url(self, revision: Revision) -> str | None:
        return self.forge.commit_url(revision.commit)

    def shown(self, revision: Revision) -> tuple[ShownChange, ...]:
        return shown_changes(revision.changes)

    def others_changed(self, revision: Revision) -> int:
        """How many other pages the same edit changed."""
        return max(self.pages_changed.get(revision.commit, 1) - 1, 0)


def history_view(data: SiteData, path: Path) -> HistoryView | None:
    history = data.history.for_file(path)
    if history is None:
        return None
    return HistoryView(history.revisions, history.uncommitted, history.partial, data.forge,
                       data.forge.history_url(data.history.key(path)), data.pages_changed)


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

    @property
    def shown(self) -> tuple[ShownChange, ...]:
        return shown_changes(self.revision.changes)


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


# ---------------------------------------------------------------- the change log, by day

# The change log is one page until it lists more edits than this; then a page per month, the newest at changes/.
EDITS_PER_PAGE = 30


@dataclass(frozen=True)
class Edit:
    """One edit (a commit) as the change log lists it: its note once, then each page it changed."""

    time: dt.datetime
    note: str
    commit_url: str | None
    entries: tuple[ChangeEntry, ...]

    @property
    def first_publication(self) -> bool:
        return all(e.revision.published for e in self.entries)


@dataclass(frozen=True)
class Day:
    day: dt.date
    edits: tuple[Edit, ...]

    @property
    def text(self) -> str:
        return f"{self.day.year}年{self.day.month}月{self.day.day}日"

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    days: tuple[Day, ...]

    @property
    def text(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def edit_count(self) -> int:
        return sum(len(day.edits) for day in self.days)


def change_days(entries: list[ChangeEntry]) -> list[Day]:
    """The entries (newest first) grouped by day in China time, and within a day by edit."""
    days: list[Day] = []
    for entry in entries:
        revision = entry.revision
        day = revision.time.date()
        if not days or days[-1].day != day:
            days.append(Day(day, ()))
        edits = list(days[-1].edits)
        if edits and edits[-1].entries[0].revision.commit == revision.commit:
            last = edits[-1]
            edits[-1] = Edit(last.time, last.note, last.commit_url, last.entries + (entry,))
        else:
            edits.append(Edit(revision.time, revision.note, entry.commit_url, (entry,)))
        days[-1] = Day(day, tuple(edits))
    return days


def change_months(data: SiteData) -> list[Month]:
    """The change log's pages: one (all of it) while it is short, else a month each, newest first."""
    days = change_days(change_entries(data))
    if sum(len(day.edits) for day in days) <= EDITS_PER_PAGE:
        return []
    months: list[Month] = []
    for day in days:
        if not months or (months[-1].year, months[-1].month) != (day.day.year, day.day.month):
            months.append(Month(day.day.year, day.day.month, ()))
        months[-1] = Month(months[-1].year, months[-1].month, months[-1].days + (day,))
    return months
