"""Write data/<id>/ all at once: disclosure.yml, items/NN.yml and source.txt.

Everything goes into a hidden folder beside the target first (the site's checks skip
hidden folders) and is renamed into place only when complete, so a failure leaves nothing.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from macros.load import LoadError, load_yaml

from .errors import ImportRefused
from .outline import Parsed

DISCLOSURE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class _Dumper(yaml.SafeDumper):
    """Block style, no anchors; strings that YAML would read as numbers, dates or
    booleans ("430023", "2024-03-08", "1.") are quoted by the resolver, so they read back as text."""

    def ignore_aliases(self, data):
        return True


def dump_yaml(data: dict) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
        width=1_000_000,  # never fold a long paragraph over several lines
    )


def check_id(disclosure_id: str, data_dir: Path, replace: bool) -> Path:
    if not DISCLOSURE_ID.match(disclosure_id):
        raise ImportRefused(
            f"编号“{disclosure_id}”不能用:只能用小写英文字母、数字和连接号“-”,以字母或数字开头"
            "(它会成为网址的一部分),例如 wuhan-jingxin-2024。"
        )
    target = data_dir / disclosure_id
    if target.exists() and not replace:
        raise ImportRefused(
            f"{target} 已经存在:换一个编号,或确认要用新导入的内容整个替换它时加 --replace(make import 时写 REPLACE=1)。"
        )
    return target


def write_disclosure(parsed: Parsed, source_text: str, data_dir: Path, disclosure_id: str, replace: bool) -> Path:
    target = check_id(disclosure_id, data_dir, replace)
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{disclosure_id}.importing-", dir=data_dir))
    old = None
    try:
        files = {staging / "disclosure.yml": parsed.disclosure}
        (staging / "items").mkdir()
        for item in parsed.items:
            files[staging / "items" / f"{item['number']:02d}.yml"] = item
        for path, data in files.items():
            path.write_text(dump_yaml(data), encoding="utf-8", newline="\n")
            _check_reads_back(path, data)
        (staging / "source.txt").write_text(source_text, encoding="utf-8", newline="\n")
        if target.exists():  # --replace: swap, then drop the old folder
            old = Path(tempfile.mkdtemp(prefix=f".{disclosure_id}.replaced-", dir=data_dir))
            os.rename(target, old / disclosure_id)
        os.rename(staging, target)
    except OSError as exc:
        if old and not target.exists():
            os.rename(old / disclosure_id, target)
        raise ImportRefused(f"无法写入 {target}({exc.strerror}):请检查文件夹权限和磁盘空间。") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    return target


def _check_reads_back(path: Path, data: dict) -> None:
    """The project's own loader must read the file back as exactly what was meant."""
    try:
        loaded = load_yaml(path).data
    except LoadError as exc:
        loaded = exc
    if loaded != data:
        raise ImportRefused(f"程序内部错误:{path.name} 写出后读回的内容与原文不同,未写入任何文件。请把原文文件发给维护人员。")
