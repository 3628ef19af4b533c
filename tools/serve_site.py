"""`make serve`: preview the site at http://127.0.0.1:8000/ while editing data/ or docs/.

The first page is served as soon as it is rendered and the rest follow in the background; after a
save, only what the edit reaches is regenerated and rendered again (disclosure_site/engine/
mkdocs_preview.py), then the browser reloads. Search works once every page is rendered, and is
made again after an edit. No Content-Security-Policy or .gz copies: the preview is not published.
Run from the project's folder (make does). Usage: python tools/serve_site.py [--port 8000]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import threading
from pathlib import Path

from disclosure_site.read.paths import ROOT
from disclosure_site.engine.mkdocs_preview import serve


class SearchIndex:
    """The preview's search index, made again once the pages settle; never two at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.again = False

    def __call__(self, site_dir: Path) -> None:
        if not self.lock.acquire(blocking=False):
            self.again = True
            return
        try:
            while True:
                self.again = False
                # In a process of its own: reading thousands of pages must not hold up the next edit.
                result = subprocess.run([sys.executable, "-m", "disclosure_site.post.search_index", str(site_dir)],
                                        capture_output=True, text=True)
                if result.returncode != 0:
                    print(f"预览的搜索索引没有生成:{result.stderr.strip()[-300:]}", file=sys.stderr)
                if not self.again:
                    break
        finally:
            self.lock.release()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本地预览网站,修改 data/ 或 docs/ 后自动刷新")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    return serve(ROOT, args.host, args.port, after_rendering=SearchIndex())


if __name__ == "__main__":
    sys.exit(main())
