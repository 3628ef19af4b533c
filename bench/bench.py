"""`make bench`: the full build (everything `make site` does) against plain Material, at three sizes.

For 25, 250 and 2,500 items (1, 10 and 100 bodies of 25 real-length items) with 1,000 commits
of history in a temporary git repository, it times, interleaved and repeated, our full build and
a plain Material build of the same pages written out as static Markdown (same theme and Material
plugins, none of ours). It counts the git processes our build starts, its peak memory, and what a
reader's first visit to an item page transfers (gzipped), and the search index it fetches when
the reader first opens the search box.

Figures are reported as medians and as a ratio to the plain build run beside them; nothing here
asserts a time. Usage: python bench/bench.py [--sizes 25 250 2500] [--repeat 3] [--commits 1000]
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

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "wuhan-jingxin-2024"
PROJECT_PARTS = ["mkdocs.yml", "macros", "overrides", "docs", "tools"]
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
        start = html.index('<article class="md-content__inner md-typeset">')
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


def first_visit_bytes(site: Path, item_url: str) -> dict:
    """Gzipped bytes a first visit to an item page transfers: the page and what it links (CSS, JS,
    icon, the search worker and its language files). The search index is counted apart: the site
    fetches it only when the reader opens the search box (overrides/partials/defer-search-index.html)."""
    from bs4 import BeautifulSoup

    page = site / item_url / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = {page}
    for element in soup.select("link[rel=stylesheet], link[rel=icon], script[src]"):
        target = (page.parent / (element.get("href") or element.get("src"))).resolve()
        if target.is_file():
            files.add(target)
    assets = site / "assets" / "javascripts"
    files |= set((assets / "workers").glob("search.*.min.js"))
    files |= {assets / "lunr" / "min" / name for name in ("lunr.stemmer.support.min.js", "lunr.zh.min.js")}
    index = site / "search" / "search_index.json"
    files.add(index)
    sizes = {f: len(gzip.compress(f.read_bytes(), 6, mtime=0)) for f in files if f.is_file()}
    search_index = sizes.pop(index, 0)
    return {"first_visit": sum(sizes.values()), "search_index": search_index}


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
        print("| items | build s (ours) | build s (plain Material) | ratio | git processes | peak MB | first visit KB (gz) | search index KB (gz, on first search) |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        last = ""
        for size in args.sizes:
            ours_runs, plain_runs = results[size]["ours"], results[size]["plain"]
            ours_s = statistics.median(r["seconds"] for r in ours_runs)
            plain_s = statistics.median(r["seconds"] for r in plain_runs)
            git = max(r["git_processes"] for r in ours_runs)
            peak_mb = max(r["peak_kb"] for r in ours_runs) / 1024
            visit = first_visit_bytes(projects[size][0] / "site", "bench-000/01")
            print(f"| {size} | {ours_s:.2f} | {plain_s:.2f} | {ours_s / plain_s:.2f} | {git} | {peak_mb:.0f} | "
                  f"{visit['first_visit'] / 1024:.0f} | {visit['search_index'] / 1024:.0f} |")
            last = (f"items={size} commits={args.commits} build_s={ours_s:.2f} plain_s={plain_s:.2f} "
                    f"ratio={ours_s / plain_s:.2f} git_processes={git} peak_mb={peak_mb:.0f}")
        print()
        print(last)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
