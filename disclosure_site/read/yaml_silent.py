"""What YAML would read silently otherwise than an editor wrote it: refused, each at its line, with the fix.

YAML drops a comment without a word (`新接入湖北鑫创 #1 (商贸物流)` is published as `新接入湖北鑫创`),
folds a line into the text above it when it is indented deeper (a list line `  - 三是…` becomes part
of the measure before it), and reads a tab or a full-width space where it reads indentation as
something else than the editor meant. None of these is a syntax error, so a file holding them
would pass every check and publish other words than the editor's. Here each is found:

  - before parsing, line by line: a tab or a full-width space in a line's indentation, a list
    line whose "-" has no space after it, a full-width space after a field's colon;
  - after parsing, from the parsed nodes (their positions, so quoted text is never mistaken):
    a comment anywhere, and a plain text continued on a following line.

Only files in data/ are held to this; old revisions read from git are not (history must read what
was once accepted).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

FULL_WIDTH_SPACE = "\u3000"
_INDENT = re.compile(r"[ \t\u3000]*")
_BLOCK_SCALAR_HEADER = re.compile(r"(?:^|[\s:-])[|>][-+1-9]*\s*$")
_DASH_WITHOUT_SPACE = re.compile(r"-(?![\s-])|-\u3000")
# Not on a list line: there "- Email:　…" is a text, as YAML reads it (the schema names a group written so).
_KEY_THEN_FULL_WIDTH_SPACE = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*:\u3000")


@dataclass(frozen=True)
class Problem:
    line: int  # counted from 1
    message: str


# ---------------------------------------------------------------- before parsing: the lines

def line_problems(text: str) -> list[Problem]:
    """Tabs and full-width spaces in indentation, a list line without a space after "-", a full-width
    space after a field's colon: what YAML reads as something else than indentation or structure."""
    lines = text.splitlines()
    problems = []
    block_indent = None  # inside a block scalar (| or >): its lines are text, not structure
    for number, line in enumerate(lines, start=1):
        indent = _INDENT.match(line).group()
        rest = line[len(indent):]
        if block_indent is not None:
            if not rest or len(indent.replace(FULL_WIDTH_SPACE, "")) > block_indent:
                continue
            block_indent = None
        if _BLOCK_SCALAR_HEADER.search(line.split(" #", 1)[0]):
            block_indent = len(indent)
        if FULL_WIDTH_SPACE in indent:
            problems.append(Problem(number, (
                "行首有全角空格“　”:YAML 只把英文空格当作缩进,会把全角空格当作文字,这一行会被读错或并进上一行。"
                "请把行首的全角空格换成英文空格;原文段首的全角空格请写在“- ”之后或引号之内。")))
        elif "\t" in indent and rest:
            problems.append(Problem(number, "行首用了制表符(Tab)缩进:YAML 只认英文空格,请把行首的 Tab 换成空格,与同一层的其他行对齐。"))
        elif _DASH_WITHOUT_SPACE.match(rest) and _in_a_list(lines, number - 1, indent):
            fixed = indent + "- " + rest[1:].lstrip(" " + FULL_WIDTH_SPACE)
            problems.append(Problem(number, (
                f"“-”后面缺一个英文空格:YAML 不把它当作列表的新一条,会把它并进上一条或报错。请写成“{fixed.strip()}”"
                "(“-”、一个英文空格、再写文字)。")))
        elif _KEY_THEN_FULL_WIDTH_SPACE.match(line):
            problems.append(Problem(number, "字段名的冒号后面是全角空格:请改成一个英文空格,写成“字段名: 内容”。"))
    return problems


def _in_a_list(lines: list[str], index: int, indent: str) -> bool:
    """Whether the nearest non-blank line before or after line `index` is a list line ("- …") at the same indentation."""
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and not lines[other].strip():
            other += step
        if 0 <= other < len(lines):
            neighbour = lines[other]
            if neighbour.startswith(indent + "-") and neighbour[len(indent) + 1: len(indent) + 2] in ("", " "):
                return True
    return False


# ---------------------------------------------------------------- after parsing: the nodes

def node_problems(text: str, root: yaml.Node | None) -> list[Problem]:
    """Comments and plain texts continued on a following line, found from the parsed nodes."""
    scalars = list(_scalars(root))
    return sorted(_comments(text, scalars) + _continued_texts(text, scalars), key=lambda p: p.line)


def _scalars(root: yaml.Node | None):
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _comments(text: str, scalars: list[yaml.ScalarNode]) -> list[Problem]:
    """A "#" outside every scalar is where a comment starts: YAML drops it and the rest of its line."""
    if "#" not in text:
        return []
    covered = sorted((_text_start(text, node), node.end_mark.index) for node in scalars)
    plain_ending_at = {node.end_mark.index: node for node in scalars if _plain(node) and node.value}
    problems, seen_lines, span = [], set(), 0
    lines = text.splitlines()
    for position in (match.start() for match in re.finditer("#", text)):
        while span < len(covered) and covered[span][1] <= position:
            span += 1
        if span < len(covered) and covered[span][0] <= position:
            continue  # inside a text: a "#" the editor meant
        number = text.count("\n", 0, position) + 1
        if number in seen_lines:
            continue
        seen_lines.add(number)
        line = lines[number - 1] if number <= len(lines) else ""
        before = line[: position - (text.rfind("\n", 0, position) + 1)]
        node = plain_ending_at.get(len(text[:position].rstrip(" \t")))
        if not before.strip():
            message = ("数据文件中不能写注释(以“#”开头的行):网站不显示它,表单保存时也会把它删掉。请删去这一行;"
                       "给公众的修改说明请写在“更新说明”(change_note)中。")
        elif node is not None and node.start_mark.line == node.end_mark.line == number - 1:
            start = node.start_mark.column
            words = line[start:].rstrip()
            fixed = line[:start] + "'" + words.replace("'", "''") + "'"
            message = (f"“#”前有空格,YAML 把“ #”及其后的文字当作注释丢掉,网站上只会显示“{node.value}”。"
                       f"文字中有“ #”时,请把整段文字用英文单引号括起来,写成:{fixed.strip()}")
        else:
            message = "这一行“#”之后是 YAML 的注释,网站不显示它:请删去“#”及其后的文字;要公开的文字请写在引号之内。"
        problems.append(Problem(number, message))
    return problems


def _continued_texts(text: str, scalars: list[yaml.ScalarNode]) -> list[Problem]:
    """A plain text on several lines: YAML joins the lines with a space, so a list line indented too
    deep ("  - 三是…") silently becomes part of the line above it."""
    lines = text.splitlines()
    problems = []
    for node in scalars:
        first, last = node.start_mark.line, node.end_mark.line
        if not _plain(node) or first == last:
            continue
        number = next(n for n in range(first + 1, last + 1) if n < len(lines) and lines[n].strip())
        continued = lines[number]
        stripped = continued.lstrip(" ")
        dash = _dash_column(lines[first], node.start_mark.column)
        if stripped.startswith("-") and dash is not None:
            entry = stripped[1:].lstrip(" " + FULL_WIDTH_SPACE)
            fixed = " " * dash + "- " + entry
            why = "“-”后面缺一个英文空格," if not stripped.startswith("- ") else ""
            message = (f"这一行{why}缩进又比上一条的“-”深,YAML 把它并进了上一条(网站会显示为一段“{node.value[:30]}…”)。"
                       f"如果这是新的一条,请让“-”与上一条的“-”对齐并在其后加一个英文空格,写成:{fixed}")
        else:
            message = (f"这一行接在第 {first + 1} 行的文字后面:YAML 会把换行变成一个空格,把几行合成一段。"
                       f"同一段文字请写在同一行(接到第 {first + 1} 行末尾);如果这是列表中新的一条,请以“- ”开头,并与上一条的“-”对齐。")
        problems.append(Problem(number + 1, message))
    return problems


def _text_start(text: str, node: yaml.ScalarNode) -> int:
    """Where a scalar's own text starts: a block scalar's (| or >) on the line after its header, whose
    rest ("> #…") YAML reads as a comment."""
    start = node.start_mark.index
    if node.style in ("|", ">"):
        newline = text.find("\n", start)
        return len(text) if newline < 0 else newline + 1
    return start


def _plain(node: yaml.ScalarNode) -> bool:
    return not node.style  # plain: libyaml says '', PyYAML None


def _dash_column(line: str, column: int) -> int | None:
    """The column of the "-" that opens the list entry a text starts at, if it starts one."""
    before = line[:column].rstrip(" ")
    return len(before) - 1 if before.endswith("-") and not before[:-1].strip(" -") else None
