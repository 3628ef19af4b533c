"""Write data/<id>/ all at once: disclosure.yml, items/NN.yml and source.txt.

Everything goes into a hidden folder beside the target first (the site's checks skip
hidden folders) and is renamed into place only when complete, so a failure leaves nothing.
"""
from __future__ import annotations

import os
import subprocess
import shutil
import tempfile
from pathlib import Path

import yaml

from disclosure_site.read.kinds import DISCLOSURE_FILE, DISCLOSURE_ID, ITEMS_FOLDER, SITE_FILE, SOURCE_RECORD, item_file_name
from disclosure_site.read.yaml_file import LoadedFile, LoadError, load_yaml
from disclosure_site.read.errors import DataError, DataErrors
from disclosure_site.model.site import Summary, build_disclosure
from disclosure_site.check.run import load_site
from disclosure_site.check.rules import count_problems, rate_problems, summary_errors
from disclosure_site.check.record import paragraphs_differ

from .errors import ImportRefused
from .outline import Parsed

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
            f"{shown(target)}/ 已经存在:换一个编号,或确认要用新导入的内容整个替换它时加 --replace(make import 时写 REPLACE=1)。"
        )
    if target.exists() and _published(target / SOURCE_RECORD):
        raise ImportRefused(
            f"{shown(target)}/ 已经公布(它的 source.txt 已提交,是首次公布原文的记录,不能替换)。"
            "更正已公布的内容请直接改数据文件,并在提交说明中写明依据(见 CONTRIBUTING.md“修改一项整改事项”);"
            "发布单位公布了新的通报,请用新的编号导入。"
        )
    return target


def _published(record: Path) -> bool:
    """Whether the record is committed in git: then the disclosure has been published."""
    if not record.is_file():
        return False
    try:
        tracked = subprocess.run(["git", "ls-files", "--error-unmatch", record.name], cwd=record.parent,
                                 capture_output=True, check=False)
    except OSError:
        return False
    return tracked.returncode == 0


def shown(path: Path) -> str:
    """A path as the editor sees it: relative to where make runs, when it is inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def write_disclosure(parsed: Parsed, source_text: str, data_dir: Path, disclosure_id: str, replace: bool,
                     dry_run: bool = False) -> Path:
    """Write and check data/<id>/; with `dry_run` (make import CHECK=1) do every check the same
    way in a scratch folder outside data/, and leave data/ untouched."""
    target = check_id(disclosure_id, data_dir, replace)
    if not dry_run:
        data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{disclosure_id}.importing-", dir=None if dry_run else data_dir))
    old = None
    try:
        files = {staging / DISCLOSURE_FILE: parsed.disclosure}
        (staging / ITEMS_FOLDER).mkdir()
        for item in parsed.items:
            files[staging / ITEMS_FOLDER / item_file_name(item["number"])] = item
        loaded = []
        for path, data in files.items():
            path.write_text(dump_yaml(data), encoding="utf-8", newline="\n")
            loaded.append(_read_back(path, data))
        (staging / SOURCE_RECORD).write_text(source_text, encoding="utf-8", newline="\n")
        _check_whole_text(disclosure_id, staging, loaded, source_text)
        _check_as_published(disclosure_id, staging, parsed, data_dir / SITE_FILE)
        if dry_run:
            return target
        if target.exists():  # --replace: swap, then drop the old folder
            old = Path(tempfile.mkdtemp(prefix=f".{disclosure_id}.replaced-", dir=data_dir))
            os.rename(target, old / disclosure_id)
        os.rename(staging, target)
    except OSError as exc:
        if old and not target.exists():
            os.rename(old / disclosure_id, target)
        raise ImportRefused(f"无法写入 {shown(target)}/({exc.strerror}):请检查文件夹权限和磁盘空间。") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    return target


def _read_back(path: Path, data: dict) -> LoadedFile:
    """The project's own loader must read the file back as exactly what was meant."""
    try:
        loaded = load_yaml(path)
    except LoadError:
        loaded = None
    if loaded is None or loaded.data != data:
        raise ImportRefused(_internal(f"{path.name} 写出后读回的内容与写入的不同"))
    return loaded


def _check_whole_text(disclosure_id: str, folder: Path, loaded: list[LoadedFile], source_text: str) -> None:
    """Every paragraph of the source is in the data: the 原文 the site will print is the text's
    paragraphs, one for one (spaces inside a paragraph aside)."""
    try:
        disclosure = build_disclosure(disclosure_id, folder, loaded[0], loaded[1:])
        differs = paragraphs_differ(disclosure, source_text)
    except (KeyError, TypeError, ValueError):
        differs = "数据读不回来"
    if differs:
        raise ImportRefused(_internal(f"拆分后的内容拼不回原文的段落({differs})"))


def _check_as_published(disclosure_id: str, staging: Path, parsed: Parsed, site_file: Path) -> None:
    """The project's full check (schema and rules), on a data folder holding only this
    disclosure (and the site's own contact, data/site.yml): what `make validate` would reject
    is never put into data/."""
    with tempfile.TemporaryDirectory(prefix="import-check-") as scratch:
        folder = Path(scratch) / disclosure_id
        shutil.copytree(staging, folder)
        if site_file.is_file():
            shutil.copy(site_file, Path(scratch) / SITE_FILE)
        try:
            site = load_site(Path(scratch))
            errors = [e for d in site.disclosures for e in summary_errors(d)]  # what make validate checks at first publication
            if errors:
                raise DataErrors(errors)
        except DataErrors as exc:
            raise ImportRefused(_rejected(exc.errors, folder, parsed)) from None
        _check_other_counts(parsed, site.disclosures[0])


def _check_other_counts(parsed: Parsed, disclosure) -> None:
    """The text's other counts (besides its summary): of the problems or sub-problems listed, they
    are checked as the summary is; of another scope, only their rate against their own numbers."""
    found = []
    for count, where, how in parsed.counts:
        summary = Summary(**{k: v for k, v in count.items()})
        problems = count_problems(summary, disclosure.items) if how == "items" else rate_problems(summary)
        found += [f"  - 原文{where or ''}的统计“{count['text']}”:{message}" for _, message in problems]
    if found:
        raise ImportRefused("\n".join(["原文的统计与逐项列出的问题不一致,共 {} 处:".format(len(found))] + found + [
            "可以这样处理:对照原文核对上面指出的地方。若原文本身前后不一致,请向发布单位核实,在原文文件中按核实结果改正后"
            "重新导入;若原文没有错,是导入时没有认出这种写法,请把原文文件发给维护人员。"]))


def _rejected(errors: list[DataError], folder: Path, parsed: Parsed) -> str:
    lines = [f"导入后的数据通不过项目的检查(make validate 会拒绝它),共 {len(errors)} 处:"]
    for error in errors:
        try:
            file = error.file.relative_to(folder).as_posix()
        except ValueError:
            file = error.file.name
        name = f"“{error.label or error.field}”" if error.label or error.field else ""
        place = _source_place(file, error.field or "", parsed)
        lines.append(f"  - {file}{name}{place}:{error.message}")
        if (error.field or "").startswith("summary"):
            found = "、".join(parsed.places[item["number"]] for item in parsed.items if item["number"] in parsed.places)
            lines.append(f"    导入找到 {len(parsed.items)} 个问题,标题分别在原文{found}。")
    lines.append(
        "可以这样处理:对照原文核对上面指出的地方。若原文本身前后不一致(例如统计的问题数与逐项列出的问题数不符,"
        "或一个标题里写了两个问题),请向发布单位核实,在原文文件中按核实结果改正后重新导入;"
        "若原文没有错,是导入时没有认出这种写法,请把原文文件发给维护人员。"
    )
    return "\n".join(lines)


def _source_place(file: str, field: str, parsed: Parsed) -> str:
    if file.startswith(ITEMS_FOLDER + "/"):
        number = next((item["number"] for item in parsed.items if item_file_name(item["number"]) == file.split("/")[-1]), None)
        place = parsed.places.get(number)
    else:
        place = parsed.places.get("summary") if field.startswith("summary") else None
    return f"(原文{place})" if place else ""


def _internal(what: str) -> str:
    return f"程序内部错误:{what},未写入任何文件。请把原文文件发给维护人员。"
