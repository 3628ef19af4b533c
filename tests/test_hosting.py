"""Publishing safely: every page carries a Content-Security-Policy that Chromium enforces with no
violation, and deploy/nginx.conf serves the site with its headers, 404 page and .gz files
(a real nginx, Debian's package, on a free port), from a `make release` install, its workers
running as the web server's own user as on a real server."""
from __future__ import annotations

import grp
import gzip
import mimetypes
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import BROWSER_TIMEOUT_MS, DISCLOSURE_ID, ROOT, build_site, copy_project, serve

from disclosure_site.post import csp


NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def _web_server_user() -> str:
    """`user www-data www-data;` as Debian's nginx runs its workers (nobody where there is no www-data)."""
    account = next(u for name in ("www-data", "nobody") for u in pwd.getpwall() if u.pw_name == name)
    return f"user {account.pw_name} {grp.getgrgid(account.pw_gid).gr_name};"


# Recorded before any page script runs (playwright's init scripts are not subject to the policy).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || "")));
"""


def _page_policy(html: str) -> str | None:
    meta = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return meta["content"] if meta else None


def _site_urls(site: Path) -> list[str]:
    return sorted("/" + p.relative_to(site).parent.as_posix().removeprefix(".").strip("/") + "/"
                  for p in site.rglob("index.html")) + ["/404.html"]


# ---------------------------------------------------------------- the policy in the pages


def test_every_page_starts_its_head_with_one_strict_policy(site):
    policies = set()
    for page in site.pages():
        head = page.soup.head
        first_tags = [tag for tag in head.find_all(True)][:2]
        assert first_tags[0].get("charset") and first_tags[1].get("http-equiv") == "Content-Security-Policy", page.path
        policies.add(first_tags[1]["content"])
    assert len(policies) == 1, "every page should carry the same policy"
    policy = policies.pop()
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    for name in ("default-src", "style-src", "font-src", "connect-src", "base-uri", "form-action"):
        assert directives[name] == "'self'", (name, directives[name])
    assert directives["object-src"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    script_src = directives["script-src"].split()
    assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert script_src[2:] and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in script_src[2:]), script_src
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
    # The same policy for nginx to send as a header, with the frame policy that only a header can carry
    # (the form editor's folder gets its own: tests/test_form_editor.py).
    header = (site.site / csp.NGINX_SNIPPET).read_text(encoding="utf-8")
    assert f"set $disclosure_csp \"{policy}; frame-ancestors 'none'\";" in header
    assert "add_header Content-Security-Policy $disclosure_csp always;" in header


@pytest.mark.parametrize("tag", ["<script>", "<script/x>", "<SCRIPT\tdefer>", "<script/type=module>",
                                 '<script data-x="a>b">'])
def test_a_script_that_no_template_wrote_stops_the_build(tmp_path, tag):
    # Markdown passes raw HTML through: a script typed into a hand-written page is the kind of slip
    # the policy exists for. It must not be quietly allowed by a hash, however its tag is written
    # (a browser runs <script/x> as a script).
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{tag}window.__xss = 1</script>\n", encoding="utf-8")
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0
    assert "about/index.html 含有一段不来自主题模板的内联脚本(开头:window.__xss = 1)" in built.output, built.output
    assert "Traceback" not in built.output


# What a reader's browser receives as text, and nginx's gzip_static sends compressed (deploy/nginx.conf).
TEXT_FILES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")


def test_every_text_file_has_a_gzip_copy_with_the_same_content(site):
    texts = [p for p in site.site.rglob("*") if p.suffix in TEXT_FILES and p.is_file()]
    assert len(texts) > 50
    for path in texts:
        copy = path.with_name(path.name + ".gz")
        assert gzip.decompress(copy.read_bytes()) == path.read_bytes(), path


# ---------------------------------------------------------------- nginx


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _nginx_config(port: int, site: Path, prefix: Path) -> str:
    """deploy/nginx.conf as a test runs it: its HTTPS server on a free local port over plain HTTP,
    the site at `site`, inside a minimal main configuration that keeps every file in `prefix`."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    preamble, *servers = text.split("\nserver {")
    (main,) = [s for s in servers if "root /srv/disclosure/current;" in s]
    server = re.sub(r"^\s*(listen|ssl_\w+) .*;\n", "", "server {" + main, flags=re.M)
    server = server.replace("server {", f"server {{\n    listen 127.0.0.1:{port};", 1)
    server = server.replace("/srv/disclosure/current", str(site))
    # As on a real server: the master starts as root, the workers that read the files run as the web
    # server's own user, who can read only what is readable by all. (Started by anyone else, nginx
    # runs as that user alone.)
    user = _web_server_user() if os.geteuid() == 0 else ""
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
{temp}
{preamble}
{server}
}}
"""


def _wait_until_listening(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + BROWSER_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx stopped at start:\n{log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)  # polling a condition, not waiting out a fixed time
    pytest.fail(f"nginx did not listen on {port} in time:\n{log.read_text() if log.exists() else ''}")


def _make(*args: str) -> str:
    """make as the maintainer types it on the server, under the strict umask many servers have."""
    done = subprocess.run(["make", "-s", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(0o077))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _releases_of(site: Path, workdir: Path, server_root: Path) -> tuple[Path, Path]:
    """This session's build, released twice as the README says: first from site/, then from the
    tarball the deploy job makes. Each carries a marker saying which it is."""
    first, second = workdir / "first", workdir / "second"
    for copy, marker in ((first, "1"), (second, "2")):
        shutil.copytree(site, copy)
        (copy / "release-marker.txt").write_text(marker, encoding="utf-8")
    dest = server_root / "srv" / "disclosure"
    dest.mkdir(parents=True)
    _make("release", f"DEST={dest}", f"SITE={first}")
    tarball = workdir / "site.tar.gz"
    subprocess.run([sys.executable, "tools/release.py", "pack", str(second), str(tarball)], cwd=ROOT, check=True,
                   capture_output=True)
    _make("release", f"DEST={dest}", f"TARBALL={tarball}")
    return dest, tarball


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    """deploy/nginx.conf served by a real nginx, workers as www-data, over a `make release` install
    of this session's fresh build: released twice; the test below rolls it back."""
    binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if not binary:
        pytest.skip("nginx is not installed: apt-get install nginx (.ci/run does) to test self-hosting")
    workdir = tmp_path_factory.mktemp("nginx")
    # pytest's own temporary folders are private to their owner; a server's /srv is not.
    server_root = Path(tempfile.mkdtemp(prefix="disclosure-server-"))
    server_root.chmod(0o755)
    dest, _ = _releases_of(site.site, workdir, server_root)
    served = dest / "current"
    prefix = workdir / "prefix"
    prefix.mkdir()
    config = prefix / "nginx.conf"
    port = _free_port()
    config.write_text(_nginx_config(port, served, prefix), encoding="utf-8")
    process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(process, port, prefix / "error.log")
        yield f"http://127.0.0.1:{port}", served
    finally:
        process.terminate()
        process.wait(timeout=60)
        shutil.rmtree(server_root, ignore_errors=True)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_nginx_as_the_web_servers_user_serves_every_page_of_each_release(nginx, site):
    origin, served = nginx
    dest = served.parent
    if os.geteuid() == 0:  # the files are not the workers' own: only their modes let them read
        assert {p.stat().st_uid for p in served.resolve().rglob("*")} == {0}
    urls = _site_urls(site.site)
    assert len(urls) > 30

    def every_page_answers(marker: str) -> None:
        with urllib.request.urlopen(origin + "/release-marker.txt") as response:
            assert response.read().decode() == marker
        assert {url: _status(origin + url) for url in urls} == {url: 200 for url in urls}

    every_page_answers("2")  # the release made from the tarball
    assert "已回退" in _make("rollback", f"DEST={dest}")
    every_page_answers("1")  # switched back while nginx kept running, no reload needed for pages
    assert len(list((dest / "releases").iterdir())) == 2


@pytest.fixture(params=["static", "nginx"])
def any_origin(request, origin):
    """The site as GitHub Pages serves it (the policy in <meta> only) and as nginx does (header too)."""
    return origin if request.param == "static" else request.getfixturevalue("nginx")[0]


@pytest.fixture
def watched(browser):
    """A page that records policy violations, console errors and uncaught exceptions."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(RECORD_VIOLATIONS)
    page.problems = []
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    page.close()


@pytest.mark.browser
def test_every_page_loads_with_no_policy_violation(watched, any_origin, site):
    urls = _site_urls(site.site)
    assert len(urls) > 30
    for url in urls:
        watched.goto(any_origin + url, wait_until="networkidle")
        assert watched.evaluate("window.__violations") == [], url
        assert not watched.problems, (url, watched.problems)
        # Material's and ours applied; the form editor's page (unset here: what to set) has its own stylesheet alone.
        assert watched.evaluate("() => document.styleSheets.length") >= (1 if url == "/admin/" else 2), url


@pytest.mark.browser
def test_search_and_charts_work_under_the_policy(watched, any_origin):
    watched.goto(f"{any_origin}/{DISCLOSURE_ID}/06/", wait_until="networkidle")
    charts = watched.eval_on_selector_all(
        ".dp-chart rect.dp-chart__after",
        "rects => rects.map(r => [r.getBBox().width, getComputedStyle(r).fill])")
    assert charts and all(width > 0 and fill != "rgb(0, 0, 0)" for width, fill in charts), charts
    watched.click(".md-search__input")
    watched.keyboard.type("人工智能")
    watched.keyboard.press("End")
    watched.wait_for_selector(".md-search-result__item", state="attached")
    assert f"/{DISCLOSURE_ID}/04/" in watched.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => new URL(a.href).pathname)")
    assert watched.evaluate("window.__violations") == [] and not watched.problems, watched.problems


@pytest.mark.browser
def test_the_policy_keeps_a_slipped_in_script_from_running(browser, site, tmp_path):
    # If escaping ever failed, markup from data would sit in a page as below: it must stay inert.
    served = tmp_path / "site"
    shutil.copytree(site.site, served)
    page_file = served / DISCLOSURE_ID / "06" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    slip = '<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2"><a id="slip" href="javascript:window.__xss = 3">x</a>'
    page_file.write_text(html.replace("<article", slip + "<article", 1), encoding="utf-8")
    server, origin = serve(served)
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    try:
        page.goto(f"{origin}/{DISCLOSURE_ID}/06/", wait_until="networkidle")
        page.click("#slip", force=True)
        page.wait_for_function("() => window.__violations.length >= 3")
        assert page.evaluate("() => window.__xss") is None
        assert all(v.startswith("script-src") for v in page.evaluate("window.__violations"))
    finally:
        page.close()
        server.shutdown()


@pytest.mark.browser
def test_nginx_sends_pages_with_the_security_headers(watched, nginx):
    origin, served = nginx
    policy = _page_policy((served / "index.html").read_text(encoding="utf-8"))
    response = watched.goto(f"{origin}/{DISCLOSURE_ID}/06/")
    headers = response.all_headers()
    assert response.status == 200 and watched.is_visible("article h1")
    assert headers["content-security-policy"] == f"{policy}; frame-ancestors 'none'"
    assert headers["strict-transport-security"].startswith("max-age=")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "public, max-age=300"
    assert "charset=utf-8" in headers["content-type"]
    # Material's fingerprinted bundle may be kept for a year; the open data's CSV reads as Chinese text.
    bundle = watched.eval_on_selector("script[src*='bundle.']", "s => s.src")
    assert watched.request.get(bundle).headers["cache-control"] == "public, max-age=31536000, immutable"
    csv = watched.request.get(f"{origin}/open-data/items.csv")
    assert csv.ok and csv.headers["content-type"] == "text/csv; charset=utf-8"
    # The form editor's folder is sent with its own policy, the one its page carries.
    editor = watched.request.get(f"{origin}/admin/")
    own = _page_policy(editor.text())
    assert editor.ok and own != policy and editor.headers["content-security-policy"] == f"{own}; frame-ancestors 'none'"


@pytest.mark.browser
def test_nginx_answers_a_missing_address_with_the_sites_own_404_page(watched, nginx):
    origin, _ = nginx
    # A folder without an index.html too: nginx's own answer would be an English 403.
    for missing in ("/no-such-page/", f"/{DISCLOSURE_ID}/99/", "/nginx-csp.conf", "/assets/", "/open-data/schema/",
                    "/pagefind/", "/assets/javascripts/"):
        watched.problems.clear()
        response = watched.goto(origin + missing, wait_until="networkidle")
        assert response.status == 404, missing
        assert watched.inner_text("article h1") == "页面不存在", missing  # the site's own page, with its styles and scripts
        assert watched.evaluate("() => document.styleSheets.length") >= 2, missing
        assert response.all_headers()["content-security-policy"], missing
        assert watched.evaluate("window.__violations") == [], missing
        # Chromium logs the 404 status of the page itself; nothing else may fail.
        assert watched.problems == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]


@pytest.mark.browser
def test_nginx_sends_the_precompressed_files(watched, nginx):
    origin, served = nginx
    for path, file in (("/", "index.html"), (f"/{DISCLOSURE_ID}/06/", f"{DISCLOSURE_ID}/06/index.html"),
                       ("/open-data/disclosures.json", "open-data/disclosures.json")):
        response = watched.request.get(origin + path, headers={"Accept-Encoding": "gzip"})
        headers = response.headers
        assert headers["content-encoding"] == "gzip", path
        # Dynamic gzip is off in the config: only the .gz file from the build has this exact length.
        assert int(headers["content-length"]) == (served / (file + ".gz")).stat().st_size, path
        assert response.body() == (served / file).read_bytes()  # and it unpacks to the page itself
    # A client that takes no gzip still gets the plain file.
    with urllib.request.urlopen(urllib.request.Request(origin + "/", headers={"Accept-Encoding": "identity"})) as plain:
        assert plain.headers.get("Content-Encoding") is None
        assert plain.read() == (served / "index.html").read_bytes()


# ---------------------------------------------------------------- GitLab's artifact view (the merge request preview)

ARTIFACTS = "/-/bureau/disclosure/-/jobs/42/artifacts/site/"  # where GitLab Pages serves a job's site/


class _ArtifactView(BaseHTTPRequestHandler):
    """As GitLab serves a job's artifacts through Pages: each file at its own path, with the type its
    extension gives; a folder address (`05/`) is no file, so 404 (no index.html in its place)."""

    root: Path

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        file = self.root / path[len(ARTIFACTS):] if path.startswith(ARTIFACTS) else None
        if file is None or path.endswith("/") or not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def artifact_view(site, tmp_path):
    """This session's build made into a preview (tools/preview_links.py, as the GitLab job does),
    served as GitLab's artifact view serves it. Yields (entry page, the unchanged build's entry)."""
    preview, published = tmp_path / "preview", tmp_path / "published"
    shutil.copytree(site.site, preview)
    shutil.copytree(site.site, published)
    done = subprocess.run([sys.executable, "tools/preview_links.py", str(preview)], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0 and "预览网站" in done.stdout, done.stderr
    servers = []
    for folder in (preview, published):
        handler = type("Handler", (_ArtifactView,), {"root": folder})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield [f"http://127.0.0.1:{s.server_address[1]}{ARTIFACTS}index.html" for s in servers]
    finally:
        for server in servers:
            server.shutdown()


def _crawl(entry: str) -> tuple[set[str], dict[str, int]]:
    """Every page and file reachable from `entry` by the links in the pages: (pages, broken links)."""
    origin = entry[: entry.index(ARTIFACTS)]
    todo, seen, pages, broken = [entry], {entry}, set(), {}
    while todo:
        url = todo.pop()
        try:
            with urllib.request.urlopen(url) as response:
                body = response.read()
        except urllib.error.HTTPError as refused:
            broken[url] = refused.code
            continue
        if not url.endswith(".html"):
            continue
        pages.add(url)
        soup = BeautifulSoup(body, "html.parser")
        for element in soup.select("a[href], link[href], script[src], img[src]"):
            target = urljoin(url, element.get("href") or element.get("src")).split("#")[0]
            if target.startswith(origin) and target not in seen:
                seen.add(target)
                todo.append(target)
    return pages, broken


def test_the_gitlab_preview_can_be_browsed_page_to_page_in_the_artifact_view(artifact_view, site):
    preview, published = artifact_view
    pages, broken = _crawl(preview)
    assert broken == {}
    every_page = {p.path for p in site.pages() if p.path.name != "404.html"}
    assert len(pages) == len(every_page) > 30  # every page reached by following links from the first
    # Without the preview's links, the artifact view stops at the first page: its folder links are 404.
    pages, broken = _crawl(published)
    assert len(pages) == 1 and len(broken) > 30


@pytest.mark.browser
def test_the_gitlab_preview_opens_styled_and_follows_its_links_in_chromium(watched, artifact_view):
    preview, _ = artifact_view
    watched.goto(preview, wait_until="networkidle")
    assert watched.evaluate("() => document.styleSheets.length") >= 2
    watched.click(f"a[href$='{DISCLOSURE_ID}/05/index.html']")
    watched.wait_for_load_state("networkidle")
    assert watched.url.endswith(f"{DISCLOSURE_ID}/05/index.html") and watched.is_visible("article h1")
    assert watched.evaluate("() => document.styleSheets.length") >= 2
    assert watched.evaluate("window.__violations") == [] and not watched.problems, watched.problems
