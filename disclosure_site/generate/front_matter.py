"""Markdown pages with front matter, the way MkDocs and Zensical both read them: a `---` block of
`key: value` lines, then the page.

Every value written here is JSON, which is YAML too: data text stays one quoted line whatever it
holds (quotes, colons, `---`, line breaks). JSON leaves a few characters raw that YAML would fold
into a space or refuse inside a quoted value; they are written as \\u escapes instead.
"""
from __future__ import annotations

import json
import re

import yaml

# As MkDocs finds a page's front matter (mkdocs/utils/meta.py).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_NOT_RAW_IN_YAML = re.compile("[\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def value(item) -> str:
    """One value as a single line of YAML (JSON, with what YAML would misread escaped)."""
    text = json.dumps(item, ensure_ascii=False)
    return _NOT_RAW_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def lines(meta: dict) -> str:
    return "".join(f"{key}: {value(item)}\n" for key, item in meta.items())


def page(meta: dict, body: str) -> str:
    """A whole page: the front matter, then the body."""
    return f"---\n{lines(meta)}---\n\n{body.rstrip()}\n"


class FrontMatterError(ValueError):
    """A hand-written page's front matter is not a list of `key: value` lines."""


def with_values(text: str, meta: dict) -> tuple[str, dict]:
    """A hand-written page with `meta` added to its own front matter (kept as written, so each of its
    values reads exactly as before), and the page's own values. Pages without front matter get one."""
    found = FRONT_MATTER.match(text)
    own = {}
    if found:
        try:
            own = yaml.load(found.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            own = None
        if not isinstance(own, dict):  # MkDocs reads such a page as having no front matter at all
            found, own = None, {}
    if found:
        block, body = found.group(1), text[found.end():].lstrip("\n")
    else:
        block, body = "", text
    combined = block + lines(meta)
    if not isinstance(yaml.safe_load(combined), dict):
        raise FrontMatterError("页首的 front matter 须是若干“键: 值”行")
    return f"---\n{combined}---\n\n{body}", own
