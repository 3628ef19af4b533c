"""`make serve`: a preview that follows an edit in about a second, whatever the size of the site.

MkDocs' own `mkdocs serve` rebuilds every page on every save. Here the generate step regenerates
only what the edit reaches (generate/build_folder.py Workspace.update) and MkDocs re-renders only
the pages whose generated files changed, in this one process that keeps MkDocs' files, navigation
and theme between saves. The page being edited is rendered before the browser is told to reload;
the other pages follow in the background, and a page asked for before its turn is rendered at once.

An edit whose data fails a check prints the Chinese report in the terminal and changes nothing:
the preview stays the last good one. Rendering a page uses MkDocs' own build functions
(mkdocs.commands.build, pinned at 1.6.1, the last 1.x), one page at a time, under one lock.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import get_files, set_exclusions
from mkdocs.structure.nav import get_navigation

from disclosure_site.read.errors import DataErrors
from disclosure_site.check.settings import SettingsError
from disclosure_site.content.form_editor import FOLDER as EDITOR_FOLDER, EditorFilesMissing
from disclosure_site.generate.build_folder import DOCS, PREVIEW_FOLDER, Generated, Workspace
from disclosure_site.generate.front_matter import FrontMatterError

log = logging.getLogger("mkdocs")
# What an editor edits: a change under these is looked for every POLL seconds.
WATCHED = ("data", "docs", "overrides", "mkdocs.yml")
POLL = 0.2


class Engine:
    """MkDocs' state for one generated folder: files, navigation, theme; pages rendered on request."""

    def __init__(self, config_file: Path, site_dir: Path):
        self.config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        config = self.config
        config.plugins.on_startup(command="serve", dirty=False)
        self.config = config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        self.files = config.plugins.on_files(files, config=config)
        set_exclusions(self.files, config)
        self.nav = config.plugins.on_nav(get_navigation(self.files, config), config=config, files=self.files)
        for file in self.files.documentation_pages():
            mkdocs_build._populate_page(file.page, config, self.files)
        self.env = config.plugins.on_env(env, config=config, files=self.files)
        self.files.copy_static_files()
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, self.env, self.files, config, self.nav)
        self.doc_files = self.files.documentation_pages()
        self.by_dest = {file.dest_uri: file.src_uri for file in self.doc_files}

    def src_uris(self) -> list[str]:
        return [file.src_uri for file in self.doc_files]

    def reread(self, src_uri: str) -> bool:
        """Read a changed page again; False when MkDocs does not know it (a new page)."""
        file = self.files.get_file_from_path(src_uri)
        if file is None or file.page is None:
            return False
        mkdocs_build._populate_page(file.page, self.config, self.files)
        return True

    def recopy(self, src_uri: str) -> bool:
        """Copy a changed file that is not a page (open data, the feed) again."""
        file = self.files.get_file_from_path(src_uri)
        if file is None:
            return False
        file.copy_file()
        return True

    def render(self, src_uri: str) -> None:
        file = self.files.get_file_from_path(src_uri)
        if file is not None and file.page is not None:
            mkdocs_build._build_page(file.page, self.config, self.doc_files, self.nav, self.env)

    def retitle(self, config_file: Path) -> bool:
        """Take the navigation's new titles (an edited heading) without rebuilding it; False when
        more than titles changed."""
        new = load_config(config_file=str(config_file), site_dir=self.config.site_dir).nav
        old_items, new_items = _titled(self.config.nav), _titled(new)
        if [target for _, target in old_items] != [target for _, target in new_items]:
            return False
        nav_items = _nav_items(self.nav.items)
        if len(nav_items) != len(new_items):
            return False
        for item, (title, _) in zip(nav_items, new_items):
            item.title = title
        self.config.nav = new
        return True


def _titled(entries) -> list[tuple[str, str | None]]:
    """(title, page or None for a section) of every entry of a nav setting, depth first."""
    found = []
    for entry in entries or []:
        for title, target in entry.items():
            found.append((title, None if isinstance(target, list) else target))
            if isinstance(target, list):
                found += _titled(target)
    return found


def _nav_items(items) -> list:
    found = []
    for item in items:
        found.append(item)
        if getattr(item, "children", None):
            found += _nav_items(item.children)
    return found


class Preview:
    """The generated folder and the engine, kept up to date with the project's files."""

    def __init__(self, root: Path, site_dir: Path, after_rendering: Callable[[Path], None] | None = None):
        self.root, self.site_dir = root, site_dir
        self.after_rendering = after_rendering  # e.g. the search index, once every page is rendered
        self.workspace = Workspace(root, root / PREVIEW_FOLDER, follow_commits=True)
        self.lock = threading.RLock()
        self.pending: list[str] = []  # pages not rendered yet, in the order they will be
        self.outputs_due = False  # the downloads wait until the edited page is shown
        self.wake = threading.Condition(self.lock)
        self.seen = self._snapshot()
        self.ready = threading.Event()  # every page rendered at least once since the last change

    # ------------------------------------------------------------ starting

    def start(self) -> Generated:
        generated = self.workspace.generate()
        for notice in generated.notices:
            print(f"注意:{notice}", file=sys.stderr)
        self._load(generated, first=["index.md"])
        threading.Thread(target=self._render_in_background, daemon=True).start()
        return generated

    def _load(self, generated: Generated, first: list[str]) -> None:
        with self.lock:
            self.engine = Engine(generated.config_file, self.site_dir)
            order = self.engine.src_uris()
            first = [src for src in first if src in order]
            for src in first:
                self.engine.render(src)
            self._queue([src for src in order if src not in first])

    def _queue(self, sources: list[str]) -> None:
        with self.lock:
            self.pending = list(dict.fromkeys([*sources, *self.pending]))
            self.ready.clear()
            self.wake.notify_all()

    def _render_in_background(self) -> None:
        while True:
            with self.lock:
                if self.outputs_due:
                    self.outputs_due = False
                    for name in self.workspace.update_outputs():
                        self.engine.recopy(name)
                while not self.pending and not self.outputs_due:
                    if not self.ready.is_set():
                        self.ready.set()
                        print(f"全部页面已生成({len(self.engine.doc_files)} 页)。", file=sys.stderr)
                        if self.after_rendering:
                            threading.Thread(target=self.after_rendering, args=(self.site_dir,), daemon=True).start()
                    self.wake.wait()
                if self.pending:
                    self.engine.render(self.pending.pop(0))
            time.sleep(0)  # let a waiting request or an edit take the lock between two pages

    def render_now(self, file_path: str) -> None:
        """Render the page behind a request at once if its turn has not come yet."""
        relative = os.path.relpath(file_path, self.site_dir).replace(os.sep, "/")
        with self.lock:
            src = self.engine.by_dest.get(relative)
            if src in self.pending:
                self.pending.remove(src)
                self.engine.render(src)

    # ------------------------------------------------------------ following edits

    def _snapshot(self) -> dict[Path, tuple[int, int]]:
        found = {}
        for name in WATCHED:
            top = self.root / name
            paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
            for path in paths:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    def changed_paths(self) -> set[Path]:
        now = self._snapshot()
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return changed

    def update(self, changed: set[Path]) -> bool:
        """Follow an edit. False when the data failed a check (the report is printed; nothing changes)."""
        started = time.perf_counter()
        with self.lock:
            try:
                generated = self.workspace.update(changed, outputs=False)
            except DataErrors as exc:
                print(exc.report(), file=sys.stderr)
                print("预览保持上一次检查通过的版本;改正后保存,页面会自动刷新。", file=sys.stderr)
                return False
            except FrontMatterError as exc:
                print(f"docs/ 中的页面:{exc}。预览保持上一次的版本。", file=sys.stderr)
                return False
            pages = [name for name in generated.changed if name.endswith(".md")]
            edited = [self._page_of(path) for path in changed]
            if generated.everything or not self._apply(generated, pages):
                self._load(generated, first=[src for src in edited if src] or ["index.md"])
            else:
                first = [src for src in pages if src in edited] or pages[:1]
                for src in first:
                    self.engine.render(src)
                self._queue([src for src in pages if src not in first])
            self.outputs_due = True
            self.wake.notify_all()
        print(f"已更新 {len(generated.changed)} 个生成的文件({time.perf_counter() - started:.2f} 秒)", file=sys.stderr)
        return True

    def _apply(self, generated: Generated, pages: list[str]) -> bool:
        """Hand the engine what changed; False when only a fresh start of the engine will do."""
        if generated.nav_changed:
            if not self.engine.retitle(generated.config_file):
                return False
            # A title shows in the navigation of the pages around it: render every page again, later.
            self._queue(self.engine.src_uris())
        for name in generated.changed:
            target = self.workspace.folder / DOCS / name
            known = self.engine.reread(name) if name.endswith(".md") else self.engine.recopy(name)
            if not known or not target.exists():
                return False  # a page or file came or went
        return True

    def _page_of(self, path: Path) -> str | None:
        """The generated page an edited data file or hand-written page feeds first."""
        plans = self.workspace.pages.plans if self.workspace.pages else []
        for plan in plans:
            if plan.data_file.resolve() == path.resolve() and plan.disclosure_id is not None:
                return plan.url + "index.md"
        docs = self.root / "docs"
        return path.relative_to(docs).as_posix() if path.resolve().is_relative_to(docs.resolve()) else None


class _PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, rendering a page on request when its turn has not come yet."""

    def __init__(self, preview: Preview, **options):
        self.preview = preview
        self._request = threading.local()
        super().__init__(**options)

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        self._request.editor = path.startswith(f"/{EDITOR_FOLDER}/")
        if not path.startswith("/livereload/"):
            relative = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
            self.preview.render_now(os.path.join(self.preview.site_dir, relative))
        return super()._serve_request(environ, start_response)

    def _inject_js_into_html(self, content, epoch):
        # The form editor (make edit) is not reloaded when a file is saved: it made the save, and its
        # policy allows no inline script.
        if getattr(self._request, "editor", False):
            return content
        return super()._inject_js_into_html(content, epoch)


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, after_rendering=None) -> int:
    """Generate, serve at http://host:port/ and follow every edit until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s", stream=sys.stderr)
    site_dir = Path(tempfile.mkdtemp(prefix="preview-"))
    preview = Preview(root, site_dir, after_rendering)
    started = time.perf_counter()
    try:
        preview.start()
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except (SettingsError, FrontMatterError, EditorFilesMissing) as exc:
        print(exc, file=sys.stderr)
        return 1

    def builder():
        changed = preview.changed_paths()
        if changed:
            preview.update(changed)

    server = _PreviewServer(preview, builder=builder, host=host, port=port, root=str(site_dir), polling_interval=POLL)
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    print(f"预览已开始:http://{host}:{port}/({time.perf_counter() - started:.1f} 秒;其余页面在后台生成)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        print("预览已停止。", file=sys.stderr)
    finally:
        server.shutdown()
    return 0
