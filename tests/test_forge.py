"""Links into the repository in the form of the forge that hosts it (SITE_FORGE): edit, commit and
history links on the built pages, for GitHub, GitLab, Gitea and Forgejo."""
from __future__ import annotations

import pytest
from conftest import DISCLOSURE_ID, build_site, commit_all, copy_project, git, init_repository
from test_history import change_figure

from disclosure_site.content.forge import FORGES, Forge, ForgeError, from_environment

REPO = "https://git.example.invalid/bureau/disclosure"
ITEM = f"data/{DISCLOSURE_ID}/items/05.yml"

# Each forge's own spelling, written out here rather than taken from disclosure_site/content/forge.py.
EXPECTED = {
    "github": ("{repo}/edit/main/{path}", "{repo}/commit/{sha}", "{repo}/commits/main/{path}"),
    "gitlab": ("{repo}/-/edit/main/{path}", "{repo}/-/commit/{sha}", "{repo}/-/commits/main/{path}"),
    "gitea": ("{repo}/_edit/main/{path}", "{repo}/commit/{sha}", "{repo}/commits/branch/main/{path}"),
    "forgejo": ("{repo}/_edit/main/{path}", "{repo}/commit/{sha}", "{repo}/commits/branch/main/{path}"),
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_forge_spells_its_links_its_own_way(kind):
    forge = Forge(kind, REPO)
    edit, commit, history = (pattern.format(repo=REPO, path=ITEM, sha="0a5a862") for pattern in EXPECTED[kind])
    assert forge.edit_url(ITEM) == edit
    assert forge.commit_url("0a5a862") == commit
    assert forge.history_url(ITEM) == history


def test_paths_and_branches_are_encoded_not_pasted():
    forge = Forge("gitlab", "https://git.example.invalid/巡察办/整改 公开", "发布/2025")
    assert forge.edit_url("docs/关于 本站.md") == (
        "https://git.example.invalid/%E5%B7%A1%E5%AF%9F%E5%8A%9E/%E6%95%B4%E6%94%B9%20%E5%85%AC%E5%BC%80"
        "/-/edit/%E5%8F%91%E5%B8%83/2025/docs/%E5%85%B3%E4%BA%8E%20%E6%9C%AC%E7%AB%99.md")
    # A character that means something in a URL stays part of the name.
    assert Forge("github", REPO, "a#b").edit_url("docs/x?.md") == f"{REPO}/edit/a%23b/docs/x%3F.md"
    # An address given already encoded, or ending in .git or /, is not encoded twice or kept broken.
    assert Forge("gitea", "https://h.invalid/%E5%B1%80/x.git/").commit_url("abc") == "https://h.invalid/%E5%B1%80/x/commit/abc"


def test_without_a_repository_there_are_no_links():
    forge = Forge("forgejo")
    assert forge.edit_url(ITEM) is None and forge.commit_url("abc") is None and forge.history_url(ITEM) is None


def test_the_setting_comes_from_the_environment_with_github_and_main_by_default():
    assert from_environment(REPO + "/", {}) == Forge("github", REPO, "main")
    assert from_environment(REPO, {"SITE_FORGE": " GitLab ", "SITE_REPO_BRANCH": "master"}) == Forge("gitlab", REPO, "master")
    assert from_environment("", {"SITE_FORGE": ""}).kind == "github"


@pytest.mark.parametrize("environ,repo,says", [
    ({"SITE_FORGE": "bitbucket"}, REPO, "SITE_FORGE 只能是 github、gitlab、gitea、forgejo 之一(现在是“bitbucket”)"),
    ({"SITE_FORGE": "gitea"}, "git.example.invalid/bureau/disclosure", "缺少开头的 https://"),
    ({"SITE_FORGE": "gitlab"}, "https://git.example.invalid/", "应写到仓库本身"),
    ({"SITE_REPO_BRANCH": "   "}, REPO, "SITE_REPO_BRANCH 是空的"),
])
def test_a_wrong_setting_is_refused_in_chinese(environ, repo, says):
    with pytest.raises(ForgeError) as refused:
        from_environment(repo, environ)
    assert says in str(refused.value)


def test_what_the_form_editor_needs_to_reach_the_forge():
    # Decap CMS names its backends as SITE_FORGE does; it needs the repository and the forge's API.
    assert FORGES == ("github", "gitlab", "gitea", "forgejo")
    gitlab = Forge("gitlab", "https://git.example.invalid/group/sub/disclosure")
    assert (gitlab.server_url, gitlab.repo_path, gitlab.api_root) == (
        "https://git.example.invalid", "group/sub/disclosure", "https://git.example.invalid/api/v4")
    forgejo = Forge("forgejo", REPO)
    assert (forgejo.repo_path, forgejo.api_root) == ("bureau/disclosure", "https://git.example.invalid/api/v1")
    assert Forge("github", "https://github.com/org/repo").api_root == "https://api.github.com"
    assert Forge("gitea").api_root == "" and Forge("gitea").repo_path == ""


# ---------------------------------------------------------------- on the built pages


@pytest.fixture(scope="module")
def corrected_repo(tmp_path_factory):
    repo = init_repository(copy_project(tmp_path_factory.mktemp("forge") / "repo"))
    change_figure(repo)
    commit_all(repo, "更正第5项支持资金数额", "2025-01-15T09:30:00+08:00")
    return repo


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_pages_link_to_the_forge_the_site_is_kept_on(kind, corrected_repo, tmp_path):
    built = build_site(corrected_repo, tmp_path / "site", {"SITE_REPO_URL": REPO, "SITE_FORGE": kind})
    assert built.returncode == 0, built.output
    sha = git(corrected_repo, "rev-parse", "HEAD").strip()
    edit, commit, history = EXPECTED[kind]
    page = built.page(f"{DISCLOSURE_ID}/05")
    assert page.soup.select_one("a.md-content__button[title='编辑此页']")["href"] == edit.format(repo=REPO, path=ITEM)
    assert page.content.select_one("ol.dp-history a.dp-commit")["href"] == commit.format(repo=REPO, sha=sha)
    assert page.content.select_one("a.dp-history-link")["href"] == history.format(repo=REPO, path=ITEM)
    # A hand-written page opens its Markdown; the change log's entry links to the same commit.
    about = built.page("about").soup.select_one("a.md-content__button[title='编辑此页']")["href"]
    assert about == edit.format(repo=REPO, path="docs/about.md")
    newest = built.page("changes").content.select_one("ol.dp-history > li a.dp-commit")
    assert newest["href"] == commit.format(repo=REPO, sha=sha)


def test_an_unknown_forge_stops_the_build_with_a_chinese_message(project, tmp_path):
    built = build_site(project, tmp_path / "site", {"SITE_REPO_URL": REPO, "SITE_FORGE": "gitee"})
    assert built.returncode != 0
    assert "SITE_FORGE 只能是 github、gitlab、gitea、forgejo 之一(现在是“gitee”)" in built.output
    assert "Traceback" not in built.output and not (tmp_path / "site" / "index.html").exists()
