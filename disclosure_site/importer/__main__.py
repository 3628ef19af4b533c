"""python -m importer SOURCE ID [--replace] [--body 单位] [--title 标题] [--data-dir data]

Reads a published announcement and writes data/<ID>/, then prints what it found so that
an editor can check it at a glance. A refusal prints why, in Chinese, and writes nothing.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from disclosure_site.read.paths import DATA_DIR

from .errors import ImportRefused
from .outline import Parsed, parse
from .read import read_source
from .write import check_id, shown, write_disclosure

USAGE = "make import SOURCE=原文文件 ID=公开编号 [REPLACE=1] [BODY=发布单位] [TITLE=标题]"


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
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="数据文件夹,默认 data/")
    try:
        args = parser.parse_args(argv)
        if not args.source or not args.id:
            raise ImportRefused(f"请给出原文文件和公开编号。用法:{USAGE}")
        check_id(args.id, args.data_dir, args.replace)
        source = read_source(Path(args.source))
        parsed = parse(source, title=_given(args.title), body=_given(args.body))
        target = write_disclosure(parsed, source.text, args.data_dir, args.id, args.replace)
    except ImportRefused as refusal:
        print(f"导入失败:{refusal}\n未写入任何文件。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("导入已中断,未写入任何文件。", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for an editor
        print(f"导入失败:程序内部错误({type(exc).__name__})。未写入任何文件。请把原文文件发给维护人员。", file=sys.stderr)
        return 3
    try:
        print(report(parsed, target, source.encoding))
    except Exception:  # the files are written and checked; only the listing failed
        print(f"已导入 {target}/,但列出导入结果时出错:请用 make validate 检查,并把原文文件发给维护人员。")
    return 0


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def report(parsed: Parsed, target: Path, encoding: str) -> str:
    d, items = parsed.disclosure, parsed.items
    lines = [f"已导入 {shown(target)}/(原文编码 {encoding}),请逐项核对:", f"标题:{d['title']}"]
    if "document_title" in d:
        lines.append(f"原文标题行:{d['document_title']}")
    lines.append(f"发布单位:{d['body']}")
    inspection = d.get("inspection", {})
    if inspection:
        dates = "".join(
            f";{label}{inspection[key]}" for key, label in (("start", "开始 "), ("end", "结束 "), ("feedback", "反馈 "))
            if key in inspection
        )
        lines.append(f"{inspection['kind']}:{inspection.get('team', '(原文未写明组别)')}{dates}")
    lines.append(f"开头:{len(d['opening'])} 段")
    lines.append("部分:")
    for part in d["parts"]:
        name = (part.get("marker", "") + part.get("heading", "")) or "(无标题)"
        extra = f" ← 问题清单,{len(items)} 个问题" if part.get("problems") else ""
        lines.append(f"  {name}({len(part.get('paragraphs', []))} 段){extra}")
    for index, group in enumerate(d.get("groups", []), start=1):
        numbers = [item["number"] for item in items if item.get("group") == index]
        lines.append(f"  问题类别 {group['marker']}{group['heading']}:问题 {numbers[0]}–{numbers[-1]}({len(numbers)} 个)")
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
            (("problems", "问题"), ("completed", "已完成"), ("in_progress", "尚未完成"), ("rate", "完成率")) if key in summary
        )
        lines.append(f"汇总:“{summary['text']}”({counted})")
    else:
        lines.append("汇总:原文未写明")
    labels = {"phone": "电话", "email": "电子邮箱", "postcode": "邮编", "address": "地址"}
    lines.append("联系方式:" + ";".join(f"{labels[k]} {v}" for k, v in d["contact"].items()))
    signature = d.get("signature")
    if signature:
        published = f"(发布日期 {d['published']})" if "published" in d else ""
        lines.append(f"落款:{signature.get('name', '(无单位)')} {signature.get('date', '(无日期)')}{published}")
    else:
        lines.append("落款:原文没有")
    if "source" in d:
        lines.append(f"来源:{d['source']}")
    lines += [f"提示:{note}" for note in parsed.notes]
    lines.append("下一步:make validate 检查数据,make serve 在本地预览;核对无误后再提交。")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
