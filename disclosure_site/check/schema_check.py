"""Check each data file against its JSON Schema, with errors editors can act on.

The rules that span files run on the model (rules.py); run.py runs every check in order, and
`python -m disclosure_site.check` (what `make validate` does) is its command line. Every problem is
reported at once, in Chinese, with file, line and field, so an editor can fix them in one go.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from disclosure_site.read.errors import DataError, DataErrors, field_name
from disclosure_site.read.kinds import (
    DISCLOSURE_FILE, ITEM_FILE, ITEMS_FOLDER, field_label, field_title, item_file_name, load_schema,
)
from disclosure_site.read.yaml_file import LoadedFile, LoadError, load_yaml
from disclosure_site.read.paths import DATA_DIR
from disclosure_site.read.site_layout import id_problem, project_docs


@dataclass
class CheckedFiles:
    """A disclosure whose files each passed their schema; still plain dicts, see model.py."""

    id: str
    folder: Path
    disclosure: LoadedFile
    items: list[LoadedFile]
    complete: bool  # False when some of its item files failed their own checks


def check_files(data_dir: Path = DATA_DIR) -> tuple[list[CheckedFiles], list[DataError]]:
    """Every disclosure folder, each file read and checked against its schema: the files that
    passed (so that the rules across files can run on them too) and the errors of the others."""
    errors: list[DataError] = []
    checked: list[CheckedFiles] = []
    if not data_dir.is_dir():
        raise DataErrors([DataError(data_dir, None, None, "找不到数据文件夹 data/。")])
    entries = sorted(p for p in data_dir.iterdir() if not p.name.startswith("."))
    for entry in entries:
        if entry.is_symlink():
            errors.append(DataError(entry, None, None, "这是一个链接:data/ 中只能放普通的文件夹和文件。"))
    folders = [p for p in entries if p.is_dir() and not p.is_symlink()]
    docs = project_docs(data_dir)
    for folder in folders:
        problem = id_problem(folder.name, docs)  # a web address, and none of the site's own names
        if problem:
            errors.append(DataError(folder, None, None, f"文件夹名就是公开的编号,{problem}"))
            continue
        result = check_disclosure_folder(folder, errors)
        if result:
            checked.append(result)
    if not folders and not errors:
        errors.append(DataError(data_dir, None, None, "data/ 里还没有任何公开内容:请建一个文件夹,放入 disclosure.yml 和 items/。"))
    return checked, errors


def check_disclosure_folder(folder: Path, errors: list[DataError]) -> CheckedFiles | None:
    """One disclosure folder's files read and checked against their schemas (errors are added to `errors`)."""
    count_before = len(errors)
    disclosure_path = folder / DISCLOSURE_FILE
    disclosure = None
    if not disclosure_path.is_file():
        errors.append(DataError(disclosure_path, None, None, "缺少 disclosure.yml(这份公开的整体信息)。"))
    else:
        disclosure = _load_and_check_schema(disclosure_path, "disclosure", errors)

    items_dir = folder / ITEMS_FOLDER
    items: list[LoadedFile] = []
    if items_dir.is_symlink():
        errors.append(DataError(items_dir, None, None, "items/ 是一个链接:请放一个普通的文件夹。"))
    elif not items_dir.is_dir():
        errors.append(DataError(items_dir, None, None, "缺少 items/ 文件夹(每项整改事项一个文件)。"))
    else:
        for path in sorted(items_dir.iterdir()):
            if path.name.startswith(".") or (path.is_dir() and not path.is_symlink()):
                continue
            if not ITEM_FILE.match(path.name):
                errors.append(
                    DataError(path, None, None, "文件名应为序号加 .yml,例如 07.yml(不要用 .yaml 或其他名字)。")
                )
                continue
            item = _load_and_check_schema(path, "item", errors)
            if item:
                errors.extend(_check_file_name(item))
                items.append(item)
        if not items and len(errors) == count_before:
            errors.append(DataError(items_dir, None, None, "items/ 里没有任何整改事项文件。"))

    if disclosure is None or not items:
        return None
    return CheckedFiles(folder.name, folder, disclosure, items, complete=len(errors) == count_before)


def check_file(path: Path, kind: str) -> LoadedFile:
    """One YAML file read and checked against read/schema/<kind>.schema.json (used for data/site.yml)."""
    errors: list[DataError] = []
    loaded = _load_and_check_schema(path, kind, errors)
    if errors:
        raise DataErrors(errors)
    return loaded


def _load_and_check_schema(path: Path, kind: str, errors: list[DataError]) -> LoadedFile | None:
    try:
        loaded = load_yaml(path)
    except LoadError as exc:
        errors.extend(exc.errors)
        return None
    schema_errors = list(_schema_errors(loaded, kind))
    errors.extend(schema_errors)
    return None if schema_errors else loaded


def _check_file_name(loaded: LoadedFile) -> list[DataError]:
    number = loaded.data["number"]
    expected = int(ITEM_FILE.match(loaded.path.name).group(1))
    if number == expected:
        return []
    return [error_at(loaded, "item", ("number",),
                     f"序号 {number} 与文件名 {loaded.path.name} 不一致:应为 {expected},或把文件改名为 {item_file_name(number)}。")]


def error_at(loaded: LoadedFile, kind: str, path: tuple, message: str) -> DataError:
    return DataError(loaded.path, loaded.line_of(path), field_name(path), message, field_label(kind, path) if path else None)


# ---------------------------------------------------------------- schema

@cache
def _end_anchored(pattern: str) -> str:
    """`pattern` with each `$` (outside a [class], unescaped) as `\\Z`: the end of the text only."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
    return "".join(out)


def _pattern_as_json_schema_means_it(validator, pattern: str, instance: Any, schema: dict):
    """A schema's pattern is ECMA-262's, where `$` ends the text; Python's `$` also matches before a
    final line break, so "name@example.com\\n" (YAML's "\\n") passed the e-mail pattern and every
    pattern anchored with `$`. The form editor (JavaScript) reads the patterns as the schema means them."""
    if validator.is_type(instance, "string") and not re.search(_end_anchored(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_SchemaValidator = validators.extend(Draft202012Validator, {"pattern": _pattern_as_json_schema_means_it})


@cache
def _validator(kind: str) -> Draft202012Validator:
    return _SchemaValidator(load_schema(kind), format_checker=FormatChecker())


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
    if not isinstance(loaded.data, dict):
        yield DataError(loaded.path, 1, None, "文件内容应为若干“字段: 内容”,请对照示例文件检查。")
        return
    seen = set()
    for err in sorted(_validator(kind).iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        if (path, "empty") in seen and err.validator in ("minLength", "pattern"):
            continue  # an empty text breaks two rules; say it once
        if err.validator in ("minLength", "pattern") and err.instance == "":
            seen.add((path, "empty"))
        for field_path, message in _translate(err, path, kind, loaded):
            yield error_at(loaded, kind, field_path, message)


def _translate(err: ValidationError, path: tuple, kind: str, loaded: LoadedFile) -> Iterable[tuple[tuple, str]]:
    rule = err.validator
    written = loaded.written(path)
    if rule == "required":
        for name in err.validator_value:
            if name not in err.instance:
                title = field_title(kind, path + (name,))
                yield path + (name,), f"缺少必填字段“{name}”({title})。" if title else f"缺少必填字段“{name}”。"
    elif rule == "additionalProperties":
        allowed = err.schema.get("properties", {})
        names = "、".join(f"{k}({v.get('title', '')})" for k, v in allowed.items())
        for name in err.instance:
            if name not in allowed:
                yield path + (name,), f"不认识的字段“{name}”:可能拼写有误。这里可以填写的字段有:{names}。"
    elif rule == "anyOf" and not path and kind == "item":
        yield ("measures",), "缺少整改措施:请填写 measures(整改情况),或分列的子问题 subproblems。"
    elif rule == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        wanted = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        message = f"应为{wanted},现在是{_describe(err.instance, written)}。"
        if "string" in expected and isinstance(err.instance, (int, float, bool)):
            message += f"请用英文引号把内容括起来,写成 \"{written or err.instance}\"。"
        elif "string" in expected and isinstance(err.instance, dict) and written is None:
            message += "文字中有英文冒号“: ”时,请把整段文字用英文引号括起来(文字照原文,不要改冒号)。"
        yield path, message
    elif rule in ("pattern", "minLength", "maxLength", "format"):
        hint = err.schema.get("x-hint")
        if rule == "format" and err.validator_value == "date":
            if isinstance(err.instance, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", err.instance):
                yield path, f"“{err.instance}”不是真实存在的日期:{hint or ''}"
            # otherwise it is not written as a date at all: the pattern's message says how to write it
        elif rule == "pattern" and "date" in err.schema.get("format", "") and isinstance(err.instance, str):
            yield path, f"日期请写成 YYYY-MM-DD 的形式{_as_iso_date(err.instance)}(现在是“{err.instance}”)。"
        elif rule == "maxLength":
            yield path, f"文字太长(超过 {err.validator_value} 字):一个字段放不下这么长的内容,请检查是否误粘贴。"
        else:
            yield path, f"{hint or '格式不对。'}(现在是“{written or err.instance}”)"
    elif rule == "minItems":
        yield path, f"至少要有 {err.validator_value} 项。"
    elif rule == "minProperties":
        yield path, f"至少要填写 {err.validator_value} 项。"
    elif rule == "enum":
        options = "、".join(str(v) for v in err.validator_value)
        yield path, f"只能填写以下之一:{options}(现在是“{written or err.instance}”)。"
    elif rule == "const":
        yield path, f"只能写 {str(err.validator_value).lower()},或删去这一行。"
    elif rule == "uniqueItems":
        yield path, "有重复的项,请删去重复的一个。"
    elif rule in ("minimum", "maximum"):
        yield path, f"超出允许范围(现在是 {written or err.instance})。"
    else:
        yield path, f"不符合要求({err.message})。"


_CURLY_QUOTES = "\u2018\u2019\u201c\u201d"


def _as_iso_date(text: str) -> str:
    """2024年12月31日 -> “,应写成 2024-12-31”: the editor's own date, written the way the file needs it."""
    if re.fullmatch(r"\s*[\u2018\u2019\u201c\u201d]\s*[0-9-]+\s*[\u2018\u2019\u201c\u201d]\s*", text):
        bare = text.strip(" " + _CURLY_QUOTES)
        return f",并用英文引号(')括起来,写成 '{bare}',不要用中文引号"
    match = re.fullmatch(r"\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*", text)
    if not match:
        return ",例如 2024-03-19"
    year, month, day = match.groups()
    return f",应写成 {year}-{int(month):02d}-{int(day):02d}"


def _describe(value: Any, written: str | None) -> str:
    if isinstance(value, bool):
        return f"是/否(“{written}”会被读成是/否)" if written else f"是/否({value})"
    if isinstance(value, (int, float)):
        return f"数字 {written}" if written else f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "一组“字段: 内容”"
    return "空" if value is None else str(type(value).__name__)
