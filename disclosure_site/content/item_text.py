"""An item's text as its page shows it: each sentence once.

The figures are read from sentences of the measures (each figure's `clause`). Rather than print those
sentences again under the figures, the sentence is marked where it stands in the measures and each
figure links to it; the amounts in it (value and unit, as the figures state them) are marked so that a
line never breaks inside one. Plain values only: the template (overrides/content/item.html) makes the HTML.
"""
from __future__ import annotations

from dataclasses import dataclass

from disclosure_site.model.site import Figure, Item


@dataclass(frozen=True)
class Segment:
    """A stretch of a measure: one of the figures' sentences (clause, its number) or the text between."""

    pieces: tuple[tuple[str, bool], ...]  # (text, is an amount)
    clause: int | None = None


@dataclass(frozen=True)
class FigureRow:
    figure: Figure
    clause: int | None  # the number of its sentence in the measures; None when it is not within one measure
    # The words the sentence prints right around the amount (约380亿元, 10%以上, 5972.4亿元(含软件)):
    # a card without them would state an estimate or a lower bound as an exact figure.
    printed_before: str = ""
    printed_after: str = ""


# Words that make an amount approximate or a bound, as sentences print them before and after it.
QUALIFIERS_BEFORE = ("超过", "不到", "不足", "接近", "将近", "大约", "约", "近", "超", "逾")
QUALIFIERS_AFTER = ("以上", "以下", "以内", "左右", "上下", "多", "余")
_BRACKETS = (("(", ")"), ("\uff08", "\uff09"))
_MAX_REMARK = 12  # a short remark in brackets right after the amount ((含软件)), not a whole clause


def printed_qualifiers(figure: Figure) -> tuple[str, str]:
    """What the figure's sentence prints right before and after its amount, from the tables above
    (and a short bracketed remark after it); ("", "") when the amount is not found or stands bare."""
    amount = figure.value + figure.unit
    at = _find_amount(figure.clause or "", amount)
    if at < 0:
        return "", ""
    text = figure.clause
    before = next((w for w in QUALIFIERS_BEFORE if text.endswith(w, 0, at)), "")
    end = at + len(amount)
    after = next((w for w in QUALIFIERS_AFTER if text.startswith(w, end)), "")
    end += len(after)
    for opening, closing in _BRACKETS:
        if text.startswith(opening, end):
            close = text.find(closing, end + 1)
            if 0 < close - end <= _MAX_REMARK:
                after += text[end : close + 1]
            break
    return before, after


def _find_amount(text: str, amount: str) -> int:
    at = text.find(amount)
    while at >= 0 and _inside_number(text, at, amount):
        at = text.find(amount, at + 1)
    return at


@dataclass(frozen=True)
class ItemText:
    measures: tuple[tuple[Segment, ...], ...]
    subproblems: tuple[tuple[tuple[Segment, ...], ...], ...]  # each sub-problem's measures, in order
    figures: tuple[FigureRow, ...]


def amounts_of(figure: Figure) -> list[str]:
    """How the figure's amounts are written in its sentence: value and unit (1262家), and the earlier one."""
    found = [figure.value + figure.unit]
    if figure.previous_value is not None:
        found.append(figure.previous_value + figure.unit)
    return found


def item_text(item: Item) -> ItemText:
    texts = list(item.measures) + [m for sub in item.subproblems for m in sub.measures]
    spans, clause_numbers = _mark_clauses(texts, list(dict.fromkeys(f.clause for f in item.figures)))
    amounts = sorted({a for f in item.figures for a in amounts_of(f) if a}, key=len, reverse=True)
    marked = [_segments(text, spans.get(index, []), amounts) for index, text in enumerate(texts)]
    measures, rest = marked[: len(item.measures)], marked[len(item.measures):]
    subproblems = []
    for sub in item.subproblems:
        subproblems.append(tuple(rest[: len(sub.measures)]))
        rest = rest[len(sub.measures):]
    rows = tuple(FigureRow(f, clause_numbers.get(f.clause), *printed_qualifiers(f)) for f in item.figures)
    return ItemText(tuple(measures), tuple(subproblems), rows)


def _mark_clauses(texts: list[str], clauses: list[str]) -> tuple[dict[int, list[tuple[int, int, int]]], dict[str, int]]:
    """Where each sentence first stands whole within one measure. Sentences that overlap (one figure's
    sentence inside another's) are marked as one stretch, so each character is marked once. Returns
    {measure index: [(start, end, number)]} in order, and {sentence: number}; a sentence found in no
    single measure has no number."""
    places: dict[str, tuple[int, int, int]] = {}
    for clause in clauses:
        for index, text in enumerate(texts):
            start = text.find(clause)
            if start >= 0:
                places[clause] = (index, start, start + len(clause))
                break
    stretches: list[list] = []  # [index, start, end, clauses], in reading order
    for clause, (index, start, end) in sorted(places.items(), key=lambda p: p[1]):
        last = stretches[-1] if stretches else None
        if last and last[0] == index and start < last[2]:
            last[2] = max(last[2], end)
            last[3].append(clause)
        else:
            stretches.append([index, start, end, [clause]])
    spans: dict[int, list[tuple[int, int, int]]] = {}
    numbers: dict[str, int] = {}
    for number, (index, start, end, held) in enumerate(stretches, 1):
        spans.setdefault(index, []).append((start, end, number))
        numbers.update(dict.fromkeys(held, number))
    return spans, numbers


def _segments(text: str, spans: list[tuple[int, int, int]], amounts: list[str]) -> tuple[Segment, ...]:
    segments, at = [], 0
    for start, end, number in spans:
        if start > at:
            segments.append(Segment(_pieces(text[at:start], amounts)))
        segments.append(Segment(_pieces(text[start:end], amounts), number))
        at = end
    if at < len(text) or not segments:
        segments.append(Segment(_pieces(text[at:], amounts)))
    return tuple(segments)


def _pieces(text: str, amounts: list[str]) -> tuple[tuple[str, bool], ...]:
    """The text cut around each amount (the longest first where they overlap, 12895万元 before 5万元)."""
    pieces, at, plain = [], 0, 0
    while at < len(text):
        found = next((a for a in amounts if text.startswith(a, at) and not _inside_number(text, at, a)), None)
        if found:
            if plain < at:
                pieces.append((text[plain:at], False))
            pieces.append((found, True))
            at = plain = at + len(found)
        else:
            at += 1
    if plain < len(text):
        pieces.append((text[plain:], False))
    return tuple(pieces)


def _inside_number(text: str, at: int, amount: str) -> bool:
    """An amount that starts within a longer number (5万元 in 12895万元) is not that amount."""
    return amount[:1].isdigit() and at > 0 and (text[at - 1].isdigit() or text[at - 1] == ".")
