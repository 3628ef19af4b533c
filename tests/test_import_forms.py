"""The table of printed forms (importer/forms.py), row by row, in-process: each row's example is
read back as that row, with its number, and a heading form heads the problems of a short text."""
from __future__ import annotations

import pytest

from importer.forms import FORMS, HEADING_LEVELS, classify
from importer.read import Paragraph


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
