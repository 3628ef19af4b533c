"""The 原文 reassembly keeps the text's own lines. (That the reassembled text equals the published
record, and that every figure and citation is in its item's text, the build itself refuses to let
pass: check/record.py and check/rules.py, on every build of the fixture.)"""
from conftest import DISCLOSURE_ID, FIXTURE_DATA, SOURCE_RECORD, squash

from disclosure_site.check.run import load_site
from disclosure_site.model.original import original_text


def test_reassembly_keeps_the_texts_own_line_order():
    lines = original_text(load_site(FIXTURE_DATA).disclosure(DISCLOSURE_ID)).splitlines()
    source = [line.strip() for line in SOURCE_RECORD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [squash(line) for line in lines] == [squash(line) for line in source]
