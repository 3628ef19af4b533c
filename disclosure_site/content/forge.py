"""Links into the repository that holds data/, in the form of the forge that hosts it.

A body keeps its repository on GitHub, or on its own GitLab, Gitea or Forgejo; each forge
spells its edit, commit and history addresses differently. Every link the site makes into the
repository comes from here, so one setting (SITE_FORGE) turns them all at once; the form
editor's backend follows the same setting (`Forge.kind` is the name Decap CMS gives it).

Plain Python: nothing here knows MkDocs. Paths are encoded as URL paths (Chinese file names,
spaces), never pasted in as they are.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import quote, urlsplit

from disclosure_site.check.settings import FORGE_NAMES, SettingsError, branch_name, forge_kind, forge_problem, repository_problem


@dataclass(frozen=True)
class _Style:
    """Where a forge keeps each page, after the repository's address; {branch}, {path}, {commit} are
    filled in encoded."""

    edit: str
    commit: str
    history: str
    api: str  # the REST API's root on the forge's host, for the form editor


_STYLES = {
    "github": _Style("edit/{branch}/{path}", "commit/{commit}", "commits/{branch}/{path}", ""),
    "gitlab": _Style("-/edit/{branch}/{path}", "-/commit/{commit}", "-/commits/{branch}/{path}", "api/v4"),
    "gitea": _Style("_edit/{branch}/{path}", "commit/{commit}", "commits/branch/{branch}/{path}", "api/v1"),
    "forgejo": _Style("_edit/{branch}/{path}", "commit/{commit}", "commits/branch/{branch}/{path}", "api/v1"),
}
FORGES = FORGE_NAMES  # github first: the default (check/settings.py checks SITE_FORGE against them)
assert FORGES == tuple(_STYLES)


class ForgeError(SettingsError):
    """A forge setting that would make every link wrong; the message is for the maintainer, in Chinese."""


@dataclass(frozen=True)
class Forge:
    """One repository on one forge. With no repository address every link is None: pages show none."""

    kind: str = "github"  # one of FORGES; also the form editor's backend name
    repo_url: str = ""  # e.g. https://git.example.gov.cn/bureau/disclosure, no trailing slash
    branch: str = "main"  # the branch editors' changes go to

    def __post_init__(self) -> None:
        # The same rules as make validate's (check/settings.py): an address with nothing to escape.
        problem = forge_problem(self.kind, self.branch if self.repo_url else "main") or repository_problem(self.repo_url)
        if problem:
            raise ForgeError(problem)

    # ------------------------------------------------------------ links on the pages

    def edit_url(self, path: str) -> str | None:
        """The forge's web editor for one file, `path` from the repository's top (data/x/items/05.yml)."""
        return self._link(self._style.edit, path=path)

    def commit_url(self, commit: str) -> str | None:
        """One commit: everything a change changed."""
        return self._link(self._style.commit, commit=commit)

    def history_url(self, path: str) -> str | None:
        """Every commit that touched a file or a folder, on the branch editors work on."""
        return self._link(self._style.history, path=path)

    # ------------------------------------------------------------ for the form editor

    @property
    def server_url(self) -> str:
        """The forge's own address: https://git.example.gov.cn ("" when the repository is not known)."""
        parts = urlsplit(self.repo_url)
        return f"{parts.scheme}://{parts.netloc}" if self.repo_url else ""

    @property
    def repo_path(self) -> str:
        """owner/name as the forge's API names the repository (GitLab's sub-groups included)."""
        parts = urlsplit(self.repo_url)
        path = parts.path.strip("/").removesuffix(".git")
        return path if parts.scheme in ("http", "https") and parts.netloc and "/" in path else ""

    @property
    def api_root(self) -> str:
        """The forge's REST API, e.g. https://git.example.gov.cn/api/v1 (GitHub's is its own host)."""
        if not self.repo_url:
            return ""
        if not self._style.api:
            return "https://api.github.com"
        return f"{self.server_url}/{self._style.api}"

    # ------------------------------------------------------------

    @property
    def _style(self) -> _Style:
        return _STYLES[self.kind]

    def _link(self, pattern: str, **values: str) -> str | None:
        if not self.repo_url:
            return None
        encoded = {"branch": quote(self.branch, safe="/")}
        encoded.update((name, quote(value.strip("/"), safe="/")) for name, value in values.items())
        # The repository's own path encoded too (an address already encoded stays as it is).
        return f"{self.server_url}/{quote(self.repo_path, safe='/%')}/{pattern.format(**encoded)}"


def from_environment(repo_url: str = "", environ: Mapping[str, str] = os.environ) -> Forge:
    """The forge a build links to: SITE_FORGE (github when unset), the repository's address
    (mkdocs.yml reads it from SITE_REPO_URL) and SITE_REPO_BRANCH (main). Raises ForgeError."""
    kind, branch = forge_kind(environ.get("SITE_FORGE")), branch_name(environ.get("SITE_REPO_BRANCH"))
    return Forge(kind, (repo_url or "").strip().rstrip("/"), branch)
