"""The pull-request check's summary in plain Chinese: which step failed and what to do.

Reads the outcome of each step (success, failure, skipped) from the environment, as the
workflow passes them, and prints Markdown for GitHub's job summary.
Usage: VALIDATE=… TEST=… SITE=… python3 tools/check_summary.py
"""
from __future__ import annotations

import os

STEPS = [
    ("VALIDATE", "检查数据",
     "数据有错误:请打开“检查数据”一步,按中文提示(文件、行号、字段)修改后再提交;出错的行也标注在“文件改动”页上。"),
    ("TEST", "程序测试",
     "程序测试未通过:这通常不是数据的问题,编辑人员不必修改数据;预览网站仍已生成,请通知维护人员。"),
    ("SITE", "生成预览网站",
     "预览网站没有生成:请打开“生成预览网站”一步查看原因;若是数据错误,按提示修改。"),
]
WORDS = {"success": "通过", "failure": "未通过", "skipped": "未运行", "cancelled": "已取消", "": "未运行"}


def summary(outcomes: dict[str, str]) -> str:
    lines = ["## 检查结果", "", "| 步骤 | 结果 |", "| --- | --- |"]
    lines += [f"| {label} | {WORDS.get(outcomes.get(key, ''), outcomes.get(key, ''))} |" for key, label, _ in STEPS]
    lines.append("")
    advice = [f"- {text}" for key, _, text in STEPS if outcomes.get(key) == "failure"]
    if outcomes.get("SITE") == "success":
        advice.append("- 预览网站已生成:在本次检查页面底部的 Artifacts 中下载 `site`,请审核人按 CONTRIBUTING.md"
                      "“预览”一节打开,看修改的页面、“原文”页和“更新记录”是否正确。")
    if not advice:
        advice.append("- 数据检查未通过,预览网站没有生成:请先按“检查数据”一步的提示修改。")
    return "\n".join(lines + advice) + "\n"


if __name__ == "__main__":
    print(summary({key: os.environ.get(key, "") for key, _, _ in STEPS}))
