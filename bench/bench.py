"""`make bench`: the full build (everything `make site` does) against plain Material, at three sizes.

For 25, 250 and 2,500 items (1, 10 and 100 bodies of 25 real-length items) with 1,000 commits
of history in a temporary git repository, it times, interleaved and repeated, our full build and
a plain Material build of the same pages written out as static Markdown (same theme and Material
plugins, none of ours). It counts the git processes our build starts, its peak memory, and what a
reader's first visit to an item page transfers (gzipped). In Debian's chromium it then searches as a
reader does, each query in a fresh browser: the bytes the first search transfers (gzipped, as the
server sends them: pagefind's script, WebAssembly, index chunks, result fragments) and the time from
the last keystroke to the results drawn.

Figures are reported as medians and as a ratio to the plain build run beside them; nothing here
asserts a time. Usage (from the project's folder): python -m bench.bench [--sizes 25 250 2500] [--repeat 3] [--commits 1000]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, GzipStaticHandler

ROOT = Path(__file__).resolve().parent.parent
# The frozen copy of the first disclosure (tests/fixtures), so figures compare across runs whatever editors change.
REAL = ROOT / "tests" / "fixtures" / "data" / "wuhan-jingxin-2024"
PROJECT_PARTS = ["mkdocs.yml", "pyproject.toml", "disclosure_site", "overrides", "docs", "tools"]
ITEMS_PER_BODY = 25


# ---------------------------------------------------------------- synthetic data

def _real_documents() -> tuple[dict, list[dict]]:
    disclosure = yaml.safe_load((REAL / "disclosure.yml").read_text(encoding="utf-8"))
    items = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REAL / "items").glob("*.yml"))]
    return disclosure, items


def _dump(document: dict) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100000).encode("utf-8")


def make_project(target: Path, total_items: int, commits: int) -> Path:
    """A copy of the project whose data/ holds `total_items` items, with `commits` commits of history."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    disclosure, items = _real_documents()
    files: dict[str, bytes] = {}
    for body in range(total_items // ITEMS_PER_BODY):
        folder = f"data/bench-{body:03d}"
        d = dict(disclosure, body=f"{disclosure['body']}(样例单位{body})")
        files[f"{folder}/disclosure.yml"] = _dump(d)
        for item in items:
            files[f"{folder}/items/{item['number']:02d}.yml"] = _dump(item)
    _write_history(target, files, commits)
    return target


def _write_history(project: Path, files: dict[str, bytes], commits: int) -> None:
    """One commit adding everything, then small edits to random items, via git fast-import."""
    rng = random.Random(20241127)
    stream = bytearray()
    when = 1_700_000_000

    def commit(message: str, changed: dict[str, bytes], first: bool) -> None:
        nonlocal when
        when += 3600
        text = message.encode("utf-8")
        stream.extend(b"commit refs/heads/main\n")
        stream.extend(f"committer 编辑 <editor@example.invalid> {when} +0800\n".encode("utf-8"))
        stream.extend(b"data %d\n%s\n" % (len(text), text))
        for path, content in changed.items():
            stream.extend(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode("utf-8"), len(content), content))

    commit("公布整改进展情况", files, True)
    item_paths = [p for p in files if "/items/" in p]
    for n in range(1, commits):
        path = rng.choice(item_paths)
        document = yaml.safe_load(files[path])
        document["measures"][-1] += f"(第{n}次补充)"
        files[path] = _dump(document)
        commit(f"补充第{document['number']}项进展({n})", {path: files[path]}, False)
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=project, input=bytes(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=project, check=True)


# ---------------------------------------------------------------- the plain Material baseline

PLAIN_CONFIG = """site_name: 集中整改进展情况
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
  features: [navigation.footer, navigation.prune, navigation.top, navigation.tracking, search.suggest, search.highlight, toc.follow]
plugins:
  - search:
      lang: zh
  - tags
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - tables
"""


def make_plain_project(ours_site: Path, target: Path) -> Path:
    """The same pages as static Markdown: each page's rendered article, with no macro or hook."""
    docs = target / "docs"
    for page in sorted(ours_site.rglob("index.html")):
        relative = page.parent.relative_to(ours_site)
        html = page.read_text(encoding="utf-8")
        start = html.find('<article class="md-content__inner md-typeset">')
        if start < 0:  # not a page of the theme (the form editor's /admin/): plain Material has none
            continue
        end = html.index("</article>", start)
        article = html[start + len('<article class="md-content__inner md-typeset">'):end]
        name = "index.md" if relative == Path(".") else f"{relative.as_posix()}.md"
        out = docs / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(article.strip() + "\n", encoding="utf-8")
    (target / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return target


# ---------------------------------------------------------------- measuring

MEASURE = """
import resource, subprocess, sys, time, json
start = time.perf_counter()
for command in json.loads(sys.argv[1]):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _git_wrapper(folder: Path, log: Path) -> dict:
    folder.mkdir(exist_ok=True)
    wrapper = folder / "git"
    wrapper.write_text(f'#!/bin/sh\necho x >> "{log}"\nexec "{shutil.which("git")}" "$@"\n')
    wrapper.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def run_ours(project: Path, workdir: Path) -> dict:
    """Everything `make site` does: check the data, build into a temporary folder, swap."""
    log = workdir / "git.log"
    log.unlink(missing_ok=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **_git_wrapper(workdir / "bin", log))
    commands = [[sys.executable, "tools/build_site.py", "site"]]
    result = _measure(commands, project, env)
    result["git_processes"] = len(log.read_text().splitlines()) if log.exists() else 0
    return result


def run_plain(project: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return _measure([[sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"]], project, env)


def _measure(commands: list, cwd: Path, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(commands)], cwd=cwd, env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"build failed in {cwd}:\n{out.stderr}")
    return json.loads(out.stdout)


def first_visit_bytes(site: Path, item_url: str) -> int:
    """Gzipped bytes a first visit to an item page transfers: the page and what it links (CSS, JS, icon).
    The search index is not among them: it is fetched when the reader opens the search box."""
    from bs4 import BeautifulSoup

    page = site / item_url / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = {page}
    for element in soup.select("link[rel=stylesheet], link[rel=icon], script[src]"):
        target = (page.parent / (element.get("href") or element.get("src"))).resolve()
        if target.is_file():
            files.add(target)
    return sum(len(gzip.compress(f.read_bytes(), 6, mtime=0)) for f in files)


# Words of the real items (the bench repeats them in every body), one of two words.
SEARCHES = ["工业母机", "研发人员", "分级分类", "产业基地", "人工智能 政策"]


def measure_search(site: Path, item_url: str) -> dict:
    """Each query typed in a fresh browser (nothing cached) on an item page, at a reader's pace: the
    gzipped bytes the server sent from opening the box to the results drawn, and the milliseconds
    from the last keystroke to the results drawn. Medians over SEARCHES."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer


    sent: list[int] = []  # bytes of each response body, as sent (gzipped where a real host would)

    class CountingHandler(GzipStaticHandler):
        def copyfile(self, source, outputfile):
            sent.append(source.getbuffer().nbytes if hasattr(source, "getbuffer") else os.fstat(source.fileno()).st_size)
            super().copyfile(source, outputfile)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    sizes, times = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for query in SEARCHES:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{origin}/{item_url}/", wait_until="networkidle")
                page.evaluate("""q => {
                    const box = document.querySelector('[data-dp-search]');
                    box.querySelector('input').addEventListener('input', () => { window.lastKey = performance.now(); });
                    new MutationObserver(() => {
                        if (box.getAttribute('data-dp-results-for') === q) { window.drawn = performance.now(); }
                    }).observe(box, {attributes: true});
                }""", query)
                before = len(sent)
                page.click(".md-search__input")
                page.keyboard.type(query, delay=150)
                page.wait_for_function("() => window.drawn !== undefined", timeout=60000)
                assert page.locator(".md-search-result__item").count() > 0, query
                times.append(page.evaluate("() => window.drawn - window.lastKey"))
                sizes.append(sum(sent[before:]))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"first_search": statistics.median(sizes), "search_ms": statistics.median(times)}


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    import urllib.request

    try:
        return urllib.request.urlopen(url, timeout=60).read().decode("utf-8")
    except OSError:
        return ""


def measure_preview(project: Path, item_urls: list[str], workdir: Path) -> dict:
    """`make serve` as an editor uses it: the seconds until the first page is served, then, once every
    page is rendered, for each item the seconds from saving its file (one sentence added) to the served
    page showing it. Median over the items."""
    import time

    port = _free_port()
    log_path = workdir / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log_path.open("w") as log:
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "tools/serve_site.py", "--port", str(port)], cwd=project,
                                  stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            origin = f"http://127.0.0.1:{port}/"
            while "</html>" not in _get(origin):
                if server.poll() is not None:
                    raise SystemExit(f"make serve stopped:\n{log_path.read_text()}")
                time.sleep(0.05)
            first_page = time.perf_counter() - started
            while "全部页面已生成" not in log_path.read_text(encoding="utf-8"):
                time.sleep(0.5)
            time.sleep(2)  # the search index that follows
            shown = []
            for n, url in enumerate(item_urls):
                marker = f"预览测量第{n}次补充"
                path = project / "data" / url.split("/")[0] / "items" / f"{url.split('/')[1]}.yml"
                document = yaml.safe_load(path.read_text(encoding="utf-8"))
                document["measures"][-1] += f"({marker})"
                saved = time.perf_counter()
                path.write_bytes(_dump(document))
                while marker not in _get(origin + url + "/"):
                    time.sleep(0.02)
                shown.append(time.perf_counter() - saved)
                time.sleep(3)  # the pages that follow in the background
        finally:
            server.terminate()
            server.wait(timeout=60)
    subprocess.run(["git", "checkout", "-q", "--", "data"], cwd=project, check=True)
    return {"first_page_s": first_page, "preview_s": statistics.median(shown)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 250, 2500])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--commits", type=int, default=1000)
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        projects = {}
        for size in args.sizes:
            print(f"preparing {size} items and {args.commits} commits ...", file=sys.stderr)
            ours = make_project(workdir / f"ours-{size}", size, args.commits)
            run_ours(ours, workdir)  # warm-up, and the pages the plain build reproduces
            plain = make_plain_project(ours / "site", workdir / f"plain-{size}")
            run_plain(plain)
            projects[size] = (ours, plain)

        results = {size: {"ours": [], "plain": []} for size in args.sizes}
        for repetition in range(args.repeat):
            for size in args.sizes:
                ours, plain = projects[size]
                # Alternate which goes first, so neither always gets the warmer machine.
                order = [("ours", ours), ("plain", plain)][:: 1 if repetition % 2 == 0 else -1]
                for name, project in order:
                    run = run_ours(project, workdir) if name == "ours" else run_plain(project)
                    results[size][name].append(run)
                    print(f"  {size:>5} items {name:<5} {run['seconds']:7.2f} s", file=sys.stderr)

        print()
        print("| items | build s (ours) | build s (plain Material) | ratio | git processes | peak MB | first visit KB (gz) | first search KB (gz) | search ms (last key to results) | preview: first page s | preview: one save s |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        last = ""
        for size in args.sizes:
            ours_runs, plain_runs = results[size]["ours"], results[size]["plain"]
            ours_s = statistics.median(r["seconds"] for r in ours_runs)
            plain_s = statistics.median(r["seconds"] for r in plain_runs)
            git = max(r["git_processes"] for r in ours_runs)
            peak_mb = max(r["peak_kb"] for r in ours_runs) / 1024
            visit = first_visit_bytes(projects[size][0] / "site", "bench-000/01")
            search = measure_search(projects[size][0] / "site", "bench-000/01")
            preview = measure_preview(projects[size][0], ["bench-000/03", f"bench-{size // ITEMS_PER_BODY - 1:03d}/17", "bench-000/21"],
                                      workdir)
            print(f"| {size} | {ours_s:.2f} | {plain_s:.2f} | {ours_s / plain_s:.2f} | {git} | {peak_mb:.0f} | "
                  f"{visit / 1024:.0f} | {search['first_search'] / 1024:.0f} | {search['search_ms']:.1f} | "
                  f"{preview['first_page_s']:.1f} | {preview['preview_s']:.2f} |")
            last = (f"items={size} commits={args.commits} build_s={ours_s:.2f} plain_s={plain_s:.2f} "
                    f"ratio={ours_s / plain_s:.2f} git_processes={git} peak_mb={peak_mb:.0f} "
                    f"preview_s={preview['preview_s']:.2f} first_page_s={preview['first_page_s']:.1f}")
        print()
        print(last)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
