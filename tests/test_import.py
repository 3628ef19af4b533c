"""make import: published texts of every shape go in; data that validates and a site that shows them come out.

The fixtures in tests/import_fixtures/ are paraphrased shapes written for these tests (no real
announcement), except wuhan-source.txt and wuhan-expected/: the seed's published text and its
hand-made data, kept here as the record the importer must reproduce.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_site, copy_project, squash

from disclosure_site.read.yaml_file import load_yaml

FIXTURES = Path(__file__).parent / "import_fixtures"
WUHAN_EXPECTED = FIXTURES / "wuhan-expected"

# One fixture per structure of issue 10, with what an editor must find in the data.
VARIANTS = {
    "title-signature": dict(
        file="title-signature.txt", args=(),
        title="中共青山县林业局党组关于省委巡视整改进展情况的通报",
        body="中共青山县林业局党组",
        signature={"name": "中共青山县林业局党组", "date": "2024年3月8日"}, published="2024-03-08",
        inspection={"kind": "巡视", "team": "省委第三巡视组", "start": "2023-10-09", "end": "2023-12-08",
                    "feedback": "2024-01-15"},
        parts=["一、提高站位,扛牢整改政治责任", "二、巡视反馈问题整改落实情况*", "三、下一步工作打算"],
        groups=[],
        headings=["关于“林长制落实不到位”问题的整改", "关于“护林员管理不规范”问题的整改",
                  "关于“森林防火设施维护不及时”问题的整改"],
        problems=["林长制落实不到位", "护林员管理不规范", "森林防火设施维护不及时"],
        statuses=[("已完成", "整改状态:已完成。"), ("已完成", "整改状态:已完成。"), ("正在整改", "整改状态:正在整改。")],
        summary={"text": "巡视反馈的3个问题,已完成整改2个、正在整改1个,整改完成率66.7%",
                 "problems": 3, "completed": 2, "in_progress": 1, "rate": "66.7%"},
        contact={"phone": "0719-5551234", "email": "qslyj_xs@example.cn"},
    ),
    "groups-restart": dict(
        file="groups-restart.txt", args=(),
        title="巡察整改进展情况", body="某某市文化馆", source="某某市文化馆",
        inspection={"kind": "巡察", "team": "市委第二巡察组", "start": "2024-04-08", "end": "2024-05-31",
                    "feedback": "2024-07-02"},
        parts=["一、整改工作开展情况", "二、巡察反馈问题整改情况*", "三、持续深化整改"],
        groups=["(一)在“贯彻落实上级决策部署”方面", "(二)在“落实全面从严治党责任”方面"],
        item_groups=[1, 1, 2, 2], markers=[None, None, "1.", "2."],
        problems=["公共文化服务下沉不够", "数字化服务推进较慢", "支部组织生活不规范", "廉政风险排查不深入"],
        statuses=[("已完成", "(已完成)"), ("正在整改", "(正在整改)"), ("已完成", "(已完成)"), ("已完成", "(已完成)")],
        measures={1: ["一是组织文艺小分队进社区演出24场。", "二是在8个街道设立文化服务点。"]},
        contact={"postcode": "445000", "address": "某某市文化路8号市文化馆办公室", "email": "whg_dzb@example.cn",
                 "phone": "0718-8001234"},
    ),
    "groups-continue": dict(
        file="groups-continue.txt", args=("--body", "某某区图书馆"),
        title="关于区委巡察反馈意见整改进展情况的公告", body="某某区图书馆",
        inspection={"kind": "巡察", "team": "区委第一巡察组", "start": "2024-03-11", "end": "2024-04-26",
                    "feedback": "2024-06-05"},
        parts=["一、整改进展情况*", "二、下一步打算"],
        groups=["(一)关于政治建设方面的问题", "(二)关于业务管理方面的问题"],
        item_groups=[1, 1, 2, 2], markers=["1. ", "2. ", "3. ", "4. "],  # as printed: "1. 关于……"
        headings=["关于理论学习流于形式", "关于意识形态工作责任制落实不到位", "关于图书采购程序不规范", "关于阅读推广活动覆盖面窄"],
        problems=["理论学习流于形式", "意识形态工作责任制落实不到位", "图书采购程序不规范", "阅读推广活动覆盖面窄"],
        statuses=[("已完成", "目前已整改完成"), ("已完成", "目前已整改完成"), ("已完成", "目前已整改完成"),
                  ("正在整改", "该问题正在整改中")],
        measures={1: ["修订理论学习中心组学习规则,每次学习明确专题和发言人。", "全年开展专题研讨6次,形成研讨材料汇编。目前已整改完成。"]},
        summary={"text": "反馈的四个问题,目前已完成整改三个,正在整改一个", "problems": 4, "completed": 3, "in_progress": 1},
        contact={"phone": "023-6012345"},
    ),
    "groups-as-parts": dict(
        file="groups-as-parts.txt", args=(),
        title="某某区卫生健康局关于审计整改情况的公告", body="某某区卫生健康局", source="某某区卫生健康局",
        inspection={"kind": "审计", "team": "区审计局"},
        summary={"text": "指出问题3个", "problems": 3},
        parts=["*"],
        groups=["一、预算管理方面", "二、资产管理方面"], item_groups=[1, 1, 2],
        headings=["部分项目预算编制不够精准。", "年末结转资金未及时清理。", "固定资产账实不符。"],
        problems=["部分项目预算编制不够精准", "年末结转资金未及时清理", "固定资产账实不符"],
        measures={3: ["开展资产全面清查,完成资产卡片信息更新。整改状态:持续整改。"]},
        statuses=[("已完成", "整改状态:已完成。"), ("已完成", "整改状态:已完成。"), ("持续整改", "整改状态:持续整改。")],
        contact={"address": "某某区邮政信箱101号", "postcode": "430100"},
    ),
    "subproblems": dict(
        file="subproblems.txt", args=(),
        title="中共某某镇委员会关于巡察整改进展情况的通报", body="中共某某镇委员会",
        signature={"name": "中共某某镇委员会", "date": "二〇二四年五月二十日"}, published="2024-05-20",
        inspection={"kind": "巡察", "team": "县委第四巡察组", "start": "2023-09-04", "end": "2023-10-27"},
        parts=["一、巡察反馈问题整改情况*", "二、下一步工作"], groups=[],
        subproblems={
            1: [("(1)", "关于“村级党组织换届后培训不足”的问题。", ["举办村干部培训班2期,覆盖全镇村干部。"]),
                ("(2)", "关于“党员发展不规范”的问题。", ["对近五年发展党员档案逐一审核,补齐缺失材料。整改状态:已完成。"])],
            2: [("(1)", "关于“低保动态管理不及时”的问题。", ["对全镇低保对象开展入户核查,清退不符合条件对象11户。"]),
                ("(2)", "关于“涉农补贴发放公示不到位”的问题。", ["在各村公示栏和微信群同步公示补贴发放情况。整改状态:正在整改。"])],
        },
        measures={3: ["一是开展安全生产大排查,整改隐患31处。", "二是建立隐患整改台账,实行销号管理。整改状态:已完成。"]},
        statuses=[("已完成", "整改状态:已完成。"), ("正在整改", "整改状态:正在整改。"), ("已完成", "整改状态:已完成。")],
        summary={"text": "巡察反馈的三个问题中,已完成整改两个,正在整改一个,整改完成率66.7%",
                 "problems": 3, "completed": 2, "in_progress": 1, "rate": "66.7%"},
        contact={"phone": "0716-7001234", "email": "mz_dw@example.cn"},
    ),
    "mixed-web": dict(
        file="mixed-web.html", args=(),
        title="中共某某市水务局党组关于市委巡察整改进展情况的通报", body="中共某某市水务局党组",
        signature={"name": "中共某某市水务局党组", "date": "2024年6月18日"}, published="2024-06-18",
        inspection={"kind": "巡察", "team": "市委第六巡察组", "start": "2024-03-04", "end": "2024-04-19"},
        parts=["一、整改进展情况*", "二、下一步工作"],
        groups=["(一)在“落实河湖长制”方面", "(二)在“工程建设管理”方面"], item_groups=[1, 2],
        headings=["关于“河道巡查记录不全”的问题(已完成)", "关于“小型水利工程验收滞后”的问题(基本完成)"],
        statuses=[("已完成", "(已完成)"), ("基本完成", "(基本完成)")],
        subproblems={2: [("(1)", "关于“验收资料不齐”的问题。", ["补齐验收资料23份。"]),
                         ("(2)", "关于“验收组织不及时”的问题。", ["制定验收计划表,按月调度。"])]},
        contact={"phone": "0712-2345678", "email": "swj_xc@example.cn"},
    ),
    "contact-forms": dict(
        file="contact-forms.txt", args=(),
        title="中共青禾县水利局党组关于县委巡察整改进展情况的通报", body="中共青禾县水利局党组",
        signature={"name": "中共青禾县水利局党组", "date": "2024年1月10日"}, published="2024-01-10",
        inspection={"kind": "巡察", "team": "县委第二巡察组", "start": "2023-09-04", "end": "2023-10-20",
                    "feedback": "2023-12-01"},
        parts=["一、整改落实情况*"], groups=[],
        statuses=[("已完成", "整改状态\uff1a已完成。"), ("正在整改", "整改状态\uff1a正在整改。")],
        # Each value is just what the schema calls a phone, an address, a postcode, an e-mail:
        # the words around them ("欢迎来信", "(邮编:…)") stay in the closing.
        contact={"phone": "\uff080731\uff0984560000\uff08工作日\uff09", "email": "qhslj@163.com",
                 "address": "青禾县人民路8号县水利局办公室", "postcode": "412007"},
    ),
    # Phrasings that must not be mistaken: a title over two lines, a date line under it, team and
    # dates in the second opening paragraph, sentences that name a status without stating one,
    # a closing that opens with other words than 欢迎.
    "varied-phrasing": dict(
        file="varied-phrasing.txt", args=(),
        title="中共青禾县农业农村局党组关于县委第三轮巡察反馈意见整改进展情况的通报", body="中共青禾县农业农村局党组",
        signature={"name": "中共青禾县农业农村局党组"}, published="2024-03-08",
        inspection={"kind": "巡察", "team": "县委第三巡察组", "start": "2023-09-04", "end": "2023-10-20",
                    "feedback": "2023-11-28"},
        parts=["一、整改落实情况*"], groups=[],
        statuses=[(None, None), (None, None), (None, None), ("已完成", "目前已整改完成")],
        measures={1: ["对在建项目开展全面检查\uff0c整改质量问题15处。下一步\uff0c将对已整改完成的事项适时开展“回头看”。"],
                  4: ["指导各村补齐台账。目前已整改完成。"]},
        contact={"phone": "0731-5550001", "address": "青禾县邮政信箱8号"},
    ),
    # A page saved from a government website: no <article>, the text in a content container
    # amid menus, breadcrumbs, page tools and the site footer; lines wrapped inside a paragraph.
    "gov-page": dict(
        file="gov-page.html", args=(),
        title="中共青禾县教育局党组关于县委巡察整改进展情况的通报", body="中共青禾县教育局党组",
        signature={"name": "中共青禾县教育局党组", "date": "2024年3月8日"}, published="2024-03-08",
        inspection={"kind": "巡察", "team": "县委第一巡察组", "start": "2023-09-04", "end": "2023-10-20"},
        parts=["一、整改落实情况*"], groups=[],
        statuses=[("已完成", "整改状态\uff1a已完成。"), ("正在整改", "整改状态\uff1a正在整改。")],
        measures={1: ["对全县学校食堂经费开展专项检查\uff0c清退违规收费共计8.7万元\uff0c建立食堂经费月报制度。整改状态\uff1a已完成。"],
                  2: ["制定培训计划\uff0c组织教师培训3期。整改状态\uff1a正在整改。"]},
        contact={"phone": "0731-5552200"},
    ),
    # Sub-problems each with its own bracketed status; the item's status only where they agree
    # or where the item states one for the whole.
    "subproblem-statuses": dict(
        file="subproblem-statuses.txt", args=(),
        title="中共某某街道工作委员会关于巡察整改进展情况的通报", body="中共某某街道工作委员会",
        signature={"name": "中共某某街道工作委员会", "date": "2024年4月2日"}, published="2024-04-02",
        inspection={"kind": "巡察", "team": "区委第三巡察组"},
        parts=["一、巡察反馈问题整改情况*"], groups=[],
        statuses=[(None, None), ("已完成", "\uff08已完成\uff09"), ("已完成", "整改状态\uff1a已完成。")],
        subproblems={
            1: [("\uff081\uff09", "社区网格员配备不足。", ["新招聘网格员20名。\uff08已完成\uff09"]),
                ("\uff082\uff09", "社区议事协商流于形式。", ["修订议事规则\uff0c每月召开议事会。\uff08正在整改\uff09"])],
            2: [("\uff081\uff09", "沿街商铺消防检查不全。", ["开展消防检查两轮。\uff08已完成\uff09"]),
                ("\uff082\uff09", "老旧小区燃气管道老化。", ["完成改造3个小区。\uff08已完成\uff09"])],
            # The status line after the sub-problems is the problem's, not the last sub-problem's.
            3: [("\uff081\uff09", "民生项目进度慢。", ["建立项目周调度机制。"]),
                ("\uff082\uff09", "群众诉求办理不及时。", ["实行诉求限时办结。"])],
        },
        contact={"phone": "0000-3456789"},
    ),
    # Problems written "(一)关于“××”的问题" with numbered measures "1.……2.……" under them, and a
    # numbered next-steps part after the problems.
    "lettered-problems": dict(
        file="lettered-problems.txt", args=(),
        title="中共某某县审计局党组关于县委巡察整改情况的通报", body="中共某某县审计局党组",
        signature={"name": "中共某某县审计局党组", "date": "2024年7月1日"}, published="2024-07-01",
        inspection={"kind": "巡察", "team": "县委第五巡察组"},
        parts=["一、巡察反馈问题整改情况*", "二、下一步工作打算"], groups=[],
        markers=["\uff08一\uff09", "\uff08二\uff09"],
        headings=["关于“审计整改督促不力”的问题", "关于“内部审核把关不严”的问题"],
        problems=["审计整改督促不力", "内部审核把关不严"],
        measures={1: ["1.建立审计整改台账\uff0c实行销号管理。", "2.对整改不到位的单位进行约谈。整改状态\uff1a已完成。"]},
        statuses=[("已完成", "整改状态\uff1a已完成。"), ("已完成", "整改状态\uff1a已完成。")],
        contact={"phone": "0000-2345678"},
    ),
}


def run_import(source: Path, disclosure_id: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "disclosure_site.importer", str(source), disclosure_id, "--data-dir", str(data_dir), *args],
        cwd=ROOT, capture_output=True, text=True,
    )


def read_import(folder: Path) -> tuple[dict, list[dict]]:
    """The files as the project's own loader reads them."""
    disclosure = load_yaml(folder / "disclosure.yml").data
    items = [load_yaml(path).data for path in sorted((folder / "items").glob("*.yml"))]
    return disclosure, items


def imported(tmp_path: Path, name: str, source: Path | None = None, *args: str) -> tuple[dict, list[dict]]:
    variant = VARIANTS.get(name, {})
    result = run_import(source or FIXTURES / variant["file"], name, tmp_path / "data", *(args or variant.get("args", ())))
    assert result.returncode == 0, result.stderr
    return read_import(tmp_path / "data" / name)


def printed_parts(disclosure: dict) -> list[str]:
    return [p.get("marker", "") + p.get("heading", "") + ("*" if p.get("problems") else "") for p in disclosure["parts"]]


# -- the seed: the hand-made data is what the importer makes of the published text ----------
def test_the_seed_text_imports_to_the_hand_made_data(tmp_path):
    result = run_import(FIXTURES / "wuhan-source.txt", "wuhan-jingxin-2024", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    disclosure, items = read_import(tmp_path / "data" / "wuhan-jingxin-2024")
    expected_items = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(WUHAN_EXPECTED.glob("[0-9]*.yml"))]
    assert len(items) == len(expected_items) == 25
    for got, expected in zip(items, expected_items):
        for key in ("number", "heading", "problem", "measures"):
            assert got[key] == expected[key], (expected["number"], key)
    expected_disclosure = yaml.safe_load((WUHAN_EXPECTED / "disclosure.yml").read_text(encoding="utf-8"))
    assert disclosure == expected_disclosure
    written = (tmp_path / "data" / "wuhan-jingxin-2024" / "source.txt").read_text(encoding="utf-8")
    assert squash(written) == squash((FIXTURES / "wuhan-source.txt").read_text(encoding="utf-8"))


# -- each structure ---------------------------------------------------------------------
@pytest.mark.parametrize("name", VARIANTS)
def test_each_structure_is_placed_as_the_text_has_it(tmp_path, name):
    v = VARIANTS[name]
    disclosure, items = imported(tmp_path, name)
    assert disclosure["title"] == v["title"]
    assert disclosure["body"] == v["body"]
    assert printed_parts(disclosure) == v["parts"]
    assert [g["marker"] + g["heading"] for g in disclosure.get("groups", [])] == v["groups"]
    assert disclosure["contact"] == v["contact"]
    for key in ("inspection", "signature", "published", "source", "summary"):
        assert disclosure.get(key) == v.get(key), key
    assert [item["number"] for item in items] == list(range(1, len(v["statuses"]) + 1))
    assert [(item.get("status"), item.get("status_text")) for item in items] == v["statuses"]
    if "item_groups" in v:
        assert [item.get("group") for item in items] == v["item_groups"]
    if "markers" in v:
        assert [item.get("marker") for item in items] == v["markers"]
    if "headings" in v:
        assert [item["heading"] for item in items] == v["headings"]
    if "problems" in v:
        assert [item["problem"] for item in items] == v["problems"]
    for number, measures in v.get("measures", {}).items():
        assert items[number - 1]["measures"] == measures
    for number, subs in v.get("subproblems", {}).items():
        got = [(s["marker"], s["heading"], s["measures"]) for s in items[number - 1]["subproblems"]]
        assert got == subs
        assert "measures" not in items[number - 1]


# Most bodies' texts are typed with full-width punctuation (：，；（）); the seed happens to use
# half-width. The same text in either form must be placed the same way, and kept as typed.
FULL_WIDTH = str.maketrans({":": "\uff1a", ",": "\uff0c", ";": "\uff1b", "(": "\uff08", ")": "\uff09", "%": "\uff05"})


def _full_width(value):
    if isinstance(value, str):
        return value.translate(FULL_WIDTH)
    if isinstance(value, (list, tuple)):
        return type(value)(_full_width(v) for v in value)
    if isinstance(value, dict):
        return {k: _full_width(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", [n for n in VARIANTS if VARIANTS[n]["file"].endswith(".txt")])
def test_full_width_punctuation_is_placed_the_same_and_kept_as_typed(tmp_path, name):
    half = imported(tmp_path / "half", name)
    source = tmp_path / "full-width.txt"
    text = (FIXTURES / VARIANTS[name]["file"]).read_text(encoding="utf-8")
    source.write_text(text.translate(FULL_WIDTH), encoding="utf-8")
    full = imported(tmp_path / "full", name, source)
    # e-mail addresses and dates keep their ASCII; everything else is the full-width text.
    expected = _full_width(half)
    assert full[0]["contact"].keys() == half[0]["contact"].keys()
    for key in ("parts", "groups", "opening", "closing", "signature", "summary", "measures_label"):
        assert full[0].get(key) == expected[0].get(key), key
    assert [(i["heading"], i.get("measures"), i.get("status_text"), i.get("subproblems")) for i in full[1]] == \
        [(i["heading"], i.get("measures"), i.get("status_text"), i.get("subproblems")) for i in expected[1]]


def test_a_title_over_two_lines_and_a_closing_in_other_words(tmp_path):
    disclosure, items = imported(tmp_path, "varied-phrasing")
    assert disclosure["document_title"] == VARIANTS["varied-phrasing"]["title"]
    assert disclosure["opening"][0] == "\uff082024年3月8日\uff09"
    assert disclosure["closing"] == ["热忱欢迎广大干部群众对巡察整改落实情况进行监督。联系电话\uff1a0731-5550001\uff1b邮政信箱\uff1a青禾县邮政信箱8号。"]
    text = (FIXTURES / "varied-phrasing.txt").read_text(encoding="utf-8")
    other = "广大干部群众如对整改工作有意见建议\uff0c可拨打电话\uff1a0731-5550001。"
    source = tmp_path / "other-closing.txt"
    source.write_text(text.replace(disclosure["closing"][0], other), encoding="utf-8")
    disclosure, items = imported(tmp_path / "other", "varied-phrasing", source)
    assert disclosure["closing"] == [other]
    assert disclosure["contact"] == {"phone": "0731-5550001"}
    assert items[-1]["measures"] == ["指导各村补齐台账。目前已整改完成。"]


@pytest.mark.parametrize(
    "opening, team",
    [
        (None, "县审计局"),  # the fixture: "根据《中华人民共和国审计法》和县审计局《……》要求"
        ("审计署长沙特派办于2024年3月对我局开展了审计\uff0c现将审计整改情况公告如下。", "审计署长沙特派办"),
        ("按照《市审计局2024年度审计项目计划》\uff0c青禾市审计局对我局开展了审计\uff0c现将审计整改情况公告如下。", "青禾市审计局"),
    ],
)
def test_an_audit_team_is_the_audit_body_never_words_inside_a_document_name(tmp_path, opening, team):
    source = FIXTURES / "audit-law.txt"
    if opening:
        lines = source.read_text(encoding="utf-8").split("\n")
        lines[1] = opening
        source = tmp_path / "audit.txt"
        source.write_text("\n".join(lines), encoding="utf-8")
    disclosure, _ = imported(tmp_path, "audit", source)
    assert disclosure["inspection"] == {"kind": "审计", "team": team}


def test_numbered_lines_in_a_part_after_the_problems_are_its_paragraphs(tmp_path):
    disclosure, _ = imported(tmp_path, "lettered-problems")
    assert disclosure["parts"][1]["paragraphs"] == ["1.持续巩固整改成果\uff0c防止问题反弹。", "2.健全长效机制\uff0c推动常态长效。"]


def test_a_label_every_problem_uses_is_kept_once_on_the_disclosure(tmp_path):
    disclosure, items = imported(tmp_path, "groups-restart")
    assert disclosure["measures_label"] == "整改情况:"
    assert not any("measures_label" in item for item in items)
    # Where only some problems print it, each of those keeps its own.
    disclosure, items = imported(tmp_path / "sub", "subproblems")
    assert "measures_label" not in disclosure
    assert [item.get("measures_label") for item in items] == [None, None, "整改情况:"]


def test_the_web_page_keeps_the_article_and_drops_menus_and_scripts(tmp_path):
    imported(tmp_path, "mixed-web")
    source = (tmp_path / "data" / "mixed-web" / "source.txt").read_text(encoding="utf-8")
    assert source.startswith("中共某某市水务局党组关于市委巡察整改进展情况的通报\n")
    assert source.endswith("2024年6月18日\n")
    for left_out in ("首页", "新闻动态", "脚本不应进入正文", "主办单位", "document.write", "color: red"):
        assert left_out not in source


def test_a_government_page_without_article_keeps_the_text_and_drops_the_page_furniture(tmp_path):
    imported(tmp_path, "gov-page")
    source = (tmp_path / "data" / "gov-page" / "source.txt").read_text(encoding="utf-8")
    lines = source.splitlines()
    assert lines[0] == "中共青禾县教育局党组关于县委巡察整改进展情况的通报"  # the page's heading
    assert lines[1].startswith("根据县委统一部署")
    assert lines[-2:] == ["中共青禾县教育局党组", "2024年3月8日"]
    for left_out in ("首页", "当前位置", "发布时间", "字体", "分享到", "打印本页", "关闭窗口", "责任编辑",
                     "县政府常务会议", "主办单位", "网站标识码", "ICP", "jquery"):
        assert left_out not in source, left_out


def test_the_printout_calls_each_status_by_its_own_name(tmp_path):
    text = (FIXTURES / "title-signature.txt").read_text(encoding="utf-8")
    text = text.replace("正在整改1个", "基本完成1个").replace("整改状态:正在整改。", "整改状态:基本完成。")
    (tmp_path / "basic.txt").write_text(text, encoding="utf-8")
    result = run_import(tmp_path / "basic.txt", "basic", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "基本完成 1 个" in result.stdout
    assert "正在整改" not in result.stdout


def test_the_written_files_pass_yamllint(tmp_path):
    for name in ("title-signature", "subproblems"):
        imported(tmp_path, name)
    result = subprocess.run(
        [sys.executable, "-m", "yamllint", "-c", str(ROOT / ".yamllint.yml"), "--strict", str(tmp_path / "data")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout


def test_quoted_and_unquoted_scalars_read_back_as_text(tmp_path):
    disclosure, items = imported(tmp_path, "groups-restart")
    assert disclosure["contact"]["postcode"] == "445000"  # not the number 445000
    assert items[2]["marker"] == "1."  # not the float 1.0
    assert disclosure["inspection"]["start"] == "2024-04-08"  # not a date object
    written = (tmp_path / "data" / "groups-restart" / "disclosure.yml").read_text(encoding="utf-8")
    assert "postcode: '445000'" in written and "\\u" not in written


# -- the same text in other encodings and as a Word file ------------------------------------
def test_gb18030_utf16_and_docx_give_the_same_data(tmp_path):
    text = (FIXTURES / "title-signature.txt").read_text(encoding="utf-8")
    expected = imported(tmp_path / "utf8", "title-signature")
    expected_source = (tmp_path / "utf8" / "data" / "title-signature" / "source.txt").read_text(encoding="utf-8")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "gb.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (inputs / "utf16.txt").write_bytes(text.encode("utf-16"))  # with its BOM
    (inputs / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.add_paragraph("")  # Word files often end with an empty paragraph
    document.save(inputs / "word.docx")
    for name in ("gb.txt", "utf16.txt", "bom.txt", "word.docx"):
        got = imported(tmp_path / name, "title-signature", inputs / name)
        assert got == expected, name
        source = (tmp_path / name / "data" / "title-signature" / "source.txt").read_bytes()
        assert source.decode("utf-8") == expected_source, name
        assert b"\r" not in source


def test_a_word_table_is_read_in_place_one_row_a_paragraph(tmp_path):
    import docx

    lines = (FIXTURES / "title-signature.txt").read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    at = lines.index("局党组召开专题会议研究部署整改工作,成立整改工作领导小组,逐条制定整改措施。")
    for line in lines[: at + 1]:
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("整改任务", "责任单位", "完成时限"), ("林长制巡林", "县林业局", "2024年6月"),
                                       ("护林员培训", "县林业局", "")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    table.rows[2].cells[2].text = "分两期"
    table.rows[2].cells[2].add_paragraph("年内完成")  # two paragraphs in one cell
    for line in lines[at + 1 :]:
        document.add_paragraph(line)
    document.save(tmp_path / "with-table.docx")
    disclosure, _ = imported(tmp_path, "title-signature", tmp_path / "with-table.docx")
    rows = ["整改任务 责任单位 完成时限", "林长制巡林 县林业局 2024年6月", "护林员培训 县林业局 分两期 年内完成"]
    assert disclosure["parts"][0]["paragraphs"][1:] == rows
    source = (tmp_path / "data" / "title-signature" / "source.txt").read_text(encoding="utf-8")
    assert lines[at] + "\n" + "\n".join(rows) + "\n" + lines[at + 1] in source


# -- refusals: a reason in Chinese, the line, and nothing written ------------------------------
def assert_refused(result: subprocess.CompletedProcess, data_dir: Path, before: list[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "导入失败" in result.stderr and "未写入任何文件" in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    after = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*")) if data_dir.exists() else []
    assert after == before, "a refusal must leave data/ as it was"


@pytest.mark.parametrize(
    "fixture, words",
    [
        ("refuse-no-problems.txt", ["第 6 行", "没有找到编号的问题"]),
        ("refuse-numbering.txt", ["第 7 行", "应为第 3 个问题", "实为“4.”"]),
        ("refuse-two-lists.txt", ["第 7 行", "一、整改工作措施", "三、问题整改情况", "无法判断"]),
    ],
)
def test_texts_it_cannot_place_are_refused_naming_the_line(tmp_path, fixture, words):
    data = tmp_path / "data"
    data.mkdir()
    assert_refused(run_import(FIXTURES / fixture, "some-id", data), data, [], *words)


def test_data_the_project_check_would_reject_is_refused_with_both_places_and_what_to_do(tmp_path):
    # The text counts 3 problems but lists 2 (one heading names two quoted problems): `make
    # validate` would reject the data, so the import writes nothing and says where and what to do.
    data = tmp_path / "data"
    data.mkdir()
    (data / "other").mkdir()  # an earlier disclosure stays as it was
    result = run_import(FIXTURES / "refuse-summary-count.txt", "tongji", data)
    assert_refused(result, data, ["other"], "第 4 行", "3 个问题", "2 项", "第 5 行", "第 7 行", "核实", "重新导入")
    assert "Traceback" not in result.stderr


def test_word_automatic_numbering_is_explained_when_no_problem_is_numbered(tmp_path):
    import docx

    document = docx.Document()
    for line in (FIXTURES / "title-signature.txt").read_text(encoding="utf-8").splitlines():
        if line[:2] in ("1.", "2.", "3."):  # Word's own numbering: not in the text
            document.add_paragraph(line[2:], style="List Number")
        else:
            document.add_paragraph(line)
    document.save(tmp_path / "auto-numbered.docx")
    data = tmp_path / "data"
    assert_refused(run_import(tmp_path / "auto-numbered.docx", "some-id", data), data, [],
                   "没有找到编号的问题", "自动编号", "转换为文本", "记事本")


def test_an_existing_id_is_refused_unless_replace_is_asked(tmp_path):
    data = tmp_path / "data"
    imported(tmp_path, "groups-restart")
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*"))
    result = run_import(FIXTURES / "title-signature.txt", "groups-restart", data)
    assert_refused(result, data, before, "已经存在", "REPLACE=1")
    result = run_import(FIXTURES / "title-signature.txt", "groups-restart", data, "--replace")
    assert result.returncode == 0, result.stderr
    disclosure, items = read_import(data / "groups-restart")
    assert disclosure["title"] == VARIANTS["title-signature"]["title"] and len(items) == 3
    assert sorted(p.name for p in data.iterdir()) == ["groups-restart"]  # no staging folder left


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("notes.pdf", b"%PDF-1.4", ["只能导入 .txt、.docx 或 .html"]),
        ("empty.txt", b"  \r\n", ["空文件"]),
        ("binary.txt", bytes(range(0x80, 0x100)) * 4, ["无法识别文字编码"]),
        ("broken.docx", b"PK\x03\x04 not really a zip", ["不是有效的 Word"]),
        ("missing.txt", None, ["找不到文件"]),
    ],
)
def test_unreadable_files_are_refused_without_a_traceback(tmp_path, name, content, words):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    data = tmp_path / "data"
    assert_refused(run_import(tmp_path / name, "some-id", data), data, [], *words)


@pytest.mark.parametrize("bad_id", ["Wuhan", "_x", "a_b", "中文", "a/b"])
def test_an_id_that_cannot_be_a_web_address_is_refused(tmp_path, bad_id):
    data = tmp_path / "data"
    assert_refused(run_import(FIXTURES / "title-signature.txt", bad_id, data), data, [], "只能用小写英文字母")


def test_without_a_title_line_or_the_announcing_phrase_the_title_must_be_given(tmp_path):
    text = (FIXTURES / "groups-restart.txt").read_text(encoding="utf-8").replace("现将巡察整改进展情况予以公布。", "")
    (tmp_path / "untitled.txt").write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    assert_refused(run_import(tmp_path / "untitled.txt", "culture", data), data, [], "没有找到公开的标题", "TITLE=")
    result = run_import(tmp_path / "untitled.txt", "culture", data, "--title", "巡察整改情况")
    assert result.returncode == 0, result.stderr
    assert read_import(data / "culture")[0]["title"] == "巡察整改情况"


def test_without_a_signature_or_source_line_the_body_must_be_given(tmp_path):
    data = tmp_path / "data"
    result = run_import(FIXTURES / "groups-continue.txt", "library", data)
    assert_refused(result, data, [], "没有找到发布单位", "BODY=")


# -- validated and built: what a reader sees ------------------------------------------------
@pytest.fixture(scope="module")
def imported_site(tmp_path_factory):
    return import_and_build(tmp_path_factory, {name: (FIXTURES / v["file"], v["args"]) for name, v in VARIANTS.items()})


def import_and_build(tmp_path_factory, sources: dict, site_file: str | None = None):
    """A copy of the project with each source imported (name -> (file, arguments)), the data
    passing `make validate`'s check, and the site built."""
    project = copy_project(tmp_path_factory.mktemp("import-project"))
    if site_file:
        (project / "data" / "site.yml").write_text(site_file, encoding="utf-8")
    for name, (source, args) in sources.items():
        result = run_import(source, name, project / "data", *args)
        assert result.returncode == 0, result.stderr
    check = subprocess.run([sys.executable, "-m", "disclosure_site.check", str(project / "data")],
                           cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    build = build_site(project, tmp_path_factory.mktemp("import-site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.mark.parametrize("name", VARIANTS)
def test_every_import_is_published_with_its_original_text(imported_site, name):
    v = VARIANTS[name]
    source = (imported_site.project / "data" / name / "source.txt").read_text(encoding="utf-8")
    original = imported_site.page(f"{name}/original").content.select_one(".dp-original").get_text("\n", strip=True)
    assert squash(original) == squash(source)
    home = imported_site.page(f"{name}")
    assert home.h1 == v["title"]
    assert [h.get_text(strip=True) for h in home.content.select("h3")] == v["groups"]
    for number, (status, status_text) in enumerate(v["statuses"], start=1):
        page = imported_site.page(f"{name}/{number:02d}")
        ledger = " ".join(e.get_text(" ", strip=True) for e in page.content.select(".dp-ledger, .dp-unstated"))
        assert f"整改状态 {status}" in ledger if status else "原文未载明整改状态" in ledger
        if status_text and status_text != status:
            assert status_text in ledger
    footer = home.footer_text
    for value in v["contact"].values():
        assert value in footer
    links = {a["href"] for a in home.soup.select("footer a")}
    if "phone" in v["contact"]:
        assert "tel:" + "".join(c for c in v["contact"]["phone"] if c.isdigit()) in links
    if "email" in v["contact"]:
        assert any(href.startswith("mailto:" + v["contact"]["email"]) for href in links)


def test_groups_and_sub_problems_show_on_the_item_pages(imported_site):
    page = imported_site.page("groups-restart/03")
    assert page.h1 == "关于“支部组织生活不规范”的问题(已完成)"
    assert "(二)在“落实全面从严治党责任”方面" in page.content.select_one(".dp-kicker").get_text()
    page = imported_site.page("subproblems/02")
    subs = [(h["id"], h.get_text(strip=True)) for h in page.content.select("h3")]
    assert subs == [("sub-1", "(1)关于“低保动态管理不及时”的问题。"), ("sub-2", "(2)关于“涉农补贴发放公示不到位”的问题。")]
    assert "清退不符合条件对象11户" in page.text


def test_the_summary_count_is_shown_as_checked(imported_site):
    home = imported_site.page("title-signature")
    assert "巡视反馈的3个问题,已完成整改2个、正在整改1个,整改完成率66.7%" in home.text  # the text's own words
    summary = home.content.select_one(".dp-status-summary").get_text(strip=True)
    assert summary == "原文的统计与各项整改状态一致。"


def test_a_published_disclosure_is_not_replaced_by_a_new_import(tmp_path):
    data = tmp_path / "data"
    source = FIXTURES / "title-signature.txt"
    assert run_import(source, "published", data).returncode == 0
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.name=e", "-c", "user.email=e@example.invalid", "commit", "-q", "-m", "公布"],
                   cwd=tmp_path, check=True)
    before = sorted(str(p) for p in data.rglob("*"))
    result = run_import(source, "published", data, "--replace")
    assert result.returncode == 1 and "已经公布" in result.stderr and "Traceback" not in result.stderr
    assert sorted(str(p) for p in data.rglob("*")) == before


def test_the_kind_of_inspection_is_never_taken_from_inside_a_documents_name(tmp_path):
    source = tmp_path / "kind.txt"
    source.write_text(
        "中共示例区文旅局党组关于巡察整改情况的通报\n"
        "根据《中华人民共和国审计法》和区委巡察工作部署,现将整改情况通报如下。\n"
        "一、整改落实情况\n1.关于“台账不全”的问题\n整改情况:建立台账。\n"
        "联系电话:010-1234567。\n中共示例区文旅局党组\n2024年3月8日\n", encoding="utf-8")
    result = run_import(source, "kind", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    disclosure, _ = read_import(tmp_path / "data" / "kind")
    assert disclosure["inspection"]["kind"] == "巡察"


def test_a_part_heading_without_its_number_is_refused_not_filed_under_a_problem(tmp_path):
    text = (FIXTURES / "title-signature.txt").read_text(encoding="utf-8")
    marked = [line for line in text.splitlines() if line.startswith(("一、", "二、", "三、"))]
    assert len(marked) >= 2
    last = marked[-1]
    source = tmp_path / "no-number.txt"
    source.write_text(text.replace(last, last[2:]), encoding="utf-8")  # "三、下一步……" typed without 三、
    result = run_import(source, "no-number", tmp_path / "data")
    assert result.returncode == 1 and "没有序号的标题" in result.stderr and "第 " in result.stderr
    assert not (tmp_path / "data" / "no-number").exists()


def test_problems_lettered_only_are_placed_as_problems(tmp_path):
    """"(一)关于“××”的问题" headings with no numbered problem at all are the problems themselves."""
    result = run_import(FIXTURES / "lettered-only.txt", "lettered-only", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    disclosure, items = read_import(tmp_path / "data" / "lettered-only")
    assert [(i.get("marker"), i["problem"]) for i in items] == [
        ("\uff08\u4e00\uff09", "村级财务管理不规范"), ("\uff08\u4e8c\uff09", "为民办实事不够")]
    assert items[1]["measures"] == ["一是建立民生项目清单；", "二是完成道路硬化5公里。"]
    assert [p.get("heading") for p in disclosure["parts"]] == ["巡察反馈问题整改情况", "下一步打算"]
    checked = subprocess.run([sys.executable, "-m", "disclosure_site.check", str(tmp_path / "data")], cwd=ROOT,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_problems_numbered_in_words_as_audit_reports_write_them(tmp_path):
    """"问题一：……" headings: the number in words is the problem's number; the marker is kept as printed."""
    result = run_import(FIXTURES / "audit-worded-numbers.txt", "audit-worded", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    disclosure, items = read_import(tmp_path / "data" / "audit-worded")
    assert [(i["number"], i.get("marker"), i["problem"]) for i in items] == [
        (1, "问题一\uff1a", "部分工程项目未按规定招标"), (2, "问题二\uff1a", "固定资产账实不符")]
    assert [i.get("status") for i in items] == ["已完成", "正在整改"]
    assert disclosure["inspection"]["kind"] == "审计" and disclosure["inspection"]["team"] == "市审计局"
    checked = subprocess.run([sys.executable, "-m", "disclosure_site.check", str(tmp_path / "data")], cwd=ROOT,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
