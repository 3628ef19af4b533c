"""The public change history of every data file, read from git in one pass.

A commit that changes a data file is a change. Its public note is the 更新说明 (change_note) the
change set in the file, else the commit's subject line (what a hand-written page's change shows too).
Whatever the number of items and commits, a build starts the same few git processes:
`rev-parse` (where and how complete the repository is), one `log` over data/ and docs/,
one `cat-file --batch` for every old revision, and one `status` for uncommitted edits.

Dates are the commits' own, never the build time, shown in China time. A shallow clone is
said to be partial rather than given wrong dates; a copy without git has no history at all.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from disclosure_site.read.git import GitOutputError, git_bytes, read_blobs
from disclosure_site.read.kinds import CHANGE_NOTE, kind_of, upgrade
from disclosure_site.read.text import printable
from disclosure_site.read.yaml_file import parse_old_revision
from disclosure_site.history.field_changes import FieldChange, diff_documents

# China keeps UTC+8 all year (no daylight saving since 1991): no tz database needed.
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
# The files whose history is public: data files and hand-written pages (never images or the
# source.txt record, which are not read from history and may be large).
WATCHED = (":(glob)data/**/*.yml", ":(glob)docs/**/*.md")


@dataclass(frozen=True)
class Revision:
    commit: str
    short: str
    time: dt.datetime  # commit time, in China time
    note: str  # the public change note: the change_note this revision set, else the commit subject
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
        return _resolved(path).relative_to(self.root).as_posix()

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


@cache  # a page asks for its files' histories often, and resolving a path asks the file system
def _resolved(path: Path) -> Path:
    return path.resolve()


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
        log = git_bytes(project_root, "log", "-M", "--raw", "--no-abbrev", "-z", f"--format={LOG_FORMAT}", "--", *WATCHED)
    except subprocess.CalledProcessError:
        log = None  # a repository with no commit yet: git log has nothing to show and says so
    touched = _parse_log(log or b"")
    histories, deleted = _follow_files(touched, boundary)
    _add_field_changes(project_root, histories, prefix + "data/", {(t.commit, t.path): t.blob for t in touched})
    dirty = _uncommitted_paths(project_root)
    files = {
        path: FileHistory(tuple(revisions), uncommitted=path in dirty, partial=bool(boundary))
        for path, revisions in histories.items()
    }
    for path in dirty - files.keys():
        files[path] = FileHistory((), uncommitted=True, partial=bool(boundary))
    return History(files, partial=bool(boundary), root=top_path, prefix=prefix, empty=log is None, deleted=deleted)


def with_uncommitted(history: History, project_root: Path) -> History:
    """The same history with the files that have edits not yet committed marked anew (one `git status`):
    what a preview needs after an editor saves a file, as long as nothing was committed meanwhile."""
    if history.root is None:
        return history
    dirty = _uncommitted_paths(project_root)
    files = {path: dataclasses.replace(h, uncommitted=path in dirty) for path, h in history.files.items()}
    for path in dirty - files.keys():
        files[path] = FileHistory((), uncommitted=True, partial=history.partial)
    files = {path: h for path, h in files.items() if h.revisions or h.uncommitted}
    return dataclasses.replace(history, files=files)


def head_commit(project_root: Path) -> str | None:
    """The commit checked out, to know whether anything was committed since the history was read."""
    try:
        return _git(project_root, "rev-parse", "-q", "--verify", "HEAD").strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


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
    blob: str | None = None  # the file's content in this commit (None: deleted)


# One commit's header: the fixed fields, then the subject alone, each ended by NUL (-z); then its
# files, each `:<modes> <old blob> <new blob> <status>` and its path (two for a rename), NUL-ended.
# No message or path can hold a NUL (git stops a message at one), so nothing in them can shift
# a field; the fields are also checked for their form, so that what git says is never guessed at.
# (--no-abbrev, which the blob ids need whole, makes %h whole too: the short names are made here.)
LOG_FORMAT = "%H %ct%x00%s"
_HEADER = re.compile(rb"([0-9a-f]{40,64}) (-?[0-9]+)")
_RAW = re.compile(rb":[0-7]{6} [0-7]{6} [0-9a-f]{40,64} ([0-9a-f]{40,64}) ([ACDMRTUX])[0-9]*")
_NO_BLOB = re.compile(rb"0+")


def _parse_log(log: bytes) -> list[_Touch]:
    tokens = log.split(b"\0")
    touches: list[_Touch] = []
    i = 0
    while i < len(tokens):
        header = _HEADER.fullmatch(tokens[i].lstrip(b"\n"))
        if header is None:
            if tokens[i].strip(b"\n"):
                raise GitOutputError(f"git log: unexpected {tokens[i][:80]!r}")
            i += 1
            continue
        if i + 1 >= len(tokens):
            raise GitOutputError("git log ended inside a commit")
        commit = header.group(1).decode("ascii")
        time = commit_time(int(header.group(2)))
        note = printable(tokens[i + 1].decode("utf-8", errors="replace"))
        i += 2
        while i < len(tokens) and tokens[i].lstrip(b"\n").startswith(b":"):
            raw = _RAW.fullmatch(tokens[i].lstrip(b"\n"))
            if raw is None:
                raise GitOutputError(f"git log: unexpected {tokens[i][:80]!r}")
            status = raw.group(2).decode("ascii")
            count = 2 if status in "RC" else 1
            paths = [os.fsdecode(p) for p in tokens[i + 1 : i + 1 + count]]
            if len(paths) != count:
                raise GitOutputError("git log ended inside a file's entry")
            blob = None if _NO_BLOB.fullmatch(raw.group(1)) else raw.group(1).decode("ascii")
            touches.append(_Touch(commit, commit, time, note, status, paths[-1], paths[0] if count == 2 else None, blob))
            i += 1 + count
    shorts = _short_names({touch.commit for touch in touches})
    return [dataclasses.replace(touch, short=shorts[touch.commit]) for touch in touches]


def _short_names(commits: set[str], length: int = 7) -> dict[str, str]:
    """Each commit's name as the forges print it: its first 7 characters, more where two share them."""
    names: dict[str, str] = {}
    by_prefix: dict[str, list[str]] = {}
    for commit in commits:
        by_prefix.setdefault(commit[:length], []).append(commit)
    for prefix, sharing in by_prefix.items():
        if len(sharing) == 1:
            names[sharing[0]] = prefix
        else:
            names |= _short_names(set(sharing), length + 1)
    return names


# The latest moment a date can be shown (9999-12-31 in China time): a clock set centuries ahead is a mistake.
_LAST_SHOWN = int(dt.datetime(9999, 12, 31, 15, 59, 59, tzinfo=dt.timezone.utc).timestamp())


def commit_time(seconds: int) -> dt.datetime:
    """A commit's time in China time, as git records it (clamped to what a calendar can show)."""
    return dt.datetime.fromtimestamp(min(max(seconds, 0), _LAST_SHOWN), CHINA_TIME)


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
    status = git_bytes(project_root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *WATCHED)
    paths = set()
    entries = [os.fsdecode(entry) for entry in status.split(b"\0")]  # named as the log names them
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

# What each revision changed, by the pair of blobs it went between (kind, older blob, newer blob):
# a pair is compared once, however often it occurs, and again by no later build of this process
# (make serve). None: nothing the public can see changed (comments or layout only).
_changes_by_blobs: dict[tuple[str, str | None, str | None], tuple[FieldChange, ...] | None] = {}
_parsed_blobs: dict[str, Any] = {}


def _add_field_changes(project_root: Path, histories: dict[str, list[Revision]], data_prefix: str,
                       blob_ids: dict[tuple[str, str], str | None]) -> None:
    wanted = {(rev.commit, rev.path): blob_ids.get((rev.commit, rev.path))
              for path, revs in histories.items() if path.startswith(data_prefix) for rev in revs}
    if not wanted:
        return
    blobs = read_blobs(project_root, (blob for blob in wanted.values() if blob))
    objects = {key: (blob, blobs[blob]) for key, blob in wanted.items() if blob in blobs}
    for path, revisions in histories.items():
        if not path.startswith(data_prefix):
            continue
        kind = kind_of(path)
        kept: list[Revision] = []
        for index, revision in enumerate(revisions):
            newer = objects.get((revision.commit, revision.path))
            if revision.published:
                kept.append(_with_note(revision, newer, None))
                continue
            older = revisions[index + 1] if index + 1 < len(revisions) else None
            if older is None:  # the oldest revision known (a shallow clone): what it changed is not known
                kept.append(revision)
                continue
            previous = objects.get((older.commit, older.path))
            changes = _changes(kind, previous, newer)
            if changes is not None:
                kept.append(_with_note(dataclasses.replace(revision, changes=changes), newer, previous))
        revisions[:] = kept


def _with_note(revision: Revision, newer: tuple[str, bytes] | None, older: tuple[str, bytes] | None) -> Revision:
    """The revision with the note its change set in the file (change_note); the commit subject stays
    when the change left the file's note as it was, or the file has none."""
    note = _note(newer)
    if note and note != _note(older):
        return dataclasses.replace(revision, note=note)
    return revision


def _note(blob: tuple[str, bytes] | None) -> str | None:
    data = _parse(blob)
    note = data.get(CHANGE_NOTE) if isinstance(data, dict) else None
    return printable(" ".join(note.split())) if isinstance(note, str) and note.strip() else None


def _changes(kind: str, older: tuple[str, bytes] | None, newer: tuple[str, bytes] | None) -> tuple[FieldChange, ...] | None:
    key = (kind, older[0] if older else None, newer[0] if newer else None)
    if key not in _changes_by_blobs:
        old_data, new_data = upgrade(kind, _parse(older)), upgrade(kind, _parse(newer))
        if new_data == old_data and new_data is not None:
            _changes_by_blobs[key] = None
        else:
            _changes_by_blobs[key] = tuple(diff_documents(old_data, new_data, kind))
    return _changes_by_blobs[key]


def _parse(blob: tuple[str, bytes] | None) -> Any:
    if blob is None:
        return None
    sha, raw = blob
    if sha not in _parsed_blobs:
        _parsed_blobs[sha] = parse_old_revision(raw)
    return _parsed_blobs[sha]
