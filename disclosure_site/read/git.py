"""Files as git keeps them: the two ways this project asks git for anything.

The history (disclosure_site/history/) and the published record's check (check/record.py) read
old revisions of data files through these, so that both hold git to the same rules: no locks,
plain C messages, and every old file of a build read by one `cat-file --batch` process.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git_bytes(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    # No locks: a build must never block, or be blocked by, an editor's own git.
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True, env=env).stdout


def read_objects(project_root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, bytes]]:
    """The files named (commit, path from the repository's top) as they were, each with its blob's id
    (the same content has the same id in every commit), in one cat-file process."""
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode("utf-8")
    out = git_bytes(project_root, "cat-file", "--batch", stdin=request)
    objects: dict[tuple[str, str], tuple[str, bytes]] = {}
    position = 0
    for key in wanted:
        line_end = out.index(b"\n", position)
        header = out[position:line_end].split()
        position = line_end + 1
        if len(header) == 3:  # <sha> blob <size>
            size = int(header[2])
            objects[key] = (header[0].decode("ascii"), out[position : position + size])
            position += size + 1
    return objects


def read_blobs(project_root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """The files named (commit, path from the repository's top) as they were, in one cat-file process."""
    return {key: raw for key, (_, raw) in read_objects(project_root, wanted).items()}
