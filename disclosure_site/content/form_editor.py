"""The form editor at /admin/ (Decap CMS): its config, made from the JSON Schemas and the data, and its page.

Editors are civil servants: they edit in a form, not in YAML. Decap CMS (npm `decap-cms`, served
from the site's own files) shows one form per data file and, on the forge, publishes a change as a
pull request (editorial workflow), so every change still passes the pull-request check. Nothing of
its config is written by hand: every field, its Chinese label and hint, its choices and its pattern
come from read/schema/, and the collections from the disclosures in data/ (one folder collection
per disclosure's items/, one entry per disclosure.yml; source.txt is the record and never offered).

The forge it logs in to follows the site's (SITE_FORGE, content/forge.py); data/site.yml `editor:`
sets what only the maintainer knows (the OAuth application's id, GitHub's OAuth proxy) and may
override the rest. Without what it needs, /admin/ says in Chinese what to set, and loads nothing.
`make edit` runs the same form against the editor's own clone through Decap's local proxy
(decap-server), saving straight into data/ (no pull request: the editor commits as usual).

The page carries its own Content-Security-Policy: Decap's scripts from this site, the forge's
API, nothing else. Plain Python: nothing here knows MkDocs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import urlsplit

import yaml
from markupsafe import escape

from disclosure_site.read.kinds import CHANGE_NOTE, DISCLOSURE_FILE, ITEMS_FOLDER, SITE_FILE, load_schema
from disclosure_site.read.paths import ROOT
from disclosure_site.model.site import Site
from disclosure_site.content.forge import Forge

FOLDER = "admin"  # published at /admin/
ASSETS = Path(__file__).resolve().parent / "admin"  # the editor's own scripts and styles
NODE_MODULES = ROOT / "node_modules"
DECAP_DIST = NODE_MODULES / "decap-cms" / "dist"
YAML_DIST = NODE_MODULES / "yaml" / "browser"
# The custom formats editor.js registers, one per kind of file: YAML written as read/yaml_file.py reads it.
DATA_FORMAT = "disclosure-yaml-{kind}"
# `make edit` sets this: the form then saves through decap-server on the editor's own clone.
LOCAL_PROXY_VARIABLE = "SITE_EDITOR_PROXY"
# Where an upload from the form's media library would go (no field uses one): published with the site.
MEDIA_FOLDER, PUBLIC_FOLDER = "docs/assets/uploads", "/assets/uploads"


class EditorFilesMissing(Exception):
    """Decap CMS is not installed (node_modules/): the message says in Chinese how to get it."""


# ---------------------------------------------------------------- the backend

@dataclass(frozen=True)
class Backend:
    """Where the form reads and writes: Decap's backend settings, and what is still missing for them."""

    settings: dict  # Decap's `backend:` (name, repo, branch, base_url, api_root, app_id …)
    publish_mode: str | None  # editorial_workflow: publishing opens a pull request
    missing: tuple[str, ...] = ()  # in Chinese, what the maintainer has to set; empty when the form can run

    @property
    def connects_to(self) -> list[str]:
        """The origins the form talks to (the forge's API and its login), for the page's policy."""
        origins = []
        for key in ("api_root", "base_url", "proxy_url"):
            url = self.settings.get(key)
            if url:
                parts = urlsplit(url)
                origins.append(f"{parts.scheme}://{parts.netloc}")
        return list(dict.fromkeys(origins))


def backend(forge: Forge, editor: Mapping | None, environ: Mapping[str, str] = os.environ) -> Backend:
    """The form's backend: the local proxy under `make edit`, else the forge, from SITE_FORGE and
    SITE_REPO_URL (content/forge.py) with data/site.yml's `editor:` over them."""
    proxy = environ.get(LOCAL_PROXY_VARIABLE)
    if proxy:
        return Backend({"name": "proxy", "proxy_url": proxy, "branch": forge.branch}, None)
    editor = dict(editor or {})
    kind = editor.get("backend") or forge.kind
    same_forge = kind == forge.kind
    repo = editor.get("repo") or (forge.repo_path if same_forge else "")
    settings = {"name": kind, "repo": repo, "branch": editor.get("branch") or forge.branch}
    if kind == "github":
        # GitHub's API is its own host (api_root only for GitHub Enterprise); base_url is the OAuth
        # proxy the maintainer runs, since GitHub has no login from the browser alone.
        settings.update({key: editor[key] for key in ("base_url", "api_root") if editor.get(key)})
    else:
        server = editor.get("base_url") or (forge.server_url if same_forge else "")
        api_root = editor.get("api_root") or (Forge(kind, f"{server}/{repo}").api_root if server and repo else "")
        settings.update({key: value for key, value in (("base_url", server), ("api_root", api_root)) if value})
        if kind == "gitlab":
            settings["auth_type"] = "pkce"  # Gitea and Forgejo log in with PKCE by themselves
    if editor.get("app_id"):
        settings["app_id"] = editor["app_id"]
    missing = list(_missing(kind, settings))
    # Decap's gitea backend has no editorial workflow: the form commits to a branch of its own, and a
    # pull request is opened from it on Gitea (Forgejo's backend opens it by itself).
    publish_mode = None if kind == "gitea" else "editorial_workflow"
    if kind == "gitea" and settings["branch"] == forge.branch:
        missing.append(f"在 Gitea 上,表单不能自己发起合并请求,而是把修改提交到一个分支:请在 data/site.yml 的 editor 下"
                       f"写 branch: form-edits(或另一个不是 {forge.branch} 的分支),编辑人员保存后,在 Gitea 上从这个分支"
                       f"发起合并请求;这样每次修改仍经过检查。Forgejo 上请把 SITE_FORGE 设为 forgejo,它能自己发起。")
    return Backend(settings, publish_mode, tuple(missing))


def _missing(kind: str, settings: dict) -> Iterable[str]:
    """What the maintainer still has to set for the form to log in (kind is a forge: the schema and
    SITE_FORGE allow no other)."""
    if not settings["repo"]:
        yield ("仓库:部署时设置 SITE_REPO_URL(仓库的完整网址,发布流程已设置),或在 data/site.yml 的 editor 下写 "
               "repo: 单位/仓库。")
    if kind == "github" and "base_url" not in settings:
        yield ("GitHub 登录:GitHub 不能直接从浏览器登录,需要一个 OAuth 代理(单位自己部署,或使用托管服务)。"
               "请在 data/site.yml 的 editor 下写 base_url: 代理的网址(如 https://oauth.example.gov.cn)。")
    if kind != "github":
        if "base_url" not in settings:
            yield "平台网址:请在 data/site.yml 的 editor 下写 base_url: 本单位平台的网址(如 https://git.example.gov.cn)。"
        if "app_id" not in settings:
            where = {"gitlab": "GitLab 的“用户设置 → 应用”(或群组、管理中心的“应用”)",
                     "gitea": "Gitea 的“设置 → 应用 → OAuth2 应用”",
                     "forgejo": "Forgejo 的“设置 → 应用 → OAuth2 应用”"}[kind]
            yield (f"登录用的应用:在 {where} 中新建一个应用,回调网址填本站的 /admin/ 地址,不勾选“机密”(Confidential);"
                   "把它的 Client ID(应用 ID)写在 data/site.yml 的 editor 下:app_id: 应用 ID。")


# ---------------------------------------------------------------- the config, from the schemas

def config(site: Site, backend_: Backend, site_url: str = "", site_file_exists: bool = False) -> dict:
    """Decap's config.yml: the backend, Chinese interface, and one collection per kind of data file."""
    collections = [_items_collection(d) for d in site.disclosures]
    collections.append({
        "name": "disclosures", "label": "公开的整体信息", "label_singular": "公开",
        "description": "标题、开头、各部分、分组、统计、结尾、联系方式、落款等;每项整改事项在左侧各自的栏目中。",
        "format": DATA_FORMAT.format(kind="disclosure"), "editor": {"preview": True},
        "files": [{"name": d.id, "label": d.name, "file": f"data/{d.id}/{DISCLOSURE_FILE}",
                   "fields": form_fields("disclosure")} for d in site.disclosures],
    })
    if site_file_exists:  # optional; the form edits it once it exists (CONTRIBUTING.md says how it begins)
        collections.append({
            "name": "site", "label": "网站信息", "format": DATA_FORMAT.format(kind="site"), "editor": {"preview": False},
            "files": [{"name": "site", "label": "网站标识与本网站的联系方式", "file": f"data/{SITE_FILE}",
                       "fields": form_fields("site")}],
        })
    values = {
        "locale": "zh_Hans",
        "backend": dict(backend_.settings),
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "collections": collections,
    }
    if backend_.publish_mode:
        values["publish_mode"] = backend_.publish_mode
    if site_url:
        values["site_url"] = site_url
    values["backend"]["commit_messages"] = {
        # The public reads the 更新说明; these stand in only where an editor left it as it was.
        "create": "新增{{collection}} {{slug}}", "update": "修改{{collection}} {{slug}}",
        "delete": "删除{{collection}} {{slug}}", "uploadMedia": "上传 {{path}}", "deleteMedia": "删除 {{path}}",
    }
    return values


def _items_collection(d) -> dict:
    return {
        "name": f"items-{d.id}", "label": f"{d.name}:整改事项", "label_singular": "整改事项",
        "description": "每项一个文件。新增一项:点“新建”,序号填下一个未用的数字;原文有分组时填所属分组的序号。",
        "folder": f"data/{d.id}/{ITEMS_FOLDER}", "extension": "yml", "format": DATA_FORMAT.format(kind="item"),
        "create": True, "delete": True,
        "identifier_field": "heading",
        "slug": "{{fields.number}}",  # the file name is the item's number, as the check requires (7.yml, 26.yml)
        "summary": "{{number}}. {{heading}}",
        "sortable_fields": ["number"],
        "editor": {"preview": True},
        "fields": form_fields("item"),
    }


def form_fields(kind: str) -> list[dict]:
    """The form's fields for one kind of data file, in the schema's order, the 更新说明 first."""
    schema = load_schema(kind)
    required = set(schema.get("required", ()))
    properties = schema["properties"]
    names = ([CHANGE_NOTE] if CHANGE_NOTE in properties else []) + [n for n in properties if n != CHANGE_NOTE]
    # data/site.yml's `editor:` is the maintainer's setting for this very form: not offered in it
    # (a save keeps it, as Decap keeps every field it does not show).
    return [_field(name, properties[name], schema, name in required) for name in names if name != "editor"]


def _field(name: str, node: dict, root: dict, required: bool) -> dict:
    resolved = _resolve(root, node)
    field = {"name": name, "label": node.get("title") or resolved.get("title") or name, "required": required}
    hint = node.get("description") or resolved.get("description")
    if hint:
        field["hint"] = hint
    kind = resolved.get("type")
    if node.get("x-form") == "hidden":
        # How the text's paragraphs were laid out, written by the import for the 原文 page: not the
        # editor's to change, so not shown; Decap keeps the value in what it saves.
        field.update(widget="hidden", required=False)
    elif "enum" in resolved:
        field.update(widget="select", options=list(resolved["enum"]))
    elif resolved.get("const") is True or kind == "boolean":
        field.update(widget="boolean", default=False)
    elif kind == "integer":
        field.update(widget="number", value_type="int")
        field.update({mine: resolved[theirs] for mine, theirs in (("min", "minimum"), ("max", "maximum")) if theirs in resolved})
    elif kind == "array":
        items = resolved.get("items", {})
        field["widget"] = "list"
        if resolved.get("minItems") and required:  # Decap holds an empty optional list to its minimum too
            field["min"] = resolved["minItems"]
        if _resolve(root, items).get("type") == "object":
            inner = _resolve(root, items)
            inner_required = set(inner.get("required", ()))
            field["fields"] = [_field(n, v, root, n in inner_required) for n, v in inner.get("properties", {}).items()]
            field["summary"] = _summary(inner)
        else:  # a list of texts (measures, paragraphs): every entry open, each in a text area
            field["field"] = {**_field(name, items, root, True), "label": field["label"]}
            field["field"].pop("hint", None)
            if field["field"].get("widget") == "string" and items.get("$ref") == "#/$defs/text":
                field["field"]["widget"] = "text"
            field["collapsed"] = False
    elif kind == "object":
        # Decap checks an optional group's required fields even when the group is left out (a figure's
        # 变化前): there they are left to the check, which names what is missing once the group is given.
        inner_required = set(resolved.get("required", ())) if required else set()
        field.update(widget="object", collapsed=False,
                     fields=[_field(n, v, root, n in inner_required) for n, v in resolved.get("properties", {}).items()])
    else:  # a text on one line; a list's texts (a measure, a paragraph) in a text area, above
        field["widget"] = "string"
        pattern = resolved.get("pattern")
        if pattern:
            field["pattern"] = [pattern, resolved.get("x-hint") or node.get("x-hint") or "格式不对。"]
    return field


def _summary(entry: dict) -> str:
    """How a list shows an entry when folded: its first two fields (a figure's 指标 and 数值)."""
    return " ".join("{{fields.%s}}" % name for name in list(entry.get("properties", {}))[:2])


def _resolve(root: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return {**root["$defs"][ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def config_yaml(values: dict) -> str:
    return ("# Written by the build (disclosure_site/content/form_editor.py) from the JSON Schemas and data/:"
            " do not edit.\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1 << 30))


# ---------------------------------------------------------------- the page and its policy

def policy(backend_: Backend) -> str:
    """The form's own Content-Security-Policy: its scripts from this site, its requests to this site
    and the forge's API. Decap builds its config validator at run time ('unsafe-eval') and sets its
    styles from script ('unsafe-inline' styles); the site's pages allow neither."""
    connect = " ".join(["'self'", *backend_.connects_to])
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {connect}",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


# While the form cannot run, its page only says what to set: no script, its stylesheet alone.
UNSET_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def page(site_name: str, backend_: Backend) -> str:
    """/admin/index.html: the form, or, while the form cannot run, what to set, in Chinese."""
    own_policy = UNSET_POLICY if backend_.missing else policy(backend_)
    head = (f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{escape(own_policy)}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n'
            f"<title>编辑 · {escape(site_name)}</title>\n"
            '<link rel="icon" href="../assets/images/favicon.png">\n')
    if backend_.missing:
        steps = "\n".join(f"<li>{escape(step)}</li>" for step in backend_.missing)
        body = ('<main class="dp-admin-unset">\n<h1>表单编辑器还不能使用</h1>\n'
                "<p>要在网页上用表单修改本站的数据,维护人员还需要设置以下几项(设置后重新发布网站即可):</p>\n"
                f"<ol>\n{steps}\n</ol>\n"
                "<p>在自己的电脑上,不需要这些设置:在仓库的副本中运行 <code>make edit</code>,"
                "打开 http://127.0.0.1:8000/admin/ 即可用同样的表单编辑,保存后直接写入 data/。</p>\n"
                '<p><a href="../">返回网站首页</a></p>\n</main>\n')
        return f'<!doctype html>\n<html lang="zh-CN">\n<head>\n{head}<link rel="stylesheet" href="editor.css">\n</head>\n<body>\n{body}</body>\n</html>\n'
    scripts = ('<script src="manual-init.js"></script>\n<script src="decap-cms.js"></script>\n'
               '<script type="module" src="editor.js"></script>\n')
    noscript = "<noscript><p>表单编辑器需要启用 JavaScript。</p></noscript>\n"
    return f'<!doctype html>\n<html lang="zh-CN">\n<head>\n{head}{scripts}</head>\n<body>\n{noscript}</body>\n</html>\n'


def files(site: Site, site_name: str, backend_: Backend, site_url: str = "", site_file_exists: bool = False) -> dict[str, str | bytes]:
    """Every file of /admin/ (path in the site -> content): the page, its config, the editor's own
    scripts, and Decap CMS with the YAML writer from node_modules (raises EditorFilesMissing)."""
    out: dict[str, str | bytes] = {
        f"{FOLDER}/index.html": page(site_name, backend_),
        f"{FOLDER}/config.yml": config_yaml(config(site, backend_, site_url, site_file_exists)),
    }
    for path in sorted(ASSETS.iterdir()):
        out[f"{FOLDER}/{path.name}"] = path.read_bytes()
    if backend_.missing:
        return out
    if not (DECAP_DIST / "decap-cms.js").is_file() or not (YAML_DIST / "index.js").is_file():
        raise EditorFilesMissing(
            "找不到表单编辑器 Decap CMS(node_modules/decap-cms):请运行 make site,它会先用 npm 安装固定版本的"
            "Node.js 依赖(需要 Node.js);直接运行生成步骤时,先运行 npm ci。")
    # The bundle and the parts it loads on demand (beside it, by name); never its source maps.
    for path in sorted(DECAP_DIST.iterdir()):
        if path.name == "decap-cms.js" or path.name.endswith(".decap-cms.js") or path.suffix == ".wasm":
            out[f"{FOLDER}/{path.name}"] = path.read_bytes()
    for path in sorted(YAML_DIST.rglob("*.js")):
        out[f"{FOLDER}/yaml/{path.relative_to(YAML_DIST).as_posix()}"] = path.read_bytes()
    return out
