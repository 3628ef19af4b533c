"""Every built page is valid HTML to the Nu HTML Checker (vnu, the W3C's checker; npm's vnu-jar
run with Debian's Java). Nothing of ours may fail; Material's own known faults are listed below
by name, each with the reason it stays."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # Java's Nu HTML Checker over every page

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (message pattern, pattern the offending markup must match, why it is accepted)
MATERIAL_KNOWN_FAULTS = [
    (
        r"Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        # Material's base.html (not an overridable block) puts autocomplete="off" on the checkboxes
        # that open the menu and search, so that Firefox does not reopen them on going back. Keep it.
        "Material 9.8.2 base.html: menu and search toggles",
    ),
    (
        r"violates Content Security Policy \(meta tag\)",
        r"",
        # vnu reads files, which have no origin, so 'self' matches nothing, and it counts JSON data
        # blocks and our hashed scripts as blocked. Chromium is the judge: tests/test_hosting.py
        # loads every page and asserts that no policy violation is reported.
        "vnu's policy check on files without an origin",
    ),
]


def _known(message: dict) -> bool:
    return any(re.search(pattern, message.get("message", "")) and re.search(markup, message.get("extract", ""))
               for pattern, markup, _ in MATERIAL_KNOWN_FAULTS)


def test_every_page_is_valid_html(site):
    java = shutil.which("java")
    if not java:
        pytest.skip("no Java: apt-get install default-jre-headless (.ci/run does) to run the Nu HTML Checker")
    assert VNU.is_file(), "vnu.jar missing: run `npm ci` (make test does)"
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU), "--format", "json", "--skip-non-html", "--also-check-svg", str(site.site)],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(result.stderr or result.stdout)
    pages = {m["url"] for m in report["messages"]}
    problems = [
        f'{m["url"].split(str(site.site), 1)[-1]}:{m.get("lastLine")}: {m["message"]} [{m.get("extract", "").strip()}]'
        for m in report["messages"]
        if (m["type"] != "info" or m.get("subType") == "warning") and not _known(m)
    ]
    assert not problems, "\n".join(problems)
    # The checker really read the site: Material's toggles are on every page, and are reported.
    assert len(pages) >= len(list(site.site.rglob("*.html"))) > 30
