"""The public change history of every data file, read from git in one pass.

A commit that changes a data file is a change; its subject line is the public change note.
Whatever the number of items and commits, a build starts the same few git processes:
`rev-parse` (where and how complete the repository is), one `log` over data/ and docs/,
one `cat-file --batch` for every old revision, and one `status` for uncommitted edits.

Dates are the commits' own, never the build time, shown in China time. A shallow clone is
said to be partial rather than given wrong dates; a copy without git has no history at all.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_site.read.git import git_bytes, read_blobs
from disclosure_site.read.kinds import kind_of, load_schema, upgrade
from disclosure_site.read.yaml_file import parse_old_revision
from disclosure_site.model.site import figure_value

# China keeps UTC+8 all year (no daylight saving since 1991): no tz database needed.
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
# The files whose history is public: data files and hand-written pages (never images or the
# source.txt record, which are not read from history and may be large).
WATCHED = (":(glob)data/**/*.yml", ":(glob)docs/**/*.md")


@dataclass(frozen=True)
class FieldChange:
    field: str  # Chinese name of the field, e.g. 数据“支持资金”
    old: str | None  # None: added
    new: str | None  # None: removed


@dataclass(frozen=True)
class Revision:
    commit: str
    short: str
    time: dt.datetime  # commit time, in China time
    note: str  # the commit subject: the public change note
    path: str  # the file's path in this revision (relative to the repository root)
    published: bool  # the revision that first added the file
    changes: tuple[FieldChange, ...] = ()
    deleted: bool = False  # the revision that removed the file (its page is gone; the change log says so)

    @property
    def time_text(self) -> str:
        return self.time.strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class FileHistory:
    revisions: tuple[Revision, ...]  # newest first
    uncommitted: bool = False
    partial: bool = False  # a shallow clone: older revisions are missing

    @property
    def published(self) -> Revision | None:
        if self.partial or not self.revisions or not self.revisions[-1].published:
            return None
        return self.revisions[-1]

    @property
    def updated(self) -> Revision | None:
        return self.revisions[0] if self.revisions else None


@dataclass
class History:
    files: dict[str, FileHistory] = field(default_factory=dict)
    partial: bool = False
    root: Path | None = None  # the repository's top folder
    prefix: str = ""  # where the project sits inside the repository ("" at its top, "site/" in a sub-folder)
    deleted: list[tuple[str, Revision]] = field(default_factory=list)  # (path, the revision that removed it)
    empty: bool = False  # a repository with no commit yet: nothing is dated

    def key(self, path: Path) -> str:
        """How git names `path`: relative to the repository's top folder."""
        return path.resolve().relative_to(self.root).as_posix()

    def for_file(self, path: Path) -> FileHistory | None:
        if self.root is None:
            return None
        return self.files.get(self.key(path), FileHistory((), uncommitted=True, partial=self.partial))

    def newest_time(self) -> dt.datetime | None:
        times = [h.revisions[0].time for h in self.files.values() if h.revisions]
        return max(times) if times else None

    def changes(self) -> list[tuple[str, Revision]]:
        """Every revision of every data file, newest first: (current path, revision)."""
        prefix = self.prefix + "data/"
        entries = [
            (path, revision)
            for path, history in self.files.items()
            if path.startswith(prefix)
            for revision in history.revisions
        ] + [(path, revision) for path, revision in self.deleted if path.startswith(prefix)]
        return sorted(entries, key=lambda e: (-e[1].time.timestamp(), e[1].commit, e[0]))


NO_HISTORY = History()


def read_history(project_root: Path) -> History:
    """Read the history of data/ and docs/ under `project_root`; NO_HISTORY without git."""
    try:
        top, prefix, shallow, shallow_file = _git(
            project_root, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "--git-path", "shallow"
        ).splitlines()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return NO_HISTORY
    top_path = Path(top).resolve()
    boundary = _shallow_commits(project_root / shallow_file) if shallow.strip() == "true" else set()
    try:
        log = _git(
            project_root, "log", "-M", "--name-status", "-z", "--format=%x1e%H%x1f%h%x1f%ct%x1f%s", "--", *WATCHED
        )
    except subprocess.CalledProcessError:
        log = None  # a repository with no commit yet: git log has nothing to show and says so
    touched = _parse_log(log or "")
    histories, deleted = _follow_files(touched, boundary)
    _add_field_changes(project_root, histories, prefix + "data/")
    dirty = _uncommitted_paths(project_root)
    files = {
        path: FileHistory(tuple(revisions), uncommitted=path in dirty, partial=bool(boundary))
        for path, revisions in histories.items()
    }
    for path in dirty - files.keys():
        files[path] = FileHistory((), uncommitted=True, partial=bool(boundary))
    return History(files, partial=bool(boundary), root=top_path, prefix=prefix, empty=log is None, deleted=deleted)


# ---------------------------------------------------------------- git

def _git(cwd: Path, *args: str) -> str:
    return git_bytes(cwd, *args).decode("utf-8", errors="replace")


def _shallow_commits(shallow_file: Path) -> set[str]:
    """The commits whose parents were not fetched (git lists them in a file: no process needed)."""
    return set(shallow_file.read_text().split()) if shallow_file.is_file() else set()


@dataclass
class _Touch:
    commit: str
    short: str
    time: dt.datetime
    note: str
    status: str  # A, M, D, R
    path: str
    old_path: str | None = None  # for renames


def _parse_log(log: str) -> list[_Touch]:
    touches: list[_Touch] = []
    for chunk in log.split("\x1e")[1:]:
        header, _, rest = chunk.partition("\0")
        commit, short, timestamp, note = header.split("\x1f", 3)
        time = dt.datetime.fromtimestamp(int(timestamp), CHINA_TIME)
        tokens = [t for t in rest.lstrip("\n").split("\0") if t]
        i = 0
        while i < len(tokens):
            status = tokens[i][0]
            if status in "RC":
                touches.append(_Touch(commit, short, time, note, status, tokens[i + 2], tokens[i + 1]))
                i += 3
            else:
                touches.append(_Touch(commit, short, time, note, status, tokens[i + 1]))
                i += 2
    return touches


def _follow_files(touches: list[_Touch], boundary: set[str]) -> tuple[dict[str, list[Revision]], list[tuple[str, Revision]]]:
    """Group the log (newest first) by each file's current path, following renames backwards;
    and list the deletions, which have no page but are changes the public must be able to see."""
    current_name: dict[str, str] = {}  # path at this point of history -> path today
    histories: dict[str, list[Revision]] = {}
    deleted: list[tuple[str, Revision]] = []
    for touch in touches:
        if touch.status == "D":
            if touch.commit not in boundary:
                deleted.append((touch.path, Revision(touch.commit, touch.short, touch.time, touch.note, touch.path,
                                                     published=False, deleted=True)))
            continue  # a deleted file has no page; a later re-add starts afresh
        today = current_name.setdefault(touch.path, touch.path)
        if touch.commit in boundary:
            continue  # a shallow clone's oldest commit "adds" every file: not a real change
        revision = Revision(
            touch.commit, touch.short, touch.time, touch.note, touch.path, published=touch.status == "A"
        )
        histories.setdefault(today, []).append(revision)
        if touch.status in "RC" and touch.old_path:
            del current_name[touch.path]
            current_name[touch.old_path] = today
        elif touch.status == "A":
            del current_name[touch.path]
    return histories, deleted


def _uncommitted_paths(project_root: Path) -> set[str]:
    status = _git(project_root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *WATCHED)
    paths = set()
    entries = status.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        if len(entry) > 3:
            paths.add(entry[3:])
            if entry[0] in "RC":
                i += 1  # the old name follows
        i += 1
    return {p for p in paths if p.endswith((".yml", ".md"))}


# ---------------------------------------------------------------- what changed, field by field

def _add_field_changes(project_root: Path, histories: dict[str, list[Revision]], data_prefix: str) -> None:
    wanted = [(rev.commit, rev.path) for path, revs in histories.items() if path.startswith(data_prefix) for rev in revs]
    if not wanted:
        return
    blobs = read_blobs(project_root, wanted)
    for path, revisions in histories.items():
        if not path.startswith(data_prefix):
            continue
        kind = kind_of(path)
        kept: list[Revision] = []
        for index, revision in enumerate(revisions):
            if revision.published:
                kept.append(revision)
                continue
            older = revisions[index + 1] if index + 1 < len(revisions) else None
            new_data = upgrade(kind, _parse_blob(blobs.get((revision.commit, revision.path))))
            old_data = upgrade(kind, _parse_blob(blobs.get((older.commit, older.path)))) if older else None
            if older is not None and new_data == old_data and new_data is not None:
                continue  # comments or layout only: nothing the public can see changed
            changes = diff_documents(old_data, new_data, kind) if older else ()
            kept.append(dataclasses.replace(revision, changes=tuple(changes)))
        revisions[:] = kept


def _parse_blob(raw: bytes | None) -> Any:
    return parse_old_revision(raw) if raw is not None else None


def diff_documents(old: Any, new: Any, kind: str) -> list[FieldChange]:
    """What changed between two revisions of one data file, in words the public understands."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [FieldChange("内容", None, None)] if old != new else []
    titles = load_schema(kind)["properties"]
    changes: list[FieldChange] = []
    for key in list(new) + [k for k in old if k not in new]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        title = titles.get(key, {}).get("title", key)
        if key == "figures":
            changes += _diff_keyed(before or [], after or [], "label", "数据", _figure_text,
                                   _item_fields(titles, key), same=lambda f: (str(f.get("value")), f.get("unit")))
        elif key == "citations":
            changes += _diff_keyed(before or [], after or [], "title", "引用文件", lambda c: f"《{c.get('title')}》",
                                   _item_fields(titles, key))
        elif isinstance(before, list) or isinstance(after, list):
            changes += _diff_list(title, before or [], after or [])
        elif isinstance(before, dict) or isinstance(after, dict):
            sub_titles = titles.get(key, {}).get("properties", {})
            for sub in list(after or {}) + [k for k in (before or {}) if k not in (after or {})]:
                b, a = (before or {}).get(sub), (after or {}).get(sub)
                if b != a:
                    changes.append(FieldChange(f"{title}的{sub_titles.get(sub, {}).get('title', sub)}", _text(b), _text(a)))
        else:
            changes.append(FieldChange(title, _text(before), _text(after)))
    return changes


def _diff_list(title: str, before: list, after: list) -> list[FieldChange]:
    changes = []
    matcher = difflib.SequenceMatcher(a=[_text(x) for x in before], b=[_text(x) for x in after], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = before[a1:a2], after[b1:b2]
        for offset in range(max(len(olds), len(news))):
            old = _text(olds[offset]) if offset < len(olds) else None
            new = _text(news[offset]) if offset < len(news) else None
            position = b1 + offset + 1 if new is not None else a1 + offset + 1
            changes.append(FieldChange(f"{title}第{position}条", old, new))
    return changes


def _diff_keyed(before: list, after: list, key: str, title: str, show, fields: dict, same=None) -> list[FieldChange]:
    """Entries of a list matched by `key` (a figure's label), else by `same` (its number): a
    renamed label is a change of that entry, not a removal and an addition. Where what `show`
    prints is unchanged, the changed sub-fields are named instead (数据“增幅”的原句: 新增 …)."""
    old = {str(x.get(key)): x for x in before if isinstance(x, dict)}
    new = {str(x.get(key)): x for x in after if isinstance(x, dict)}
    pairs = [(name, old.get(name), new.get(name)) for name in list(new) + [n for n in old if n not in new]]
    if same:  # pair a removed entry with an added one that holds the same number
        removed = {same(o): n for n, o, a in pairs if a is None}
        for index, (name, o, a) in enumerate(pairs):
            if o is None and same(a) in removed:
                gone = removed.pop(same(a))
                pairs[index] = (name, old[gone], a)
                pairs = [p for p in pairs if not (p[0] == gone and p[2] is None)]
    changes = []
    for name, o, a in pairs:
        if o == a:
            continue
        if o is None or a is None or show(o) != show(a):
            changes.append(FieldChange(f"{title}“{name}”", show(o) if o else None, show(a) if a else None))
            if o is None or a is None:
                continue
        for sub in list(a) + [k for k in o if k not in a]:
            if sub not in ("value", "unit") and o.get(sub) != a.get(sub):
                label = fields.get(sub, {}).get("title", sub)
                changes.append(FieldChange(f"{title}“{name}”的{label}", _text(o.get(sub)), _text(a.get(sub))))
    return changes


def _item_fields(properties: dict, key: str) -> dict:
    """The sub-fields of a list's entries, with their titles, from the schema."""
    return properties.get(key, {}).get("items", {}).get("properties", {})


def _figure_text(figure: dict) -> str:
    value = figure_value(figure.get("value")) + str(figure.get("unit", ""))
    previous = figure.get("previous")
    if isinstance(previous, dict) and "value" in previous:
        value = f"{figure_value(previous['value'])}{figure.get('unit', '')} → {value}"
    period = figure.get("period")
    return f"{value}({period})" if period else value


def _text(value: Any) -> str | None:
    """Any value of a data file as words a reader can follow: never a Python dict or list."""
    if value is None:
        return None
    if isinstance(value, list):
        return "、".join(_text(v) or "" for v in value)
    if isinstance(value, dict):
        # A part, a group or a sub-problem: its own words, in order (marker, heading, text).
        return " ".join(_text(v) or "" for v in value.values() if isinstance(v, (str, list, dict)))
    if value is True:
        return "是"
    return str(value)
