"""tools/compare_builds.py, which shows that a change to how the site is built leaves what readers get
as it was: it must find a changed page, find nothing when nothing changed, and excuse only the
differences it explains."""
from __future__ import annotations

import gzip
import importlib.util
import shutil

from conftest import DISCLOSURE_ID, ROOT

_spec = importlib.util.spec_from_file_location("compare_builds", ROOT / "tools" / "compare_builds.py")
compare_builds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_builds)


def test_the_same_code_builds_the_same_bytes_and_a_changed_template_shows(tmp_path):
    code = compare_builds.code_at(None, tmp_path / "code")
    changed = tmp_path / "code-changed"
    shutil.copytree(code, changed)
    template = changed / "overrides" / "content" / "item.html"
    template.write_text(template.read_text(encoding="utf-8").replace("整改情况</h2>", "整改的情况</h2>"), encoding="utf-8")
    sites = {}
    for name, source in (("one", code), ("two", code), ("changed", changed)):
        project = compare_builds.fixture_project(source, tmp_path / f"project-{name}")
        sites[name] = tmp_path / f"site-{name}"
        compare_builds.build(project, sites[name], compare_builds.ADDRESSES)
    found, explained = compare_builds.differences(sites["one"], sites["two"])
    assert found == [] and explained == []
    found, _ = compare_builds.differences(sites["one"], sites["changed"])
    differing = [line.split()[-1] for line in found if line.startswith("differs:")]
    assert f"{DISCLOSURE_ID}/07/index.html" in differing and "about/index.html" not in differing
    assert any("整改的情况" in line for line in found)  # it shows what changed


def _sitemap(entries) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc><lastmod>{date}</lastmod></url>" for loc, date in entries)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def test_only_a_sitemap_in_another_order_is_excused(tmp_path):
    entries = [("https://x.invalid/", "2025-01-01"), ("https://x.invalid/about/", "2024-12-01")]
    for side, order, dates in (("a", entries, entries), ("b", entries[::-1], entries[::-1]),
                               ("c", entries, [entries[0], ("https://x.invalid/about/", "2025-02-02")])):
        (tmp_path / side).mkdir()
        (tmp_path / side / "sitemap.xml").write_bytes(_sitemap(dates if side == "c" else order))
        (tmp_path / side / "sitemap.xml.gz").write_bytes(gzip.compress(_sitemap(dates if side == "c" else order), mtime=0))
    found, explained = compare_builds.differences(tmp_path / "a", tmp_path / "b")
    assert found == [] and len(explained) == 2
    found, explained = compare_builds.differences(tmp_path / "a", tmp_path / "c")
    assert [line.split()[-1] for line in found if line.startswith("differs:")] == ["sitemap.xml", "sitemap.xml.gz"]
