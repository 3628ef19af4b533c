"""Files as git keeps them: the two ways this project asks git for anything.

The history (disclosure_site/history/) and the published record's check (check/record.py) read
old revisions of data files through these, so that both hold git to the same rules: no locks,
plain C messages, and every old file of a build read by one `cat-file --batch` process.

Nothing in a repository can put the reading out of step: paths and messages come NUL-separated
(`-z`), which no path or message can contain, and old files are asked for by their blob's id (hex
only, never a path, which may hold a newline) and read by the length git states for each.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Iterable

_OBJECT_ID = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1, or SHA-256 repositories


class GitOutputError(Exception):
    """git answered something this reader does not understand (never expected: a message to report)."""


def git_bytes(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    # No locks: a build must never block, or be blocked by, an editor's own git.
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True, env=env).stdout


def is_object_id(value: bytes) -> bool:
    return bool(_OBJECT_ID.fullmatch(value))


def read_blobs(project_root: Path, blob_ids: Iterable[str]) -> dict[str, bytes]:
    """The blobs named by their ids, in one cat-file process; a blob the repository lacks (a shallow
    clone, a submodule's commit) is left out. Each object is read by the size its header states."""
    wanted = sorted(set(blob_ids))
    if not wanted:
        return {}
    for blob_id in wanted:
        if not is_object_id(blob_id.encode("ascii", "replace")):
            raise GitOutputError(f"not an object id: {blob_id!r}")
    out = git_bytes(project_root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode("ascii"))
    blobs: dict[str, bytes] = {}
    position = 0
    for blob_id in wanted:
        line_end = out.find(b"\n", position)
        if line_end < 0:
            raise GitOutputError("cat-file --batch ended early")
        header = out[position:line_end].split(b" ")
        position = line_end + 1
        if header == [blob_id.encode("ascii"), b"missing"]:
            continue
        if len(header) != 3 or header[0] != blob_id.encode("ascii") or not header[2].isdigit():
            raise GitOutputError(f"cat-file --batch answered {out[position - 1 - 80:position - 1]!r}")
        size = int(header[2])
        if out[position + size : position + size + 1] != b"\n":
            raise GitOutputError("cat-file --batch: an object is shorter than its stated size")
        if header[1] == b"blob":
            blobs[blob_id] = out[position : position + size]
        position += size + 1
    return blobs


def tree_blobs(cwd: Path, commit: str) -> dict[str, str]:
    """Every file under `cwd` at `commit`: path from the repository's top -> blob id (ls-tree -z)."""
    out = git_bytes(cwd, "ls-tree", "-r", "-z", "--full-name", commit, "--", ".")
    files: dict[str, str] = {}
    for entry in out.split(b"\0"):
        meta, tab, name = entry.partition(b"\t")
        fields = meta.split(b" ")
        if tab and len(fields) == 3 and fields[1] == b"blob" and is_object_id(fields[2]):
            files[os.fsdecode(name)] = fields[2].decode("ascii")
    return files
