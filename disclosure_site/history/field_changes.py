"""What changed between two revisions of one data file, field by field, in words the public understands,
with the characters each text changed marked (char_diff.py): made once per revision when the history
is read, and only printed by the pages."""
from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Any

from disclosure_site.read.kinds import CHANGE_NOTE, load_schema
from disclosure_site.model.site import figure_value
from disclosure_site.history.char_diff import Pieces, marked_changes


@dataclass(frozen=True)
class FieldChange:
    field: str  # Chinese name of the field, e.g. 数据“支持资金”
    old: str | None  # None: added
    new: str | None  # None: removed
    # (old, new) as pieces with the changed characters marked, for a change of one text into another
    marks: tuple[Pieces, Pieces] | None = dataclasses.field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, field: str, old: str | None, new: str | None) -> "FieldChange":
        return cls(field, old, new, marked_changes(old, new) if old is not None and new is not None else None)


# A revision whose file did not parse (a YAML slip committed, a file that is not a mapping): what it
# changed cannot be listed, and the page says so in words (a change with neither old nor new text).
UNREADABLE = "这一版或上一版的数据文件有格式错误,读不出内容,无法逐项列出这次改了什么"


def diff_documents(old: Any, new: Any, kind: str) -> list[FieldChange]:
    """What changed between two revisions of one data file, in words the public understands."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [FieldChange(UNREADABLE, None, None)] if old != new else []
    titles = load_schema(kind)["properties"]
    changes: list[FieldChange] = []
    for key in list(new) + [k for k in old if k not in new]:
        before, after = old.get(key), new.get(key)
        if before == after or key == CHANGE_NOTE:  # the note says what changed; it is not itself a change
            continue
        title = titles.get(key, {}).get("title", key)
        if key == "figures":
            changes += _diff_keyed(before or [], after or [], "label", "数据", _figure_text,
                                   _item_fields(titles, key), same=lambda f: (str(f.get("value")), f.get("unit")))
        elif key == "citations":
            changes += _diff_keyed(before or [], after or [], "title", "引用文件", lambda c: f"《{c.get('title')}》",
                                   _item_fields(titles, key))
        elif isinstance(before, list) or isinstance(after, list):
            changes += _diff_list(title, before or [], after or [])
        elif isinstance(before, dict) or isinstance(after, dict):
            sub_titles = titles.get(key, {}).get("properties", {})
            for sub in list(after or {}) + [k for k in (before or {}) if k not in (after or {})]:
                b, a = (before or {}).get(sub), (after or {}).get(sub)
                if b != a:
                    changes.append(FieldChange.of(f"{title}的{sub_titles.get(sub, {}).get('title', sub)}", _text(b), _text(a)))
        else:
            changes.append(FieldChange.of(title, _text(before), _text(after)))
    return changes


def _diff_list(title: str, before: list, after: list) -> list[FieldChange]:
    changes = []
    matcher = difflib.SequenceMatcher(a=[_text(x) for x in before], b=[_text(x) for x in after], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = before[a1:a2], after[b1:b2]
        for offset in range(max(len(olds), len(news))):
            old = _text(olds[offset]) if offset < len(olds) else None
            new = _text(news[offset]) if offset < len(news) else None
            position = b1 + offset + 1 if new is not None else a1 + offset + 1
            changes.append(FieldChange.of(f"{title}第{position}条", old, new))
    return changes


def _diff_keyed(before: list, after: list, key: str, title: str, show, fields: dict, same=None) -> list[FieldChange]:
    """Entries of a list matched by `key` (a figure's label), else by `same` (its number): a
    renamed label is a change of that entry, not a removal and an addition. Where what `show`
    prints is unchanged, the changed sub-fields are named instead (数据“增幅”的原句: 新增 …)."""
    old = {str(x.get(key)): x for x in before if isinstance(x, dict)}
    new = {str(x.get(key)): x for x in after if isinstance(x, dict)}
    pairs = [(name, old.get(name), new.get(name)) for name in list(new) + [n for n in old if n not in new]]
    if same:  # pair a removed entry with an added one that holds the same number
        removed = {same(o): n for n, o, a in pairs if a is None}
        for index, (name, o, a) in enumerate(pairs):
            if o is None and same(a) in removed:
                gone = removed.pop(same(a))
                pairs[index] = (name, old[gone], a)
                pairs = [p for p in pairs if not (p[0] == gone and p[2] is None)]
    changes = []
    for name, o, a in pairs:
        if o == a:
            continue
        if o is None or a is None or show(o) != show(a):
            changes.append(FieldChange.of(f"{title}“{name}”", show(o) if o else None, show(a) if a else None))
            if o is None or a is None:
                continue
        for sub in list(a) + [k for k in o if k not in a]:
            if sub not in ("value", "unit") and o.get(sub) != a.get(sub):
                label = fields.get(sub, {}).get("title", sub)
                changes.append(FieldChange.of(f"{title}“{name}”的{label}", _text(o.get(sub)), _text(a.get(sub))))
    return changes


def _item_fields(properties: dict, key: str) -> dict:
    """The sub-fields of a list's entries, with their titles, from the schema."""
    return properties.get(key, {}).get("items", {}).get("properties", {})


def _figure_text(figure: dict) -> str:
    value = figure_value(figure.get("value")) + str(figure.get("unit", ""))
    previous = figure.get("previous")
    if isinstance(previous, dict) and "value" in previous:
        value = f"{figure_value(previous['value'])}{figure.get('unit', '')} → {value}"
    period = figure.get("period")
    return f"{value}({period})" if period else value


def _text(value: Any) -> str | None:
    """Any value of a data file as words a reader can follow: never a Python dict or list."""
    if value is None:
        return None
    if isinstance(value, list):
        return "、".join(_text(v) or "" for v in value)
    if isinstance(value, dict):
        # A part, a group or a sub-problem: its own words, in order (marker, heading, text).
        return " ".join(_text(v) or "" for v in value.values() if isinstance(v, (str, list, dict)))
    if value is True:
        return "是"
    return str(value)
