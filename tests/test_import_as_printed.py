"""make import, round two: texts as other bodies print them, in-process and through the command.

The announcement's own boundaries (its title line … its signature) whatever sentences a CMS page
puts around it; attachments after the signature; a closing found by its place and its nature;
the published paragraphs kept in the data; problems numbered ①; every count the text states
checked, in the wordings of a table. The texts are written for these tests (tests/import_fixtures/
and below), in the styles bodies use; none is copied from a real announcement. Imported, validated,
built and read back: tests/test_import_published.py (its PUBLISHED table holds the fixtures too).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from test_import import assert_refused, read_import, run_import

from disclosure_site.check.record import check_records
from disclosure_site.check.rules import rate_problems
from disclosure_site.check.run import load_site
from disclosure_site.importer.__main__ import understood
from disclosure_site.importer.forms import CLAUSES, PHRASES, classify, phrase
from disclosure_site.importer.outline import parse
from disclosure_site.importer.read import Paragraph, read_source
from disclosure_site.importer.statements import SUMMARY_WORDS, read_counts
from disclosure_site.model.original import original_lines
from disclosure_site.model.site import Summary

FIXTURES = Path(__file__).parent / "import_fixtures"
SITE_FILE = "contact:\n  phone: 0755-1234-5678\n"


def _parse(tmp_path: Path, text: str, name: str = "text.txt"):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return parse(read_source(source)), read_source(source)


def _data(folder: Path, site_contact: bool = True) -> Path:
    data = folder / "data"
    data.mkdir(parents=True)
    if site_contact:
        (data / "site.yml").write_text(SITE_FILE, encoding="utf-8")
    return data


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


# -- 1. the announcement's own boundaries -----------------------------------------------------------
def test_sentences_a_cms_page_puts_around_the_text_leave_the_title_and_the_signature_in_place(tmp_path):
    parsed, source = _parse(tmp_path, (FIXTURES / "cms-sentences-around.txt").read_text(encoding="utf-8"))
    d = parsed.disclosure
    assert d["title"] == d["document_title"] == "中共青禾县文化和旅游局党组关于县委第四巡察组巡察反馈问题整改进展情况的通报"
    assert d["opening"] == [_lines("cms-sentences-around.txt")[11]]  # the opening is the text's first paragraph alone
    assert d["signature"] == {"name": "中共青禾县文化和旅游局党组", "date": "2025年4月2日"}
    assert d["closing"][0].startswith("欢迎广大干部群众") and len(d["closing"]) == 1
    # Everything outside the title … signature is left out, the lines of no known form named apart.
    kept = {p.text for p in source.paragraphs} - {p.text for p in parsed.left_out}
    assert parsed.record.splitlines() == [line for line in _lines("cms-sentences-around.txt") if line in kept]
    assert [p.text for p in parsed.unrecognised] == [
        "本站信息由青禾县融媒体中心负责维护，转载请注明出处。", "青禾县人民政府", "本页面由青禾县融媒体中心提供技术保障，页面内容如有疑问请与本站联系。"]


def test_without_a_title_line_a_sentence_among_the_furniture_does_not_bring_the_menus_into_the_opening(tmp_path):
    """No title line: the menus, breadcrumb and info line after a site's sentence are still the page's."""
    lines = _lines("cms-sentences-around.txt")
    title = lines[8]
    parsed, source = _parse(tmp_path, "\n".join(line for line in lines if line != title) + "\n")
    d = parsed.disclosure
    assert d["opening"] == [lines[11]]
    assert [p.text for p in parsed.left_out][:10] == lines[:8] + lines[9:11]
    assert [p.text for p in parsed.unrecognised][:2] == ["本站信息由青禾县融媒体中心负责维护，转载请注明出处。", "青禾县人民政府"]


def test_the_printout_lists_every_line_left_out_and_the_unknown_ones_in_full(tmp_path):
    data = _data(tmp_path)
    result = run_import(FIXTURES / "cms-sentences-around.txt", "cms", data, "--check")
    assert result.returncode == 0, result.stderr
    listing = result.stdout[result.stdout.index("未导入的网页内容"):]
    assert "第1–8行" in listing and "第10–11行" in listing and "第30–35行" in listing
    for line in _lines("cms-sentences-around.txt")[:8] + _lines("cms-sentences-around.txt")[29:]:
        assert line[:10] in listing, line  # every line, not the first four of a run
    unknown = listing[listing.index("不是已知的网页内容"):]
    assert "第5行:本站信息由青禾县融媒体中心负责维护，转载请注明出处。" in unknown
    assert "第32行:本页面由青禾县融媒体中心提供技术保障" in unknown


@pytest.mark.parametrize("title_lines", [
    ["中共某某县统计局党组", "关于县委第一轮巡察", "反馈意见整改情况的通报"],  # over three lines
    ["某某县统计局关于巡察整改情况的通报（第二批）"],  # a remark after 通报
    ["某某县统计局关于县委巡察反馈问题整改"],  # ending otherwise
])
@pytest.mark.parametrize("page", [True, False])
def test_the_title_line_is_found_in_the_ways_it_is_printed(tmp_path, title_lines, page):
    above = ["关怀版 无障碍", "某某县人民政府", "首页 > 政务公开"] if page else []
    text = above + title_lines + ["根据县委统一部署，县委第一巡察组对我局开展了巡察。现将整改情况通报如下。",
                                  "1.关于“统计台账不规范”的问题。重新建立统计台账。", "联系电话：0000-1234567。"]
    parsed, _ = _parse(tmp_path, "\n".join(text) + "\n")
    assert parsed.disclosure["title"] == "".join(title_lines)
    assert parsed.disclosure["opening"][0].startswith("根据县委统一部署")
    assert [p.text for p in parsed.unrecognised] == (["某某县人民政府"] if page else [])


@pytest.mark.parametrize("above, below", [
    ("今天是：2025年4月2日 星期三\n您好，欢迎访问青禾县人民政府门户网站！\n本网站已支持IPv6。", ""),
    ("本站由某某公司提供技术支持，欢迎批评指正。", ""),  # a sentence of no known form
    ("", "为确保最佳浏览效果，建议使用Chrome浏览器。"),
    ("", "本页面内容由县融媒体中心发布，转载请注明出处。"),  # no known form either
])
def test_one_sentence_above_or_below_the_text_never_turns_the_boundaries_off(tmp_path, above, below):
    body = "\n".join(["关怀版 无障碍", "首页 > 政务公开", "某某县统计局关于巡察整改情况的通报", "浏览次数：12",
                      "根据县委统一部署，县委第一巡察组对我局开展了巡察。现将整改情况通报如下。",
                      "一、巡察反馈问题整改情况", "1.关于“统计台账不规范”的问题。重新建立统计台账。",
                      "欢迎监督。联系电话：0000-1234567。", "某某县统计局", "2024年3月8日", "【打印本页】【关闭窗口】", "网站标识码：1234"])
    parsed, _ = _parse(tmp_path, "\n".join(t for t in (above, body, below) if t) + "\n")
    d = parsed.disclosure
    assert d["title"] == "某某县统计局关于巡察整改情况的通报"
    assert d["opening"] == ["根据县委统一部署，县委第一巡察组对我局开展了巡察。现将整改情况通报如下。"]
    assert d["signature"] == {"name": "某某县统计局", "date": "2024年3月8日"}
    assert d["closing"] == ["欢迎监督。联系电话：0000-1234567。"]
    left_out = [p.text for p in parsed.left_out]
    for line in (above + "\n" + below).split("\n"):
        assert not line or line in left_out
    assert parsed.items[0]["measures"] == ["重新建立统计台账。"]


def test_a_contact_after_the_signature_is_not_taken_for_the_texts_but_pointed_out(tmp_path):
    """A site's footer often gives the site's own address and phone: outside the announcement, a
    contact is never the text's, and the editor is told where it stands."""
    lines = _lines("attachments-no-contact.txt")
    lines.insert(lines.index("【打印本页】【关闭窗口】"), "地址：青禾市港口路1号  电话：0739-5999999")
    source = tmp_path / "footer.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = _data(tmp_path, site_contact=False)
    result = run_import(source, "port", data)
    assert_refused(result, data, [], "没有写监督联系方式")
    assert "写有联系方式,但它在公告之外" in result.stdout and "0739-5999999" in result.stdout


def test_the_same_cms_page_as_docx_gives_the_same_data(tmp_path):
    import docx

    document = docx.Document()
    for line in _lines("cms-sentences-around.txt"):
        document.add_paragraph(line)
    document.save(tmp_path / "page.docx")
    got = {}
    for name, source in (("txt", FIXTURES / "cms-sentences-around.txt"), ("docx", tmp_path / "page.docx")):
        result = run_import(source, "cms", tmp_path / name)
        assert result.returncode == 0, result.stderr
        folder = tmp_path / name / "cms"
        got[name] = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.*"))}
    assert got["docx"] == got["txt"]


def test_a_document_number_above_the_title_is_the_texts_and_a_red_head_above_it_is_listed(tmp_path):
    lines = _lines("layout-verbatim.txt")
    parsed, _ = _parse(tmp_path, "\n".join(["中共青禾县审计局党组文件"] + lines) + "\n")
    d = parsed.disclosure
    assert d["number_line"] == d["document_number"] == "青禾审〔2025〕7号"
    assert d["document_title"] == "中共青禾县审计局党组关于县委第二巡察组巡察反馈意见整改情况的通报"
    assert [p.text for p in parsed.unrecognised] == ["中共青禾县审计局党组文件"]
    assert parsed.record.splitlines()[0] == "青禾审〔2025〕7号"


# -- 2. attachments after the signature ------------------------------------------------------------
def test_attachments_after_the_signature_keep_it_read_and_stay_verbatim(tmp_path):
    data = _data(tmp_path)
    result = run_import(FIXTURES / "attachments-no-contact.txt", "port", data)
    assert result.returncode == 0, result.stderr
    d, items = read_import(data / "port")
    assert d["signature"] == {"name": "青禾港务集团有限公司", "date": "2025年3月18日"}
    assert d["after_signature"] == ["附件：", "1.内部审计发现问题整改台账", "2.整改佐证材料清单.pdf"]
    assert len(items) == 3  # the attachments numbered 1. and 2. are no problems
    assert "落款后:附件：" in result.stdout and "落款:青禾港务集团有限公司 2025年3月18日" in result.stdout
    site = load_site(data)
    assert original_lines(site.disclosures[0])[-3:] == d["after_signature"]


def test_without_a_contact_the_refusal_is_about_the_contact_not_the_signature(tmp_path):
    data = _data(tmp_path, site_contact=False)
    result = run_import(FIXTURES / "attachments-no-contact.txt", "port", data)
    assert_refused(result, data, [], "没有写监督联系方式", "data/site.yml")
    assert "没有序号的标题" not in result.stderr and "落款:青禾港务集团有限公司" in result.stdout


def test_attachments_before_the_signature_belong_to_the_closing(tmp_path):
    lines = _lines("attachments-no-contact.txt")
    at = lines.index("青禾港务集团有限公司")
    moved = lines[:at] + ["附件：", "1.内部审计发现问题整改台账"] + lines[at:at + 2] + lines[at + 5:]
    parsed, _ = _parse(tmp_path, "\n".join(moved) + "\n")
    d = parsed.disclosure
    assert d["parts"][1]["paragraphs"] == ["集团将进一步健全内部审计整改长效机制，防止同类问题再次发生。"]
    assert d["closing"] == ["附件：", "1.内部审计发现问题整改台账"]
    assert d["signature"] == {"name": "青禾港务集团有限公司", "date": "2025年3月18日"} and "after_signature" not in d


# -- 3. a closing by its place and its nature -------------------------------------------------------
def test_a_closing_after_the_last_problems_status_is_not_its_measures(tmp_path):
    parsed, source = _parse(tmp_path, (FIXTURES / "closing-without-invitation.txt").read_text(encoding="utf-8"))
    assert parsed.items[-1]["measures"] == [
        "学院对2023年以来的资助对象逐一复核，追回不符合条件的资助资金1.6万元，相关制度正在修订。整改状态：正在整改。"]
    assert parsed.disclosure["closing"][0].startswith("学院党委将把巡察整改作为长期任务")
    assert "结尾:2 段,从“学院党委将把巡察整改作为长期任务" in understood(parsed, source, None)


PROBLEMS_WITHOUT_STATUS = [
    "某某区民政局关于巡察整改情况的通报", "根据区委统一部署，区委第二巡察组对区民政局开展了巡察。现将整改情况通报如下。",
    "1.关于“低保审核不严”的问题", "对全区低保对象开展复核，清退不符合条件对象12户。",
    "2.关于“养老机构监管不到位”的问题", "开展养老机构安全检查，整改隐患16处。"]


@pytest.mark.parametrize("about_the_whole", [
    "下一步，局党组将持续巩固整改成果，推动整改常态长效。", "今后，局党组将把整改作为长期任务。",
    "局党组将以此次巡察整改为契机，建立健全长效机制。", "总之，局党组将持续抓好整改。",
    "此次巡察整改工作虽取得阶段性成效，但与区委要求相比仍有差距。",
])
def test_a_next_steps_paragraph_after_the_last_problem_is_the_closing(tmp_path, about_the_whole):
    text = PROBLEMS_WITHOUT_STATUS + [about_the_whole, "联系电话：0000-5555555。", "某某区民政局", "2024年9月1日"]
    parsed, source = _parse(tmp_path, "\n".join(text) + "\n")
    assert parsed.items[-1]["measures"] == ["开展养老机构安全检查，整改隐患16处。"]
    assert parsed.disclosure["closing"] == [about_the_whole, "联系电话：0000-5555555。"]


def test_where_every_problem_has_its_own_next_steps_the_last_ones_stay_its_own(tmp_path):
    text = PROBLEMS_WITHOUT_STATUS[:4] + ["下一步，将每季度开展一次复核。"] + PROBLEMS_WITHOUT_STATUS[4:] \
        + ["下一步，将开展养老机构星级评定。", "联系电话：0000-5555555。", "某某区民政局", "2024年9月1日"]
    parsed, source = _parse(tmp_path, "\n".join(text) + "\n")
    assert parsed.items[-1]["measures"] == ["开展养老机构安全检查，整改隐患16处。", "下一步，将开展养老机构星级评定。"]
    assert parsed.disclosure["closing"] == ["联系电话：0000-5555555。"]
    assert "结尾:1 段,从“联系电话：0000-5555555。”起" in understood(parsed, source, None)


def test_the_printout_always_says_what_the_closing_is(tmp_path):
    parsed, source = _parse(tmp_path, "\n".join(PROBLEMS_WITHOUT_STATUS + ["某某区民政局", "2024年9月1日"]) + "\n")
    assert "结尾:原文没有" in understood(parsed, source, {"phone": "0000-1"})


# -- 4. the published paragraphs, kept in the data ---------------------------------------------------
def test_the_layout_of_the_paragraphs_is_recorded_in_the_data(tmp_path):
    data = _data(tmp_path)
    assert run_import(FIXTURES / "layout-verbatim.txt", "audit", data).returncode == 0
    d, items = read_import(data / "audit")
    assert d["verbatim_layout"] is True
    assert d["groups"][0]["marker"] == "（ 一 ）" and d["groups"][1].get("heading_shares_paragraph") is True
    assert [item.get("marker") for item in items] == [None, "2. ", None, None]  # 1.关于 / 2. 关于, as printed
    assert items[0].get("heading_shares_paragraph") is True and "heading_shares_paragraph" not in items[1]
    # A status line of its own is the problem's, after its measures or its sub-problems.
    assert [item.get("status_paragraph") for item in items] == [True] * 4
    assert items[0]["measures"] == ["建立审计整改台账，实行对账销号。"]
    assert items[2]["subproblems"][-1]["measures"] == ["制定干部交流办法。"]
    assert items[2]["subproblems"][1].get("continues_paragraph") is True
    # ① numbers measures as 一是 does; the third begins a paragraph of its own.
    assert items[1]["measures"] == ["①修订审计报告审核规程；", "②开展审计报告质量评查。", "③组织审计业务培训2期。"]
    assert items[1]["measures_breaks"] == [3]
    assert items[3]["subproblems"][0]["measures_breaks"] == [1]  # its heading stands alone
    # Stated per problem: a deadline and a unit, verbatim.
    assert items[3]["deadline_text"] == "2025年6月底" and items[3]["responsible_units"] == ["县审计局人事教育股"]
    assert "deadline" not in items[3]
    record = (data / "audit" / "source.txt").read_text(encoding="utf-8")
    assert "\n".join(original_lines(load_site(data).disclosures[0])) + "\n" == record


def test_a_deadline_given_as_a_date_fills_the_date_too(tmp_path):
    lines = [line.replace("整改时限：2025年6月底", "整改时限：2025年6月30日") for line in _lines("layout-verbatim.txt")]
    parsed, _ = _parse(tmp_path, "\n".join(lines) + "\n")
    assert parsed.items[3]["deadline"] == "2025-06-30" and parsed.items[3]["deadline_text"] == "2025年6月30日"


def _committed_nothing(folder: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)


def test_the_record_check_compares_paragraphs_for_data_that_records_them(tmp_path):
    data = _data(tmp_path)
    assert run_import(FIXTURES / "layout-verbatim.txt", "audit", data).returncode == 0
    _committed_nothing(tmp_path)
    assert check_records(load_site(data))[0] == []
    path = data / "audit" / "items" / "01.yml"
    item = yaml.safe_load(path.read_text(encoding="utf-8"))
    del item["heading_shares_paragraph"]  # same words, one paragraph more
    path.write_text(yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [error] = check_records(load_site(data))[0]
    assert "段落不一致" in error.message and "关于“审计整改跟踪不到位”的问题。" in error.message


def test_data_from_before_the_layout_was_recorded_keeps_its_rendering_and_the_lenient_check(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", data)
    _committed_nothing(tmp_path)
    [wuhan] = load_site(data).disclosures
    assert not wuhan.verbatim_layout
    assert "1. 关于“组织学习不全面不及时”的问题" in original_lines(wuhan)  # "1. " as the original rendering had it
    assert check_records(load_site(data))[0] == []
    # What an older importer made of a text whose measures ran over two paragraphs (one paragraph
    # in the data, two in the record) is still held to the words only, not to the paragraphs.
    record = data / "wuhan-jingxin-2024" / "source.txt"
    text = record.read_text(encoding="utf-8")
    assert "。二是" in text
    record.write_text(text.replace("。二是", "。\n二是", 1), encoding="utf-8")
    assert check_records(load_site(data))[0] == []


def test_the_import_refuses_data_whose_paragraphs_would_not_read_back(tmp_path, monkeypatch):
    from disclosure_site.importer import write

    real = write.paragraphs_differ
    monkeypatch.setattr(write, "paragraphs_differ", lambda d, text: real(d, text.replace("\n整改状态：已完成。", "整改状态：已完成。", 1)))
    parsed = parse(read_source(FIXTURES / "layout-verbatim.txt"))
    data = _data(tmp_path)
    with pytest.raises(write.ImportRefused, match="拼不回原文的段落"):
        write.write_disclosure(parsed, parsed.record, data, "audit", False)
    assert not (data / "audit").exists()


# -- 5. problems numbered ① -------------------------------------------------------------------------
def test_a_category_read_as_a_problem_with_problems_under_it_is_refused_naming_them(tmp_path):
    text = ["某某县卫生健康局关于巡察整改情况的通报", "根据县委统一部署，县委第三巡察组对我局开展了巡察。现将整改情况通报如下。",
            "一、巡察反馈问题整改情况", "1.在执行财经纪律方面", "①关于“公务接待超标准”的问题。已追回超标准费用。",
            "②关于“差旅费报销不规范”的问题。已修订报销办法。", "2.在选人用人方面", "①关于“干部档案管理不规范”的问题。已补齐档案材料。",
            "欢迎监督。联系电话：0000-1234567。", "某某县卫生健康局", "2024年6月1日"]
    source = tmp_path / "circled.txt"
    source.write_text("\n".join(text) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    assert_refused(run_import(source, "circled", data), data, [], "第 4 行", "在执行财经纪律方面", "第 5 行“①关于“公务接待超标准”",
                   "第 6 行“②关于")


def test_problems_numbered_circled_under_groups_are_problems_not_measures(tmp_path):
    parsed, _ = _parse(tmp_path, (FIXTURES / "circled-problems.txt").read_text(encoding="utf-8"))
    assert [(i["number"], i.get("marker"), i.get("group")) for i in parsed.items] == [
        (1, "①", 1), (2, "②", 1), (3, "③", 2), (4, "④", 2)]
    assert [g["heading"] for g in parsed.disclosure["groups"]] == ["供水服务方面", "企业管理方面"]


@pytest.mark.parametrize("first, second", [("①", "②"), ("（1）", "（2）")])
def test_problems_numbered_deeper_under_top_level_groups_are_problems(tmp_path, first, second):
    """"一、供水服务方面" parts, each a group of "①关于……的问题" problems numbered afresh."""
    text = (FIXTURES / "circled-problems.txt").read_text(encoding="utf-8")
    text = text.replace("一、整改工作总体情况\n", "").replace("二、反馈问题整改情况\n", "")
    text = text.replace("（一）供水服务方面", "一、供水服务方面").replace("（二）企业管理方面", "二、企业管理方面")
    text = text.replace("①", first).replace("③", first).replace("②", second).replace("④", second)
    parsed, source = _parse(tmp_path, text)
    assert [(i["number"], i.get("marker"), i.get("group")) for i in parsed.items] == [
        (1, first, 1), (2, second, 1), (3, first, 2), (4, second, 2)]
    assert [(g["marker"], g["heading"]) for g in parsed.disclosure["groups"]] == [
        ("一、", "供水服务方面"), ("二、", "企业管理方面")]
    assert parsed.items[3]["heading"].startswith("关于“管网漏损率偏高”的问题") and parsed.items[3]["measures"][0].startswith("更换老旧管网")


# -- 6. every count, in the wordings of a table -----------------------------------------------------
def _count(sentence: str) -> dict:
    [count] = read_counts(["局党组高度重视整改工作。", sentence])
    return count


@pytest.mark.parametrize("verb", SUMMARY_WORDS["counted_by"])
def test_every_verb_of_the_table_counts_the_problems(verb):
    assert _count(f"共{verb}问题12个，已整改10个。")["problems"] == 12
    assert _count(f"巡察{verb}的12个问题，已整改10个。")["problems"] == 12


@pytest.mark.parametrize("noun", SUMMARY_WORDS["noun"])
@pytest.mark.parametrize("unit", SUMMARY_WORDS["unit"])
def test_every_noun_and_measure_word_of_the_table_is_read(noun, unit):
    assert _count(f"反馈{noun}12{unit}，已完成整改10{unit}。")[ "completed"] == 10


@pytest.mark.parametrize("key", ["completed", "in_progress", "not_completed"])
def test_every_status_word_of_the_table_counts_its_problems(key):
    for word in SUMMARY_WORDS[key]:
        assert _count(f"反馈问题12个，{word}7个。").get(key) == 7, word
        assert _count(f"反馈问题12个，其中7个问题{word}。").get(key) == 7, word


def test_all_done_and_rates_in_every_wording_of_the_table():
    for word in SUMMARY_WORDS["all_completed"]:
        assert _count(f"巡察反馈的12个问题，{word}。") == {"text": f"巡察反馈的12个问题，{word}", "problems": 12,
                                                           "all_completed": True}, word
    for word in SUMMARY_WORDS["rate"]:
        assert _count(f"反馈问题12个，已整改10个，{word}83.3%。")["rate"] == "83.3%", word


def test_the_reviewers_wordings_are_read_whole():
    assert _count("共梳理问题12个，已整改到位10个，整改率83.3%。") == {
        "text": "共梳理问题12个，已整改到位10个，整改率83.3%", "problems": 12, "completed": 10, "rate": "83.3%"}
    assert read_counts(["针对巡视反馈的3个方面9个问题，细化具体问题21个。截至目前，9个问题中已经完成整改的有7个，剩下2个仍在推进中。"]) == [
        {"text": "细化具体问题21个", "problems": 21},
        {"text": "9个问题中已经完成整改的有7个，剩下2个仍在推进", "problems": 9, "completed": 7, "in_progress": 2}]
    # A verb of the table is one entry: 查摆 (found in self-examination), 销号 (struck off the ledger).
    assert _count("共查摆问题12个，已销号10个，整改率83.3%。") == {
        "text": "共查摆问题12个，已销号10个，整改率83.3%", "problems": 12, "completed": 10, "rate": "83.3%"}


def _import_variant(tmp_path: Path, fixture: str, old: str, new: str):
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    assert old in text
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "variant.txt"
    source.write_text(text.replace(old, new), encoding="utf-8")
    data = _data(tmp_path)
    return run_import(source, "variant", data), data


def test_a_rate_is_checked_against_the_texts_own_numbers_with_its_rounding(tmp_path):
    result, data = _import_variant(tmp_path, "layout-verbatim.txt", "整改率75%", "整改率80%")
    assert_refused(result, data, ["site.yml"], "完成率“80%”", "4 个问题中已完成 3 个", "75.0%")
    result, _ = _import_variant(tmp_path / "rounded", "circled-problems.txt", "巡察反馈的2个方面4个问题，已完成整改3个，正在整改1个，整改完成率75%",
                                "巡察反馈的2个方面3个问题，已完成整改2个，正在整改1个，整改完成率66.7%")
    assert "原文统计有 3 个问题" in result.stderr and "完成率" not in result.stderr  # 2 of 3 is 66.7%: only the count is off


@pytest.mark.parametrize("problems, completed, rate, right", [
    (12, 10, "83.3%", True), (12, 10, "83%", True), (12, 10, "83.33%", True),   # rounded
    (12, 11, "91.6%", True), (1263, 1153, "91.29%", True),                       # cut off
    (12, 10, "84%", False), (12, 10, "83.4%", False), (12, 10, "91.7%", False),  # past its own figure
    (12, 12, "100%", True), (12, 11, "100%", False),
])
def test_a_rate_may_be_rounded_or_cut_off_but_not_rounded_up(problems, completed, rate, right):
    summary = Summary(text="", problems=problems, completed=completed, rate=rate)
    assert (rate_problems(summary) == []) is right


def test_all_done_is_refused_when_a_problem_states_otherwise(tmp_path):
    result, data = _import_variant(tmp_path, "circled-problems.txt", "已完成整改3个，正在整改1个，整改完成率75%", "已全部整改完成")
    assert_refused(result, data, ["site.yml"], "已全部整改完成", "04.yml", "正在整改")
    result, _ = _import_variant(tmp_path / "done", "circled-problems.txt", "整改状态：正在整改。", "整改状态：已完成。")
    assert result.returncode == 1  # the text's own 3 and 1 now disagree: the check is not loosened
    result, data = _import_variant(tmp_path / "all", "closing-without-invitation.txt",
                                   "现将整改进展情况予以公布。", "巡察反馈的3个问题已全部整改完成。现将整改进展情况予以公布。")
    assert_refused(result, data, ["site.yml"], "已全部整改完成", "03.yml")


def test_a_count_of_the_sub_problems_is_checked_besides_the_summary(tmp_path):
    text = ["中共某某省民政厅党组关于省委巡视整改进展情况的通报", "根据省委统一部署，省委第四巡视组对省民政厅党组开展了巡视。现将整改进展情况予以公布。",
            "一、整改工作总体情况", "针对巡视反馈的2个问题，细化具体问题5个。截至目前，2个问题中已完成整改的有1个，剩下1个仍在推进中。",
            "二、整改落实情况", "1.关于“社会救助不精准”的问题", "（1）关于“低保复核不及时”的问题。完成复核。",
            "（2）关于“临时救助审批慢”的问题。压缩审批时限。", "整改状态：已完成。", "2.关于“养老服务监管不力”的问题",
            "（1）关于“机构检查不全”的问题。开展全面检查。", "（2）关于“资金拨付滞后”的问题。拨付资金。", "整改状态：正在整改。",
            "欢迎监督。联系电话：0000-7777777。", "中共某某省民政厅党组", "2025年1月2日"]
    source = tmp_path / "finer.txt"
    source.write_text("\n".join(text) + "\n", encoding="utf-8")
    data = _data(tmp_path)
    result = run_import(source, "finer", data)
    assert_refused(result, data, ["site.yml"], "第 4 行的统计“细化具体问题5个”", "5 个具体问题", "共 4 个")
    source.write_text("\n".join(text).replace("细化具体问题5个", "细化具体问题4个") + "\n", encoding="utf-8")
    result = run_import(source, "finer", data)
    assert result.returncode == 0, result.stderr
    assert "另一处统计:“细化具体问题4个”(第 4 行;与逐项列出的问题核对)" in result.stdout
    disclosure, _ = read_import(data / "finer")
    assert disclosure["summary"]["text"] == "2个问题中已完成整改的有1个，剩下1个仍在推进"


def test_a_second_count_of_the_problems_listed_is_the_summary_when_the_first_is_of_another_scope(tmp_path):
    lines = _lines("npc-city-audit.txt")
    at = next(i for i, line in enumerate(lines) if "共反映6个问题" in line)
    lines[at] = lines[at].replace("共反映6个问题，已整改5个，整改率83.33%",
                                  "共反映120个问题，已整改90个，整改率75%。其中，本报告列示的重点问题6个，已完成整改5个，未完成1个")
    source = tmp_path / "npc.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = _data(tmp_path)
    result = run_import(source, "npc", data)
    assert result.returncode == 0, result.stderr
    disclosure, _ = read_import(data / "npc")
    assert disclosure["summary"] == {"text": "列示的重点问题6个，已完成整改5个，未完成1个", "problems": 6, "completed": 5,
                                     "not_completed": 1}
    assert "共反映120个问题" in result.stdout and "不是同一口径" in result.stdout
    # Its rate is still the text's own: 90 of 120 is not 80%.
    source.write_text("\n".join(lines).replace("整改率75%", "整改率80%") + "\n", encoding="utf-8")
    assert_refused(run_import(source, "npc2", data), data, sorted(p.relative_to(data).as_posix() for p in data.rglob("*")),
                   "“共反映120个问题，已整改90个，整改率80%”", "完成率")


# -- 8. the printout --------------------------------------------------------------------------------
def test_a_group_of_one_problem_is_printed_as_one(tmp_path):
    lines = _lines("circled-problems.txt")
    lines = [line.replace("③", "②").replace("④", "③") for line in lines if not line.startswith("②")]
    lines = [line.replace("2个方面4个问题，已完成整改3个，正在整改1个，整改完成率75%", "2个方面3个问题") for line in lines]
    parsed, source = _parse(tmp_path, "\n".join(lines) + "\n")
    shown = understood(parsed, source, None)
    assert "问题类别 （一）供水服务方面:问题 1(1 个)" in shown and "–1(" not in shown


# -- 9. the rows of the tables ----------------------------------------------------------------------
@pytest.mark.parametrize("row", PHRASES, ids=lambda r: f"{r.kind}-{r.name}")
def test_every_phrase_reads_its_own_example_as_itself(row):
    first = next(r for r in PHRASES if r.kind == row.kind and r.pattern.search(row.example))
    assert first is row and phrase(row.kind, row.example)


@pytest.mark.parametrize("clause", CLAUSES, ids=lambda c: c.name)
def test_every_clause_form_splits_measures(tmp_path, clause):
    text = ["某某县统计局关于巡察整改情况的通报", "根据县委统一部署，县委第一巡察组对我局开展了巡察。现将整改情况通报如下。",
            "1.关于“统计台账不规范”的问题", "整改情况：" + clause.example, "欢迎监督。联系电话：0000-1234567。", "某某县统计局", "2024年3月8日"]
    parsed, _ = _parse(tmp_path, "\n".join(text) + "\n")
    measures = parsed.items[0]["measures"]
    assert len(measures) == 2 and measures[0].startswith(clause.marker(1)) and measures[1].startswith(clause.marker(2))


def test_ordinary_sentences_of_an_announcement_are_no_furniture():
    for text in ("欢迎广大干部群众对巡察整改落实情况进行监督。", "局党组将持续巩固整改成果。", "首页设置整改专栏，公开整改进展。",
                 "附件材料已报县委巡察办备案。", "今天是整改工作的关键节点。", "建议使用统一的台账模板。"):
        assert classify(Paragraph(1, text)).kind == "text", text
