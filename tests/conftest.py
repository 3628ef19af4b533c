"""Shared helpers: copies of the project to change data in, and built sites read as HTML.

Tests never read the live data/: that belongs to the editors, and any legitimate edit of it
must leave `make test` green. Tests build copies of the project whose data/ comes from
tests/fixtures/ (a frozen copy of the first disclosure, and small disclosures of other shapes).
The session fails if any test opens a file under the live data/ (see the audit hook below)."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_DATA = FIXTURES / "data"  # a frozen copy of the Wuhan disclosure as first published
DISCLOSURE_ID = "wuhan-jingxin-2024"
SOURCE_RECORD = FIXTURE_DATA / DISCLOSURE_ID / "source.txt"
PROJECT_PARTS = ["mkdocs.yml", "disclosure_site", "pyproject.toml", "overrides", "docs", "tools", "Makefile", "requirements.txt"]
LIVE_DATA = ROOT / "data"


def copy_project(target: Path, data: Path = FIXTURE_DATA) -> Path:
    """A throw-away copy of everything the build reads, with data/ taken from a fixture."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    shutil.copytree(data, target / "data")
    # npm's packages (the form editor the build publishes at /admin/) are linked, not copied: 600 MB.
    if (ROOT / "node_modules").is_dir():
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return target


def git(project: Path, *args: str, date: str | None = None) -> str:
    """Run git in a test repository as a fixed editor, at a fixed date when given."""
    env = dict(os.environ, GIT_AUTHOR_NAME="编辑", GIT_AUTHOR_EMAIL="editor@example.invalid",
               GIT_COMMITTER_NAME="编辑", GIT_COMMITTER_EMAIL="editor@example.invalid")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, text=True).stdout


def commit_all(project: Path, message: str, date: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, date=date)


def init_repository(project: Path, message: str = "公布集中整改进展情况", date: str = "2024-12-01T10:00:00+08:00") -> Path:
    git(project, "init", "-q", "-b", "main")
    commit_all(project, message, date)
    return project


# ---------------------------------------------------------------- the live data stays the editors'

_live_reads: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if path.startswith(str(LIVE_DATA) + os.sep):
            _live_reads.append(path)


sys.addaudithook(_audit)


def pytest_collection_modifyitems(items):
    # A test that drives the browser is slow by nature: `make test-fast` (-m "not slow") leaves it out.
    for item in items:
        if item.get_closest_marker("browser") or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session, exitstatus):
    if _live_reads:
        print(f"\nTests read the live data/, which belongs to the editors: {sorted(set(_live_reads))[:5]}")
        session.exitstatus = 1


@dataclass
class Build:
    project: Path
    site: Path
    returncode: int
    output: str

    def page(self, url: str) -> "Page":
        return Page(self.site / url / "index.html" if not url.endswith(".html") else self.site / url)

    def pages(self) -> list["Page"]:
        """The site's pages as readers get them: not the form editor at /admin/, which is no page of the
        site and carries its own policy (tests/test_form_editor.py)."""
        editor = self.site / "admin"
        return [Page(p) for p in sorted(self.site.rglob("*.html")) if not p.is_relative_to(editor)]


class Page:
    def __init__(self, path: Path):
        self.path = path
        self.html = path.read_text(encoding="utf-8")
        self.soup = BeautifulSoup(self.html, "html.parser")

    @property
    def content(self):
        return self.soup.select_one("article.md-content__inner")

    @property
    def text(self) -> str:
        """The visible text of the page body, as a reader sees it."""
        return self.content.get_text(" ", strip=True)

    @property
    def h1(self) -> str:
        return self.content.find("h1").get_text(strip=True)

    @property
    def footer_text(self) -> str:
        return self.soup.select_one("footer").get_text(" ", strip=True)


def build_site(project: Path, site: Path, extra_env: dict | None = None) -> Build:
    """Build `project` as `make site` and every deploy do (tools/build_site.py: every check, the
    engine, then the search index, the policy and the .gz copies) into `site`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(extra_env or {}))
    result = subprocess.run(
        [sys.executable, "tools/build_site.py", str(site)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    return Build(project, site, result.returncode, result.stdout + result.stderr)


def squash(text: str) -> str:
    """Text with all whitespace removed: how the 原文 is compared with the source."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The fixture site as readers get it: the project's code over the fixture data, in a git
    repository with one dated commit (so pages carry dates), built once per test session."""
    project = init_repository(copy_project(tmp_path_factory.mktemp("project") / "project"))
    built = build_site(project, tmp_path_factory.mktemp("site") / "site")
    assert built.returncode == 0, built.output
    return built


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


# ---------------------------------------------------------------- real browser

# Debian's chromium here and in .ci/run; GitHub's Ubuntu runners ship Google Chrome instead
# (their apt chromium is a snap stub), so the workflow points CHROMIUM_PATH at that.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class GzipStaticHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed, as every real host (GitHub Pages, nginx) does: page weight
    and Lighthouse figures measured against an uncompressed server would be meaningless."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")

    def log_message(self, *args):
        pass

    def send_head(self):
        import gzip

        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSIBLE or not path.is_file():
            return super().send_head()
        if self.path.split("?")[0].rstrip("/") and not self.path.split("?")[0].endswith("/") and path.name == "index.html":
            return super().send_head()  # let the base class redirect /dir to /dir/
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path):
    """Serve a built site on 127.0.0.1 (search needs http, not file://). Returns (server, origin)."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    handler = functools.partial(GzipStaticHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def origin(site):
    server, address = serve(site.site)
    yield address
    server.shutdown()


# Every browser wait is on a condition; this is only how long a condition may take on a busy
# machine (CI shares its two cores) before the test fails. Generous on purpose.
BROWSER_TIMEOUT_MS = 90_000


class _PatientBrowser:
    """The browser, with every new page and context waiting up to BROWSER_TIMEOUT_MS."""

    def __init__(self, chromium):
        self._chromium = chromium

    def new_context(self, **options):
        context = self._chromium.new_context(**options)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        return context

    def new_page(self, **options):
        page = self._chromium.new_page(**options)
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return page

    def __getattr__(self, name):
        return getattr(self._chromium, name)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by playwright; never a browser downloaded by a test tool."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no browser at {CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            timeout=BROWSER_TIMEOUT_MS,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield _PatientBrowser(chromium)
        chromium.close()


def phone_page(browser, width: int = 412, height: int = 915):
    """A page as a phone shows it, recording every request it makes (yields it; closes its context after)."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def phone_at_size(browser, origin: str, size: str, width: int = 320, height: int = 568):
    """A phone page with a text size chosen as the reading tools store it (standard, large, extra-large);
    use as `for page in phone_at_size(...)`, so that its context is closed after."""
    for page in phone_page(browser, width, height):
        page.goto(f"{origin}/about/")
        page.evaluate("size => localStorage.setItem('dp-text-size', size)", size)
        yield page


@pytest.fixture
def phone(browser):
    """A 412 px phone."""
    yield from phone_page(browser)


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list:
    """axe-core's WCAG 2.1 AA and best-practice findings on the page as it is now: (rule, help, first targets).
    Loaded with evaluate, not a <script> tag: the page's Content-Security-Policy would refuse that."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    assert result["passes"], "axe did not run"
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
