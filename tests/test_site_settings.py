"""The deploy's settings (SITE_URL, SITE_REPO_URL, SITE_FORGE, SITE_REPO_BRANCH) are checked by
`make validate` like the data, in Chinese: a mistake in them would make a link on every page
wrong, or put the value itself into every page. And no page links to an editor for a folder."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import pytest
from conftest import ROOT, build_site, copy_project, init_repository

REPO = "https://git.example.gov.cn/bureau/disclosure"
WRONG = [
    ({"SITE_REPO_URL": "git.example.gov.cn/a/b"}, "SITE_REPO_URL", "https://git.example.gov.cn/a/b"),
    ({"SITE_REPO_URL": "git@git.example.gov.cn:a/b.git"}, "SSH", "https://git.example.gov.cn/a/b"),
    ({"SITE_REPO_URL": "ssh://git@git.example.gov.cn/a/b.git"}, "SSH", "https://git.example.gov.cn/a/b"),
    ({"SITE_REPO_URL": REPO, "SITE_FORGE": "gitee"}, "SITE_FORGE 只能是", "gitee"),
    ({"SITE_FORGE": "Bitbucket"}, "SITE_FORGE 只能是", "bitbucket"),
    ({"SITE_REPO_URL": "https://editor:s3cret@git.example.gov.cn/a/b"}, "用户名或口令", "SITE_REPO_URL"),
    ({"SITE_REPO_URL": 'https://git.example.gov.cn/a/b"><script>alert(1)</script>'}, "引号、尖括号", "SITE_REPO_URL"),
    ({"SITE_REPO_URL": "https://git.example.gov.cn/a"}, "应写到仓库本身", "SITE_REPO_URL"),
    ({"SITE_REPO_URL": "ftp://git.example.gov.cn/a/b"}, "https://", "SITE_REPO_URL"),
    ({"SITE_REPO_URL": "https://git.example.gov.cn/a/b?tab=readme"}, "“?”或“#”", "SITE_REPO_URL"),
    ({"SITE_REPO_URL": REPO, "SITE_REPO_BRANCH": "main branch"}, "SITE_REPO_BRANCH", "分支"),
    ({"SITE_URL": "zhenggai.example.gov.cn"}, "SITE_URL", "https://zhenggai.example.gov.cn"),
    ({"SITE_URL": "https://zhenggai.example.gov.cn/ 备用"}, "SITE_URL", "空格"),
]
RIGHT = [
    {},
    {"SITE_REPO_URL": REPO},
    {"SITE_REPO_URL": REPO + ".git/", "SITE_FORGE": "gitea", "SITE_REPO_BRANCH": "release/2025"},
    {"SITE_REPO_URL": "https://gitlab.example.gov.cn/group/sub-group/disclosure", "SITE_FORGE": " GitLab "},
    {"SITE_REPO_URL": "http://10.0.0.5:3000/bureau/disclosure", "SITE_FORGE": "forgejo"},
    {"SITE_URL": "https://zhenggai.example.gov.cn/", "SITE_REPO_URL": "https://github.com/org/repo"},
    {"SITE_URL": "http://127.0.0.1:8000/zhenggai/"},
]
SETTINGS = ("SITE_URL", "SITE_REPO_URL", "SITE_FORGE", "SITE_REPO_BRANCH")


def _environment(settings: dict) -> dict:
    environ = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return {**environ, **settings}


def _without_settings(monkeypatch) -> None:
    """The builds see only the settings a test gives (build_site adds its own to this environment)."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


def _validate(project: Path, settings: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "disclosure_site.check"], cwd=project, capture_output=True, text=True,
                          env=_environment(settings), timeout=120)


@pytest.mark.parametrize("settings, word, more", WRONG)
def test_a_wrong_setting_is_refused_by_make_validate_in_chinese(tmp_path, settings, word, more):
    result = _validate(copy_project(tmp_path / "project"), settings)
    assert result.returncode == 1, result.stdout
    assert "网站设置有误" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert word in result.stderr and more in result.stderr, result.stderr


def test_the_same_mistakes_stop_the_build_in_chinese_not_in_mkdocs_english(tmp_path, monkeypatch):
    project = init_repository(copy_project(tmp_path / "project"))
    _without_settings(monkeypatch)
    for settings, word, _ in WRONG:
        built = build_site(project, tmp_path / "site", settings)
        assert built.returncode == 1, (settings, built.output)
        assert "isn't valid" not in built.output and "Traceback" not in built.output, built.output
        assert word in built.output and "保持原样" in built.output, built.output


@pytest.mark.parametrize("settings", RIGHT)
def test_right_settings_pass(tmp_path, settings):
    result = _validate(copy_project(tmp_path / "project"), settings)
    assert result.returncode == 0, result.stderr


def test_no_page_links_to_an_editor_for_a_folder(tmp_path, monkeypatch):
    project = init_repository(copy_project(tmp_path / "project"))
    _without_settings(monkeypatch)
    built = build_site(project, tmp_path / "site", {"SITE_REPO_URL": REPO})
    assert built.returncode == 0, built.output
    edit_links = {page.path: a["href"] for page in built.pages() for a in page.soup.select("a[href*='/edit/']")}
    assert len(edit_links) > 25
    for page, link in edit_links.items():
        path = unquote(urlsplit(link).path).split("/edit/main/", 1)[1]
        assert (project / path).is_file(), (page, link)  # a data file or a hand-written page, never data/
    assert not built.page("changes").soup.select("a[href*='/edit/']")


def test_the_repository_link_in_the_header_is_escaped_whatever_it_holds():
    # Defence in depth: make validate refuses such an address, and the template escapes it anyway
    # (MkDocs renders the theme without autoescaping).
    template = jinja2.Environment(autoescape=False).from_string((ROOT / "overrides" / "partials" / "source.html").read_text())
    html = template.render(config={"repo_url": 'https://x.example/a/b"><script>alert(1)</script>', "repo_name": "仓库"})
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html
