"""A Content-Security-Policy for every built page, so that a future escaping slip stays harmless.

Run over the built site: it finds the inline scripts the theme put in the pages, allows exactly
those by SHA-256 hash, and writes the policy as the first <meta> in every page's <head> (GitHub
Pages can send no headers) and as an nginx `add_header` line for self-hosting (deploy/nginx.conf).

An inline script is allowed only when it is one of the theme's own template scripts (Material's
or overrides/) with nothing but its template values filled in, and those values cannot leave the
string they sit in. Data text never lives in a template file, so a script that came from data
through an escaping slip is not hashed: the build stops instead, naming the page.

The form editor (/admin/, content/form_editor.py) is the one folder with a policy of its own, which
its page already carries (Decap CMS needs more than a reader's page may have, and reaches the forge's
API): it is left as it is, and nginx sends it for that folder alone.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from disclosure_site.content.form_editor import FOLDER as EDITOR_FOLDER
from disclosure_site.read.site_layout import NGINX_CSP

# Sent as a header only: browsers ignore frame-ancestors in a <meta> policy.
HEADER_ONLY = "frame-ancestors 'none'"
NGINX_SNIPPET = NGINX_CSP

# A script element as a browser's tokenizer finds one: the tag name ends at a space, "/" or ">"
# (<script/x> is a script), attribute values may hold ">", and the script runs to the first
# </script followed by a space, "/" or ">" (or to the end of the page when there is none).
_SCRIPT = re.compile(r"""<script(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)(?:</script[\s/>]|\Z)""", re.S | re.I)
_TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)


class InlineScriptNotFromTheme(Exception):
    """A built page holds an inline script that no template wrote."""


def policy(script_hashes: list[str]) -> str:
    """The page policy: everything from this site only, inline script only by hash, no eval.

    'wasm-unsafe-eval' lets search run WebAssembly (Pagefind); it does not allow eval().
    img-src allows data: for the icons that Material's stylesheet embeds."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *(f"'{h}'" for h in script_hashes)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def apply(site_dir: Path, template_dirs: list[Path]) -> str:
    """Add the policy to every page in site_dir and write the nginx header line. Returns the policy."""
    allowed = _template_scripts(template_dirs)
    editor = site_dir / EDITOR_FOLDER
    pages = sorted(p for p in site_dir.rglob("*.html") if not p.is_relative_to(editor))
    hashes: set[str] = set()
    for page in pages:
        for body in inline_scripts(page.read_text(encoding="utf-8")):
            if not any(pattern.fullmatch(body) for pattern in allowed):
                start = " ".join(body.split())[:80]
                raise InlineScriptNotFromTheme(
                    f"{page.relative_to(site_dir).as_posix()} 含有一段不来自主题模板的内联脚本(开头:{start})。"
                    "数据中的文字只能作为文字显示,这通常说明某处模板没有转义;构建已停止。"
                )
            hashes.add(script_hash(body))
    page_policy = policy(sorted(hashes))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy}">'
    for page in pages:
        html = page.read_text(encoding="utf-8")
        page.write_text(_insert_first_in_head(html, meta), encoding="utf-8")
    (site_dir / NGINX_SNIPPET).write_text(nginx_snippet(page_policy, _own_policy(editor / "index.html")), encoding="utf-8")
    return page_policy


def nginx_snippet(page_policy: str, editor_policy: str | None) -> str:
    """The header lines nginx includes at server level: every page's policy, the form editor's for /admin/."""
    if editor_policy is None:
        return ("# Written by the build (post/csp.py): the policy of every page's <meta>, as a header.\n"
                f'add_header Content-Security-Policy "{page_policy}; {HEADER_ONLY}" always;\n')
    return ("# Written by the build (post/csp.py): the policy of every page's <meta>, as a header, and the form\n"
            "# editor's own for /admin/ (set at server level: no location may carry add_header lines of its own).\n"
            f'set $disclosure_csp "{page_policy}; {HEADER_ONLY}";\n'
            f'if ($uri ~ "^/{EDITOR_FOLDER}/") {{\n    set $disclosure_csp "{editor_policy}; {HEADER_ONLY}";\n}}\n'
            "add_header Content-Security-Policy $disclosure_csp always;\n")


def _own_policy(page: Path) -> str | None:
    """The policy a page carries itself in its <meta> (the form editor's), or None."""
    if not page.is_file():
        return None
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)) if match else None


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run (JSON data blocks do not run)."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes = match.group(1) or ""
        if re.search(r"\bsrc\s*=", attributes, re.I):
            continue
        kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]*)", attributes, re.I)
        if (kind.group(1).lower() if kind else "") in _EXECUTABLE_TYPES:
            found.append(match.group(2))
    return found


def script_hash(body: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")


def _template_scripts(template_dirs: list[Path]) -> list[re.Pattern]:
    """Each inline script in the templates as a pattern: its text verbatim, each {{ value }} any
    text without quotes, angle brackets, backslashes or line breaks (so it stays inside its string)."""
    patterns = []
    for folder in template_dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            for body in inline_scripts(template.read_text(encoding="utf-8")):
                if "{%" in body or "{#" in body:
                    continue  # logic inside a script: not one the theme writes verbatim
                parts = _TEMPLATE_VALUE.split(body)
                patterns.append(re.compile(r"[^\"'<>\\\n]*".join(re.escape(p) for p in parts), re.S))
    return patterns


def _insert_first_in_head(html: str, meta: str) -> str:
    # Right after <meta charset> (which must stay in the first 1024 bytes), before any script.
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if not anchor:
        return html  # not a page (a fragment): nothing runs in it on its own
    return html[: anchor.end()] + meta + html[anchor.end():]
