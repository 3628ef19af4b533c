"""Read one YAML file safely, keeping the line of every field.

PyYAML alone silently keeps the last of two equal keys, turns `2024-02-30` into an error
deep inside the parser and `2024-03-19` into a date object. Here every scalar stays text
(dates are checked by the schema), duplicate keys are rejected, and each field's line is
remembered so that an error can point an editor at it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, field_name

FieldPath = tuple  # e.g. ("figures", 0, "value")


# libyaml's parser when PyYAML has it (about ten times faster; same nodes and line marks).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that reads timestamps as plain strings."""


# Drop the implicit timestamp rule so dates stay the text the editor typed.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LoadedFile:
    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class LoadError(Exception):
    def __init__(self, error: DataError):
        self.error = error
        super().__init__(str(error))


def load_yaml(path: Path) -> LoadedFile:
    """Parse `path`; raise LoadError with a Chinese message on anything an editor can get wrong."""
    raw = path.read_bytes()
    text = _decode(path, raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise LoadError(DataError(path, 1, None, "文件是空的:请填写内容,或删除这个文件。"))

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[FieldPath, int] = {}
        _index_lines(path, node, (), lines)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        bad_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        raise LoadError(DataError(path, line, None, _explain_yaml_error(exc, bad_line))) from None
    except yaml.YAMLError as exc:  # errors without a position
        raise LoadError(DataError(path, None, None, f"YAML 格式错误({exc})。")) from None
    finally:
        loader.dispose()
    return LoadedFile(path, data, lines)


def parse_old_revision(raw: bytes) -> Any:
    """A data file as it was in an earlier commit, read the same way; None if it does not parse."""
    try:
        return yaml.load(raw.decode("utf-8").removeprefix("\ufeff"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(
            DataError(
                path,
                line,
                None,
                "文件不是 UTF-8 编码(可能是用 GBK/GB2312 保存的):请用 UTF-8 编码重新保存。",
            )
        ) from None
    return text.removeprefix("\ufeff")


def _index_lines(path: Path, node: yaml.Node, here: FieldPath, lines: dict[FieldPath, int]) -> None:
    lines.setdefault(here, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key_line = key_node.start_mark.line + 1
            if key is None:
                raise LoadError(DataError(path, key_line, None, "字段名必须是简单文字。"))
            if key in seen:
                raise LoadError(
                    DataError(
                        path,
                        key_line,
                        field_name(here + (key,)),
                        f"字段重复:第 {seen[key]} 行已经写过“{key}”,同一处只能写一次,请删除或合并其中一个。",
                    )
                )
            seen[key] = key_line
            lines[here + (key,)] = key_line
            _index_lines(path, value_node, here + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            lines[here + (index,)] = child.start_mark.line + 1
            _index_lines(path, child, here + (index,), lines)


_YAML_HINTS = {
    "mapping values are not allowed here": "这一行多了一个英文冒号“: ”,或上一行的引号没有闭合。含冒号的文字请整段加引号。",
    "could not find expected ':'": "缺少“字段名: 内容”中的英文冒号(冒号后要有一个空格),或缩进不对;问题可能在这一行或上一行。",
    "found character '\\t' that cannot start any token": "用了制表符(Tab)缩进:请改用空格。",
    "found unexpected end of stream": "引号没有闭合:请检查这一段的引号是否成对。",
    "did not find expected key": "缩进不一致:同一层的字段要对齐(用空格,不要用 Tab)。",
    "expected <block end>, but found": "缩进不一致:同一层的字段要对齐。",
    "but found another document": "文件里有多余的“---”分隔线:一个文件只能写一份内容。",
    "found undefined alias": "用了未定义的“*”引用:文字以 * 开头时请加引号。",
}


def _explain_yaml_error(exc: yaml.MarkedYAMLError, bad_line: str) -> str:
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    if "\t" in bad_line:
        detail = "found character '\\t' that cannot start any token " + detail
    for needle, hint in _YAML_HINTS.items():
        if needle in detail:
            return f"YAML 格式错误:{hint}(原始信息:{detail})"
    return f"YAML 格式错误:请检查这一行及上一行的缩进、冒号和引号。(原始信息:{detail})"
