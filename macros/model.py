"""The disclosures as small immutable objects: what the pages, the 原文 and the downloads are made from.

Nothing here knows about HTML or MkDocs. `load_site` reads and checks data/ once and keeps
the result until a data file changes (so `mkdocs serve` picks up edits).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .paths import DATA_DIR
from .public_info import PublicInfo, public_info_from
from .validate import CheckedDisclosure, check_data, figure_value


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    unit: str
    period: str | None = None
    previous_value: str | None = None
    previous_period: str | None = None

    @property
    def is_change(self) -> bool:
        return self.previous_value is not None


@dataclass(frozen=True)
class Citation:
    title: str
    number: str | None = None
    short_title: str | None = None


@dataclass(frozen=True)
class Item:
    disclosure_id: str
    number: int
    heading: str
    problem: str
    measures: tuple[str, ...]
    figures: tuple[Figure, ...]
    citations: tuple[Citation, ...]
    tags: tuple[str, ...]
    status: str | None
    deadline: str | None
    responsible_units: tuple[str, ...]
    source_path: Path

    @property
    def slug(self) -> str:
        return f"{self.number:02d}"

    @property
    def title(self) -> str:
        """How the item is named in navigation and lists: its number and its heading."""
        return f"{self.number}. {self.heading}"

    @property
    def text(self) -> str:
        """The rectification text as published, after “整改情况:”."""
        return "".join(self.measures)


@dataclass(frozen=True)
class Contact:
    phone: str
    email: str
    postcode: str
    address: str

    @property
    def phone_uri(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Inspection:
    team: str
    start: str
    end: str
    feedback: str


@dataclass(frozen=True)
class Disclosure:
    id: str
    title: str
    body: str
    published: str | None
    inspection: Inspection
    opening: str
    organisation: Section
    progress_heading: str
    next_steps: Section
    closing: str
    contact: Contact
    source: str
    items: tuple[Item, ...]
    folder: Path
    public_info: PublicInfo | None = None  # 政务公开 metadata (macros/public_info.py)

    @property
    def source_path(self) -> Path:
        return self.folder / "disclosure.yml"

    @property
    def statuses(self) -> dict[str, int]:
        """How many items have each status; empty when the source states none."""
        counts: dict[str, int] = {}
        for item in self.items:
            if item.status:
                counts[item.status] = counts.get(item.status, 0) + 1
        return counts


@dataclass(frozen=True)
class Site:
    disclosures: tuple[Disclosure, ...]

    @cached_property
    def _by_id(self) -> dict[str, Disclosure]:
        return {d.id: d for d in self.disclosures}

    @cached_property
    def _items(self) -> dict[tuple[str, int], Item]:
        return {(d.id, item.number): item for d in self.disclosures for item in d.items}

    def disclosure(self, disclosure_id: str) -> Disclosure:
        return self._by_id[disclosure_id]

    def item(self, disclosure_id: str, number: int) -> Item:
        return self._items[(disclosure_id, number)]

    @property
    def single(self) -> bool:
        """With one disclosure the home page is that disclosure."""
        return len(self.disclosures) == 1


# ---------------------------------------------------------------- loading

_cache: dict[Path, tuple[tuple, Site]] = {}


def load_site(data_dir: Path = DATA_DIR) -> Site:
    """Check and load data/; reuse the last result while no data file has changed."""
    data_dir = data_dir.resolve()
    fingerprint = _fingerprint(data_dir)
    cached = _cache.get(data_dir)
    if cached and cached[0] == fingerprint:
        return cached[1]
    site = Site(tuple(_build_disclosure(checked) for checked in check_data(data_dir)))
    _cache[data_dir] = (fingerprint, site)
    return site


def _fingerprint(data_dir: Path) -> tuple:
    if not data_dir.is_dir():
        return ()
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.rglob("*")) if p.is_file()
    )


def _build_disclosure(checked: CheckedDisclosure) -> Disclosure:
    d = checked.disclosure.data
    return Disclosure(
        id=checked.id,
        title=d["title"],
        body=d["body"],
        published=d.get("published"),
        inspection=Inspection(**d["inspection"]),
        opening=d["opening"],
        organisation=Section(d["organisation"]["heading"], tuple(d["organisation"]["paragraphs"])),
        progress_heading=d["progress_heading"],
        next_steps=Section(d["next_steps"]["heading"], tuple(d["next_steps"]["paragraphs"])),
        closing=d["closing"],
        contact=Contact(**d["contact"]),
        source=d["source"],
        items=tuple(_build_item(checked.id, loaded.data, loaded.path) for loaded in checked.items),
        folder=checked.folder,
        public_info=public_info_from(d),
    )


def _build_item(disclosure_id: str, d: dict, path: Path) -> Item:
    return Item(
        disclosure_id=disclosure_id,
        number=d["number"],
        heading=d["heading"],
        problem=d["problem"],
        measures=tuple(d["measures"]),
        figures=tuple(_build_figure(f) for f in d.get("figures", [])),
        citations=tuple(Citation(**c) for c in d.get("citations", [])),
        tags=tuple(d.get("tags", [])),
        status=d.get("status"),
        deadline=d.get("deadline"),
        responsible_units=tuple(d.get("responsible_units", [])),
        source_path=path,
    )


def _build_figure(f: dict) -> Figure:
    previous = f.get("previous") or {}
    return Figure(
        label=f["label"],
        value=figure_value(f["value"]),
        unit=f["unit"],
        period=f.get("period"),
        previous_value=figure_value(previous["value"]) if previous else None,
        previous_period=previous.get("period"),
    )
