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
from disclosure_site.model.site import Contact, Site, build_disclosure
from disclosure_site.check.record import check_records
from disclosure_site.check.rules import check_disclosure, check_site, copy_warnings
from disclosure_site.check.schema_check import check_disclosure_folder, check_files
from disclosure_site.check.site_identity import SiteIdentity, load_site_contact, load_site_identity


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
    site_contact = _site_contact(data_dir)
    site = Site(tuple(build_disclosure(c.id, c.folder, c.disclosure, c.items, site_contact) for c in checked))
    errors += check_site(site, complete={c.id for c in checked if c.complete})
    if errors:
        raise DataErrors(errors)
    _cache[data_dir] = (fingerprint, site)
    return site


def _site_contact(data_dir: Path) -> Contact | None:
    """data/site.yml's contact; its own errors are reported by check_all with the site's identity."""
    try:
        return load_site_contact(data_dir)
    except DataErrors:
        return None


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


def recheck(previous: CheckedSite, data_dir: Path, changed: set[Path]) -> CheckedSite | None:
    """The checks again after an edit, for the disclosures whose files changed only (make serve):
    the same checks as check_all, in the same order. None when the edit reaches further than its
    disclosures (a folder added or removed, data/site.yml): then only check_all will do.
    Raises DataErrors listing every error of the disclosures that changed."""
    data_dir = data_dir.resolve()
    folders = {d.id: d.folder for d in previous.site.disclosures}
    touched: set[str] = set()
    for path in changed:
        try:
            parts = path.resolve().relative_to(data_dir).parts
        except ValueError:
            continue
        if len(parts) < 2 or parts[0] not in folders or not folders[parts[0]].is_dir():
            return None  # data/site.yml, a new or removed disclosure, a file beside the folders
        touched.add(parts[0])
    errors: list[DataError] = []
    disclosures = {d.id: d for d in previous.site.disclosures}
    for disclosure_id in sorted(touched):
        found: list[DataError] = []
        files = check_disclosure_folder(folders[disclosure_id], found)
        if files is None:
            errors += found
            continue
        disclosure = build_disclosure(files.id, files.folder, files.disclosure, files.items, previous.identity.contact)
        found += check_disclosure(disclosure, files.complete)
        if not found:
            record_errors, _ = check_records(Site((disclosure,)))
            found += record_errors
        errors += found
        disclosures[disclosure_id] = disclosure
    if errors:
        raise DataErrors(errors)
    site = Site(tuple(disclosures[d.id] for d in previous.site.disclosures))
    return CheckedSite(site, previous.identity, copy_warnings(site))


def passed(site: Site) -> str:
    items = sum(len(d.items) for d in site.disclosures)
    return f"数据检查通过:{len(site.disclosures)} 份公开,{items} 项整改事项。"
