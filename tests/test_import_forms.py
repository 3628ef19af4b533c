"""The table of printed forms (importer/forms.py), row by row, in-process: each row's example is
read back as that row, with its number; each heading form heads the problems of a short text with
their measures in the same paragraph; each furniture form is left out above and below a text."""
from __future__ import annotations

import re

import pytest

from disclosure_site.importer.forms import FORMS, FURNITURE, HEADING_LEVELS, HEADINGS, INDEX, classify
from disclosure_site.importer.outline import parse
from disclosure_site.importer.read import Paragraph, read_source


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f"{f.kind}-{f.name}")
def test_every_form_reads_its_own_example_as_itself(form):
    line = classify(Paragraph(1, form.example))
    assert line.form is form, (form.name, line.kind, line.form and line.form.name)
    assert line.kind == form.kind
    if form.kind in HEADING_LEVELS:
        # Every heading example is numbered 2 (二, (二), 2., 问题二, (2)): the numeral reader reads it.
        assert line.number == 2
        assert line.marker and form.example.replace(" ", "").startswith(line.marker)
        assert line.content and line.content in form.example


def test_a_line_of_no_form_is_text():
    for text in ("根据县委统一部署,县委第二巡察组对我局开展了巡察。", "一是修订制度。", "2024年度工作总结"):
        assert classify(Paragraph(1, text)).kind == "text", text


def _marker(form, n: int) -> str:
    """The form's marker for number n, as its example prints it."""
    match = form.pattern.match(form.example)
    return match.group(1).replace(match.group(2), form.numeral_of(n), 1)


def _parse(tmp_path, lines: list[str]):
    source = tmp_path / "text.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return parse(read_source(source))


OPENING = ["某某县统计局关于巡察整改情况的通报", "根据县委统一部署，县委第一巡察组对我局开展了巡察。现将整改情况通报如下。"]
CLOSING = ["欢迎监督。联系电话：0000-1234567。", "某某县统计局", "2024年3月8日"]


@pytest.mark.parametrize("form", [f for f in HEADINGS if f.kind != "sub"], ids=lambda f: f.name)
def test_every_heading_form_heads_problems_with_their_measures_in_the_same_paragraph(tmp_path, form):
    part = [] if form.kind == "part" else ["一、巡察反馈问题整改情况"]
    problems = [f"{_marker(form, 1)}关于“统计台账不规范”的问题。重新建立统计台账。",
                f"{_marker(form, 2)}关于“执法检查偏少”的问题。整改情况：开展检查12次。"]
    parsed = _parse(tmp_path, OPENING + part + problems + CLOSING)
    items = parsed.items
    assert [i["heading"] for i in items] == ["关于“统计台账不规范”的问题。", "关于“执法检查偏少”的问题。"]
    assert [i["problem"] for i in items] == ["统计台账不规范", "执法检查偏少"]
    assert [i["measures"] for i in items] == [["重新建立统计台账。"], ["开展检查12次。"]]
    printed = [re.sub(r"\s+", "", _marker(form, n)) for n in (1, 2)]
    assert [i.get("marker") for i in items] == [m if m != f"{n}." else None for n, m in zip((1, 2), printed)]
    assert parsed.disclosure["closing"] == CLOSING[:1]


@pytest.mark.parametrize("form", FURNITURE + INDEX, ids=lambda f: f.name)
@pytest.mark.parametrize("where", ["above", "below"])
def test_every_furniture_form_is_left_out_above_and_below_the_text_and_listed(tmp_path, form, where):
    body = OPENING + ["一、巡察反馈问题整改情况", "1.关于“统计台账不规范”的问题。重新建立统计台账。"] + CLOSING
    lines = [form.example] + body if where == "above" else body + [form.example]
    parsed = _parse(tmp_path, lines)
    assert [p.text for p in parsed.left_out] == [form.example]
    assert parsed.disclosure["title"] == OPENING[0]
    assert parsed.disclosure["signature"] == {"name": "某某县统计局", "date": "2024年3月8日"}
    assert form.example not in parsed.record
