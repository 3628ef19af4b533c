"""Everything `make validate` and `make site` check before anything is built, in one place:
each file against its schema and the rules across files (model.load_site), the site's identity
(data/site.yml), and the published records (source.txt). Every problem is collected, so an
editor sees them all at once."""
from __future__ import annotations

from pathlib import Path

from .errors import DataError, DataErrors
from .model import Site, load_site
from .paths import DATA_DIR
from .record import check_records
from .rules import copy_warnings
from .site_identity import load_site_identity


def check_all(data_dir: Path = DATA_DIR) -> tuple[Site, list[str]]:
    """The checked site and the notices worth a look (not errors); raises DataErrors listing every error."""
    errors: list[DataError] = []
    try:
        load_site_identity(data_dir)
    except DataErrors as exc:
        errors += exc.errors
    try:
        site = load_site(data_dir)
    except DataErrors as exc:
        raise DataErrors(errors + exc.errors) from None
    record_errors, notices = check_records(site)
    if errors or record_errors:
        raise DataErrors(errors + record_errors)
    return site, notices + copy_warnings(site)


def passed(site: Site) -> str:
    items = sum(len(d.items) for d in site.disclosures)
    return f"数据检查通过:{len(site.disclosures)} 份公开,{items} 项整改事项。"
