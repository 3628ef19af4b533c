"""python -m importer SOURCE ID [--replace] [--body 单位] [--title 标题] [--check] [--data-dir data]

Reads a published announcement, prints what it understood so that an editor can check it at a
glance, then writes data/<ID>/ (with --check, make import CHECK=1: runs every check and writes
nothing). A refusal prints why, in Chinese, and writes nothing.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from disclosure_site.read.errors import DataErrors
from disclosure_site.read.kinds import SITE_FILE
from disclosure_site.read.paths import DATA_DIR
from disclosure_site.check.site_identity import load_site_contact

from .errors import ImportRefused
from .outline import Parsed, parse
from .statements import gives_contact
from .read import Source, read_source
from .write import check_id, shown, write_disclosure

USAGE = "make import SOURCE=原文文件 ID=公开编号 [REPLACE=1] [BODY=发布单位] [TITLE=标题] [CHECK=1]"
CONTACT_NAMES = {"phone": "电话", "email": "电子邮箱", "postcode": "邮编", "address": "地址"}


class _Arguments(argparse.ArgumentParser):
    def error(self, message):  # argparse's own messages are English and end in a usage dump
        raise ImportRefused(f"命令写得不对({message})。用法:{USAGE}")


def main(argv: list[str] | None = None) -> int:
    parser = _Arguments(prog="python -m importer", description="把公布的整改情况原文导入为 data/<编号>/。")
    parser.add_argument("source", help="原文文件:.txt(UTF-8、GBK/GB18030、UTF-16)、.docx 或网页 .html")
    parser.add_argument("id", help="公开编号:小写字母、数字、连接号,成为网址 /<编号>/")
    parser.add_argument("--replace", action="store_true", help="编号已存在时整个替换")
    parser.add_argument("--body", help="发布单位(原文没有落款或“来源:”时必须给出)")
    parser.add_argument("--title", help="公开的标题(原文没有标题行或“现将……予以公布”时必须给出)")
    parser.add_argument("--check", action="store_true", help="只列出导入会得到的内容并做全部检查,不写入任何文件")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="数据文件夹,默认 data/")
    try:
        args = parser.parse_args(argv)
        if not args.source or not args.id:
            raise ImportRefused(f"请给出原文文件和公开编号。用法:{USAGE}")
        check_id(args.id, args.data_dir, args.replace)
        source = read_source(Path(args.source))
        parsed = parse(source, title=_given(args.title), body=_given(args.body))
        site_contact = _site_contact(args.data_dir)
        print(understood(parsed, source, site_contact))
        require_contact(parsed, site_contact)
        target = write_disclosure(parsed, parsed.record, args.data_dir, args.id, args.replace, dry_run=args.check)
    except ImportRefused as refusal:
        print(f"导入失败:{refusal}\n未写入任何文件。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("导入已中断,未写入任何文件。", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for an editor
        print(f"导入失败:程序内部错误({type(exc).__name__})。未写入任何文件。请把原文文件发给维护人员。", file=sys.stderr)
        return 3
    if args.check:
        print("检查通过(CHECK=1):以上就是导入会得到的内容,未写入任何文件。去掉 CHECK=1 再运行一次即导入。")
    else:
        print(f"已导入 {shown(target)}/。下一步:make validate 检查数据,make serve 在本地预览;核对无误后再提交。")
    return 0


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _site_contact(data_dir: Path) -> dict | None:
    try:
        contact = load_site_contact(data_dir)
    except DataErrors as exc:
        raise ImportRefused(f"{data_dir / SITE_FILE} 有错误,请先改好:\n{exc.report()}") from None
    return {k: v for k, v in vars(contact).items() if v} if contact else None


def require_contact(parsed: Parsed, site_contact: dict | None) -> None:
    """Every page shows a contact for public supervision: the text's own, or the site's."""
    if "contact" in parsed.disclosure or site_contact:
        return
    raise ImportRefused(
        "原文没有写监督联系方式(全文没有“电话:……”“电子邮箱:……”“邮编:……”或“通信地址:……”这样的写法),"
        "而网站每一页都要显示联系方式。有两种办法:一是原文本来有联系方式(例如结尾一段漏复制了),"
        "请把它补进原文文件后重新导入;二是公布的原文确实没有联系方式(人大常委会会议上的审计整改报告、"
        "不少企业的公告都是这样),请在 data/site.yml 中填写本网站的联系方式,例如:\n"
        "contact:\n  phone: 0000-1234567\n  email: someone@example.gov.cn\n"
        "(可填 phone、email、postcode、address),网站会在这份公开的各页注明“本网站联系方式”。"
    )


def understood(parsed: Parsed, source: Source, site_contact: dict | None) -> str:
    """What the import understood, in Chinese, for the editor to check before anything is written."""
    d, items = parsed.disclosure, parsed.items
    lines = [f"导入的结果如下(原文编码 {source.encoding}),请逐项与原文核对:", f"标题:{d['title']}"]
    if "document_title" in d and d["document_title"] != d["title"]:
        lines.append(f"原文标题行:{d['document_title']}")
    if "number_line" in d:
        lines.append(f"标题上方的文号:{d['number_line']}")
    lines.append(f"发布单位:{d['body']}")
    inspection = d.get("inspection", {})
    if inspection:
        dates = "".join(
            f";{label}{inspection[key]}" for key, label in (("start", "开始 "), ("end", "结束 "), ("feedback", "反馈 "))
            if key in inspection
        )
        lines.append(f"类别:{inspection['kind']};{inspection.get('team', '原文未写明组别')}{dates}")
    else:
        lines.append("类别:原文未写明巡视、巡察或审计")
    lines.append(f"开头:{len(d['opening'])} 段")
    lines.append("部分:")
    for part in d["parts"]:
        name = (part.get("marker", "") + part.get("heading", "")) or "(无标题)"
        extra = f" ← 问题清单,{len(items)} 个问题" if part.get("problems") else ""
        lines.append(f"  {name}({len(part.get('paragraphs', []))} 段){extra}")
    for index, group in enumerate(d.get("groups", []), start=1):
        numbers = [item["number"] for item in items if item.get("group") == index]
        shown = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"{numbers[0]}" if numbers else "无"
        lines.append(f"  问题类别 {group.get('marker', '')}{group['heading']}:问题 {shown}({len(numbers)} 个)")
    renumbered = [f"{item['number']}(原文“{item['marker']}”)" for item in items if "marker" in item]
    lines.append(f"问题:{len(items)} 个" + (f";原文编号不同的:{'、'.join(renumbered[:8])}{'……' if len(renumbered) > 8 else ''}" if renumbered else ""))
    with_subs = [f"{item['number']}({len(item['subproblems'])} 个)" for item in items if "subproblems" in item]
    if with_subs:
        lines.append(f"含子问题的问题:{'、'.join(with_subs)}")
    if "measures_label" in d:
        lines.append(f"整改措施前的标注:{d['measures_label']}")
    statuses = Counter(item["status"] for item in items if "status" in item)
    unstated = sum(1 for item in items if "status" not in item)
    lines.append(
        "整改状态:" + "、".join(f"{status} {count} 个" for status, count in statuses.items())
        + (f"{'、' if statuses else ''}原文未写明 {unstated} 个" if unstated else "")
    )
    summary = d.get("summary")
    if summary:
        counted = ",".join(
            f"{label} {summary[key]}" for key, label in
            (("problems", "问题"), ("completed", "已完成"), ("in_progress", "尚在推进"), ("not_completed", "未完成"),
             ("rate", "完成率")) if key in summary
        )
        done = ",已全部完成" if summary.get("all_completed") else ""
        lines.append(f"汇总:“{summary['text']}”({counted}{done};导入时与各项核对)")
    else:
        lines.append("汇总:原文未写明")
    for count, where, how in parsed.counts:
        checked = "与逐项列出的问题核对" if how == "items" else "不是同一口径,只核对它自己的完成率"
        lines.append(f"另一处统计:“{count['text']}”({where or ''};{checked})")
    dated = [str(item["number"]) for item in items if "deadline_text" in item]
    units = [str(item["number"]) for item in items if "responsible_units" in item]
    if dated or units:
        lines.append(f"写明整改时限的问题:{'、'.join(dated) or '无'};写明责任单位的问题:{'、'.join(units) or '无'}")
    if "contact" in d:
        lines.append("联系方式:" + ";".join(f"{CONTACT_NAMES[k]} {v}" for k, v in d["contact"].items()))
    elif site_contact:
        lines.append("联系方式:原文没有;各页显示本网站的联系方式(data/site.yml):"
                     + ";".join(f"{CONTACT_NAMES[k]} {v}" for k, v in site_contact.items()))
    else:
        lines.append("联系方式:原文没有,data/site.yml 也没有")
    closing = d.get("closing", [])
    lines.append(f"结尾:{len(closing)} 段,从“{_shorten(closing[0], 30)}”起" if closing
                 else "结尾:原文没有(最后一部分之后没有监督邀请、联系方式或另起的结束语)")
    signature = d.get("signature")
    lines.append(f"落款:{signature.get('name', '(无单位)')} {signature.get('date', '(无日期)')}" if signature else "落款:原文没有")
    for text in d.get("after_signature", []):
        lines.append(f"落款后:{text}")
    lines.append(f"发布日期:{d['published']}" if "published" in d else "发布日期:原文未写明")
    if "source" in d:
        lines.append(f"来源:{d['source']}")
    public = [(label, d[key]) for key, label in (("index_number", "索引号"), ("topic", "主题分类"), ("issuer", "发布机构"),
                                                 ("written_on", "成文日期"), ("document_number", "发文字号"),
                                                 ("disclosure_mode", "公开方式")) if key in d]
    if public:
        whence = "取自网页的信息公开表" if parsed.index else "发文字号取自标题上方的文号"
        lines.append(f"政务公开信息({whence}):" + ";".join(f"{label} {value}" for label, value in public))
    lines += left_out_lines(parsed, source)
    lines += [f"提示:{note}" for note in parsed.notes]
    return "\n".join(lines)


def left_out_lines(parsed: Parsed, source: Source) -> list[str]:
    """"未导入的网页内容:第1–15行 ……": each run of lines left out, every line of it by its first
    words; then the lines among them of no known furniture form, in full, for the editor to check."""
    if not parsed.left_out:
        return []
    position = {p.line: n for n, p in enumerate(source.paragraphs)}
    runs: list[list] = []
    for paragraph in parsed.left_out:
        if runs and position[paragraph.line] == position[runs[-1][-1].line] + 1:
            runs[-1].append(paragraph)
        else:
            runs.append([paragraph])
    lines = [f"未导入的网页内容(网页的导航、工具、信息公开表、页脚等,共 {len(parsed.left_out)} {source.unit};"
             "请核对其中没有公告的文字):"]
    for run in runs:
        where = f"第{run[0].line}{source.unit}" if len(run) == 1 else f"第{run[0].line}–{run[-1].line}{source.unit}"
        shown = [_shorten(p.text, 16) for p in run]
        for at in range(0, len(shown), 8):  # every line, eight to a printed line
            lines.append(f"  {where if at == 0 else ' ' * len(where)}:" + " / ".join(shown[at:at + 8]))
    if parsed.unrecognised:
        lines.append(f"其中 {len(parsed.unrecognised)} {source.unit}不是已知的网页内容,但在公告的标题之前或落款之后,也未导入"
                     "(若其中有公告的文字,请核对原文):")
        lines += [f"  第{p.line}{source.unit}:{_shorten(p.text, 60)}" for p in parsed.unrecognised]
        for p in (p for p in parsed.unrecognised if gives_contact(p.text)):
            lines.append(f"  第{p.line}{source.unit}写有联系方式,但它在公告之外(网站页脚常有网站自己的电话和地址),没有当作原文的"
                         "监督联系方式:若它是这份公告的,请在原文文件中把它移到落款之前,再重新导入。")
    return lines


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


if __name__ == "__main__":
    sys.exit(main())
