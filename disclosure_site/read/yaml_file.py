"""Read one YAML file safely, keeping the line of every field.

PyYAML alone silently keeps the last of two equal keys, turns `2024-02-30` into an error
deep inside the parser and `2024-03-19` into a date object. Here every scalar stays text
(dates are checked by the schema), duplicate keys are rejected, and each field's line is
remembered so that an error can point an editor at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from disclosure_site.read.errors import DataError, field_name
from disclosure_site.read.kinds import field_label, kind_of
from disclosure_site.read.yaml_silent import Problem, line_problems, node_problems
from disclosure_site.read.text import printable_data

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


# Limits that no real data file comes near; past them a file is refused before it can cost
# anything (a pull request's data runs before a person has looked at it).
MAX_FILE_BYTES = 512 * 1024  # the longest real item is about 3 KB
MAX_DEPTH = 12  # the schemas nest at most five levels


@dataclass
class LoadedFile:
    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    texts: dict[FieldPath, str] = field(default_factory=dict)  # plain scalars as the editor typed them

    def written(self, path: FieldPath) -> str | None:
        """A value as typed in the file (030023, not the number YAML made of it); None if not a plain scalar."""
        return self.texts.get(tuple(path))

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class LoadError(Exception):
    """A file that cannot be read as its editor meant it: the first problem, and every one found (`errors`)."""

    def __init__(self, error: DataError, *more: DataError):
        self.error = error
        self.errors = [error, *more]
        super().__init__(str(error))


EMPTY_FILE = "文件是空的:请填写内容,或删除这个文件。"


def _refused(path: Path, problems: list[Problem]) -> LoadError:
    return LoadError(*(DataError(path, problem.line, None, problem.message) for problem in problems))


def load_yaml(path: Path) -> LoadedFile:
    """Parse `path`; raise LoadError with a Chinese message on anything an editor can get wrong."""
    raw = read_data_file(path)
    text = _decode(path, raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise LoadError(DataError(path, 1, None, EMPTY_FILE))

    # What YAML would read otherwise than it was written is refused first: it also explains most
    # syntax errors (a tab, a full-width space, "-" without a space) better than the parser can.
    problems = line_problems(text)
    if problems:
        raise _refused(path, problems)
    scanned = _may_hold_what_data_never_needs(text)
    try:
        if scanned:
            _refuse_what_data_never_needs(path, text)
        try:
            loader = _Loader(text)
            try:
                node = loader.get_single_node()
                if node is None:  # only what YAML reads as nothing (a byte-order mark, a line separator)
                    raise LoadError(DataError(path, 1, None, EMPTY_FILE))
                if _deeper_than(node, MAX_DEPTH):
                    raise RecursionError
                problems = node_problems(text, node)
                if problems:
                    raise _refused(path, problems)
                loaded = LoadedFile(path, None)
                _index_lines(path, node, (), loaded)
                loaded.data = printable_data(loader.construct_document(node))
            finally:
                loader.dispose()
        except (yaml.YAMLError, RecursionError):
            if not scanned:  # what the scan refuses is said first, with its line, as when it ran first
                _refuse_what_data_never_needs(path, text)
            raise
    except yaml.MarkedYAMLError as exc:
        line, message = _explain_yaml_error(exc, text)
        raise LoadError(DataError(path, line, None, message)) from None
    except yaml.YAMLError as exc:  # errors without a position
        raise LoadError(DataError(path, None, None, f"YAML 格式错误({exc})。")) from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        raise LoadError(DataError(path, None, None, "文件内容无法读取:结构过深或数值异常,请对照示例文件检查。")) from None
    return loaded


def read_data_file(path: Path) -> bytes:
    """A data file's bytes, refusing anything that is not a small regular file inside the repository."""
    if path.is_symlink() or not path.is_file():
        raise LoadError(DataError(path, None, None, "这不是一个普通文件(可能是链接或设备):data/ 中只能放普通的 YAML 和文本文件。"))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LoadError(DataError(
            path, None, None, f"文件太大({size // 1024} KB,上限 {MAX_FILE_BYTES // 1024} KB):一个数据文件不会有这么多内容,请检查是否误粘贴。"
        ))
    with path.open("rb") as handle:  # read no more than the limit, whatever stat said
        return handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]


def _refuse_what_data_never_needs(path: Path, text: str) -> None:
    """Anchors, aliases and tags have no use in editors' data and make the costly attacks
    (an alias bomb, a Python object tag) possible; deep nesting has no use either. Refuse them
    from the parser's events, before anything is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise LoadError(DataError(path, line, None, "用了 YAML 的“&”锚点或“*”引用:数据文件中不能使用。文字以 & 或 * 开头时请加引号。"))
        tag = getattr(event, "tag", None)
        if tag and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]) and tag != "!":
            raise LoadError(DataError(path, line, None, f"用了 YAML 标签“{tag}”:数据文件中不能使用。文字以 ! 开头时请加引号。"))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(DataError(path, line, None, f"层次太深(超过 {MAX_DEPTH} 层):请对照示例文件检查缩进。"))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_old_revision(raw: bytes) -> Any:
    """A data file as it was in an earlier commit, read the same way and held to the same limits
    (history is data a pull request brings too); None if it does not parse or is refused."""
    if len(raw) > MAX_FILE_BYTES:
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        if _may_hold_what_data_never_needs(text):
            _refuse_what_data_never_needs(Path("old-revision.yml"), text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if _deeper_than(node, MAX_DEPTH):
                return None
            return printable_data(loader.construct_document(node)) if node is not None else None
        finally:
            loader.dispose()
    except (yaml.YAMLError, UnicodeDecodeError, LoadError, RecursionError, ValueError):
        return None


def _may_hold_what_data_never_needs(text: str) -> bool:
    """Whether a file needs the scan of its parser events before it is parsed. Anchors, aliases and
    tags all need one of & * !, and nesting deeper than MAX_DEPTH (which could exhaust the C
    parser's stack) needs more openers than the bound counted here: most files have neither and
    are parsed at once."""
    if "&" in text or "*" in text or "!" in text or "\t" in text:
        return True
    indents, dashes = set(), 0
    for line in text.splitlines():
        rest = line.lstrip(" ")
        indents.add(len(line) - len(rest))
        count = 0
        while rest == "-" or rest.startswith("- "):  # "- - x": lists opened on one line
            count += 1
            rest = rest[1:].lstrip(" ")
        dashes = max(dashes, count)
    # A block collection nests inside another by more indentation, or a list inside a mapping at the
    # same indentation: at most two levels per indentation used, plus those opened on one line.
    bound = 2 * len(indents) + dashes + text.count("[") + text.count("{") + text.count("?")
    return bound > MAX_DEPTH


def _deeper_than(node, limit: int) -> bool:
    """Whether mappings and lists nest more than `limit` deep (counted without recursion)."""
    stack = [(node, 1)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        if isinstance(current, yaml.MappingNode):
            if depth > limit:
                return True
            stack += [(value, depth + 1) for _, value in current.value]
        elif isinstance(current, yaml.SequenceNode):
            if depth > limit:
                return True
            stack += [(child, depth + 1) for child in current.value]
    return False


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


def _index_lines(path: Path, node: yaml.Node, here: FieldPath, loaded: LoadedFile) -> None:
    lines = loaded.lines
    lines.setdefault(here, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode) and not node.style:  # plain (libyaml says '', PyYAML None)
        loaded.texts[here] = node.value
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
                        field_label(kind_of(path.name), here + (key,)),
                    )
                )
            seen[key] = key_line
            lines[here + (key,)] = key_line
            _index_lines(path, value_node, here + (key,), loaded)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            lines[here + (index,)] = child.start_mark.line + 1
            _index_lines(path, child, here + (index,), loaded)


_YAML_HINTS = {
    "mapping values are not allowed": "这一行多了一个英文冒号“: ”,或上一行的引号没有闭合。文字中有英文冒号时,请把整段文字用英文引号括起来(文字照原文,不要改冒号)。",
    "could not find expected ':'": "缺少“字段名: 内容”中的英文冒号(冒号后要有一个空格),或缩进不对。",
    "found character '\\t' that cannot start any token": "用了制表符(Tab)缩进:请改用空格。",
    "while scanning a quoted scalar": "这一行开始的引号没有闭合:请在文字末尾补上对应的引号(' 或 \")。",
    "did not find expected key": "缩进不一致:同一层的字段要对齐(用空格,不要用 Tab)。",
    "expected <block end>, but found": "缩进不一致:同一层的字段要对齐。",
    "but found another document": "文件里有多余的“---”分隔线:一个文件只能写一份内容。",
    "found undefined alias": "用了未定义的“*”引用:文字以 * 开头时请加引号。",
}

# A field name followed by a full-width colon, or by a colon with no space: the two mistakes
# of anyone typing Chinese. libyaml reports them on the next line; find the real one.
_FULL_WIDTH_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*\s*\uff1a")
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[A-Za-z_][A-Za-z0-9_]*:\s+)?(?:'(?:[^']|'')*|"(?:[^"\\]|\\.)*)$""")
_NO_SPACE_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*:[^\s]")


def _explain_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """(line, message) for a YAML syntax error, pointing at the line the editor has to change."""
    lines = text.splitlines()
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark else None
    context_line = exc.context_mark.line + 1 if exc.context_mark else None
    last = problem_line or context_line or len(lines)
    for number, line in enumerate(lines[:last], start=1):
        if line.lstrip().startswith("#"):
            continue
        if _OPENS_QUOTE.match(line) and number < last:
            # Editors' values fit on one line: a quote left open here is closed, wrongly, far below.
            return number, "这一行开始的引号没有闭合:请在文字末尾补上对应的引号(' 或 \")。"
        if _FULL_WIDTH_COLON.match(line):
            return number, "字段名后用了中文冒号“\uff1a”:请改成英文冒号加一个空格,写成“字段名: 内容”。"
        if _NO_SPACE_COLON.match(line) and "could not find expected ':'" in detail:
            return number, "字段名后的英文冒号后面缺一个空格:请写成“字段名: 内容”。"
    line = problem_line
    if exc.context in ("while scanning a quoted scalar", "while scanning a simple key") and context_line:
        line = context_line
    bad_line = lines[line - 1] if line and line <= len(lines) else ""
    if "\t" in bad_line:
        detail = "found character '\\t' that cannot start any token " + detail
    for needle, hint in _YAML_HINTS.items():
        if needle in detail:
            return line, f"YAML 格式错误:{hint}"
    return line, f"YAML 格式错误:请检查这一行及上一行的缩进、冒号和引号。(原始信息:{detail})"
