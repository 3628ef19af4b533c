"""The dates a page shows, kept apart so that a reader never takes one for the other:

- the text's own date: when the body published it, as the text or its metadata states it (the
  `published` date, else the 落款 date, else the 成文日期 of the 政务公开 table); none when it states none,
  and then pages say so instead of showing another date in its place;
- the site's dates: when this site first published and last changed a page, from git (history/),
  always labelled as the site's (本站发布, 本站更新).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_site.read.text import iso_date
from disclosure_site.model.site import Disclosure
from disclosure_site.content.templates import chinese_date

_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


@dataclass(frozen=True)
class TextDate:
    """The date the body published its text, as a page shows it."""

    text: str  # 2025年1月8日: the text's own words where it states the date in words
    iso: str | None  # 2025-01-08, for <time datetime> and metadata; None when the words cannot be read as a day
    stated_as: str  # where the text states it: 发布日期, 落款 or 成文日期


def text_date(disclosure: Disclosure) -> TextDate | None:
    """The text's own date of publication, or None when neither the text nor its metadata states one."""
    d = disclosure
    signed = d.signature.date if d.signature and d.signature.date else None
    if d.published:
        # The 落款 is how the text itself prints the date: shown in its words when it is the same day.
        words = signed if signed and _iso(signed) == d.published else chinese_date(d.published)
        return TextDate(words, d.published, "落款" if words == signed else "发布日期")
    if signed:
        return TextDate(signed, _iso(signed), "落款")
    if d.public_info and d.public_info.written_on:
        return TextDate(chinese_date(d.public_info.written_on), d.public_info.written_on, "成文日期")
    return None


def _iso(words: str) -> str | None:
    """2025年1月8日 -> 2025-01-08; None for any other wording (二〇二五年一月八日 stays words only)."""
    match = _CHINESE_DATE.match(words)
    return iso_date(*map(int, match.groups())) if match else None
