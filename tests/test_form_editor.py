"""The form editor at /admin/: its config is the schemas' (every field with its Chinese label, none the
schemas lack), its backend the forge's, its page loads nothing from another host, what it saves the
loader reads back unchanged, and with `make edit` an editor changes or adds an item in the form, sees it
in the preview, passes `make validate`, and the note written in the form is the public change note."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import (BROWSER_TIMEOUT_MS, DISCLOSURE_ID, FIXTURE_DATA, FIXTURES, ROOT, build_site, commit_all,
                      copy_project, init_repository, serve)

from test_preview import _free_port, _wait_for

from disclosure_site.read.kinds import CHANGE_NOTE, load_schema
from disclosure_site.read.yaml_file import load_yaml
from disclosure_site.check.run import load_site
from disclosure_site.content import form_editor
from disclosure_site.content.forge import Forge

SHAPES = FIXTURES / "shapes"
REPO = "https://git.example.invalid/bureau/disclosure"
WAIT_S = 180  # how long a busy machine may take; nothing here is timed


def _two_disclosures(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(SHAPES / "example-2025", data / "example-2025")
    return data


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> dict:
    site = load_site(_two_disclosures(tmp_path_factory.mktemp("editor")))
    backend = form_editor.backend(Forge("forgejo", REPO), {"app_id": "abc123"}, environ={})
    return form_editor.config(site, backend, site_file_exists=True)


def _resolve(root: dict, node: dict) -> dict:
    ref = node.get("$ref", "")
    return {**root["$defs"][ref.split("/")[-1]], **node} if ref else node


def _compare(fields: list[dict], properties: dict, root: dict, where: str) -> None:
    """Every property has a field named and labelled as the schema titles it, and no field is extra."""
    names = [field["name"] for field in fields]
    assert sorted(names) == sorted(properties), where
    for field in fields:
        node = _resolve(root, properties[field["name"]])
        here = f"{where}.{field['name']}"
        assert field["label"] == node.get("title", field["name"]), here
        assert field.get("hint") == node.get("description"), here
        if node.get("x-form") == "hidden":  # the import's record of the paragraphs: kept, not offered
            assert field["widget"] == "hidden", here
            continue
        assert field.get("widget") != "hidden", here
        if "enum" in node:
            assert field["widget"] == "select" and field["options"] == node["enum"], here
        if node.get("type") == "boolean":  # a yes/no, never a text box that would save "true" as text
            assert field["widget"] == "boolean", here
        if node.get("type") == "array":
            entry = _resolve(root, node["items"])
            if entry.get("type") == "object":
                _compare(field["fields"], entry["properties"], root, here)
            else:
                assert field["field"]["label"] == field["label"], here
                if "pattern" in entry:
                    assert field["field"]["pattern"] == [entry["pattern"], entry["x-hint"]], here
        elif node.get("type") == "object":
            _compare(field["fields"], node["properties"], root, here)
        elif "pattern" in node:  # the schema's own rule, with its Chinese message
            assert field["pattern"] == [node["pattern"], node["x-hint"]], here


@pytest.mark.parametrize("kind", ["item", "disclosure", "site"])
def test_every_property_has_a_field_with_its_chinese_label_and_no_field_the_schema_lacks(config, kind):
    schema = load_schema(kind)
    properties = dict(schema["properties"])
    properties.pop("editor", None)  # the form's own settings are the maintainer's, not offered in it
    collections = [c for c in config["collections"] if c["format"] == f"disclosure-yaml-{kind}"]
    assert collections
    for collection in collections:
        for fields in [collection["fields"]] if "fields" in collection else [f["fields"] for f in collection["files"]]:
            _compare(fields, properties, schema, kind)
            required = {field["name"] for field in fields if field["required"]}
            assert required == set(schema.get("required", ())), kind
            if CHANGE_NOTE in properties:
                assert fields[0]["name"] == CHANGE_NOTE and fields[0]["label"] == "更新说明"  # first in every edit


def test_a_field_the_schema_lacks_would_be_caught():
    schema = load_schema("item")
    fields = form_editor.form_fields("item") + [{"name": "colour", "label": "颜色", "required": False}]
    with pytest.raises(AssertionError):
        _compare(fields, schema["properties"], schema, "item")
    wrong_label = [dict(field, label="Heading") if field["name"] == "heading" else field for field in fields[:-1]]
    with pytest.raises(AssertionError):
        _compare(wrong_label, schema["properties"], schema, "item")


def test_each_disclosure_has_its_items_and_its_file_and_the_record_is_not_offered(config):
    folders = {c["folder"]: c for c in config["collections"] if "folder" in c}
    assert set(folders) == {f"data/{DISCLOSURE_ID}/items", "data/example-2025/items"}
    for collection in folders.values():
        assert collection["create"] and collection["delete"] and collection["extension"] == "yml"
        assert collection["slug"] == "{{fields.number}}"  # a new item's file is named by its number
    files = [f["file"] for c in config["collections"] for f in c.get("files", [])]
    assert sorted(files) == sorted(["data/example-2025/disclosure.yml", f"data/{DISCLOSURE_ID}/disclosure.yml", "data/site.yml"])
    assert "source.txt" not in json.dumps(config)
    assert config["locale"] == "zh_Hans" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["commit_messages"]["update"].startswith("修改")


@pytest.mark.parametrize("kind,editor,expected", [
    ("forgejo", {"app_id": "abc"}, {"name": "forgejo", "repo": "bureau/disclosure", "branch": "main",
                                    "base_url": "https://git.example.invalid", "api_root": "https://git.example.invalid/api/v1",
                                    "app_id": "abc"}),
    ("gitlab", {"app_id": "abc"}, {"name": "gitlab", "repo": "bureau/disclosure", "branch": "main", "auth_type": "pkce",
                                   "base_url": "https://git.example.invalid", "api_root": "https://git.example.invalid/api/v4",
                                   "app_id": "abc"}),
    ("github", {"base_url": "https://oauth.example.invalid"},
     {"name": "github", "repo": "bureau/disclosure", "branch": "main", "base_url": "https://oauth.example.invalid"}),
    ("gitea", {"app_id": "abc", "branch": "form-edits"},
     {"name": "gitea", "repo": "bureau/disclosure", "branch": "form-edits", "base_url": "https://git.example.invalid",
      "api_root": "https://git.example.invalid/api/v1", "app_id": "abc"}),
])
def test_the_backend_follows_the_forge_with_site_yml_over_it(kind, editor, expected):
    backend = form_editor.backend(Forge(kind, REPO), editor, environ={})
    assert backend.settings == expected and not backend.missing
    # Publishing opens a pull request, except on Gitea, whose backend commits to the branch of its own.
    assert backend.publish_mode == (None if kind == "gitea" else "editorial_workflow")


@pytest.mark.parametrize("kind,says", [
    ("github", ["SITE_REPO_URL", "OAuth 代理", "base_url"]),
    ("forgejo", ["SITE_REPO_URL", "app_id", "Client ID"]),
])
def test_without_settings_the_form_says_in_chinese_what_to_set(kind, says):
    backend = form_editor.backend(Forge(kind), None, environ={})
    missing = " ".join(backend.missing)
    assert all(word in missing for word in says), missing
    page = form_editor.page("某局整改公开", backend)
    assert "表单编辑器还不能使用" in page and "<script" not in page and "make edit" in page
    # Gitea cannot open the pull request from the form: committing to the site's branch is refused.
    gitea = form_editor.backend(Forge("gitea", REPO), {"app_id": "abc"}, environ={})
    assert any("form-edits" in step for step in gitea.missing)


def test_a_built_site_publishes_the_form_with_its_own_policy_for_the_page_and_nginx(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "site.yml").write_text("editor:\n  app_id: abc123\n", encoding="utf-8")
    built = build_site(project, tmp_path / "site", {"SITE_FORGE": "forgejo", "SITE_REPO_URL": REPO})
    assert built.returncode == 0, built.output
    admin = built.site / "admin"
    assert (admin / "decap-cms.js").is_file() and (admin / "yaml" / "index.js").is_file()
    assert not list(admin.glob("*.map"))  # Decap's source maps are not published
    page = (admin / "index.html").read_text(encoding="utf-8")
    policy = form_editor.policy(form_editor.backend(Forge("forgejo", REPO), {"app_id": "abc123"}, environ={}))
    assert page.count("Content-Security-Policy") == 1 and "connect-src &#39;self&#39; https://git.example.invalid" in page
    published = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert published["backend"]["app_id"] == "abc123" and published["backend"]["name"] == "forgejo"
    # Every other page keeps the site's strict policy; nginx sends each its own.
    home = built.page("").html
    assert "'unsafe-eval'" not in home and "git.example.invalid" not in home.split("</head>")[0]
    snippet = (built.site / "nginx-csp.conf").read_text(encoding="utf-8")
    assert f'if ($uri ~ "^/admin/") {{\n    set $disclosure_csp "{policy}; frame-ancestors \'none\'";' in snippet


# ---------------------------------------------------------------- what the form writes


def _published_admin(tmp_path: Path, site) -> Path:
    """The /admin/ folder as a build publishes it (with the local proxy's config: the form runs)."""
    backend = form_editor.backend(Forge(), None, environ={form_editor.LOCAL_PROXY_VARIABLE: "http://127.0.0.1:1/api/v1"})
    folder = tmp_path / "site"
    for name, content in form_editor.files(site, "站", backend).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder / form_editor.FOLDER


TRICKY = ["新接入湖北鑫创 #1 (商贸物流)", "yes", "on", "Off", "0755", "1_000", "1:20", ".5", "1e3", "~", "null", "<<", "=",
          "- 三是", "-三是", "2024-03-19", "　　全角空格开头", "两行\n文字", "it's", '"引号"', "a: b", "&锚", "*引用", "!标签", "%",
          "@", "`", "|", ">", "? 问", "[", "{", "x, y", " 前后空格 ", "027—85319490", "Email:\u3000wh@example.cn", "整改状态:已完成。" * 40]


def test_what_the_form_saves_the_loader_reads_back_unchanged(tmp_path):
    site = load_site(_two_disclosures(tmp_path))
    admin = _published_admin(tmp_path, site)
    files = sorted(_two_disclosures(tmp_path / "again").rglob("*.yml"))
    tricky = {"number": 1, "heading": "关于“×”的问题", "problem": "×", "measures": TRICKY, "measures_label": "",
              "figures": [{"label": "a", "value": "1600", "unit": "", "clause": "a1600"}]}
    cases = [(path, "item" if path.parent.name == "items" else "disclosure", path.read_text(encoding="utf-8"))
             for path in files] + [(tmp_path / "tricky.yml", "item", json.dumps(tricky, ensure_ascii=False))]
    script = admin / "roundtrip.mjs"
    script.write_text(
        "import { fromYaml, toYaml } from './data-format.js';\n"
        "import { readFileSync } from 'node:fs';\n"
        "const { cases, fields } = JSON.parse(readFileSync(process.argv[2], 'utf8'));\n"
        "console.log(JSON.stringify(cases.map(([kind, text]) => toYaml(fromYaml(text), fields[kind]))));\n", encoding="utf-8")
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"cases": [[kind, text] for _, kind, text in cases],
                                   "fields": {kind: form_editor.form_fields(kind) for kind in ("item", "disclosure")}}),
                       encoding="utf-8")
    written = json.loads(subprocess.run(["node", str(script), str(request)], capture_output=True, text=True, check=True).stdout)
    for (path, kind, original), text in zip(cases, written):
        target = tmp_path / "written" / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        expected = json.loads(original) if path.name == "tricky.yml" else load_yaml(path).data
        assert load_yaml(target).data == expected, (path, text)  # no refusal, no change
    assert "measures_label: ''" in written[-1]  # a text the schema lets be empty stays empty, not absent
    # What the form leaves empty is not written: an empty text, list or group; a yes/no left at no.
    empty = {"number": 2, "marker": "", "tags": [], "figures": [{"previous": {}}], "subproblems": [],
             "measures": ["一是", ""]}
    request.write_text(json.dumps({"cases": [["item", json.dumps(empty)]], "fields": {"item": form_editor.form_fields("item")}}),
                       encoding="utf-8")
    (out,) = json.loads(subprocess.run(["node", str(script), str(request)], capture_output=True, text=True, check=True).stdout)
    assert yaml.safe_load(out) == {"number": 2, "measures": ["一是"]}


# ---------------------------------------------------------------- in a real browser


@pytest.mark.browser
def test_the_published_form_loads_in_chromium_from_this_site_alone(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "site.yml").write_text("editor:\n  app_id: abc123\n", encoding="utf-8")
    built = build_site(project, tmp_path / "site", {"SITE_FORGE": "forgejo", "SITE_REPO_URL": REPO})
    assert built.returncode == 0, built.output
    server, origin = serve(built.site)
    try:
        page = browser.new_page(locale="zh-CN")
        requests, violations, errors = [], [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{origin}/admin/")
        page.get_by_role("button", name=re.compile("Forgejo")).wait_for()  # Decap's login, for the forge set
        page.wait_for_load_state("networkidle")
        hosts = {urlsplit(url).netloc for url in requests if not url.startswith(("data:", "blob:"))}
        assert hosts == {urlsplit(origin).netloc}, sorted(set(requests))
        assert not violations and not errors, violations + errors
        assert any(url.endswith("/admin/decap-cms.js") for url in requests)
    finally:
        server.shutdown()


@pytest.fixture
def editing(tmp_path):
    """`make edit` on a throw-away clone: its preview and form, and the clone (never the live data)."""
    project = init_repository(copy_project(tmp_path / "project"))
    port, proxy_port = _free_port(), _free_port()
    log = (tmp_path / "edit.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "tools/edit_site.py", "--port", str(port), "--proxy-port", str(proxy_port)],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT)
    origin = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{origin}/{DISCLOSURE_ID}/25/", "审计整改责任落实不够")  # every page is served
        yield project, origin
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _wait_for_file(path: Path, text: str) -> str:
    deadline = time.monotonic() + WAIT_S
    while not (path.is_file() and text in path.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, path.read_text(encoding="utf-8") if path.is_file() else f"no {path}"
        time.sleep(0.2)
    return path.read_text(encoding="utf-8")


def _form(browser, origin: str, route: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.requested = []  # every address the form asks for, after login too (fonts, icons, the preview's styles)
    page.on("request", lambda request: page.requested.append(request.url))
    page.goto(f"{origin}/admin/")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{origin}/admin/#/collections/items-{DISCLOSURE_ID}/{route}")
    page.get_by_label("更新说明").wait_for()
    return page


def _publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()


def _validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "disclosure_site.check", "data"], cwd=project, capture_output=True, text=True)


@pytest.mark.browser
def test_make_edit_changes_a_measure_in_the_form_and_the_note_becomes_the_public_one(browser, editing, tmp_path):
    project, origin = editing
    page = _form(browser, origin, "entries/05")
    preview = page.frame_locator("iframe").first
    page.get_by_label("更新说明").fill("更正第5项第三条整改措施")
    measure = page.locator("textarea").filter(has_text="三是加大工业互联网标识政策扶持力度")
    changed = ("三是加大工业互联网标识政策扶持力度,对全市12个工业互联网试点示范项目和2个工业互联网标识解析二级节点项目给予"
               "支持资金1600万元。另新接入湖北鑫创 #1 (商贸物流)。")  # a sentence added; the figures' sentence kept
    measure.fill(changed)
    # The preview pane shows the item as readers will see it, as it is typed, before anything is saved.
    preview.get_by_text("新接入湖北鑫创 #1 (商贸物流)", exact=False).wait_for()
    preview.get_by_text("更正第5项第三条整改措施").wait_for()
    _publish(page)
    saved = _wait_for_file(project / "data" / DISCLOSURE_ID / "items" / "05.yml", "湖北鑫创 #1")
    assert "change_note: 更正第5项第三条整改措施" in saved
    assert load_yaml(project / "data" / DISCLOSURE_ID / "items" / "05.yml").data["measures"][2] == changed  # no word lost
    _wait_for(f"{origin}/{DISCLOSURE_ID}/05/", "新接入湖北鑫创 #1 (商贸物流)")  # the live preview shows it
    # Logged in and editing, the form still asks no other host than this clone's two servers.
    hosts = {urlsplit(url).hostname for url in page.requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(set(page.requested))
    assert any("/api/v1" in url for url in page.requested)  # it saved through the local proxy
    checked = _validate(project)
    assert checked.returncode == 0, checked.stderr
    # Committed as a form commits (Decap writes no message of the editor's), the public reads the note.
    commit_all(project, "Update 05.yml", "2025-01-15T09:30:00+08:00")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.output
    newest = built.page(f"{DISCLOSURE_ID}/05").content.select("ol.dp-history > li")[0].get_text(" ", strip=True)
    assert "更正第5项第三条整改措施" in newest and "Update 05.yml" not in newest


@pytest.mark.browser
def test_make_edit_adds_an_item_in_the_form(browser, editing):
    project, origin = editing
    page = _form(browser, origin, "new")
    page.get_by_label("更新说明").fill("新增第26项整改事项")
    page.get_by_label("序号", exact=True).fill("26")
    page.get_by_label("标题", exact=True).fill("关于“宣传解读不够”的问题")
    page.get_by_label("问题", exact=True).fill("宣传解读不够")
    page.get_by_role("button", name="新增整改措施").click()
    page.locator("textarea[id^=measures-field]").last.fill("一是加强政策宣传解读。")
    page.get_by_label("整改状态").click()
    page.get_by_role("option", name="正在整改", exact=True).click()
    _publish(page)
    saved = _wait_for_file(project / "data" / DISCLOSURE_ID / "items" / "26.yml", "一是加强政策宣传解读。")
    assert load_yaml(project / "data" / DISCLOSURE_ID / "items" / "26.yml").data == {
        "change_note": "新增第26项整改事项", "number": 26, "heading": "关于“宣传解读不够”的问题", "problem": "宣传解读不够",
        "measures": ["一是加强政策宣传解读。"], "status": "正在整改"}, saved
    _wait_for(f"{origin}/{DISCLOSURE_ID}/26/", "一是加强政策宣传解读。")
    checked = _validate(project)
    assert checked.returncode == 0, checked.stderr
