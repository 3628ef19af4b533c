"""The pull-request check's result in plain Chinese: which step failed and what to do.

Reads the outcome of each step (success, failure, skipped; GitLab's failed, canceled) from the
environment, as the workflow passes them; a step not passed is not listed (a GitLab job knows only
its own). Prints Markdown (GitHub's job summary, the file Forgejo keeps with the run) or, with
--text, plain lines for the job's log. --forge says where that forge shows the preview.
Usage: VALIDATE=… TEST=… SITE=… python3 tools/check_summary.py [--forge github|gitlab|forgejo] [--text]
"""
from __future__ import annotations

import argparse
import os

# Where each forge shows what the check left: the data errors besides the log, and the preview.
FORGES = {
    "github": ("出错的行也标注在“文件改动”页上。",
               "在本次检查页面底部的 Artifacts 中下载 `site`(zip 压缩包),解压后打开"),
    # What each GitLab tier shows of a code-quality report (docs.gitlab.com, ci/testing/code_quality).
    "gitlab": ("合并请求页面的“代码质量”部分也列出与 main 相比新出现的错误;专业版(Premium)起,流水线的"
               "“代码质量”标签页列出全部错误,旗舰版(Ultimate)还在“变更”页的对应行上标注。",
               "在合并请求页面点 “View app”(查看应用)在浏览器中打开(需要本单位的 GitLab 启用 Pages);"
               "也可以点 “site files” 下载整个网站,解压后打开"),
    "forgejo": ("这两种平台不在改动的行上标注错误:错误全部写在“检查数据”这一步日志的开头。",
                "在本次运行页面的“制品”(Artifacts)中下载 `site`(zip 压缩包),解压后打开"),
}
STEPS = [
    ("VALIDATE", "检查数据",
     "数据有错误:请打开“检查数据”一步,按中文提示(文件、行号、字段)修改后再提交。{lines}"),
    ("TEST", "程序测试",
     "程序测试未通过:这通常不是数据的问题,编辑人员不必修改数据;预览网站仍已生成,请通知维护人员。"),
    ("SITE", "生成预览网站",
     "预览网站没有生成:请打开“生成预览网站”一步查看原因;若是数据错误,按提示修改。"),
]
WORDS = {"success": "通过", "failure": "未通过", "failed": "未通过", "skipped": "未运行", "cancelled": "已取消",
         "canceled": "已取消", "": "未运行"}
FAILED = ("failure", "failed")


def summary(outcomes: dict[str, str], forge: str = "github", text: bool = False) -> str:
    lines_note, preview_place = FORGES[forge]
    shown = [(key, label, advice) for key, label, advice in STEPS if key in outcomes]
    rows = [(label, WORDS.get(outcomes[key], outcomes[key])) for key, label, _ in shown]
    advice = [note.format(lines=lines_note) for key, _, note in shown if outcomes[key] in FAILED]
    if outcomes.get("SITE") == "success":
        advice.append(f"预览网站已生成:{preview_place}(见 CONTRIBUTING.md“检查与预览”)。"
                      "请审核人看修改的页面、“原文”页和“更新记录”是否正确。")
    if not advice and outcomes.get("VALIDATE") not in ("success", None):
        advice.append("数据检查未通过,预览网站没有生成:请先按“检查数据”一步的提示修改。")
    if text:
        out = ["==== 检查结果 ===="] + [f"{label}:{word}" for label, word in rows] + [f"* {a}" for a in advice]
    else:
        out = ["## 检查结果", "", "| 步骤 | 结果 |", "| --- | --- |"] + [f"| {label} | {word} |" for label, word in rows]
        out += [""] + [f"- {a}" for a in advice]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="用中文说明拉取请求检查的结果")
    parser.add_argument("--forge", choices=sorted(FORGES), default="github")
    parser.add_argument("--text", action="store_true", help="纯文字,写入任务日志")
    args = parser.parse_args()
    print(summary({key: os.environ[key] for key, _, _ in STEPS if key in os.environ}, args.forge, args.text), end="")
