"""The engine's config for the generated folder: the project's mkdocs.yml, inherited, with what the
data decides (the site's name, the navigation, values for the pages without a source).

MkDocs and Zensical both read mkdocs.yml. The generated file inherits the project's (`INHERIT:`),
so a maintainer's settings (theme features, extensions, plugins) stay in one place; paths that the
project's file gives relative to itself are given again relative to the generated folder.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag


CONFIG_FILE = "mkdocs.yml"
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _ProjectConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as the engine will: !ENV values from the environment; other tags (a Python
    name, meaningful to MkDocs only) as their text."""


_ProjectConfigLoader.add_constructor("!ENV", construct_env_tag)
_ProjectConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


@dataclass(frozen=True)
class ProjectConfig:
    path: Path
    site_url: str
    repo_url: str
    nav: list  # the hand-written pages' navigation
    docs_dir: Path
    custom_dir: Path | None
    hooks: tuple[Path, ...]
    values: dict = field(default_factory=dict, compare=False, repr=False)

    def nav_titles(self) -> dict[str, str]:
        """Hand-written page (path in docs/) -> its title in the navigation."""
        titles: dict[str, str] = {}

        def walk(entries):
            for entry in entries or []:
                if isinstance(entry, dict):
                    for title, target in entry.items():
                        if isinstance(target, list):
                            walk(target)
                        elif isinstance(target, str):
                            titles[target] = title
        walk(self.nav)
        return titles


def read_project_config(root: Path) -> ProjectConfig:
    path = root / CONFIG_FILE
    values = yaml.load(path.read_text(encoding="utf-8"), Loader=_ProjectConfigLoader) or {}
    theme = values.get("theme") or {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return ProjectConfig(
        path=path,
        site_url=values.get("site_url") or "",
        repo_url=values.get("repo_url") or "",
        nav=values.get("nav") or [],
        docs_dir=root / values.get("docs_dir", "docs"),
        custom_dir=root / custom_dir if custom_dir else None,
        hooks=tuple(root / hook for hook in values.get("hooks") or ()),
        values=values,
    )


def write_engine_config(folder: Path, project: ProjectConfig, *, site_name: str, nav: list, extra: dict) -> Path:
    """Write folder/mkdocs.yml; `site_name` and the nav's titles arrive HTML-escaped."""
    def here(path: Path) -> str:
        return os.path.relpath(path, folder).replace(os.sep, "/")

    settings: dict = {"INHERIT": here(project.path), "docs_dir": "docs", "site_name": site_name}
    if project.custom_dir:
        settings["theme"] = {"custom_dir": here(project.custom_dir)}
    if project.hooks:
        settings["hooks"] = [here(hook) for hook in project.hooks]
    settings["extra"] = extra
    settings["nav"] = nav
    target = folder / CONFIG_FILE
    # YAML's own writer, not JSON: a navigation title can be longer than the 1,024 characters
    # a key may have in JSON-style YAML (it is then written as an explicit `? key`).
    text = ("# Written by the generate step (disclosure_site/generate/) for the engine: do not edit.\n"
            + yaml.dump(settings, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 30))
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target
