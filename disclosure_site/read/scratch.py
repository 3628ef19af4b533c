"""Scratch folders that a command renames into place when it succeeds, and clears when it fails.

A command stopped midway (Ctrl-C, a killed CI job, a power cut) cannot clear its own: each such
folder is named after the process that made it, and the next run of the command removes those
whose process is gone (a run going on at the same time keeps its own). tools/build_site.py stages
the site this way beside site/, and the importer its files beside data/<ID>/.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path


def make_scratch(folder: Path, prefix: str) -> Path:
    """A new private folder in `folder` named `prefix` + this process's id + a random part."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=folder))


def clear_abandoned(folder: Path, prefix: str) -> None:
    """Remove the folders `prefix`* in `folder` whose process is gone (or that name no process)."""
    if not folder.is_dir():
        return
    owner = re.compile(re.escape(prefix) + r"(\d+)-")
    for leftover in folder.glob(glob_escape(prefix) + "*"):
        found = owner.match(leftover.name)
        if leftover.is_dir() and not leftover.is_symlink() and not (found and _running(int(found.group(1)))):
            shutil.rmtree(leftover, ignore_errors=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process's own, from an earlier run that stopped on an error
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
