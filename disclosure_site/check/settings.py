"""The build's settings, checked like the data: `make validate` says what is wrong with them in
Chinese before a build would (MkDocs only says "The URL isn't valid", in English, and only then).

SITE_URL (the public address), SITE_REPO_URL (the repository holding data/, for the edit, commit
and history links) and SITE_FORGE (the forge that hosts it) are set by each deploy; a mistake in
them would make a link on every page wrong, or put the value itself into every page. Each must be
exactly what it names: an address with nothing in it a page would have to escape, no user name or
password, and a forge this project knows how to link to (content/forge.py).
"""
from __future__ import annotations

import os
import re
from typing import Mapping

FORGE_NAMES = ("github", "gitlab", "gitea", "forgejo")  # github first: the default

_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
_SEGMENT = r"[^\s/\\<>\"'`?#{}|^%\x00-\x1f\x7f]+|%[0-9A-Fa-f]{2}"  # a path's part, as typed or %-encoded
_PATH = rf"(?:{_SEGMENT})+"
_NAMED_PATH = rf"(?:{_SEGMENT}| )+"  # a repository's name may hold a space: every link encodes it (content/forge.py)
SITE_ADDRESS = re.compile(rf"https?://{_HOST}(?:/{_PATH})*")  # as checked: without its last /
REPOSITORY_ADDRESS = re.compile(rf"https?://{_HOST}(?:/{_NAMED_PATH}){{2,}}")
_BRANCH = re.compile(r"(?!/)(?!.*(?:\.\.|//|@\{|/\.|\.lock(?:/|$)))[^\s~^:?*\[\\\x00-\x1f\x7f]+(?<![/.])")
_SSH = re.compile(r"^(?:ssh://)?[\w.-]+@([\w.-]+)[:/](.+?)/?$")


class SettingsError(ValueError):
    """A setting that would make every page's links wrong; the message says which and how to write it."""


def settings_problems(site_url: str | None, repo_url: str | None, forge: str | None, branch: str | None) -> list[str]:
    """Every problem with the settings as given (None or "": not set), in Chinese."""
    problems = [site_url_problem(site_url), repository_problem(repo_url),
                forge_problem(forge_kind(forge), branch_name(branch) if repo_url else "main")]
    return [problem for problem in problems if problem]


def site_url_problem(value: str | None) -> str | None:
    return _address_problem("SITE_URL", value, SITE_ADDRESS, "https://zhenggai.example.gov.cn/")


def repository_problem(value: str | None) -> str | None:
    return _address_problem("SITE_REPO_URL", value, REPOSITORY_ADDRESS, "https://git.example.gov.cn/单位/仓库")


def environment_problems(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The settings `make validate` checks: as the deploy sets them in the environment."""
    return settings_problems(environ.get("SITE_URL"), environ.get("SITE_REPO_URL"), environ.get("SITE_FORGE"),
                             environ.get("SITE_REPO_BRANCH"))


def forge_kind(value: str | None) -> str:
    return (value or "github").strip().lower()


def branch_name(value: str | None) -> str:
    return (value or "main").strip()


def forge_problem(kind: str, branch: str) -> str | None:
    if kind not in FORGE_NAMES:
        return (f"SITE_FORGE 只能是 {'、'.join(FORGE_NAMES)} 之一(现在是“{_shown(kind)}”):它决定网站上“编辑此页”"
                "“查看修改”链接的写法。仓库在 Gitee 等别的平台上时,请不设 SITE_REPO_URL(页面上就没有这些链接),"
                "或选用写法相同的一种。")
    if not branch:
        return "SITE_REPO_BRANCH 是空的:请写上编辑人员提交修改的分支,通常是 main。"
    if not _BRANCH.fullmatch(branch):
        return f"SITE_REPO_BRANCH“{_shown(branch)}”不是 git 的分支名(不能有空格、..、~ ^ : ? * [ \\ 等):请写上分支的名称,通常是 main。"
    return None


def _address_problem(name: str, value: str | None, pattern: re.Pattern, example: str) -> str | None:
    address = (value or "").strip().rstrip("/")
    if not address or pattern.fullmatch(address):
        return None
    shown = _shown(address)
    ssh = _SSH.match(address)
    if ssh and "://" not in address.replace("ssh://", ""):
        return (f"{name}“{shown}”是 git 的 SSH 写法,网页打不开:请写成浏览器中的网址,"
                f"例如 https://{ssh.group(1)}/{ssh.group(2).removesuffix('.git')}。")
    if "://" not in address:
        return f"{name}“{shown}”缺少开头的 https://:请写成完整的网址,例如 https://{shown}。"
    scheme, _, rest = address.partition("://")
    if scheme.lower() not in ("http", "https"):
        return f"{name}“{shown}”不是网页地址:只能以 https:// 或 http:// 开头,例如 {example}。"
    host = rest.split("/", 1)[0]
    if "@" in host:
        return f"{name} 中不能写用户名或口令(“@”之前的部分):它会公开在网站的每一页上。请只写 {example} 这样的网址。"
    if re.search(r"[?#]", rest):
        return f"{name}“{shown}”带有“?”或“#”之后的部分:请只写到路径为止,例如 {example}。"
    if re.search(r"[\s<>\"'`\\{}|^\x00-\x1f\x7f]", address):
        return f"{name}“{shown}”中有空格、引号、尖括号或反斜杠等网址中不能直接出现的字符:请改正,例如 {example}。"
    if pattern is REPOSITORY_ADDRESS and re.fullmatch(rf"https?://{_HOST}(?:/{_NAMED_PATH})?", address):
        return f"{name}“{shown}”应写到仓库本身(平台地址/单位或用户/仓库名),例如 {example}。"
    return f"{name}“{shown}”不是有效的网址,例如 {example}。"


def _shown(value: str) -> str:
    """A value in a message: control characters shown as codes, never acted on by a terminal."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value)[:200]
