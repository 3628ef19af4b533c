"""The published record: data/<id>/source.txt is the text as first published, and stays so.

What is checked, so that the fidelity of the data to the published text stays proven while
editors correct and add to it:
- source.txt never changes once committed;
- the data as it was in the commit that first added source.txt reassembles to exactly that
  text: paragraph by paragraph for data that records the text's layout (`verbatim_layout`,
  written by every import since), its words whitespace aside for older data: the site first
  said what the text says;
- before that commit (a new import, not yet committed) the data as it is now must reassemble to it,
  and agree with the text's own summary count (rules.summary_errors).
Later corrections, new items and stated statuses change the data, not the record. Without git
history (a copy, a shallow clone) the committed case cannot be checked and is said so.
"""
from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

from disclosure_site.read.errors import DataError, shown_path
from disclosure_site.read.git import git_bytes, read_blobs
from disclosure_site.read.kinds import DISCLOSURE_FILE, ITEM_FILE, ITEMS_FOLDER, SOURCE_RECORD, kind_of, upgrade
from disclosure_site.read.yaml_file import LoadedFile, parse_old_revision
from disclosure_site.model.site import Disclosure, Site, build_disclosure
from disclosure_site.model.original import original_text
from disclosure_site.check.rules import summary_errors


MAX_RECORD_BYTES = 2 * 1024 * 1024  # the longest announcements run to some tens of KB


def check_records(site: Site) -> tuple[list[DataError], list[str]]:
    """(errors, notices) for every disclosure that keeps a source.txt."""
    errors: list[DataError] = []
    notices: list[str] = []
    for disclosure in site.disclosures:
        if disclosure.source_record.exists():
            found, notice = _check_record(disclosure)
            errors += found
            if notice:
                notices.append(notice)
    return errors, notices


def squash(text: str) -> str:
    """Text without whitespace: how a reassembled text is compared with its record."""
    return re.sub(r"\s+", "", text)


def _check_record(d: Disclosure) -> tuple[list[DataError], str | None]:
    record = d.source_record
    if record.is_symlink() or not record.is_file():
        return [DataError(record, None, None, "source.txt 必须是普通文本文件。")], None
    if record.stat().st_size > MAX_RECORD_BYTES:
        return [DataError(record, None, None, f"source.txt 太大(上限 {MAX_RECORD_BYTES // 1024 // 1024} MB):一份通报的原文不会有这么长。")], None
    try:
        text = record.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return [DataError(record, None, None, "source.txt 不是 UTF-8 编码:请用 UTF-8 保存。")], None
    try:
        commit, shallow, prefix = _first_commit(record)
    except (OSError, subprocess.CalledProcessError):
        commit = None
        notice = f"{shown_path(record)}:没有取得版本历史,未能核对数据首次发布时与原文记录是否一致。"
    else:
        notice = None
    if commit is None:
        if notice is None:  # not committed yet: the data as it is now is the first publication
            return _compare(d, text, "现在的数据") + summary_errors(d), None
        return [], notice
    old = _files_at(commit, d.folder, prefix) if commit not in shallow else None
    if old is None:  # a shallow clone's oldest commit "adds" every file: it is not the first publication
        return [], f"{shown_path(record)}:仓库历史不完整(浅克隆),未能核对首次发布时的数据。"
    if squash(old.get(SOURCE_RECORD, b"").decode("utf-8", "replace")) != squash(text):
        return [DataError(record, None, None,
                          f"source.txt 是首次公布原文的记录({commit[:7]} 提交),不能修改:请撤销对它的修改。"
                          "更正内容请改数据文件,并在提交说明中写明依据。")], None
    published = _disclosure_from(old, d)
    if published is None:
        return [DataError(record, None, None, f"读不出 {commit[:7]} 提交时的数据,无法核对原文记录:请联系维护人员。")], None
    return _compare(published, text, f"{commit[:7]} 提交时的数据") + _published_summary(published, commit), None


def _published_summary(published: Disclosure, commit: str) -> list[DataError]:
    """The text's own count, as the data stood when the text was first published."""
    return [dataclasses.replace(error, line=None, message=f"首次发布时({commit[:7]} 提交)的数据:{error.message}")
            for error in summary_errors(published)]


def paragraphs_differ(d: Disclosure, text: str) -> str | None:
    """Where the data's 原文 differs from the text paragraph by paragraph (spaces inside a paragraph
    aside), said in words; None when every paragraph is the text's."""
    rebuilt = [squash(p) for p in original_text(d).split("\n") if p.strip()]
    record = [squash(p) for p in text.split("\n") if p.strip()]
    for n, (a, b) in enumerate(zip(rebuilt, record), start=1):
        if a != b:
            return f"第 {n} 段:原文为“{b[:30]}”,数据为“{a[:30]}”"
    if len(rebuilt) != len(record):
        return f"原文 {len(record)} 段,数据重排出 {len(rebuilt)} 段"
    return None


def _compare(d: Disclosure, text: str, which: str) -> list[DataError]:
    if d.verbatim_layout:
        # Data that records the text's paragraphs is held to them, paragraph by paragraph.
        differs = paragraphs_differ(d, text)
        if not differs:
            return []
        return [DataError(d.source_record, None, None,
                          f"{which}重排出的原文与 source.txt 的段落不一致({differs})。请核对数据文件,使其逐段与原文一致。")]
    # Older data (before the layout was recorded) is held to the text's words, whitespace aside.
    rebuilt, record = squash(original_text(d)), squash(text)
    if rebuilt == record:
        return []
    at = next((i for i, (a, b) in enumerate(zip(rebuilt, record)) if a != b), min(len(rebuilt), len(record)))
    return [DataError(
        d.source_record, None, None,
        f"{which}重排出的原文与 source.txt 不一致:从“{record[max(0, at - 15):at + 15]}”处开始不同"
        f"(数据为“{rebuilt[max(0, at - 15):at + 15]}”)。请核对数据文件,使其逐字与原文一致。",
    )]


def _first_commit(record: Path) -> tuple[str | None, set[str], str]:
    """The commit that first added the record (None when it is not committed yet), the commits of a
    shallow clone whose parents were not fetched, and where the folder is in the repository.
    Raises when the folder is not in a git repository at all."""
    prefix, shallow_file = git_bytes(record.parent, "rev-parse", "--show-prefix", "--git-path", "shallow").decode().split("\n")[:2]
    shallow_path = record.parent / shallow_file
    shallow = set(shallow_path.read_text().split()) if shallow_path.is_file() else set()
    try:
        out = git_bytes(record.parent, "log", "--diff-filter=A", "--format=%H", "--", record.name).decode().split()
    except subprocess.CalledProcessError:
        return None, shallow, prefix  # a repository with no commit yet
    return (out[-1] if out else None), shallow, prefix


def _files_at(commit: str, folder: Path, prefix: str) -> dict[str, bytes] | None:
    """The disclosure folder's files at `commit`, by path relative to the folder; None if not there."""
    try:
        names = git_bytes(folder, "ls-tree", "-r", "--name-only", "--full-name", commit, "--", ".").decode().splitlines()
    except subprocess.CalledProcessError:
        return None
    blobs = read_blobs(folder, [(commit, name) for name in names])
    files = {name.removeprefix(prefix): blob for (_, name), blob in blobs.items()}
    return files


DERIVED = ("figures", "citations", "tags")


def _disclosure_from(files: dict[str, bytes], today: Disclosure) -> Disclosure | None:
    """A disclosure object from the files of an old commit, upgraded to today's format."""
    def loaded(name: str) -> LoadedFile | None:
        data = upgrade(kind_of(name), parse_old_revision(files[name]))
        if not isinstance(data, dict):
            return None
        # Only the text is compared: what was derived from it (figures, citations, tags) may
        # have been recorded in an older form, and plays no part in the 原文.
        data = {key: value for key, value in data.items() if key not in DERIVED}
        return LoadedFile(today.folder / name, data)

    disclosure = loaded(DISCLOSURE_FILE) if DISCLOSURE_FILE in files else None
    items = [loaded(name) for name in sorted(files)
             if name.startswith(ITEMS_FOLDER + "/") and ITEM_FILE.match(name.split("/", 1)[1])]
    if disclosure is None or any(item is None for item in items):
        return None
    try:
        return build_disclosure(today.id, today.folder, disclosure, items)
    except (KeyError, TypeError, ValueError):
        return None
