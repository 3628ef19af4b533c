"""`make edit`: the form editor on this clone, at http://127.0.0.1:8000/admin/, beside the live preview.

The same form the site publishes at /admin/ (disclosure_site/content/form_editor.py), but reading and
saving the files of this very folder through Decap's local proxy (npm `decap-server`, pinned in
package.json), so that a save goes straight into data/ and the preview shows it about a second later
(tools/serve_site.py). Nothing is committed or pushed: the editor commits and opens the pull request
as usual. Both servers listen on 127.0.0.1 only; stopping this (Ctrl+C) stops both.
Run from the project's folder (make does). Usage: python tools/edit_site.py [--port 8000] [--proxy-port 8081]
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys

from disclosure_site.read.paths import ROOT
from disclosure_site.content.form_editor import LOCAL_PROXY_VARIABLE, NODE_MODULES
from disclosure_site.engine.mkdocs_preview import serve
from serve_site import SearchIndex  # tools/serve_site.py, beside this file

PROXY = NODE_MODULES / "decap-server" / "dist" / "index.js"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在本机用表单编辑 data/ 中的数据,旁边是实时预览")
    parser.add_argument("--port", type=int, default=8000, help="预览和表单的端口(默认 8000)")
    parser.add_argument("--proxy-port", type=int, default=8081, help="表单保存文件所用的本机代理的端口(默认 8081)")
    args = parser.parse_args(argv)
    node = shutil.which("node")
    if node is None or not PROXY.is_file():
        print("make edit 需要 Node.js 和 npm 安装的 decap-server:请安装 Node.js 后重新运行 make edit"
              "(它会先运行 npm ci 安装固定版本的依赖)。", file=sys.stderr)
        return 1
    environment = dict(os.environ, PORT=str(args.proxy_port), BIND_HOST="127.0.0.1", MODE="fs",
                       GIT_REPO_DIRECTORY=str(ROOT), LOG_LEVEL="warn")
    proxy = subprocess.Popen([node, str(PROXY)], cwd=ROOT, env=environment)
    # Stopped from outside (a terminal closed, `kill`): stop as Ctrl+C does, the proxy with it.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _interrupt)
    # The generate step writes the form's config for this proxy (content/form_editor.py).
    os.environ[LOCAL_PROXY_VARIABLE] = f"http://127.0.0.1:{args.proxy_port}/api/v1"
    print(f"表单编辑器:http://127.0.0.1:{args.port}/admin/(保存后直接写入 data/,预览约一秒后更新;"
          "按 Ctrl+C 停止)", file=sys.stderr)
    try:
        return serve(ROOT, "127.0.0.1", args.port, after_rendering=SearchIndex())
    finally:
        proxy.terminate()
        try:
            proxy.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proxy.kill()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
