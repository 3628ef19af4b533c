"""Check data/ before anything is rendered: JSON Schema per file, then rules across files.

Run alone with `python -m macros.validate` (what `make validate` does). Every problem is
reported at once, in Chinese, with file, line and field, so an editor can fix them in one go.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .errors import DataError, DataErrors, field_name
from .load import LoadedFile, LoadError, load_yaml
from .paths import DATA_DIR, SCHEMA_DIR

DISCLOSURE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
ITEM_FILE = re.compile(r"^(\d{1,3})\.yml$")


@dataclass
class CheckedDisclosure:
    """A disclosure whose files passed every check; still plain dicts, see model.py."""

    id: str
    folder: Path
    disclosure: LoadedFile
    items: list[LoadedFile]


def check_data(data_dir: Path = DATA_DIR) -> list[CheckedDisclosure]:
    """Return the checked disclosures, or raise DataErrors listing every problem found."""
    errors: list[DataError] = []
    checked: list[CheckedDisclosure] = []
    if not data_dir.is_dir():
        raise DataErrors([DataError(data_dir, None, None, "找不到数据文件夹 data/。")])
    folders = sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in folders:
        if not DISCLOSURE_ID.match(folder.name):
            errors.append(
                DataError(
                    folder, None, None,
                    "文件夹名只能用小写英文字母、数字和连接号“-”(它会成为网址的一部分),例如 wuhan-jingxin-2024。",
                )
            )
            continue
        result = _check_disclosure_folder(folder, errors)
        if result:
            checked.append(result)
    if not folders and not errors:
        errors.append(DataError(data_dir, None, None, "data/ 里还没有任何公开内容:请建一个文件夹,放入 disclosure.yml 和 items/。"))
    if errors:
        raise DataErrors(errors)
    return checked


def _check_disclosure_folder(folder: Path, errors: list[DataError]) -> CheckedDisclosure | None:
    count_before = len(errors)
    disclosure_path = folder / "disclosure.yml"
    disclosure = None
    if not disclosure_path.is_file():
        errors.append(DataError(disclosure_path, None, None, "缺少 disclosure.yml(这份公开的整体信息)。"))
    else:
        disclosure = _load_and_check_schema(disclosure_path, "disclosure", errors)
        if disclosure:
            errors.extend(_check_disclosure_rules(disclosure))

    items_dir = folder / "items"
    items: list[LoadedFile] = []
    if not items_dir.is_dir():
        errors.append(DataError(items_dir, None, None, "缺少 items/ 文件夹(每项整改事项一个文件)。"))
    else:
        for path in sorted(items_dir.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if not ITEM_FILE.match(path.name):
                errors.append(
                    DataError(path, None, None, "文件名应为序号加 .yml,例如 07.yml(不要用 .yaml 或其他名字)。")
                )
                continue
            item = _load_and_check_schema(path, "item", errors)
            if item:
                errors.extend(_check_item_rules(item))
                items.append(item)
        errors.extend(_check_item_numbers(items))
        if not items and len(errors) == count_before:
            errors.append(DataError(items_dir, None, None, "items/ 里没有任何整改事项文件。"))

    if len(errors) > count_before or disclosure is None:
        return None
    items.sort(key=lambda item: item.data["number"])
    return CheckedDisclosure(folder.name, folder, disclosure, items)


def check_file(path: Path, kind: str) -> LoadedFile:
    """One YAML file read and checked against macros/schema/<kind>.schema.json (used for data/site.yml)."""
    errors: list[DataError] = []
    loaded = _load_and_check_schema(path, kind, errors)
    if errors:
        raise DataErrors(errors)
    return loaded


def _load_and_check_schema(path: Path, kind: str, errors: list[DataError]) -> LoadedFile | None:
    try:
        loaded = load_yaml(path)
    except LoadError as exc:
        errors.append(exc.error)
        return None
    schema_errors = list(_schema_errors(loaded, kind))
    errors.extend(schema_errors)
    return None if schema_errors else loaded


# ---------------------------------------------------------------- schema

@cache
def load_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(kind), format_checker=FormatChecker())


_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "array": "列表(每项另起一行,以“- ”开头)",
    "object": "若干“字段: 内容”",
    "boolean": "是/否",
    "null": "空",
}


def _schema_errors(loaded: LoadedFile, kind: str) -> Iterable[DataError]:
    schema = load_schema(kind)
    if not isinstance(loaded.data, dict):
        yield DataError(loaded.path, 1, None, "文件内容应为若干“字段: 内容”,请对照示例文件检查。")
        return
    for err in sorted(_validator(kind).iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        for field_path, message in _translate(err, path, schema):
            yield DataError(loaded.path, loaded.line_of(field_path), field_name(field_path), message)


def _translate(err: ValidationError, path: tuple, schema: dict) -> Iterable[tuple[tuple, str]]:
    title = _title_at(schema, path)
    label = f"({title})" if title else ""
    kind = err.validator
    if kind == "required":
        for name in err.validator_value:
            if name not in err.instance:
                sub_title = _title_at(schema, path + (name,))
                yield path + (name,), f"缺少必填字段“{name}”({sub_title})。" if sub_title else f"缺少必填字段“{name}”。"
    elif kind == "additionalProperties":
        allowed = err.schema.get("properties", {})
        names = "、".join(f"{k}({v.get('title', '')})" for k, v in allowed.items())
        for name in err.instance:
            if name not in allowed:
                yield path + (name,), f"不认识的字段“{name}”:可能拼写有误。这里可以填写的字段有:{names}。"
    elif kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        wanted = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        message = f"{label}应为{wanted},现在是{_describe(err.instance)}。"
        if "string" in expected and isinstance(err.instance, (int, float, bool)):
            message += "若内容是数字、日期或 yes/no 之类的词,请用英文引号括起来,例如 \"430023\"。"
        yield path, message
    elif kind in ("pattern", "minLength", "format"):
        hint = err.schema.get("x-hint")
        if kind == "format" and err.validator_value == "date":
            yield path, f"{label}“{err.instance}”不是真实存在的日期:{hint or ''}"
        else:
            yield path, f"{label}{hint or '格式不对。'}(现在是“{err.instance}”)"
    elif kind == "minItems":
        yield path, f"{label}至少要有 {err.validator_value} 项。"
    elif kind == "enum":
        options = "、".join(str(v) for v in err.validator_value)
        yield path, f"{label}只能填写以下之一:{options}(现在是“{err.instance}”)。"
    elif kind == "uniqueItems":
        yield path, f"{label}有重复的项,请删去重复的一个。"
    elif kind in ("minimum", "maximum"):
        yield path, f"{label}超出允许范围(现在是 {err.instance})。"
    else:
        yield path, f"{label}不符合要求({err.message})。"


def _title_at(schema: dict, path: tuple) -> str | None:
    """The Chinese title of the field at `path`, walking properties/items and $refs."""
    node = schema
    for part in path:
        node = _resolve(schema, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part)
            if node is None:
                return None
    return node.get("title") or _resolve(schema, node).get("title")


def _resolve(root: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return root["$defs"][ref.removeprefix("#/$defs/")]
    return node


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"是/否({value})"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "一组“字段: 内容”"
    return "空" if value is None else str(type(value).__name__)


# ---------------------------------------------------------------- rules across fields and files

def figure_value(value: Any) -> str:
    """A figure's value as it is written in the text (YAML may have read it as a number)."""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def item_text(data: dict) -> str:
    return "".join(data["measures"])


def _check_disclosure_rules(loaded: LoadedFile) -> list[DataError]:
    errors = []
    inspection = loaded.data["inspection"]
    start, end, feedback = (dt.date.fromisoformat(inspection[k]) for k in ("start", "end", "feedback"))
    if end < start:
        errors.append(_error(loaded, ("inspection", "end"), f"巡察结束日期({end})早于开始日期({start})。"))
    if feedback < start:
        errors.append(_error(loaded, ("inspection", "feedback"), f"反馈日期({feedback})早于巡察开始日期({start})。"))
    return errors


def _check_item_rules(loaded: LoadedFile) -> list[DataError]:
    data = loaded.data
    errors = []
    expected = int(ITEM_FILE.match(loaded.path.name).group(1))
    if data["number"] != expected:
        errors.append(
            _error(loaded, ("number",), f"序号 {data['number']} 与文件名 {loaded.path.name} 不一致:应为 {expected},或把文件改名。")
        )
    if data["problem"] not in data["heading"]:
        errors.append(_error(loaded, ("problem",), f"问题“{data['problem']}”没有出现在标题“{data['heading']}”中。"))
    text = item_text(data)
    for index, figure in enumerate(data.get("figures", [])):
        for where, part in (((), figure), (("previous",), figure.get("previous"))):
            if part is None:
                continue
            written = figure_value(part["value"]) + figure["unit"]
            if written not in text:
                errors.append(
                    _error(
                        loaded,
                        ("figures", index) + where + ("value",),
                        f"“{written}”没有出现在本项整改措施的原文中:数值和单位须与原文一致。",
                    )
                )
    for index, citation in enumerate(data.get("citations", [])):
        names = [citation["title"]] + ([citation["short_title"]] if "short_title" in citation else [])
        if not any(f"《{name}》" in text for name in names):
            errors.append(
                _error(loaded, ("citations", index, "title"), f"《{citation['title']}》没有出现在本项整改措施的原文中。")
            )
    for index, tag in enumerate(data.get("tags", [])):
        if tag not in data["heading"] + text:
            errors.append(_error(loaded, ("tags", index), f"主题“{tag}”须是本项原文中出现的词语。"))
    return errors


def _check_item_numbers(items: list[LoadedFile]) -> list[DataError]:
    errors = []
    first_file: dict[int, Path] = {}
    for item in items:
        number = item.data["number"]
        if number in first_file:
            errors.append(
                _error(item, ("number",), f"序号 {number} 重复:{first_file[number].name} 已经用了这个序号。")
            )
        else:
            first_file[number] = item.path
    return errors


def _error(loaded: LoadedFile, path: tuple, message: str) -> DataError:
    return DataError(loaded.path, loaded.line_of(path), field_name(path), message)


# ---------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查 data/ 中的数据")
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR)
    parser.add_argument("--github", action="store_true", help="同时输出 GitHub 注释,显示在拉取请求的对应行上")
    args = parser.parse_args(argv)
    try:
        checked = check_data(args.data_dir)
        from .site_identity import load_site_identity  # it builds on this module: import late

        load_site_identity(args.data_dir)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        if args.github:
            for error in exc.errors:
                print(error.as_github_annotation())
        return 1
    items = sum(len(d.items) for d in checked)
    print(f"数据检查通过:{len(checked)} 份公开,{items} 项整改事项。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
