"""make import meets texts as bodies publish them: copied or saved from a CMS page with its
furniture, reports to the people's congress, company notices without a contact, problems with
their measures in one paragraph, summary counts in other words.

The fixtures (tests/import_fixtures/) are written for these tests in the styles real bodies
use; no real announcement is copied. Each is imported, validated, built and read back.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, squash
from test_import import assert_refused, import_and_build, read_import, run_import

from disclosure_site.importer.outline import parse
from disclosure_site.importer.read import read_source
from disclosure_site.importer.statements import read_summary

FIXTURES = Path(__file__).parent / "import_fixtures"
SITE_CONTACT = {"phone": "0755-1234-5678", "email": "zhenggai@example.gov.cn"}
SITE_FILE = "host: 青石市政务服务数据管理局\ncontact:\n  phone: 0755-1234-5678\n  email: zhenggai@example.gov.cn\n"

# What a CMS page puts around the announcement in cms-district-xuncha: none of it may reach a page.
CMS_FURNITURE = ["关怀版", "长者助手", "青石区人民政府门户网站", "您当前所在位置", "信息索引号", "文件名称", "浏览量",
                 "字号", "朗读", "【打印本页】", "关闭窗口", "相关链接", "承办单位", "网站标识码", "粤ICP备", "公网安备"]

PUBLISHED = {
    # A district bureau's 巡察 report copied from its CMS page: furniture above and below, the
    # 政务公开 index table with each value on its own line, headings with their measures.
    "cms-district-xuncha": dict(
        file="cms-district-xuncha.txt",
        title="中共青石区农业农村局党组关于区委第二轮巡察反馈意见整改进展情况的通报",
        body="中共青石区农业农村局党组",
        inspection={"kind": "巡察", "team": "区委第二巡察组", "start": "2024-09-02", "end": "2024-10-31",
                    "feedback": "2024-12-05"},
        parts=["一、整改工作总体情况", "二、巡察反馈问题整改落实情况*", "三、下一步工作打算"], groups=[],
        problems=["涉农资金监管不够严格", "高标准农田建设后期管护缺位", "农村集体“三资”管理不规范"],
        statuses=["已完成", "已完成", "正在整改"],
        summary={"text": "共反馈问题3个，已完成整改2个，正在整改1个，整改完成率66.7%", "problems": 3, "completed": 2,
                 "in_progress": 1, "rate": "66.7%"},
        contact={"phone": "0755-2555-0123", "email": "qsnyj_xc@example.cn", "postcode": "518000",
                 "address": "青石区建设路18号区农业农村局办公室"},
        public={"index_number": "11440300MB2C92XXXX/2025-00123", "issuer": "青石区农业农村局",
                "written_on": "2025-03-10", "disclosure_mode": "主动公开"},
        public_shown=["11440300MB2C92XXXX/2025-00123", "青石区农业农村局", "2025年3月10日", "主动公开"],
        published="2025-03-10", signature={"name": "中共青石区农业农村局党组", "date": "2025年3月10日"},
        furniture=CMS_FURNITURE,
    ),
    # A city's audit report to the people's congress: speech line, speaker, salutation, parts ending
    # in 的整改情况 taken as groups, lettered problems with their measures and money amounts; no contact.
    "npc-city-audit": dict(
        file="npc-city-audit.txt",
        title="青石市人民政府关于2024年度市级预算执行和其他财政收支审计查出问题整改情况的报告",
        body="青石市人民政府", inspection={"kind": "审计"},
        parts=["一、审计查出问题整改工作的部署推进情况", "*", "五、下一步工作安排"],
        groups=["二、市级财政管理审计查出问题的整改情况", "三、部门预算执行审计查出问题的整改情况",
                "四、重点专项资金审计查出问题的整改情况"],
        problems=["部分非税收入未及时缴入国库", "预算执行进度较为缓慢", "部分单位超范围列支经费", "政府采购程序不规范",
                  "就业补助资金审核把关不严", "部分保障性住房分配不规范"],
        markers=["（一）", "（二）", "（一）", "（二）", "（一）", "（二）"],
        statuses=[None] * 6,
        summary={"text": "共反映6个问题，已整改5个，整改率83.33%", "problems": 6, "completed": 5, "rate": "83.33%"},
        contact=None, opening_starts=["——2025年12月23日", "青石市审计局局长", "主任、各位副主任、各位委员："],
        furniture=[],
    ),
    # A county's report copied from its site, with groups of numbered problems (restarting at 1).
    "npc-county-audit": dict(
        file="npc-county-audit.txt",
        title="关于2024年度县级预算执行和其他财政收支审计查出问题整改情况的报告",
        body="青禾县审计局", inspection={"kind": "审计"},
        parts=["一、审计查出问题整改工作总体情况", "二、审计查出问题的具体整改情况*", "三、下一步工作"],
        groups=["（一）县级财政管理审计查出问题的整改情况", "（二）部门预算执行审计查出问题的整改情况"],
        problems=["县级财政暂付款清理不及时", "部分专项资金结余未及时统筹", "个别单位无预算超预算支出",
                  "部分单位固定资产管理不规范"],
        markers=[None, None, "1.", "2."], statuses=[None] * 4,
        summary={"text": "反映的4个问题，截至2025年10月底已全部整改到位", "problems": 4, "all_completed": True}, contact=None,
        published="2025-12-01",
        furniture=["首页 -> 政务公开", "点击数", "【打印本页】", "扫一扫"],
    ),
    # A company's 经济责任审计 notice: its only numbered lines are 一、关于……的问题, one of them with
    # its measures in the same paragraph; the kind from its title.
    "company-economic-audit": dict(
        file="company-economic-audit.txt",
        title="青石城市建设投资集团有限公司关于原总经理任期经济责任审计整改情况的公告",
        body="青石城市建设投资集团有限公司", inspection={"kind": "审计"},
        parts=["*"], groups=[],
        problems=["部分工程项目未按规定办理结算审核", "“三重一大”事项决策程序不规范", "应收账款清收不力", "下属企业财务管理薄弱"],
        markers=["一、", "二、", "三、", "四、"], statuses=["已完成", "已完成", "已完成", "正在整改"],
        summary={"text": "审计发现问题4个，截至2024年11月15日已完成整改3个，整改完成率75%", "problems": 4, "completed": 3,
                 "rate": "75%"},
        contact={"phone": "0755-8888-0456"}, published="2024-11-20", furniture=[],
    ),
    # A provincial commission's 巡视 report: 信息来源 and 发布时间 under the title, groups, problems
    # with their measures in one paragraph, several sub-problems in one paragraph after 整改情况:,
    # a count of 具体问题 that is the sub-problems listed.
    "provincial-xunshi": dict(
        file="provincial-xunshi.txt",
        title="中共青山省发展和改革委员会党组关于省委巡视整改进展情况的通报",
        body="中共青山省发展和改革委员会党组",
        inspection={"kind": "巡视", "team": "省委第五巡视组", "start": "2024-04-08", "end": "2024-06-07",
                    "feedback": "2024-07-18"},
        parts=["一、提高政治站位，扛牢整改主体责任", "二、巡视反馈问题整改落实情况*", "三、下一步工作打算"],
        groups=["（一）在“贯彻落实党中央决策部署”方面", "（二）在“落实全面从严治党责任”方面"],
        problems=["重大项目谋划储备不足", "区域协调发展推进不力", "廉政风险防控不到位", "违反中央八项规定精神问题仍有发生"],
        statuses=[None] * 4,
        subproblems={1: ["项目储备库更新不及时", "前期工作经费保障不足"], 2: ["对口协作机制落实不到位", "产业转移承接平台建设滞后"],
                     3: ["审批环节廉政风险点排查不全", "干部交流轮岗不及时"], 4: ["公务接待超标准", "违规发放津补贴"]},
        summary={"text": "共计8项具体问题，截至目前已整改6项，正在整改2项，整改率75%", "problems": 8, "completed": 6,
                 "in_progress": 2, "rate": "75%"},
        contact={"phone": "0731-8999-0001", "email": "fgw_xszg@example.cn", "address": "青山省长沙市邮政信箱101号"},
        published="2025-01-15", furniture=["信息来源", "青山省审计厅", "发布时间"],
    ),
    # A short notice whose 一、关于……的问题 lines are the problems, with a count of 基本完成 and 未完成.
    "short-notice": dict(
        file="short-notice.txt",
        title="青石区文化广电旅游体育局关于区委巡察反馈问题整改情况的通报",
        body="中共青石区文化广电旅游体育局党组", inspection={"kind": "巡察", "team": "区委第三巡察组"},
        parts=["*"], groups=[],
        problems=["公共文化设施免费开放不到位", "文物安全巡查不及时", "体育场馆运营管理不规范", "旅游市场监管力度不够",
                  "文化惠民工程覆盖面不广", "档案资料管理混乱"],
        statuses=["已完成", "已完成", "已完成", "基本完成", "基本完成", "未完成"],
        summary={"text": "巡察反馈问题6个，已完成整改3个，基本完成整改2个，未完成1个", "problems": 6, "completed": 3,
                 "in_progress": 2, "not_completed": 1},
        contact={"phone": "0755-2666-0789"}, published="2025-02-18", furniture=[],
    ),
    # An audit notice numbering its problems in words, each with its measures in the same paragraph.
    "university-audit-worded": dict(
        file="university-audit-worded.txt",
        title="青禾大学关于2024年度内部审计发现问题整改情况的公告",
        body="青禾大学", inspection={"kind": "审计"}, parts=["*"], groups=[],
        problems=["部分科研经费报销票据不规范", "个别单位资产未及时入账", "部分采购项目合同签订滞后"],
        markers=["问题一：", "问题二：", "问题三："], statuses=["已完成", "已完成", "正在整改"],
        summary={"text": "共发现问题3个", "problems": 3},
        contact={"phone": "0731-8800-1234", "email": "sjc@example.edu.cn"}, published="2024-07-10", furniture=[],
    ),
    # Round two. A CMS page with sentences of its own above and below the announcement (a greeting,
    # the day's date, IPv6, a QR code, a browser hint, and two sentences of no known form).
    "cms-sentences-around": dict(
        file="cms-sentences-around.txt",
        title="中共青禾县文化和旅游局党组关于县委第四巡察组巡察反馈问题整改进展情况的通报",
        body="中共青禾县文化和旅游局党组",
        inspection={"kind": "巡察", "team": "县委第四巡察组", "start": "2024-10-14", "end": "2024-11-29",
                    "feedback": "2025-01-08"},
        parts=["一、整改工作总体情况", "二、反馈问题整改情况*", "三、下一步工作"], groups=[],
        problems=["公共文化场馆免费开放不到位", "文物安全巡查记录不全", "旅游市场执法力度不够"],
        statuses=["已完成", "已完成", "正在整改"],
        summary={"text": "巡察反馈的3个问题，已完成整改2个，正在整改1个", "problems": 3, "completed": 2, "in_progress": 1},
        contact={"phone": "0739-5210000", "email": "qhwlj@example.cn"}, published="2025-04-02",
        signature={"name": "中共青禾县文化和旅游局党组", "date": "2025年4月2日"},
        closing=["欢迎广大干部群众对整改落实情况进行监督。联系电话：0739-5210000；电子邮箱：qhwlj@example.cn。"],
        furniture=["欢迎来到", "今天是", "IPv6", "扫码关注", "融媒体中心", "关怀版", "青禾县人民政府网站", "浏览次数",
                   "分享到", "【打印】", "上一篇", "主办单位", "网站标识码", "ICP备", "Chrome"],
    ),
    # A company's audit notice with no contact: attachments after its signature, then the page's footer.
    "attachments-no-contact": dict(
        file="attachments-no-contact.txt",
        title="青禾港务集团有限公司关于2024年度内部审计发现问题整改情况的公告",
        body="青禾港务集团有限公司", inspection={"kind": "审计"},
        parts=["一、审计发现问题的整改情况*", "二、下一步工作"], groups=[],
        problems=["部分合同未按规定审批", "固定资产盘点不及时", "差旅费报销标准执行不严"],
        statuses=["已完成", "已完成", "正在整改"], summary=None, contact=None, published="2025-03-18",
        signature={"name": "青禾港务集团有限公司", "date": "2025年3月18日"},
        after_signature=["附件：", "1.内部审计发现问题整改台账", "2.整改佐证材料清单.pdf"],
        furniture=["【打印本页】", "主办单位"],
    ),
    # Problems "问题一：……。整改状态：……" each in one paragraph, then a closing that does not start
    # with 欢迎 but is about the whole rectification.
    "closing-without-invitation": dict(
        file="closing-without-invitation.txt",
        title="中共青禾职业技术学院委员会关于市委第三巡察组巡察反馈问题整改进展情况的通报",
        body="中共青禾职业技术学院委员会",
        inspection={"kind": "巡察", "team": "市委第三巡察组", "start": "2024-09-09", "end": "2024-11-01",
                    "feedback": "2024-12-20"},
        parts=["*"], groups=[],
        problems=["专业设置与地方产业需求衔接不紧", "实习实训基地管理不规范", "学生资助审核把关不严"],
        markers=["问题一：", "问题二：", "问题三："], statuses=["已完成", "已完成", "正在整改"], summary=None,
        contact={"phone": "0739-5230000", "email": "qhzy_dw@example.edu.cn"}, published="2025-03-06",
        closing=["学院党委将把巡察整改作为长期任务，持续巩固整改成果，对已完成的整改事项适时开展“回头看”。",
                 "如有意见建议，请及时向我们反映。联系电话：0739-5230000；电子邮箱：qhzy_dw@example.edu.cn。"],
        furniture=[],
    ),
    # The text's paragraphs as printed: a document number above a title over two lines, a spaced
    # group marker "（ 一 ）", "1.关于" and "2. 关于", a heading sharing its paragraph, status lines of
    # their own (one after sub-problems), ① clauses, sub-problems run on after 整改情况：, a group
    # heading with its words, a deadline and a responsible unit, a signature on one line.
    "layout-verbatim": dict(
        file="layout-verbatim.txt",
        title="中共青禾县审计局党组关于县委第二巡察组巡察反馈意见整改情况的通报",
        body="中共青禾县审计局党组",
        inspection={"kind": "巡察", "team": "县委第二巡察组", "start": "2024-11-04", "end": "2024-12-20",
                    "feedback": "2025-02-14"},
        parts=["一、整改工作总体情况", "二、具体问题整改情况*", "三、下一步工作"],
        groups=["（ 一 ）落实审计监督职责方面", "（二）干部队伍建设方面。"],
        problems=["审计整改跟踪不到位", "审计报告质量不高", "干部交流轮岗不及时", "业务培训覆盖面窄"],
        markers=[None, "2. ", None, None], statuses=["已完成", "已完成", "已完成", "正在整改"],
        summary={"text": "共梳理问题4个，已整改到位3个，整改率75%", "problems": 4, "completed": 3, "rate": "75%"},
        contact={"phone": "0739-5220000"}, published="2025-05-06",
        signature={"name": "中共青禾县审计局党组", "date": "2025年5月6日", "on_one_line": True},
        public={"number_line": "青禾审〔2025〕7号", "document_number": "青禾审〔2025〕7号",
                "document_title_lines": ["中共青禾县审计局党组", "关于县委第二巡察组巡察反馈意见整改情况的通报"]},
        subproblems={3: ["重点岗位轮岗滞后", "交流机制不健全"], 4: ["基层所培训偏少", "培训考核不严"]},
        furniture=[],
    ),
    # Problems numbered ① … under "(一)……方面" groups.
    "circled-problems": dict(
        file="circled-problems.txt",
        title="中共青禾县供水有限公司委员会关于县委第五巡察组巡察反馈意见整改进展情况的通报",
        body="中共青禾县供水有限公司委员会",
        inspection={"kind": "巡察", "team": "县委第五巡察组", "start": "2025-02-17", "end": "2025-03-28",
                    "feedback": "2025-04-25"},
        parts=["一、整改工作总体情况", "二、反馈问题整改情况*"], groups=["（一）供水服务方面", "（二）企业管理方面"],
        problems=["抄表收费不规范", "报装接水办理时间长", "工程项目结算滞后", "管网漏损率偏高"],
        markers=["①", "②", "③", "④"], statuses=["已完成", "已完成", "已完成", "正在整改"],
        summary={"text": "4个问题，已完成整改3个，正在整改1个，整改完成率75%", "problems": 4, "completed": 3,
                 "in_progress": 1, "rate": "75%"},
        contact={"phone": "0739-5240000", "email": "qhgs_dw@example.cn"}, published="2025-06-30", furniture=[],
    ),
    # "一、关于××的问题" parts holding "1." problems numbered across them (not one problem each): the
    # parts are groups; each problem keeps its own deadline and unit, and its own sub-problems.
    "about-parts-numbered-across": dict(
        file="about-parts-numbered-across.txt",
        title="中共青川县林业局党组关于县委巡察反馈意见整改情况的通报", body="中共青川县林业局党组",
        inspection={"kind": "巡察", "team": "县委第四巡察组", "start": "2025-04-07", "end": "2025-05-23"},
        parts=["*"], groups=["一、关于履行森林资源保护责任的问题", "二、关于落实党风廉政建设的问题"],
        problems=["林长制巡林工作流于形式", "林木采伐审批把关不严",
                  "公务接待管理不规范", "干部教育管理偏松偏软"],
        statuses=[None, None, None, None], summary=None,
        subproblems={2: ["采伐现场核查不到位", "伐后验收滞后"]},
        contact={"phone": "0716-5512340"}, published="2025-08-29", furniture=[],
    ),
    # A count whose scope runs on into the next sentence (已整改到位2个,正在整改1个,完成率…): all read.
    "counts-across-sentences": dict(
        file="counts-across-sentences.txt",
        title="中共青岚区住房和城乡建设局党组关于区委巡察整改进展情况的通报", body="中共青岚区住房和城乡建设局党组",
        inspection={"kind": "巡察", "team": "区委第一巡察组", "start": "2025-03-03", "end": "2025-04-18"},
        parts=["一、巡察反馈问题整改落实情况*"], groups=[],
        problems=["物业服务监管不到位", "建筑工地扬尘管控不力", "老旧小区改造进度滞后"],
        statuses=["已完成", "已完成", "正在整改"],
        summary={"text": "共梳理具体问题3个，制定整改措施11条。截至2025年8月31日，已整改到位2个，正在整改1个，整改完成率66.7%",
                 "problems": 3, "completed": 2, "in_progress": 1, "rate": "66.7%"},
        contact={"phone": "0717-6610023"}, published="2025-09-10", furniture=[],
    ),
    # "问题一:××。<the finding>。" then "整改措施:": the finding is the problem's, the label the label;
    # statuses in other labels (整改结果:, 完成情况:); a named 审计组 rather than the audit body.
    "finding-before-label": dict(
        file="finding-before-label.txt",
        title="青峰能源集团有限公司关于经济责任审计发现问题整改情况的公告", body="青峰能源集团有限公司",
        inspection={"kind": "审计", "team": "市审计局第三审计组"},
        parts=["一、审计发现问题整改情况*"], groups=[],
        problems=["采购管理不规范。部分物资采购未履行比选程序，涉及金额1260万元", "工程结算审核不严。两个项目结算金额高于合同约定",
                  "内部审计整改跟踪不及时"],
        markers=["问题一：", "问题二：", "问题三："], statuses=["已完成", "已完成", "正在整改"], summary=None,
        contact={"phone": "0718-3320561"}, published="2025-06-12", furniture=[],
    ),
    # A 巡察办's report on several inspected bodies (GBK), grouped by body, numbering restarting in each.
    "groups-by-unit-gbk": dict(
        file="groups-by-unit-gbk.txt",
        title="中共青川县委巡察工作领导小组办公室关于县委第三轮巡察集中整改进展情况的通报",
        body="中共青川县委巡察工作领导小组办公室", inspection={"kind": "巡察"},
        parts=["*"], groups=["一、县交通运输局党组", "二、县市场监督管理局党组"],
        problems=["农村公路养护资金使用不规范", "工程项目质量监管缺位", "食品安全抽检覆盖面不足"],
        markers=["1．", "2．", "1．"], statuses=["已完成", "正在整改", "已完成"], summary=None,
        contact={"phone": "0716-7781234"}, published="2025-10-20", furniture=[],
        public={"document_number": "青巡办〔2025〕5号"},
    ),
    # A table of problems (a Word table copied as text: cells separated by tabs), one problem a row.
    "word-table-tabs": dict(
        file="word-table-tabs.txt",
        title="青川水务集团有限公司关于经济责任审计发现问题整改情况的公告", body="青川水务集团有限公司",
        inspection={"kind": "审计", "team": "市审计局第一审计组"},
        parts=["一、审计发现问题整改情况*", "二、下一步工作"], groups=[],
        problems=["部分管网改造项目未按期完工", "水费减免审批手续不全", "闲置资产未及时处置"],
        markers=["1", "2", "3"], statuses=["正在整改", "已完成", "已完成"], summary=None,
        contact={"phone": "0716-8870012"}, published="2025-10-15", furniture=[],
    ),
    # Status labels and words as rows: 整改结果:已整改/已办结/正在整改, 完成情况:已整改到位; a label
    # followed by words that are no status ("完成情况:已完成对……") states none.
    "status-wordings": dict(
        file="status-wordings.txt",
        title="中共青溪镇委员会关于县委巡察反馈意见整改进展情况的通报", body="中共青溪镇委员会",
        inspection={"kind": "巡察", "team": "县委第五巡察组"},
        parts=["一、整改落实情况*"], groups=[],
        problems=["村务公开不及时", "集体资产底数不清", "矛盾纠纷化解不及时", "农村危房改造推进缓慢", "基层干部培训不足"],
        statuses=["已完成", "已完成", "已完成", "正在整改", None], summary=None,
        contact={"phone": "0713-8867012"}, published="2025-09-05", furniture=[],
    ),
}


def data_with_site_contact(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir(parents=True)
    (data / "site.yml").write_text(SITE_FILE, encoding="utf-8")
    return data


def printed(entries: list[dict]) -> list[str]:
    return [e.get("marker", "") + e.get("heading", "") + ("*" if e.get("problems") else "") for e in entries]


@pytest.mark.parametrize("name", PUBLISHED)
def test_each_published_text_is_placed_as_the_text_has_it(tmp_path, name):
    v = PUBLISHED[name]
    data = data_with_site_contact(tmp_path)
    result = run_import(FIXTURES / v["file"], name, data)
    assert result.returncode == 0, result.stderr
    disclosure, items = read_import(data / name)
    assert disclosure["title"] == v["title"]
    assert disclosure["body"] == v["body"]
    assert disclosure.get("inspection") == v["inspection"]
    assert printed(disclosure["parts"]) == v["parts"]
    assert printed(disclosure.get("groups", [])) == v["groups"]
    assert [item["problem"] for item in items] == v["problems"]
    assert [item.get("status") for item in items] == v["statuses"]
    assert disclosure.get("summary") == v["summary"]
    assert disclosure.get("contact") == v["contact"]
    for key, value in v.get("public", {}).items():
        assert disclosure[key] == value, key
    for key in ("published", "signature", "closing", "after_signature"):
        if key in v:
            assert disclosure.get(key) == v[key], key
    if "markers" in v:
        assert [item.get("marker") for item in items] == v["markers"]
    for number, problems in v.get("subproblems", {}).items():
        assert [s.get("problem") for s in items[number - 1]["subproblems"]] == problems
        assert "measures" not in items[number - 1]  # the sub-problems are not one measure's text
    for start, paragraph in zip(v.get("opening_starts", []), disclosure["opening"]):
        assert paragraph.startswith(start)
    record = (data / name / "source.txt").read_text(encoding="utf-8")
    for furniture in v["furniture"]:
        assert furniture not in record, furniture
        assert all(furniture not in text for text in disclosure["opening"] + disclosure.get("closing", []))
    # Nothing is dropped silently: each line of the file is in the record or among those listed as left out.
    source = read_source(FIXTURES / v["file"])
    left_out = {p.line for p in parse(source).left_out}
    assert [line for line in record.splitlines() if line.strip()] == \
        [p.text for p in source.paragraphs if p.line not in left_out]
    listed = set()
    for first, last in re.findall(r"第(\d+)(?:–(\d+))?行", result.stdout.partition("未导入的网页内容")[2]):
        listed |= set(range(int(first), int(last or first) + 1))
    assert left_out <= listed
    assert all(furniture in "".join(p.text for p in source.paragraphs if p.line in left_out) for furniture in v["furniture"])


def test_the_import_lists_what_it_left_out_with_its_line_numbers(tmp_path):
    result = run_import(FIXTURES / "cms-district-xuncha.txt", "cms", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    listing = result.stdout[result.stdout.index("未导入的网页内容"):]
    assert "第1–13行" in listing and "第15–18行" in listing and "第31–36行" in listing
    # Every line left out is named by its place, the unrecognised ones too (a site's name, a link).
    assert "青石区人民政府门户网站" in listing and "关怀版" in listing and "【打印本页】" in listing
    assert result.stdout.index("未导入的网页内容") < result.stdout.index("已导入")  # told before writing


def _docx(lines: list[str], path: Path, index_as_table: bool = False) -> Path:
    import docx

    document = docx.Document()
    at = 0
    if index_as_table:  # the index table as Word keeps it: labels and values in the cells of a table
        start = lines.index("信息索引号：")
        for line in lines[:start]:
            document.add_paragraph(line)
        cells = lines[start:start + 10]
        table = document.add_table(rows=3, cols=4)
        for n, text in enumerate(cells):
            table.rows[n // 4].cells[n % 4].text = text
        at = start + 10
    for line in lines[at:]:
        document.add_paragraph(line)
    document.save(path)
    return path


def test_the_same_page_as_txt_saved_html_and_docx_gives_the_same_data(tmp_path):
    text = FIXTURES / "cms-district-xuncha.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    sources = {
        "txt": text,
        "html": FIXTURES / "cms-district-xuncha.html",
        "docx": _docx(lines, tmp_path / "page.docx"),
        "docx-table": _docx(lines, tmp_path / "page-table.docx", index_as_table=True),
    }
    got = {}
    for kind, source in sources.items():
        result = run_import(source, "cms", tmp_path / kind)
        assert result.returncode == 0, (kind, result.stderr)
        folder = tmp_path / kind / "cms"
        got[kind] = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.*"))}
    assert got["html"] == got["txt"]
    assert got["docx"] == got["txt"]
    assert got["docx-table"] == got["txt"]
    disclosure, _ = read_import(tmp_path / "html" / "cms")
    assert disclosure["index_number"] == "11440300MB2C92XXXX/2025-00123"


def test_check_prints_what_was_understood_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    result = run_import(FIXTURES / "provincial-xunshi.txt", "xunshi", data, "--check")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for shown in ("标题:中共青山省发展和改革委员会党组关于省委巡视整改进展情况的通报", "发布单位:", "类别:巡视;省委第五巡视组",
                  "部分:", "问题类别 （一）在“贯彻落实党中央决策部署”方面", "问题:4 个", "含子问题的问题:1(2 个)",
                  "整改状态:原文未写明 4 个", "汇总:“共计8项具体问题", "联系方式:电话 0731-8999-0001",
                  "落款:中共青山省发展和改革委员会党组 2025年1月15日", "未导入的网页内容", "第2–3行", "未写入任何文件"):
        assert shown in out, shown
    assert not data.exists()


def test_make_import_with_check_writes_nothing_and_without_it_imports_and_validates(tmp_path):
    project = copy_project(tmp_path / "project")
    make = ["make", "-s", "import", f"SOURCE={FIXTURES / 'short-notice.txt'}", "ID=notice",
            f"BIN={Path(sys.executable).parent}", "SITE_DEPS="]
    checked = subprocess.run(make + ["CHECK=1"], cwd=project, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "问题:6 个" in checked.stdout and "未写入任何文件" in checked.stdout
    assert not (project / "data" / "notice").exists()
    imported = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    assert (project / "data" / "notice" / "items" / "06.yml").is_file()
    assert "数据检查通过" in imported.stdout


def test_a_text_without_a_contact_is_refused_naming_both_ways_to_supply_one(tmp_path):
    data = tmp_path / "data"
    result = run_import(FIXTURES / "npc-city-audit.txt", "npc", data)
    assert_refused(result, data, [], "没有写监督联系方式", "补进原文", "data/site.yml", "contact:")
    assert "标题:青石市人民政府关于" in result.stdout  # what was understood is shown all the same
    data = data_with_site_contact(tmp_path / "with-site")
    assert run_import(FIXTURES / "npc-city-audit.txt", "npc", data).returncode == 0


def test_make_validate_refuses_a_disclosure_without_any_contact_and_names_both_ways(tmp_path):
    data = data_with_site_contact(tmp_path)
    assert run_import(FIXTURES / "npc-city-audit.txt", "npc", data).returncode == 0
    validate = [sys.executable, "-m", "disclosure_site.check", str(data)]
    assert subprocess.run(validate, cwd=ROOT, capture_output=True, text=True).returncode == 0
    (data / "site.yml").write_text("host: 青石市政务服务数据管理局\n", encoding="utf-8")
    result = subprocess.run(validate, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "npc/disclosure.yml" in result.stderr and "没有监督联系方式" in result.stderr
    assert "contact" in result.stderr and "data/site.yml" in result.stderr


def test_a_summary_in_other_words_is_checked_against_the_items(tmp_path):
    text = (FIXTURES / "short-notice.txt").read_text(encoding="utf-8")
    source = tmp_path / "wrong.txt"
    source.write_text(text.replace("基本完成整改2个，未完成1个", "基本完成整改1个，未完成2个"), encoding="utf-8")
    data = tmp_path / "data"
    result = run_import(source, "wrong", data)
    assert_refused(result, data, [], "通不过项目的检查", "未完成", "第 2 行")
    source.write_text(text.replace("巡察反馈问题6个", "巡察反馈问题7个"), encoding="utf-8")
    assert_refused(run_import(source, "wrong", data), data, [], "原文统计有 7 个问题", "6 项")


@pytest.mark.parametrize(
    "sentence, summary",
    [
        ("巡视反馈问题共2个方面5个问题，细化为共计50项具体问题，截至目前已整改40项，正在整改10项。",
         {"text": "共计50项具体问题，截至目前已整改40项，正在整改10项", "problems": 50, "completed": 40, "in_progress": 10}),
        ("审计工作报告共反映1263个问题，已整改1153个，整改率91.29%。",
         {"text": "共反映1263个问题，已整改1153个，整改率91.29%", "problems": 1263, "completed": 1153, "rate": "91.29%"}),
        ("审计发现问题4个，已完成整改3个。", {"text": "审计发现问题4个，已完成整改3个", "problems": 4, "completed": 3}),
        ("反馈问题9个，基本完成整改4个，未完成5个。",
         {"text": "反馈问题9个，基本完成整改4个，未完成5个", "problems": 9, "in_progress": 4, "not_completed": 5}),
        ("巡察组反馈的12条问题中，已办结10条，持续整改2条，总体完成率83.3%。",
         {"text": "反馈的12条问题中，已办结10条，持续整改2条，总体完成率83.3%", "problems": 12, "completed": 10,
          "in_progress": 2, "rate": "83.3%"}),
        ("共涉及问题8项，完成整改6项，尚未完成2项。",
         {"text": "共涉及问题8项，完成整改6项，尚未完成2项", "problems": 8, "completed": 6, "not_completed": 2}),
        ("巡察反馈问题10个，其中已完成整改的问题6个，基本完成整改的问题4个。",
         {"text": "巡察反馈问题10个，其中已完成整改的问题6个，基本完成整改的问题4个", "problems": 10, "completed": 6,
          "in_progress": 4}),
    ],
)
def test_summary_counts_are_read_verbatim_in_their_other_wordings(sentence, summary):
    assert read_summary(["局党组高度重视整改工作。", sentence]) == summary


def _parsed(tmp_path: Path, text: str):
    source = tmp_path / "text.txt"
    source.write_text(text, encoding="utf-8")
    return parse(read_source(source))


def test_the_team_and_dates_are_never_read_from_a_source_line(tmp_path):
    parsed = _parsed(tmp_path, "某某市财政局关于审计整改情况的公告\n信息来源：广东省审计厅\n"
                               "2024年3月，按照有关工作安排，对我局开展了审计。现将审计整改情况公告如下。\n"
                               "1.关于“预算编制不细”的问题。修订预算编制规程。\n联系电话：0000-1234567。\n某某市财政局\n2024年9月1日\n")
    assert parsed.disclosure["inspection"] == {"kind": "审计"}
    assert "信息来源：广东省审计厅" not in parsed.disclosure["opening"]
    assert [p.text for p in parsed.left_out] == ["信息来源：广东省审计厅"]


def test_the_kind_of_an_audit_is_read_from_its_title(tmp_path):
    parsed = _parsed(tmp_path, "某某集团有限公司关于经济责任审计整改情况的公告\n"
                               "按照上级有关规定，集团对原董事长任期履职情况进行了检查。现将整改情况公告如下。\n"
                               "一、关于“制度执行不到位”的问题\n已修订制度。\n联系电话：0000-1234567。\n")
    assert parsed.disclosure["inspection"] == {"kind": "审计"}
    assert [item.get("marker") for item in parsed.items] == ["一、"]


def test_missing_problems_on_a_web_page_are_refused_saying_what_was_found(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><div class='nav'>首页</div><div id='zoom'>"
                    "<p>关于巡察整改工作的情况说明</p><p>根据县委部署，县委第二巡察组对我单位开展了巡察。</p>"
                    "<p>一、整改工作情况</p><p>成立领导小组，逐项推进。</p><p>二、下一步打算</p><p>持续巩固整改成果。</p>"
                    "</div></body></html>", encoding="utf-8")
    data = tmp_path / "data"
    result = run_import(page, "page", data)
    assert_refused(result, data, [], "没有找到编号的问题", "“一、整改工作情况”", "“二、下一步打算”", "都当作各部分的标题",
                   "一、关于××的问题", "(一)关于“××”的问题")
    assert "自动编号" not in result.stderr  # Word's numbering is no explanation for a web page


# -- imported, validated, built and read back -----------------------------------------------------
@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    return import_and_build(tmp_path_factory, {name: (FIXTURES / v["file"], ()) for name, v in PUBLISHED.items()}, SITE_FILE)


def _disclosure_pages(site, name: str):
    return [page for page in site.pages() if page.path.is_relative_to(site.site / name)]


@pytest.mark.parametrize("name", PUBLISHED)
def test_each_published_text_reads_on_the_site_as_the_text_says(published_site, name):
    v = PUBLISHED[name]
    home = published_site.page(name)
    assert home.h1 == v["title"]
    pages = _disclosure_pages(published_site, name)
    assert len(pages) >= len(v["problems"]) + 3  # home, items, 原文, 监督与反馈
    for page in pages:
        shown = page.text + page.soup.title.get_text() + " ".join(m.get("content", "") for m in page.soup.select("meta"))
        for furniture in v["furniture"]:
            assert furniture not in shown, (page.path, furniture)
    # Each problem on its own page, under its heading.
    for number, problem in enumerate(v["problems"], start=1):
        page = published_site.page(f"{name}/{number:02d}")
        assert problem in page.h1
        ledger = " ".join(e.get_text(" ", strip=True) for e in page.content.select(".dp-ledger, .dp-unstated"))
        status = v['statuses'][number - 1]
        assert f"整改状态 {status}" in ledger if status else "原文未载明整改状态" in ledger
    # The 原文 page is the text without its furniture.
    record = (published_site.project / "data" / name / "source.txt").read_text(encoding="utf-8")
    original = published_site.page(f"{name}/original").content.select_one(".dp-original").get_text("\n", strip=True)
    assert squash(original) == squash(record)
    # The text's own count, checked against the statuses when every problem states one.
    if not v["summary"]:
        return
    assert v["summary"]["text"] in home.text
    # Said only when the count states statuses and every one agrees ("共发现问题3个" states none).
    states_statuses = bool({"completed", "in_progress", "not_completed", "all_completed"} & set(v["summary"]))
    if all(v["statuses"]) and states_statuses:
        assert "原文的统计与各项整改状态一致。" in home.content.select_one(".dp-status-summary").get_text()
    else:
        assert "原文的统计与各项整改状态一致" not in home.text


@pytest.mark.parametrize("name", PUBLISHED)
def test_every_page_shows_the_texts_contact_or_the_sites_labelled_as_the_sites(published_site, name):
    v = PUBLISHED[name]
    for page in (published_site.page(name), published_site.page(f"{name}/01"), published_site.page(f"{name}/feedback")):
        footer = page.soup.select_one(".dp-footer-contact").get_text(" ", strip=True)
        mails = {a["href"].split("?")[0] for a in page.soup.select("a[href^='mailto:']")}
        if v["contact"]:
            assert "本网站联系方式" not in footer and v["contact"]["phone"] in footer
            assert SITE_CONTACT["phone"] not in page.html
        else:
            assert "本网站联系方式" in footer and "原文未载明监督联系方式" in footer
            assert SITE_CONTACT["phone"] in footer and SITE_CONTACT["email"] in footer
            assert mails == {"mailto:" + SITE_CONTACT["email"]}
    if not v["contact"]:
        feedback = published_site.page(f"{name}/feedback").content
        assert feedback.select_one("#feedback-contact").get_text() == "本网站联系方式"
        assert "不是原文的内容" in feedback.get_text()
        item = published_site.page(f"{name}/01")
        mailto = item.content.select_one("#feedback ~ dl a[href^='mailto:']")["href"]
        assert mailto.startswith("mailto:" + SITE_CONTACT["email"] + "?subject=")
        assert "本网站的联系方式" in item.content.select_one("#feedback + p").get_text()


@pytest.mark.parametrize("name", PUBLISHED)
def test_the_original_page_and_download_reproduce_the_published_paragraphs(published_site, name):
    """Paragraph for paragraph and marker for marker as printed (“（ 一 ）”, “2. 关于”, a heading and
    its measures in one paragraph, a status line of its own, a title over two lines …)."""
    record = (published_site.project / "data" / name / "source.txt").read_text(encoding="utf-8")
    printed = [line.strip() for line in record.splitlines() if line.strip()]
    page = published_site.page(f"{name}/original").content.select_one(".dp-original")
    # Its title, parts, groups and items are headings (issue 21: they print as headings); read in order with the rest.
    assert [p.get_text().strip() for p in page.find_all(["p", "h1", "h2", "h3", "h4"])] == printed
    download = (published_site.site / "open-data" / f"{name}.txt").read_text(encoding="utf-8")
    assert [line.strip() for line in download.splitlines() if line.strip()] == printed


def test_a_deadline_and_a_responsible_unit_the_text_states_are_shown_on_the_item(published_site):
    ledger = published_site.page("layout-verbatim/04").content.select_one(".dp-ledger").get_text(" ", strip=True)
    assert "整改时限 2025年6月底" in ledger and "责任单位 县审计局人事教育股" in ledger
    unstated = published_site.page("layout-verbatim/01").content.select_one(".dp-unstated").get_text(strip=True)
    assert unstated == "原文未载明整改时限和责任单位"  # what the text leaves unstated, in one quiet line


def test_the_sites_contact_is_not_followed_by_a_bare_source_line(published_site):
    """Under the site's own contact, “来源:<单位>” would read as if the body had supplied it."""
    footer = published_site.page("attachments-no-contact").soup.select_one(".dp-footer-contact").get_text(" ", strip=True)
    assert "本网站联系方式" in footer and "原文来源:青禾港务集团有限公司" in footer
    assert not re.search(r"(?<!原文)来源:", footer)
    footer = published_site.page("cms-sentences-around").soup.select_one(".dp-footer-contact").get_text(" ", strip=True)
    assert "来源:中共青禾县文化和旅游局党组" in footer and "原文来源" not in footer


def test_the_index_table_fills_the_public_information_table(published_site):
    table = published_site.page("cms-district-xuncha").content.select_one(".dp-public-info")
    rows = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in table.select("tr")}
    assert rows == {"索引号": "11440300MB2C92XXXX/2025-00123", "发布机构": "青石区农业农村局",
                    "成文日期": "2025年3月10日", "公开方式": "主动公开"}
    assert published_site.page("short-notice").content.select_one(".dp-public-info") is None


def test_sub_problems_in_one_paragraph_are_sections_with_anchors(published_site):
    page = published_site.page("provincial-xunshi/01")
    subs = [(h["id"], h.get_text(strip=True)) for h in page.content.select("h3")]
    assert subs == [("sub-1", "（1）关于“项目储备库更新不及时”的问题。"), ("sub-2", "（2）关于“前期工作经费保障不足”的问题。")]
    assert "新增储备项目126个" in page.text


# -- more shapes, in-process ------------------------------------------------------------------------
SHORT_SHAPES = {
    # A heading that ends at a colon, the signature's name and date on one line, the index table
    # printed below the text.
    "colon-and-one-line-signature": (
        ["中共某某县民政局党组关于县委巡察整改进展情况的通报",
         "根据县委统一部署，县委第三巡察组于2024年5月对县民政局党组开展了巡察。现将整改进展情况通报如下。",
         "1.关于“养老服务机构监管不到位”的问题：开展养老机构安全检查，整改隐患26处。整改状态：已完成。",
         "2.关于“社会救助审核把关不严”的问题：清退不符合条件对象18户。整改状态：已完成。",
         "欢迎社会各界监督。联系电话：0000-3333333。", "中共某某县民政局党组 2024年10月15日",
         "【打印本页】 【关闭窗口】", "索引号：1234/2024-00077", "发布机构：某某县民政局", "公开方式：主动公开"],
        dict(problems=["养老服务机构监管不到位", "社会救助审核把关不严"], measures=["开展养老机构安全检查，整改隐患26处。整改状态：已完成。"],
             signature={"name": "中共某某县民政局党组", "date": "2024年10月15日", "on_one_line": True}, published="2024-10-15",
             index_number="1234/2024-00077", issuer="某某县民政局", disclosure_mode="主动公开")),
    # An audit result notice whose problems are "(一)××。" sentences in the part that lists them.
    "lettered-sentences": (
        ["某某区审计局关于某某街道办事处原主任经济责任审计结果的公告",
         "区审计局于2024年8月至9月对某某街道办事处原主任任期经济责任履行情况进行了审计。",
         "一、审计发现的主要问题和整改情况",
         "（一）部分专项资金未专款专用。街道已将挪用的专项资金56万元归还原渠道。（已整改）",
         "（二）固定资产管理不规范。街道已开展资产清查，补登资产卡片。（整改中）",
         "二、审计建议", "加强财务管理。", "欢迎监督。联系电话：0000-1234567。", "某某区审计局", "2024年12月1日"],
        dict(problems=["部分专项资金未专款专用", "固定资产管理不规范"], statuses=["已完成", "正在整改"],
             inspection={"kind": "审计", "team": "区审计局"})),
    # Problems numbered (1) with nothing numbered above them.
    "problems-numbered-in-brackets": (
        ["某某镇人民政府关于巡察反馈问题整改情况的通报", "根据区委巡察工作安排，区委第五巡察组对我镇进行了巡察。现将整改情况通报如下：",
         "一、巡察反馈问题整改落实情况", "（1）关于“村级财务管理不规范”的问题", "整改情况：规范财务审批流程。（已完成）",
         "（2）关于“惠民政策落实不到位”的问题", "整改情况：开展全面排查。（正在整改）", "二、下一步工作打算", "持续巩固整改成果。",
         "欢迎监督。联系电话：0000-6666666。", "某某镇人民政府", "2024年8月1日"],
        dict(problems=["村级财务管理不规范", "惠民政策落实不到位"], statuses=["已完成", "正在整改"], markers=["（1）", "（2）"])),
    # A group heading that goes on with its own words, numbered problems under it.
    "group-with-its-words": (
        ["某某省人民政府关于2023年度省级预算执行审计查出问题整改情况的报告", "——2024年11月26日在某某省第十四届人民代表大会常务委员会第十三次会议上",
         "主任、各位副主任、各位委员：", "受省人民政府委托，现将审计查出问题整改情况报告如下，请予审议。",
         "一、审计查出问题整改情况", "（一）省级财政管理审计查出问题整改情况。省财政厅等部门认真落实整改要求。",
         "1.关于省级预算执行进度较为缓慢的问题。省财政厅已提前下达转移支付资金1200亿元。",
         "2.关于部分非税收入未及时缴入国库的问题。已督促相关单位缴入国库8.5亿元。", "二、下一步工作安排", "持续深化整改。"],
        dict(problems=["省级预算执行进度较为缓慢", "部分非税收入未及时缴入国库"], body="某某省人民政府",
             groups=[{"marker": "（一）", "heading": "省级财政管理审计查出问题整改情况。", "paragraphs": ["省财政厅等部门认真落实整改要求。"],
                      "heading_shares_paragraph": True}])),
}


@pytest.mark.parametrize("name", SHORT_SHAPES)
def test_more_shapes_bodies_publish(tmp_path, name):
    lines, expected = SHORT_SHAPES[name]
    parsed = _parsed(tmp_path, "\n".join(lines) + "\n")
    d, items = parsed.disclosure, parsed.items
    assert [item["problem"] for item in items] == expected["problems"]
    if "statuses" in expected:
        assert [item.get("status") for item in items] == expected["statuses"]
    if "markers" in expected:
        assert [item.get("marker") for item in items] == expected["markers"]
    if "measures" in expected:
        assert items[0]["measures"] == expected["measures"]
    for key in ("signature", "published", "index_number", "issuer", "disclosure_mode", "inspection", "body", "groups"):
        if key in expected:
            assert d.get(key) == expected[key], key
    data_with_site_contact(tmp_path / "site")
    result = run_import(tmp_path / "text.txt", "shape", tmp_path / "site" / "data")
    assert result.returncode == 0, result.stderr  # and the data passes make validate's checks


def test_a_saved_page_whose_article_starts_with_the_speech_line_keeps_the_page_heading_as_title(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(
        "<html><head><title>关于审计查出问题整改情况的报告-某某县审计局</title></head><body>"
        "<div class='nav'>首页 政务公开</div><div class='article'><div class='article-title'><h1>关于审计查出问题整改情况的报告</h1></div>"
        "<div class='article-info'>发布时间：2025-12-01 来源：某某县审计局</div><div class='article-content'>"
        "<p>——2025年11月28日在某某县第十八届人民代表大会常务委员会第二十六次会议上</p><p>某某县审计局局长　李某某</p>"
        "<p>主任、各位副主任、各位委员：</p><p>受县人民政府委托，报告审计查出问题的整改情况，请予审议。</p>"
        "<p>一、审计查出问题整改情况</p><p>（一）关于暂付款清理不及时的问题。已清理暂付款3260万元。</p>"
        "<p>二、下一步工作</p><p>持续跟踪督促整改。</p></div>"
        "<div class='article-print'>【打印本页】</div></div><div class='footer'>主办：某某县审计局</div></body></html>",
        encoding="utf-8")
    parsed = parse(read_source(page))
    assert parsed.disclosure["title"] == parsed.disclosure["document_title"] == "关于审计查出问题整改情况的报告"
    assert parsed.disclosure["opening"][0].startswith("——2025年11月28日")
    assert parsed.disclosure["body"] == "某某县审计局" and parsed.disclosure["published"] == "2025-12-01"
    assert "主办" not in parsed.record and "发布时间" not in parsed.record
