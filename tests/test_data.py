"""The loader and the 原文 reassembly on the fixture (a frozen copy of the first disclosure):
the model says exactly what the published text says. The live data/ is held to the same rules by
`make validate` alone (schema, rules across files, and the published record: disclosure_site/check/record.py)."""
import re

from conftest import DISCLOSURE_ID, FIXTURE_DATA, SOURCE_RECORD, squash

from disclosure_site.check.run import load_site
from disclosure_site.model.original import original_text


def _disclosure():
    return load_site(FIXTURE_DATA).disclosure(DISCLOSURE_ID)


def test_reassembled_text_equals_the_published_record():
    assert squash(original_text(_disclosure())) == squash(SOURCE_RECORD.read_text(encoding="utf-8"))


def test_reassembly_keeps_the_texts_own_line_order():
    lines = original_text(_disclosure()).splitlines()
    source = [line.strip() for line in SOURCE_RECORD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [squash(line) for line in lines] == [squash(line) for line in source]


def test_every_figure_and_change_appears_in_its_items_text():
    for item in _disclosure().items:
        for figure in item.figures:
            assert figure.value + figure.unit in item.text
            if figure.is_change:
                assert figure.previous_value + figure.unit in item.text


def test_every_cited_document_title_is_in_the_text():
    for item in _disclosure().items:
        cited_in_text = set(re.findall(r"《([^》]+)》", item.text))
        for citation in item.citations:
            assert {citation.title, citation.short_title} & cited_in_text
