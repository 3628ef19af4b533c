"""What changed between two texts, character by character: a correction of one character shows as
that character, not as two whole paragraphs."""
from __future__ import annotations

import difflib

CONTEXT = 12  # characters kept on each side of a change; longer unchanged stretches are shortened to …


def marked_changes(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """What changed between two texts, character by character: (text, changed) pieces of the old and
    of the new text, so a correction of one character shows as that character, not as two paragraphs."""
    before: list[tuple[str, bool]] = []
    after: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
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
    return before, after
