"""Text as it may be published: without the characters no reader sees and some formats forbid.

A data file can hold control characters through YAML's escapes ("\\0", "\\e"), a commit message
any byte, an imported file whatever its editor left in it. None of them is a word; XML (the feed)
refuses most of them outright, and a browser or terminal may act on them. Every text that can
reach a page, the feed or the open data passes through `printable` where it is read: data files
(read/yaml_file.py, current and old revisions alike), hand-written pages (generate/build_folder.py),
commit messages (history/revisions.py) and imported sources (importer/read.py). Tabs and line
breaks stay: they are whitespace, and valid XML.
"""
from __future__ import annotations

import datetime as dt

import re
from typing import Any

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone surrogates
# (YAML's "\ud800" makes one, and UTF-8 cannot write it); the two non-characters XML 1.0 forbids.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` without control characters (tabs and line breaks kept)."""
    return _UNPRINTABLE.sub("", text)


def printable_data(value: Any) -> Any:
    """A data file's values with `printable` applied to every string in them (keys included)."""
    if isinstance(value, str):
        return printable(value) if _UNPRINTABLE.search(value) else value
    if isinstance(value, list):
        return [printable_data(v) for v in value]
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    return value


def iso_date(year: int, month: int, day: int) -> str | None:
    """A date the text writes, as YYYY-MM-DD; None for a day no calendar has (2025年2月30日)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
