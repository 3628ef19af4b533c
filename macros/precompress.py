"""A .gz beside every text file of the built site, for nginx's gzip_static (deploy/nginx.conf).

The server then sends the file compressed once, at the best level, instead of compressing it on
every request. mtime=0 and a fixed level keep rebuilds of the same commit byte-identical.
"""
from __future__ import annotations

import gzip
from pathlib import Path

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")


def write_gzip_copies(site_dir: Path) -> int:
    """Write NAME.gz for each text file NAME (replacing MkDocs' own sitemap.xml.gz with the same text)."""
    written = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        target = path.with_name(path.name + ".gz")
        target.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        written += 1
    return written
