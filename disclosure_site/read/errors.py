"""One error type for everything an editor can get wrong in data/.

Every message is plain Chinese and names the file, the line and the field, because the
people who read it edit YAML in a web editor and are not programmers.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from disclosure_site.read.paths import ROOT


# What a file system refuses that the machine's operator, not the data or the code, must put right.
FILE_SYSTEM_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
FILE_SYSTEM_REFUSED = (errno.EROFS, errno.EACCES, errno.EPERM)


def describe_os_error(exc: OSError) -> str:
    """A file-system failure (disk full, a read-only folder …) in Chinese, naming the file."""
    where = f"(写入 {exc.filename} 时)" if exc.filename else ""
    if exc.errno in FILE_SYSTEM_FULL:
        return f"磁盘空间不足{where}:请清理磁盘或扩大配额后重试。"
    if exc.errno == errno.EROFS:
        return f"文件夹是只读的{where}:请换一个可以写入的文件夹,或重新以可写方式挂载后重试。"
    if exc.errno in FILE_SYSTEM_REFUSED:
        return f"没有写入权限{where}:请检查文件夹的所有者和权限后重试。"
    return f"读写文件时出错{where}:{exc.strerror or exc}。"


@dataclass(frozen=True)
class DataError:
    file: Path
    line: int | None
    field: str | None  # the path in the file, e.g. figures[2].value (for tools and tests)
    message: str
    label: str | None = None  # the same in words, e.g. 数据第2项的数值 (what editors read)

    @property
    def display_path(self) -> str:
        return shown_path(self.file)

    def __str__(self) -> str:
        where = self.display_path
        if self.line:
            where += f" 第 {self.line} 行"
        if self.label or self.field:
            where += f" “{self.label or self.field}”"
        return f"{where}:{self.message}"

    def as_github_annotation(self) -> str:
        """The workflow-command form that GitHub shows on the changed line of a pull request."""
        line = f",line={self.line}" if self.line else ""
        title = f"数据错误:{self.label or self.field}" if self.field else "数据错误"
        message = str(self).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.display_path}{line},title={title}::{message}"


def shown_path(path: Path) -> str:
    """A path as editors see it: from the repository's top (data/…/05.yml) when it is inside."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def field_name(path) -> str:
    """("figures", 0, "value") -> "figures[1].value": positions counted from 1, as people count."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class DataErrors(Exception):
    """Raised when data/ cannot be published; carries every error found, not just the first."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(errors, key=lambda e: (e.display_path, e.line or 0, e.field or ""))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"数据检查未通过,共 {len(self.errors)} 处问题:"]
        lines += [f"  - {e}" for e in self.errors]
        lines.append("请按提示修改后重新检查(make validate)。")
        return "\n".join(lines)
