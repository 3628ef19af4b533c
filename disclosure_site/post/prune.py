"""Publish only what readers need: no source maps, and none of the theme's code that no page loads.

Material ships its JavaScript and CSS with source maps (for its own developers), its client-side
search (the lunr index builder, its language stemmers and the worker that runs them) and a colour
palette stylesheet. This site searches with Pagefind (search_index.py, without Material's search
component, so the bundle never starts the worker) and sets its colours in its own stylesheet, so
those files would only be downloads for nobody. What is removed is decided by what the built pages
refer to: a theme script or stylesheet that no page names in a `src` or `href` is dropped, never an
image or font (stylesheets refer to those). tests/test_browser.py loads the pages in a browser and
checks that none asks for a file the site does not have.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

THEME_CODE = ("assets/javascripts", "assets/stylesheets")  # where Material (and overrides/assets) put code
_REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"'#?]+)""", re.I)
_SOURCE_MAP = re.compile(r"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def prune(site_dir: Path) -> list[str]:
    """Remove the source maps and the theme code no page refers to; returns what was removed."""
    removed = []
    for source_map in sorted(site_dir.rglob("*.map")):
        source_map.unlink()
        removed.append(source_map.relative_to(site_dir).as_posix())
    referenced = _referenced(site_dir)
    for folder in THEME_CODE:
        for path in sorted((site_dir / folder).rglob("*")):
            name = path.relative_to(site_dir).as_posix()
            if path.is_file() and path.suffix in (".js", ".css") and name not in referenced:
                path.unlink()
                removed.append(name)
            elif path.is_file() and path.suffix in (".js", ".css"):
                _drop_source_map_comment(path)
    for folder in sorted((p for p in site_dir.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def _referenced(site_dir: Path) -> set[str]:
    """Every file of the site a page names in a src or href, as a path from the site's root."""
    found: set[str] = set()
    for page in site_dir.rglob("*.html"):
        here = page.parent.relative_to(site_dir).as_posix()
        for target in _REFERENCE.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I):
                continue  # another site, mailto:, data:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(here, target)
            found.add(posixpath.normpath(path))
    return found


def _drop_source_map_comment(path: Path) -> None:
    """The map is not published: a browser's developer tools would ask for it in vain."""
    text = path.read_text(encoding="utf-8")
    kept = _SOURCE_MAP.sub("", text)
    if kept != text:
        path.write_text(kept + ("\n" if text.endswith("\n") else ""), encoding="utf-8")
