"""Everything `make validate` and `make site` check before anything is built, in one place and in
order: each file against its schema (schema_check.py), the model built from the files that passed,
the rules across files on it (rules.py), the site's identity (data/site.yml, site_identity.py), and
the published records (source.txt, record.py). Every problem is collected, so an editor sees them
all at once; a Site is handed on only when there is none."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from disclosure_site.read.errors import DataError, DataErrors
from disclosure_site.read.paths import DATA_DIR
from disclosure_site.model.site import Site, build_disclosure
from disclosure_site.check.record import check_records
from disclosure_site.check.rules import check_site, copy_warnings
from disclosure_site.check.schema_check import check_files
from disclosure_site.check.site_identity import SiteIdentity, load_site_identity


@dataclass(frozen=True)
class CheckedSite:
    site: Site
    identity: SiteIdentity
    notices: list[str]  # worth a look before merging, not errors


_cache: dict[Path, tuple[tuple, Site]] = {}


def load_site(data_dir: Path = DATA_DIR) -> Site:
    """Each file against its schema, then the model and the rules across files (raises DataErrors);
    the last result is reused while no data file has changed."""
    data_dir = data_dir.resolve()
    fingerprint = _fingerprint(data_dir)
    cached = _cache.get(data_dir)
    if cached and cached[0] == fingerprint:
        return cached[1]
    checked, errors = check_files(data_dir)
    site = Site(tuple(build_disclosure(c.id, c.folder, c.disclosure, c.items) for c in checked))
    errors += check_site(site, complete={c.id for c in checked if c.complete})
    if errors:
        raise DataErrors(errors)
    _cache[data_dir] = (fingerprint, site)
    return site


def _fingerprint(data_dir: Path) -> tuple:
    if not data_dir.is_dir():
        return ()
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.rglob("*")) if p.is_file()
    )


def check_all(data_dir: Path = DATA_DIR) -> CheckedSite:
    """The checked site, its identity and the notices worth a look; raises DataErrors listing every error."""
    errors: list[DataError] = []
    identity = SiteIdentity()
    try:
        identity = load_site_identity(data_dir)
    except DataErrors as exc:
        errors += exc.errors
    try:
        site = load_site(data_dir)
    except DataErrors as exc:
        raise DataErrors(errors + exc.errors) from None
    record_errors, notices = check_records(site)
    if errors or record_errors:
        raise DataErrors(errors + record_errors)
    return CheckedSite(site, identity, notices + copy_warnings(site))


def passed(site: Site) -> str:
    items = sum(len(d.items) for d in site.disclosures)
    return f"数据检查通过:{len(site.disclosures)} 份公开,{items} 项整改事项。"
