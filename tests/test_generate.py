"""The generate step writes every page before any engine runs; the engine only renders that folder.

One way to build: the tests build as deploys do (tools/build_site.py), and MkDocs run on the
project without the generate step refuses, so no build can skip the data check or the record."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import DISCLOSURE_ID, build_site, commit_all, copy_project, init_repository

from disclosure_site.generate.front_matter import FRONT_MATTER, page, with_values

REPO = "https://example.invalid/body/site"


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    found = FRONT_MATTER.match(text)
    assert found, path
    return yaml.safe_load(found.group(1)), text[found.end():]


def test_each_page_made_from_data_is_markdown_with_its_front_matter(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"))
    built = build_site(project, tmp_path / "site", {"SITE_REPO_URL": REPO, "SITE_URL": "https://zhenggai.example.invalid/"})
    assert built.returncode == 0, built.output
    meta, body = _front_matter(project / "generated" / "docs" / DISCLOSURE_ID / "05" / "index.md")
    assert meta["title"] == "5. 关于“工业互联网标识推广不够”的问题"
    assert meta["dp_description"].startswith("关于“工业互联网标识推广不够”的问题。整改情况:一是强化")
    assert meta["dp_published"] == meta["dp_updated"] == "2024-12-01T10:00:00+08:00"
    assert meta["edit_url"] == f"{REPO}/edit/main/data/{DISCLOSURE_ID}/items/05.yml"
    assert meta["tags"] == ["工业互联网"]
    assert meta["dp_toc"][0]["id"] == "top" and meta["dp_toc"][0]["children"][0]["id"] == "measures"
    assert 'name="ArticleTitle"' in meta["dp_page_meta"] and "027—85319490" in meta["dp_footer_contact"]
    assert "一是强化工业互联网标识推广工作统筹" in BeautifulSoup(body, "html.parser").get_text()
    # The page the reader gets is that page, rendered: its edit link opens the data file.
    item = built.page(f"{DISCLOSURE_ID}/05")
    assert item.soup.select_one("a.md-content__button")["href"] == meta["edit_url"]
    # A hand-written page keeps its own front matter and gets the same surroundings.
    about, _ = _front_matter(project / "generated" / "docs" / "about.md")
    assert about["description"] == "关于本站:内容来源、如何反馈、访问方式。"
    assert "本站更新" in about["dp_page_dates"]
    config = yaml.safe_load((project / "generated" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["INHERIT"] == "../mkdocs.yml" and config["site_name"] == "武汉市经济和信息化局集中整改进展情况"
    assert config["nav"][0] == {"首页": "index.md"} and config["nav"][-1] == {"无障碍声明": "accessibility.md"}


def test_the_engine_renders_the_generated_folder_without_reading_the_data(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"))
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    shutil.move(project / "data", tmp_path / "data-elsewhere")
    rendered = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "generated/mkdocs.yml", "-d", str(tmp_path / "again")],
                              cwd=project, capture_output=True, text=True)
    assert rendered.returncode == 0, rendered.stderr
    again = BeautifulSoup((tmp_path / "again" / DISCLOSURE_ID / "05" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert again.select_one("article h1").get_text() == built.page(f"{DISCLOSURE_ID}/05").h1


def test_mkdocs_without_the_generate_step_refuses_in_chinese(tmp_path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "请用 make site" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_an_edit_rewrites_only_the_pages_it_changes(tmp_path):
    project = init_repository(copy_project(tmp_path / "project"))
    first = build_site(project, tmp_path / "one")
    assert first.returncode == 0, first.output
    docs = project / "generated" / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    path = project / "data" / DISCLOSURE_ID / "items" / "07.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("组建由分管副市长为组长", "组建以分管副市长为组长"), encoding="utf-8")
    commit_all(project, "更正第7项用字", "2025-01-10T09:00:00+08:00")
    second = build_site(project, tmp_path / "two")
    assert second.returncode == 0, second.output
    rewritten = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.stat().st_mtime_ns != before[p]}
    # The item, the pages listing or reassembling it, and the change log; not the other 24 items.
    assert f"{DISCLOSURE_ID}/07/index.md" in rewritten and "changes/index.md" in rewritten
    assert f"{DISCLOSURE_ID}/08/index.md" not in rewritten
    assert "组建以分管副市长为组长" in second.page(f"{DISCLOSURE_ID}/07").text


def test_front_matter_keeps_any_text_exactly():
    text = "引号\"与'、冒号: 与 ---\n换行\u2028分隔\u0085与\ufeff与\x7f与 {{ 7*7 }}"
    found = FRONT_MATTER.match(page({"title": text, "list": [text]}, "<p>正文</p>"))
    assert yaml.safe_load(found.group(1)) == {"title": text, "list": [text]}
    written, own = with_values("---\ndate: 2024-01-01\ndescription: 说明\n---\n\n# 标题\n", {"dp_x": text})
    meta = yaml.safe_load(FRONT_MATTER.match(written).group(1))
    assert own["description"] == "说明" and meta["dp_x"] == text and str(meta["date"]) == "2024-01-01"
    assert written.endswith("\n# 标题\n")
