"""make import, round three: what editors of other bodies found wrong, each as its general rule.

Problems numbered across "一、关于××的问题" parts; counts whose scope runs on into the next
sentence, all of them checked; the audit body never a verb phrase; statuses in other labels and
words; a problem's finding before its measures label; units as groups; a Word table of problems;
the title and the date of a report to the people's congress. The texts are written for these
tests, in the styles bodies use (tests/import_fixtures/ and below); none is copied from a real
announcement. The same fixtures are imported, built and read back in tests/test_import_published.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_import import assert_refused, read_import, run_import

from disclosure_site.importer.errors import ImportRefused
from disclosure_site.importer.forms import STATUS_LABEL_ROWS, STATUS_WORD_ROWS, TABLE_COLUMNS, table_column
from disclosure_site.importer.outline import parse
from disclosure_site.importer.read import read_source
from disclosure_site.importer.statements import read_counts, read_inspection, read_status, status_of

FIXTURES = Path(__file__).parent / "import_fixtures"
SITE_FILE = "contact:\n  phone: 0755-1234-5678\n"


def _parsed(tmp_path: Path, text: str, name: str = "text.txt"):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return parse(read_source(source))


def _fixture(name: str):
    return parse(read_source(FIXTURES / name))


def _data(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir(parents=True)
    (data / "site.yml").write_text(SITE_FILE, encoding="utf-8")
    return data


# -- 1. "1." problems numbered across "一、关于××的问题" parts ---------------------------------------
def test_problems_numbered_across_about_parts_are_the_problems_each_with_its_own_deadline(tmp_path):
    parsed = _fixture("about-parts-numbered-across.txt")
    items = parsed.items
    assert [i["number"] for i in items] == [1, 2, 3, 4]
    assert [i.get("group") for i in items] == [1, 1, 2, 2]
    assert [g["heading"] for g in parsed.disclosure["groups"]] == ["关于履行森林资源保护责任的问题", "关于落实党风廉政建设的问题"]
    # A deadline or unit belongs only to the problem under which it is printed.
    assert [i.get("deadline_text") for i in items] == ["2025年8月底", None, None, "长期坚持"]
    assert [i.get("responsible_units") for i in items] == [["资源保护股"], None, None, None]
    # The sub-problems are problem 2's, not the part's.
    assert [len(i.get("subproblems", [])) for i in items] == [0, 2, 0, 0]
    assert items[0]["measures"][0].startswith("已修订林长巡林制度")


def test_numbered_measures_under_an_about_part_stay_its_measures(tmp_path):
    """Numbering that restarts under each "一、关于××的问题" with what was done: one problem per part."""
    parsed = _parsed(tmp_path, "某某县统计局关于县委巡察反馈问题整改情况的通报\n"
                               "县委第一巡察组对我局开展了巡察。现将整改情况通报如下。\n"
                               "一、关于统计数据审核不严的问题\n1.修订数据审核规程。\n2.开展数据质量抽查2次。\n"
                               "二、关于统计执法检查偏少的问题\n1.制定年度执法检查计划。\n2.完成执法检查12家。\n"
                               "联系电话：0000-1234567。\n某某县统计局\n2025年3月1日\n")
    assert [(i["problem"], i["measures"]) for i in parsed.items] == [
        ("统计数据审核不严", ["1.修订数据审核规程。", "2.开展数据质量抽查2次。"]),
        ("统计执法检查偏少", ["1.制定年度执法检查计划。", "2.完成执法检查12家。"])]


# -- 2. counts across the summary's sentences, all checked -------------------------------------------
def test_a_counts_scope_runs_on_into_the_following_sentences():
    text = "共梳理具体问题4个，制定整改措施19条。截至2025年9月30日，已整改到位4个，正在整改1个，整改完成率80.0%。"
    assert read_counts([text]) == [{"text": text.rstrip("。"), "problems": 4, "completed": 4, "in_progress": 1, "rate": "80.0%"}]
    # Counts of other things in a later sentence are not counts of the problems.
    assert read_counts(["反馈问题12个。已完成整改措施30条，已整改10个。"])[0]["completed"] == 10
    assert "completed" not in read_counts(["反馈问题12个。已完成整改措施30条。"])[0]


def test_counts_that_contradict_themselves_or_the_statuses_are_refused(tmp_path):
    text = (FIXTURES / "counts-across-sentences.txt").read_text(encoding="utf-8")
    source = tmp_path / "wrong.txt"
    source.write_text(text.replace("已整改到位2个", "已整改到位3个"), encoding="utf-8")
    data = _data(tmp_path)
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*"))
    result = run_import(source, "wrong", data)
    assert_refused(result, data, before, "合计 4 个", "自相矛盾", "已完成的是 2 项", "整改完成率")


def test_the_page_never_says_the_counts_agree_when_they_state_no_status(tmp_path):
    from disclosure_site.check.run import load_site
    from disclosure_site.content.page_content import _summary_agrees

    text = (FIXTURES / "counts-across-sentences.txt").read_text(encoding="utf-8")
    source = tmp_path / "total-only.txt"
    source.write_text(text.replace("截至2025年8月31日，已整改到位2个，正在整改1个，整改完成率66.7%。", ""), encoding="utf-8")
    data = _data(tmp_path)
    for name, path in (("total-only", source), ("all-counts", FIXTURES / "counts-across-sentences.txt")):
        result = run_import(path, name, data)
        assert result.returncode == 0, result.stderr
    site = load_site(data)
    assert _summary_agrees(site.disclosure("total-only")) is None
    assert _summary_agrees(site.disclosure("all-counts")) is True


# -- 3. the team: a named 巡察组/巡视组/审计组, else the audit body, never a verb phrase ------------------
@pytest.mark.parametrize("sentence, team", [
    ("根据《中华人民共和国审计法》有关规定，现将县审计局2024年度审计发现问题的整改情况公告如下。", "县审计局"),
    ("按照有关规定，现将青禾市审计局审计查出问题的整改情况予以公告。", "青禾市审计局"),
    ("根据市审计局工作安排，市审计局第二审计组对我公司开展了审计。", "市审计局第二审计组"),
    ("根据《中华人民共和国审计法》有关规定，现将我单位审计整改情况公告如下。", None),
])
def test_a_team_is_a_named_team_or_the_audit_body_never_the_words_before_it(sentence, team):
    inspection = read_inspection([sentence], None, [])
    assert inspection["kind"] == "审计"
    assert inspection.get("team") == team


# -- 4. statuses in other labels and words -----------------------------------------------------------
@pytest.mark.parametrize("words, status", [
    ("整改结果：已整改。", "已完成"), ("整改结果：正在整改。", "正在整改"), ("完成情况：已整改到位。", "已完成"),
    ("整改结果：已办结。", "已完成"), ("进展情况：持续推进。", "持续整改"), ("整改进度：基本完成。", "基本完成"),
    ("（已整改到位）", "已完成"),
])
def test_status_labels_and_words_are_read_verbatim(words, status):
    assert read_status(["关于“××”的问题", "已修订制度。", words]) == (status, words)


def test_a_label_followed_by_no_status_states_none():
    assert read_status(["关于“××”的问题", "完成情况：已完成对全体干部的轮训计划编制。"]) is None


def test_statuses_of_the_fixture_are_kept_as_printed():
    items = _fixture("status-wordings.txt").items
    assert [(i.get("status"), i.get("status_text")) for i in items] == [
        ("已完成", "整改结果：已整改。"), ("已完成", "完成情况：已整改到位。"), ("已完成", "整改结果：已办结。"),
        ("正在整改", "整改结果：正在整改。"), (None, None)]
    assert all(i.get("status_paragraph") for i in items[:4])


# -- 5. the problem's finding before its measures label ----------------------------------------------
def test_the_finding_before_the_measures_label_is_the_problems_and_the_label_is_the_label():
    parsed = _fixture("finding-before-label.txt")
    first, second, third = parsed.items
    assert first["heading"] == "采购管理不规范。部分物资采购未履行比选程序，涉及金额1260万元。"
    assert first["measures"] == ["①修订《物资采购管理办法》，明确比选范围和程序；", "②对涉及的采购事项逐项复核并补充备案。"]
    assert "heading_shares_paragraph" not in first
    # The finding and the label in one paragraph.
    assert second["heading"] == "工程结算审核不严。两个项目结算金额高于合同约定。"
    assert second["measures"] == ["已追回多结算工程款86万元，并对审核人员进行了批评教育。"]
    assert second["heading_shares_paragraph"] is True
    assert third["heading"] == "内部审计整改跟踪不及时。"
    assert parsed.disclosure["measures_label"] == "整改措施："
    assert not any(m.startswith("整改措施") for i in parsed.items for m in i["measures"])


def test_the_finding_fixture_imports_and_reproduces_its_paragraphs(tmp_path):
    data = _data(tmp_path)
    result = run_import(FIXTURES / "finding-before-label.txt", "finding", data)
    assert result.returncode == 0, result.stderr
    _, items = read_import(data / "finding")
    record = (data / "finding" / "source.txt").read_text(encoding="utf-8")
    assert "问题一：采购管理不规范。部分物资采购未履行比选程序，涉及金额1260万元。" in record.splitlines()
    assert len(items) == 3


# -- 6. a 巡察办's report grouped by the inspected bodies ----------------------------------------------
def test_a_report_grouped_by_inspected_body_imports_its_bodies_as_groups():
    parsed = _fixture("groups-by-unit-gbk.txt")
    assert [g["heading"] for g in parsed.disclosure["groups"]] == ["县交通运输局党组", "县市场监督管理局党组"]
    assert [(i["number"], i.get("group"), i.get("marker")) for i in parsed.items] == [(1, 1, "1．"), (2, 1, "2．"), (3, 2, "1．")]


def test_two_parts_with_numbered_lines_that_are_no_groups_are_refused_saying_what_to_do(tmp_path):
    with pytest.raises(ImportRefused) as refused:
        _parsed(tmp_path, "某某县统计局关于巡察整改情况的通报\n县委第一巡察组对我局开展了巡察。现将整改情况通报如下。\n"
                          "一、整改工作开展情况\n1.成立整改工作领导小组。\n2.制定整改方案。\n"
                          "二、存在的不足\n1.整改进度不平衡。\n2.长效机制有待健全。\n联系电话：0000-1234567。\n")
    message = str(refused.value)
    assert "无法判断哪一部分是问题清单" in message and "被巡察单位的名称" in message


# -- 8. the title: the text's own title line; the index table's name kept beside it --------------------
def test_the_texts_own_title_line_is_the_title_and_the_index_tables_name_is_kept(tmp_path):
    text = (FIXTURES / "cms-district-xuncha.txt").read_text(encoding="utf-8")
    title = "中共青石区农业农村局党组关于区委第二轮巡察反馈意见整改进展情况的通报"
    table_line = f"文件名称：\n{title}\n"
    assert table_line in text
    parsed = _parsed(tmp_path, text.replace(table_line, "文件名称：\n区农业农村局巡察整改进展情况\n"))
    assert parsed.disclosure["title"] == parsed.disclosure["document_title"] == title
    assert parsed.disclosure["index_title"] == "区农业农村局巡察整改进展情况"
    # The same name in both: nothing more to keep.
    assert "index_title" not in _fixture("cms-district-xuncha.txt").disclosure


# -- 9. no title line; a report's speech line dates it ------------------------------------------------
def test_a_text_without_a_title_line_says_that_title_can_give_it(tmp_path):
    data = _data(tmp_path)
    source = tmp_path / "untitled.txt"
    source.write_text("县委第一巡察组于2025年4月对县档案馆党支部开展了巡察。现将整改进展情况公布如下。\n"
                      "1.关于“档案数字化进度滞后”的问题\n整改情况：完成馆藏档案数字化12万卷。\n"
                      "联系电话：0000-7771234。\n中共某某县档案馆支部委员会\n2025年8月8日\n", encoding="utf-8")
    result = run_import(source, "untitled", data, "--check")
    assert result.returncode == 0, result.stderr
    assert "标题:整改进展情况" in result.stdout and "TITLE=" in result.stdout
    titled = run_import(source, "untitled", data, "--check", "--title", "档案馆巡察整改进展情况")
    assert "TITLE=" not in titled.stdout


def test_a_reports_speech_line_is_its_date_when_it_states_no_other(tmp_path):
    report = ("关于2024年度市级预算执行审计查出问题整改情况的报告\n"
              "——2025年12月23日在青禾市第十七届人民代表大会常务委员会第二十次会议上\n青禾市审计局局长 王某某\n"
              "主任、各位副主任、各位委员：\n我受市人民政府委托，报告审计查出问题的整改情况，请予审议。\n"
              "一、审计查出问题的具体整改情况\n1.关于部分专项资金拨付滞后的问题。市财政局已拨付资金1200万元。\n"
              "2.关于部分项目未按期完工的问题。已督促项目单位加快施工进度。\n"
              "二、下一步工作\n市人民政府将持续跟踪督促整改。\n")
    assert _parsed(tmp_path, report).disclosure["published"] == "2025-12-23"
    # A signature's date, where there is one, is the date.
    signed = report + "青禾市人民政府\n2025年12月30日\n"
    assert _parsed(tmp_path, signed, "signed.txt").disclosure["published"] == "2025-12-30"


# -- 7. a Word table of problems ----------------------------------------------------------------------
def _word_table(lines: list[str], path: Path) -> Path:
    """The text as a .docx whose tab-separated lines are a real Word table."""
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush():
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows.clear()

    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(str(path))
    return path


def test_a_table_of_problems_imports_one_problem_a_row_from_text_and_from_word(tmp_path):
    lines = (FIXTURES / "word-table-tabs.txt").read_text(encoding="utf-8").splitlines()
    results = []
    for name, path in (("tabs", FIXTURES / "word-table-tabs.txt"), ("word", _word_table(lines, tmp_path / "table.docx"))):
        data = _data(tmp_path / name)
        result = run_import(path, name, data)
        assert result.returncode == 0, result.stderr
        assert "问题取自原文的表格" in result.stdout
        results.append(read_import(data / name))
    (disclosure, items), (word_disclosure, word_items) = results
    # The same data; only the row's separator is as each file has it (the 原文 page shows the row so).
    assert {i.pop("cell_separator") for i in items} == {"\t"} and {i.pop("cell_separator") for i in word_items} == {" "}
    assert items == word_items
    assert [(i["number"], i["problem"], i.get("status"), i.get("responsible_units")) for i in items] == [
        (1, "部分管网改造项目未按期完工", "正在整改", ["工程管理部"]), (2, "水费减免审批手续不全", "已完成", ["营销服务部"]),
        (3, "闲置资产未及时处置", "已完成", ["资产管理部"])]
    assert items[1]["measures"][0] == "已补齐减免审批手续46份，修订水费减免办法"
    assert disclosure["parts"][0]["paragraphs"] == ["序号\t审计发现问题\t整改措施\t整改情况\t责任单位"]


def test_a_table_whose_header_names_no_problem_column_is_refused_as_before(tmp_path):
    text = (FIXTURES / "word-table-tabs.txt").read_text(encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        _parsed(tmp_path, text.replace("审计发现问题\t", "事项\t"))
    assert "没有找到编号的问题" in str(refused.value)
    assert "第 4 行起是表格" in str(refused.value) and "表头须有问题一列和整改措施一列" in str(refused.value)


def test_a_row_that_is_not_of_the_table_is_refused_naming_it(tmp_path):
    text = (FIXTURES / "word-table-tabs.txt").read_text(encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        _parsed(tmp_path, text.replace("二、下一步工作\n", "注：表中金额单位为万元。\n二、下一步工作\n"))
    assert "第 8 行" in str(refused.value) and "问题表格的一行" in str(refused.value)


# -- the rows of the tables, each read back as its own row -------------------------------------------
@pytest.mark.parametrize("kind, example", [(kind, example) for kind, _, example in TABLE_COLUMNS])
def test_each_table_column_row_reads_its_example(kind, example):
    assert table_column(example) == kind


@pytest.mark.parametrize("label", STATUS_LABEL_ROWS)
@pytest.mark.parametrize("words", STATUS_WORD_ROWS)
def test_every_status_label_with_every_status_word_is_a_status_kept_verbatim(label, words):
    stated = f"{label}：{words}。"
    assert read_status(["关于“××”的问题", "已修订制度。", stated]) == (status_of(words), stated)


def test_a_table_without_a_column_of_numbers_reproduces_its_rows(tmp_path):
    text = (FIXTURES / "word-table-tabs.txt").read_text(encoding="utf-8")
    lines = [line.partition("\t")[2] if "\t" in line else line for line in text.splitlines()]
    source = tmp_path / "no-numbers.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = _data(tmp_path)
    result = run_import(source, "no-numbers", data)
    assert result.returncode == 0, result.stderr
    _, items = read_import(data / "no-numbers")
    assert [("marker" in i, i["problem"]) for i in items] == [
        (False, "部分管网改造项目未按期完工"), (False, "水费减免审批手续不全"), (False, "闲置资产未及时处置")]
