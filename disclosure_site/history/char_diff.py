"""What changed between two texts, character by character: a correction of one character shows as
that character, not as two whole paragraphs.

Made once per change, when the history is read (history/revisions.py), and only printed by the
pages. Short texts are aligned character by character (difflib). Long ones in linear time where it
matters: the common beginning and end are set aside first (a correction touches a few characters of
a long paragraph), and only what is left in between is aligned, unless that is itself too long to
align cheaply (a paragraph rewritten), when it is shown as replaced as a whole.
"""
from __future__ import annotations

import difflib

CONTEXT = 12  # characters kept on each side of a change; longer unchanged stretches are shortened to …
ALIGN_AT_MOST = 10_000  # old x new characters aligned whole by difflib (two short sentences)
MIDDLE_AT_MOST = 250_000  # what is left of long texts, aligned by difflib up to this; beyond, replaced whole

Pieces = tuple[tuple[str, bool], ...]  # (text, changed)


def marked_changes(old: str, new: str) -> tuple[Pieces, Pieces]:
    """(text, changed) pieces of the old and of the new text."""
    before: list[tuple[str, bool]] = []
    after: list[tuple[str, bool]] = []
    opcodes = _opcodes(old, new)
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            same = old[a1:a2]
            if len(same) > 2 * CONTEXT + 1:
                head = same[:CONTEXT] if index > 0 else ""
                tail = same[-CONTEXT:] if index < len(opcodes) - 1 else ""
                same = head + "…" + tail
            before.append((same, False))
            after.append((same, False))
        else:
            if a2 > a1:
                before.append((old[a1:a2], True))
            if b2 > b1:
                after.append((new[b1:b2], True))
    return tuple(before), tuple(after)


def _opcodes(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for old -> new; for long texts, the unchanged beginning and end are found
    in linear time first and only the rest is aligned."""
    if len(old) * len(new) <= ALIGN_AT_MOST:
        return difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    start = 0
    shortest = min(len(old), len(new))
    while start < shortest and old[start] == new[start]:
        start += 1
    end = 0
    while end < shortest - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_end, new_end = len(old) - end, len(new) - end
    middle_old, middle_new = old[start:old_end], new[start:new_end]
    opcodes = [("equal", 0, start, 0, start)] if start else []
    if middle_old and middle_new and len(middle_old) * len(middle_new) <= MIDDLE_AT_MOST:
        matcher = difflib.SequenceMatcher(a=middle_old, b=middle_new, autojunk=False)
        opcodes += [(op, a1 + start, a2 + start, b1 + start, b2 + start) for op, a1, a2, b1, b2 in matcher.get_opcodes()]
    elif middle_old or middle_new:
        opcodes.append(("replace" if middle_old and middle_new else "delete" if middle_old else "insert",
                        start, old_end, start, new_end))
    if end:
        opcodes.append(("equal", old_end, len(old), new_end, len(new)))
    return opcodes
