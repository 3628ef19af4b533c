"""The disclosures as small immutable objects: what the pages, the 原文 and the downloads are made from.

Nothing here knows about HTML or MkDocs, nor about checking: the objects are built from files
that passed their schema (check/schema_check.py), and check/run.py hands a Site on only once
the rules across files hold too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, urlencode

from disclosure_site.read.kinds import CHANGE_NOTE
from disclosure_site.read.yaml_file import LoadedFile
from disclosure_site.model.public_info import PublicInfo, public_info_from

COMPLETED = "已完成"


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    unit: str
    clause: str  # the sentence of the text the figure is read from, so a reader can check it
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
    stated_in: int | None = None  # the item whose text states the full title, number or short title


@dataclass(frozen=True)
class Group:
    """A category of problems ("(一)在“××”方面"); `number` counts from 1 in the disclosure."""

    number: int
    marker: str | None
    heading: str
    paragraphs: tuple[str, ...] = ()
    heading_shares_paragraph: bool = False  # "(一)××整改情况。××认真落实……": heading and first paragraph in one

    @property
    def printed(self) -> str:
        return (self.marker or "") + self.heading

    @property
    def anchor(self) -> str:
        return f"group-{self.number}"


@dataclass(frozen=True)
class SubProblem:
    """A sub-problem of an item ("(1)关于“××”的问题。……"), shown as a section of the item's page."""

    index: int
    marker: str | None
    heading: str
    problem: str | None
    measures: tuple[str, ...]
    # How it stands in the text's paragraphs (model/original.py): after what precedes it in the same
    # paragraph, and which of its measures begin a paragraph (1: its heading stands alone).
    continues_paragraph: bool = False
    measures_breaks: tuple[int, ...] = ()

    @property
    def anchor(self) -> str:
        return f"sub-{self.index}"

    @property
    def printed(self) -> str:
        return (self.marker or "") + self.heading


@dataclass(frozen=True)
class Item:
    disclosure_id: str
    number: int
    marker: str | None
    group: Group | None
    heading: str
    problem: str
    measures_label: str | None
    measures: tuple[str, ...]
    subproblems: tuple[SubProblem, ...]
    figures: tuple[Figure, ...]
    citations: tuple[Citation, ...]
    tags: tuple[str, ...]
    status: str | None
    status_text: str | None
    deadline: str | None
    responsible_units: tuple[str, ...]
    source_path: Path
    change_note: str | None = None  # 更新说明: the public note of the file's latest change
    loaded: LoadedFile | None = field(default=None, compare=False, repr=False)
    deadline_text: str | None = None  # the deadline as the text words it ("2025年6月底")
    # How the item stands in the text's paragraphs (model/original.py reassembles them):
    heading_shares_paragraph: bool = False  # "1.关于××的问题。市财政局已督促……"
    label_own_paragraph: bool = False  # "整改情况:" alone, the measures from the next paragraph
    measures_breaks: tuple[int, ...] = ()  # the measures (1-based) that begin a paragraph of their own
    status_paragraph: bool = False  # status_text is the item's last paragraph, not part of its measures
    cell_separator: str = ""  # a row of a table of problems: its cells joined by this (" " or a tab)

    @property
    def slug(self) -> str:
        return f"{self.number:02d}"

    @property
    def printed_marker(self) -> str:
        """The number as the text prints it: its own marker, or "7."."""
        return self.marker if self.marker is not None else f"{self.number}."

    @property
    def title(self) -> str:
        """How the item is named in navigation and lists: its number and its heading."""
        return f"{self.number}. {self.heading}"

    @property
    def text(self) -> str:
        """Everything the text says about what was done: the measures, then each sub-problem."""
        parts = list(self.measures)
        for sub in self.subproblems:
            parts += [sub.heading, *sub.measures]
        return "".join(parts)

    @property
    def full_text(self) -> str:
        """The heading and the text (and a status printed as a paragraph of its own): where the
        item's stated words (status, tags, deadline) must be found."""
        return self.heading + self.text + (self.status_text or "" if self.status_paragraph else "")


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    postcode: str | None = None
    address: str | None = None

    @property
    def given(self) -> bool:
        return any((self.phone, self.email, self.postcode, self.address))

    @property
    def email_uri(self) -> str | None:
        """mailto: link to the address (none for one that is not a plain address)."""
        return self.mailto()

    def mailto(self, subject: str | None = None) -> str | None:
        """A mailto: link to the address with a subject, built by the URL encoder: the address can
        carry no parameter of its own (?bcc=, &cc=) and the subject is one parameter, encoded."""
        if not self.email or not EMAIL_ADDRESS.fullmatch(self.email):
            return None
        query = "?" + urlencode({"subject": subject}, quote_via=quote) if subject else ""
        return "mailto:" + quote(self.email, safe="@") + query

    @property
    def phone_uri(self) -> str | None:
        """tel: link of the first number given (a text may list several, 、-separated)."""
        if not self.phone:
            return None
        first = re.split(r"[、,\uff0c/;\uff1b或]", self.phone)[0]
        # An area code in brackets is part of the number; a remark in brackets (工作日9:00—17:00) is not.
        first = _BRACKETED.sub(lambda m: m.group(0) if m.group(1).strip().isdigit() else "", first)
        digits = re.sub(r"[^0-9+]", "", first.translate(_FULL_WIDTH_DIGITS))
        return "tel:" + digits if digits else None

    @property
    def dial_number(self) -> str | None:
        """The number as a phone's dialler takes it (02785319490, not 027—85319490), when the text
        gives one number; None when it lists several (copying one of them would drop the others)."""
        uri = self.phone_uri
        if not uri or re.search(r"[、,\uff0c/;\uff1b或]", self.phone or ""):
            return None
        return uri.removeprefix("tel:")


# An address and nothing else: no space, no ? & % = # / (which a mailto: link would read as its
# own parameters: a hidden Bcc), no quotes or brackets. The schemas hold the same pattern.
_HAN = "\u4e00-\u9fff"  # a Chinese domain name (单位.中国)
EMAIL_ADDRESS = re.compile(rf"[A-Za-z0-9._+-]+@[A-Za-z0-9{_HAN}-]+(?:\.[A-Za-z0-9{_HAN}-]+)*\.(?:[A-Za-z]{{2,}}|[{_HAN}]{{2,}})")
_BRACKETED = re.compile(r"[(\uff08]([^)\uff09]*)[)\uff09]")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Part:
    """A part of the announcement ("一、巡察整改组织领导情况"); one of them holds the problems."""

    index: int
    marker: str | None
    heading: str | None
    paragraphs: tuple[str, ...]
    problems: bool

    @property
    def printed(self) -> str | None:
        return (self.marker or "") + self.heading if self.heading else self.marker

    @property
    def anchor(self) -> str:
        return f"part-{self.index}"


@dataclass(frozen=True)
class Inspection:
    kind: str | None = None
    team: str | None = None
    start: str | None = None
    end: str | None = None
    feedback: str | None = None


@dataclass(frozen=True)
class Summary:
    text: str
    problems: int
    completed: int | None = None
    in_progress: int | None = None
    not_completed: int | None = None
    rate: str | None = None
    all_completed: bool = False  # "已全部整改完成", no number of completed problems


@dataclass(frozen=True)
class Signature:
    name: str | None = None
    date: str | None = None
    on_one_line: bool = False


@dataclass(frozen=True)
class Disclosure:
    id: str
    title: str
    document_title: str | None
    body: str
    inspection: Inspection
    opening: tuple[str, ...]
    parts: tuple[Part, ...]
    groups: tuple[Group, ...]
    measures_label: str | None
    summary: Summary | None
    closing: tuple[str, ...]
    contact: Contact
    signature: Signature | None
    published: str | None
    source: str | None
    source_label: str | None
    items: tuple[Item, ...]  # in the text's order: by group, then by number
    folder: Path
    public_info: PublicInfo | None = None  # 政务公开 metadata (model/public_info.py)
    site_contact: Contact | None = None  # the site's own (data/site.yml), for a text that states no contact
    change_note: str | None = None  # 更新说明: the public note of the file's latest change
    loaded: LoadedFile | None = field(default=None, compare=False, repr=False)
    number_line: str | None = None  # the document number printed above the title
    document_title_lines: tuple[str, ...] = ()  # the title as printed over two or three lines
    after_signature: tuple[str, ...] = ()  # attachments, remarks printed after the signature
    verbatim_layout: bool = False  # the data records the text's paragraphs (model/original.py)

    @property
    def contact_from_site(self) -> bool:
        """The text states no contact: its pages show the site's, labelled as the site's."""
        return not self.contact.given and self.site_contact is not None

    @property
    def shown_contact(self) -> Contact:
        """The contact for public supervision its pages show: the text's own, else the site's."""
        return self.site_contact if self.contact_from_site else self.contact

    @property
    def source_path(self) -> Path:
        return self.folder / "disclosure.yml"

    @property
    def source_record(self) -> Path:
        """The text as first published, kept beside the data."""
        return self.folder / "source.txt"

    @property
    def full_title(self) -> str:
        """The body and the title, without saying the body twice (a title line often starts with it)."""
        return self.title if self.title.startswith(self.body) else f"{self.body}{self.title}"

    @property
    def name(self) -> str:
        """How pages name the disclosure above their heading: body · title, the body once."""
        return self.title if self.title.startswith(self.body) else f"{self.body} · {self.title}"

    @property
    def publisher(self) -> str:
        """Who the site names as the source: the 来源 line, else the body."""
        return self.source or self.body

    def sections(self) -> list[tuple[Group | None, list[Item]]]:
        """The items under their groups, in order; items without a group come first under None."""
        sections: list[tuple[Group | None, list[Item]]] = []
        for item in self.items:
            if not sections or sections[-1][0] != item.group:
                sections.append((item.group, []))
            sections[-1][1].append(item)
        return sections

    @property
    def paragraphs(self) -> list[str]:
        """Every paragraph of the disclosure's own text (not the items'): where its stated words must be found."""
        texts = [self.document_title or "", *self.opening, *self.closing]
        for part in self.parts:
            texts += [part.printed or "", *part.paragraphs]
        for group in self.groups:
            texts += [group.printed, *group.paragraphs]
        texts += self.after_signature
        return [t for t in texts if t]

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


# ---------------------------------------------------------------- building

def build_disclosure(disclosure_id: str, folder: Path, disclosure: LoadedFile, items: list[LoadedFile],
                     site_contact: Contact | None = None) -> Disclosure:
    """A disclosure from its schema-checked files (plain dicts) to objects."""
    d = disclosure.data
    groups = tuple(
        Group(n, g.get("marker"), g["heading"], tuple(g.get("paragraphs", ())), bool(g.get("heading_shares_paragraph")))
        for n, g in enumerate(d.get("groups", []), 1)
    )
    built = [_build_item(disclosure_id, loaded, groups, d.get("measures_label")) for loaded in items]
    built.sort(key=lambda item: (item.group.number if item.group else 0, item.number))
    summary = d.get("summary")
    signature = d.get("signature")
    return Disclosure(
        id=disclosure_id,
        title=d["title"],
        document_title=d.get("document_title"),
        body=d["body"],
        inspection=Inspection(**d.get("inspection", {})),
        opening=tuple(d["opening"]),
        parts=tuple(
            Part(n, p.get("marker"), p.get("heading"), tuple(p.get("paragraphs", ())), bool(p.get("problems")))
            for n, p in enumerate(d["parts"], 1)
        ),
        groups=groups,
        measures_label=d.get("measures_label"),
        summary=Summary(**summary) if summary else None,
        closing=tuple(d.get("closing", ())),
        contact=Contact(**d.get("contact", {})),
        signature=Signature(**signature) if signature else None,
        published=d.get("published"),
        source=d.get("source"),
        source_label=d.get("source_label"),
        items=tuple(built),
        folder=folder,
        loaded=disclosure,
        public_info=public_info_from(d),
        site_contact=site_contact,
        number_line=d.get("number_line"),
        document_title_lines=tuple(d.get("document_title_lines", ())),
        after_signature=tuple(d.get("after_signature", ())),
        verbatim_layout=bool(d.get("verbatim_layout")),
        change_note=d.get(CHANGE_NOTE),
    )


def _build_item(disclosure_id: str, loaded: LoadedFile, groups: tuple[Group, ...], label: str | None) -> Item:
    d = loaded.data
    group_number = d.get("group")
    return Item(
        disclosure_id=disclosure_id,
        number=d["number"],
        marker=d.get("marker"),
        group=groups[group_number - 1] if group_number and group_number <= len(groups) else None,
        heading=d["heading"],
        problem=d["problem"],
        measures_label=d.get("measures_label", label),
        measures=tuple(d.get("measures", ())),
        subproblems=tuple(
            SubProblem(n, s.get("marker"), s["heading"], s.get("problem"), tuple(s["measures"]),
                       bool(s.get("continues_paragraph")), tuple(s.get("measures_breaks", ())))
            for n, s in enumerate(d.get("subproblems", []), 1)
        ),
        figures=tuple(_build_figure(f) for f in d.get("figures", [])),
        citations=tuple(Citation(**c) for c in d.get("citations", [])),
        tags=tuple(d.get("tags", [])),
        status=d.get("status"),
        status_text=d.get("status_text"),
        deadline=d.get("deadline"),
        responsible_units=tuple(d.get("responsible_units", [])),
        source_path=loaded.path,
        change_note=d.get(CHANGE_NOTE),
        loaded=loaded,
        deadline_text=d.get("deadline_text"),
        heading_shares_paragraph=bool(d.get("heading_shares_paragraph")),
        label_own_paragraph=bool(d.get("label_own_paragraph")),
        measures_breaks=tuple(d.get("measures_breaks", ())),
        status_paragraph=bool(d.get("status_paragraph")),
        cell_separator=d.get("cell_separator", ""),
    )


def figure_value(value) -> str:
    """A figure's value as it is written in the text (YAML may have read it as a number)."""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _build_figure(f: dict) -> Figure:
    previous = f.get("previous") or {}
    return Figure(
        label=f["label"],
        value=figure_value(f["value"]),
        unit=f["unit"],
        clause=f["clause"],
        period=f.get("period"),
        previous_value=figure_value(previous["value"]) if previous else None,
        previous_period=previous.get("period"),
    )
