"""Material templates that overrides/ replaces. A copy of a whole Material file must be the pinned
Material's file with only our stated change: when an upgrade of Material changes its original, the
test fails, so that the copy is made again from the new original instead of silently holding back
the theme's fixes. Every other file of the same name is a replacement written here, listed below."""
from __future__ import annotations

import re
from pathlib import Path

import material
from conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"


def _without_leading_comment(text: str) -> str:
    return re.sub(r"^\{#-.*?-#\}\n", "", text, count=1, flags=re.S)


def _always_show_the_search_box(original: str) -> str:
    """Our one change to partials/header.html: the search button and box without Material's
    condition that its own search plugin is on (this site searches with Pagefind)."""
    lines = original.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if '{% if "material/search" in config.plugins %}' in line)
    inner = lines[start + 3:start + 8]  # the label (4 lines) and the include
    assert [line.strip() for line in lines[start + 8:start + 10]] == ["{% endif %}", "{% endif %}"], "Material changed its header"
    return "".join(lines[:start] + [line[4:] for line in inner] + lines[start + 10:])


# Whole files copied from Material, each with the change made to it.
COPIES = {"partials/header.html": _always_show_the_search_box}
# Files that replace Material's with our own (not copies), and why.
REPLACEMENTS = {
    "404.html": "the page a reader meets at a wrong address, in Chinese",
    "partials/copyright.html": "the footer's contact for public supervision and the site's identity",
    "partials/language.html": "Material's translations with the site's own words first (跳转至正文)",
    "partials/search.html": "the search box answered by Pagefind (assets/javascripts/search.js)",
    "partials/source.html": "a plain link to the repository: Material's asks the GitHub API from the reader's browser",
}


def test_each_copy_of_a_material_file_is_the_pinned_original_with_our_change():
    for name, change in COPIES.items():
        original = _without_leading_comment((MATERIAL / name).read_text(encoding="utf-8"))
        ours = _without_leading_comment((OVERRIDES / name).read_text(encoding="utf-8"))
        assert ours == change(original), f"{name}: copy Material's file again and make our change to it"


def test_every_override_of_a_material_file_is_a_known_copy_or_replacement():
    shadowing = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html")
                 if (MATERIAL / p.relative_to(OVERRIDES)).is_file()}
    assert shadowing - {"main.html"} == COPIES.keys() | REPLACEMENTS.keys()  # main.html extends base.html


def test_the_check_notices_a_changed_original(tmp_path):
    original = _without_leading_comment((MATERIAL / "partials/header.html").read_text(encoding="utf-8"))
    ours = _without_leading_comment((OVERRIDES / "partials/header.html").read_text(encoding="utf-8"))
    upgraded = original.replace('class="md-header__inner md-grid"', 'class="md-header__inner md-grid md-header--new"')
    assert upgraded != original and ours != _always_show_the_search_box(upgraded)
