"""The data in data/ is valid and says exactly what the published text says."""
import re

from conftest import DISCLOSURE_ID, SOURCE_RECORD, squash

from macros.model import load_site
from macros.render import original_text
from macros.validate import check_data


def test_the_data_validates():
    checked = check_data()
    assert [d.id for d in checked] == [DISCLOSURE_ID]
    assert len(checked[0].items) == 25


def test_reassembled_text_equals_the_published_record():
    disclosure = load_site().disclosure(DISCLOSURE_ID)
    assert squash(original_text(disclosure)) == squash(SOURCE_RECORD.read_text(encoding="utf-8"))


def test_items_are_numbered_one_to_25_in_order():
    items = load_site().disclosure(DISCLOSURE_ID).items
    assert [item.number for item in items] == list(range(1, 26))


def test_unstated_ledger_fields_stay_empty():
    # The source states no status, deadline or responsible unit for any item.
    for item in load_site().disclosure(DISCLOSURE_ID).items:
        assert item.status is None and item.deadline is None and item.responsible_units == ()


def test_every_figure_and_change_appears_in_its_items_text():
    for item in load_site().disclosure(DISCLOSURE_ID).items:
        for figure in item.figures:
            assert figure.value + figure.unit in item.text
            if figure.is_change:
                assert figure.previous_value + figure.unit in item.text


def test_the_changes_the_text_states_are_recorded_as_pairs():
    site = load_site()
    pairs = {
        (f.previous_value, f.value, f.unit)
        for n in (2, 6)
        for f in site.item(DISCLOSURE_ID, n).figures
        if f.is_change
    }
    assert pairs == {("4", "4.2", "%"), ("530", "1262", "家"), ("300", "817", "家"), ("179", "675", "家")}


def test_every_cited_document_title_is_in_the_text():
    for item in load_site().disclosure(DISCLOSURE_ID).items:
        cited_in_text = set(re.findall(r"《([^》]+)》", item.text))
        for citation in item.citations:
            assert {citation.title, citation.short_title} & cited_in_text
