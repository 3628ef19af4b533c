"""Whether each data file a pull request changes says, in its 更新说明 (change_note), what it changed.

The public reads a change's note in the history (history/revisions.py takes the note the change
set in the file, else the commit message, which a form or a web editor writes as "Update 05.yml").
So the pull-request check compares every data file with the branch it will be merged into (from
their merge base, so changes made on that branch meanwhile are not counted) and says, in Chinese,
which changed files left their note as it was. A notice, not an error: the change itself is right,
and its commit message still stands in for the note.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from disclosure_site.read.errors import shown_path
from disclosure_site.read.git import git_bytes, read_blobs, tree_blobs
from disclosure_site.read.kinds import CHANGE_NOTE
from disclosure_site.read.yaml_file import LoadError, load_yaml, parse_old_revision


@dataclass(frozen=True)
class StaleNote:
    path: Path
    line: int  # the note's line, or 1 when the file has none
    added: bool  # a new file (its first note), not a change of one

    @property
    def message(self) -> str:
        where = shown_path(self.path)
        if self.added:
            return (f"{where} 是新增的文件,但没有写“更新说明”(change_note):网站的更新记录将显示提交说明。"
                    "请写一句给公众看的说明,例如“新增第26项整改事项”(表单中是第一项“更新说明”)。")
        return (f"{where} 有修改,但“更新说明”(change_note)没有改写:网站的更新记录将显示提交说明,"
                "或让读者以为上一次的说明说的是这一次的修改。请写一句给公众看的说明,说清这次改了什么、依据是什么"
                "(表单中是第一项“更新说明”)。")

    def as_github_annotation(self) -> str:
        return f"::warning file={shown_path(self.path)},line={self.line},title=更新说明没有改写::{self.message}"


def pull_request_base(environ: Mapping[str, str] = os.environ) -> str | None:
    """The branch a pull request will be merged into, as the forge's CI names it: GitLab gives the merge
    base itself; GitHub and Forgejo (Gitea) name the target branch, fetched as origin/<branch>."""
    if environ.get("CI_MERGE_REQUEST_DIFF_BASE_SHA"):
        return environ["CI_MERGE_REQUEST_DIFF_BASE_SHA"]
    if environ.get("GITHUB_BASE_REF"):
        return f"origin/{environ['GITHUB_BASE_REF']}"
    if not environ.get("CI"):  # an editor's own clone: the edits not committed yet, before they are
        return "HEAD"
    return None


def untracked_data_files(project_root: Path) -> list[Path]:
    """Data files git does not know yet: `git commit -a` leaves them out, although the preview shows them."""
    try:
        out = git_bytes(project_root, "ls-files", "--others", "--exclude-standard", "-z", "--", "data/")
    except (OSError, subprocess.CalledProcessError):
        return []
    return [project_root / name.decode("utf-8", "replace") for name in out.split(b"\0") if name.endswith(b".yml")]


def stale_notes(project_root: Path, base: str) -> list[StaleNote] | None:
    """The data files changed since the merge base with `base` whose change_note stayed as it was;
    None when git cannot compare (no repository, `base` unknown)."""
    try:
        top = git_bytes(project_root, "rev-parse", "--show-toplevel").decode("utf-8").strip()
        merge_base = git_bytes(project_root, "merge-base", "HEAD", base).decode("ascii").strip()
        listing = git_bytes(project_root, "diff", "--name-status", "-z", "-M", merge_base, "--", "data/")
        untracked = git_bytes(project_root, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", "data/")
    except (OSError, subprocess.CalledProcessError, UnicodeDecodeError):
        return None
    top_path = Path(top)
    changed: list[tuple[str, str | None]] = []  # (path now, path at the merge base or None for a new file)
    tokens = [t.decode("utf-8", "replace") for t in listing.split(b"\0") if t]
    tokens += [token for name in untracked.split(b"\0") if name for token in ("A", name.decode("utf-8", "replace"))]
    i = 0
    while i < len(tokens):
        status = tokens[i][0]
        if status in "RC":
            changed.append((tokens[i + 2], tokens[i + 1]))
            i += 3
            continue
        if status == "M":
            changed.append((tokens[i + 1], tokens[i + 1]))
        elif status == "A":
            changed.append((tokens[i + 1], None))
        i += 2
    changed = [(now, before) for now, before in changed if now.endswith(".yml") and Path(now).name != "site.yml"]
    at_base = tree_blobs(project_root, merge_base) if changed else {}  # path -> blob id at the merge base
    blobs = read_blobs(project_root, [at_base[before] for _, before in changed if before in at_base])
    old = {before: blobs[at_base[before]] for _, before in changed if before in at_base and at_base[before] in blobs}
    stale = []
    for now, before in changed:
        path = top_path / now
        try:
            loaded = load_yaml(path)
        except LoadError:
            continue  # the file's own errors are reported by the check itself
        data = loaded.data if isinstance(loaded.data, dict) else {}
        note = data.get(CHANGE_NOTE)
        previous = parse_old_revision(old[before]) if before in old else None
        previous_note = previous.get(CHANGE_NOTE) if isinstance(previous, dict) else None
        if before is not None and previous == data:
            continue  # only its layout changed: nothing the public sees
        if not note or note == previous_note:
            stale.append(StaleNote(path, loaded.line_of((CHANGE_NOTE,)) if note else 1, added=before is None))
    return stale
