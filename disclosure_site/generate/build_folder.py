"""The generate step: check the data, read its history, and write everything the engine renders into
one folder (generated/, git-ignored), before any engine runs:

  generated/docs/<url>/index.md   every page made from data/: its content (HTML) under front matter
                                  holding its title, description, dates, edit link, topics, table of
                                  contents and the pieces the theme puts around it (head metadata,
                                  footer contact, site identity, share box)
  generated/docs/<page>.md        the hand-written pages of docs/, their own front matter kept, the
                                  same pieces added
  generated/docs/...              the outputs: feed.xml, open-data/, the site's emblem
  generated/mkdocs.yml            the engine's config: the project's, inherited, with the name, the
                                  navigation and the values of the page without a source (404)

Only files whose bytes change are rewritten, so an engine that rebuilds what changed (make serve)
rebuilds only the pages an edit touched.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from disclosure_site.read.kinds import KINDS, SITE_FILE
from disclosure_site.read.paths import ROOT
from disclosure_site.read.text import printable
from disclosure_site.check.run import CheckedSite, check_all, recheck
from disclosure_site.check.settings import SettingsError, site_url_problem
from disclosure_site.history.revisions import History, head_commit, read_history, with_uncommitted
from disclosure_site.content import form_editor, outputs, page_content
from disclosure_site.content.changelog import change_months, page_updated
from disclosure_site.content.forge import from_environment
from disclosure_site.content.page_plan import PagePlan, plan_nav, plan_pages, site_name
from disclosure_site.content.site_data import SiteData
from disclosure_site.content.templates import title_html
from disclosure_site.content.toc import heading_outline
from disclosure_site.content.urls import HOME, disclosure_url, source_file
from disclosure_site.generate import front_matter
from disclosure_site.generate.engine_config import ProjectConfig, read_project_config, write_engine_config

FOLDER = "generated"
# make serve / make edit generate into their own folder: a make site run meanwhile rewrites
# generated/ for a build (without the form's local proxy) and must not change what the preview serves.
PREVIEW_FOLDER = f"{FOLDER}/preview"
DOCS = "docs"


@dataclass(frozen=True)
class Generated:
    config_file: Path  # what the engine is run on
    checked: CheckedSite
    notices: list[str]  # for the terminal: worth a look, not errors
    changed: list[str]  # files under docs/ written or removed by this run
    everything: bool = True  # False: an update that regenerated only what an edit reached
    local_preview: bool = False  # data/ or docs/ hold edits not committed: the pages say so, fit for a preview only
    nav_changed: bool = True  # the navigation's titles or entries differ from the last run's


def generate(root: Path = ROOT, folder: Path | None = None) -> Generated:
    """Every check (raises DataErrors), then the generated folder for the engine."""
    return Workspace(root, folder).generate()


class Workspace:
    """The generated folder and what made it, kept between runs so that an edit (make serve)
    regenerates only the pages it reaches: the pages of the disclosures whose files changed, the
    site-wide pages (home, change log), the outputs, and a hand-written page that was edited. An
    edit that reaches further (the site's name or identity, a disclosure added or removed, a
    commit, the templates or mkdocs.yml) regenerates everything."""

    def __init__(self, root: Path = ROOT, folder: Path | None = None, follow_commits: bool = False):
        self.root = root.resolve()
        self.follow_commits = follow_commits  # a preview: notice a commit made while it runs (one more git process)
        self.folder = (folder or self.root / FOLDER).resolve()
        self.files: dict[str, str | bytes] = {}
        self.pages: _Pages | None = None
        self.head: str | None = None

    def generate(self) -> Generated:
        project = read_project_config(self.root)
        checked = check_all(self.root / "data")
        history = read_history(self.root)
        self.head = head_commit(self.root) if history.root and self.follow_commits else None
        forge = from_environment(project.repo_url)  # raises ForgeError: a setting that would make every link wrong
        problem = site_url_problem(project.site_url)
        if problem:  # before the engine, which would say "The URL isn't valid" in English
            raise SettingsError(problem)
        pages = _Pages(SiteData(checked.site, history, forge, checked.identity), project, self.root)
        files = pages.generated_pages() | pages.hand_written_pages() | pages.outputs()
        changed = sync_folder(self.folder / DOCS, files)
        generated = self._finish(pages, files, changed, checked, history_notices(history), everything=True)
        uncommitted = history.root is not None and any(h.uncommitted for h in history.files.values())
        return dataclasses.replace(generated, local_preview=uncommitted)

    def update(self, changed_paths: set[Path], outputs: bool = True) -> Generated:
        """Regenerate after `changed_paths` were edited (raises DataErrors, leaving the folder as it was).
        With outputs=False the downloads (open data, feed) wait for update_outputs(): a preview shows
        the edited page first."""
        previous = self.pages
        data_dir, docs_dir = self.root / "data", previous.project.docs_dir if previous else None
        outside = [p for p in changed_paths if not (_inside(p, data_dir) or _inside(p, docs_dir))]
        if previous is None or outside:
            return self.generate()
        checked = recheck(self.checked, data_dir, {p for p in changed_paths if _inside(p, data_dir)})
        if checked is None or (self.follow_commits and previous.data.history.root and head_commit(self.root) != self.head):
            return self.generate()
        history = with_uncommitted(previous.data.history, self.root)
        data = SiteData(checked.site, history, previous.data.forge, checked.identity)
        pages = _Pages(data, previous.project, self.root)
        edited_docs = {p.resolve() for p in changed_paths if _inside(p, docs_dir)}
        if pages.site_wide() != previous.site_wide() or any(not p.is_file() for p in edited_docs):
            return self.generate()  # what every page shows changed, or a hand-written page came or went
        before = {d.id: d for d in previous.site.disclosures}
        touched = {d.id for d in checked.site.disclosures
                   if before.get(d.id) != d or any(previous.data.history.for_file(path) != history.for_file(path)
                                                   for path in (d.source_path, *(i.source_path for i in d.items)))}
        # The site-wide pages show the disclosures' and items' titles (and the disclosures' counts):
        # the change log, long with a thousand commits, is made again only when one of those changed.
        site_wide_again = previous.titles() != pages.titles()
        regenerated = previous.generated_files(touched, site_wide_again)
        files = {name: content for name, content in self.files.items() if name not in regenerated}
        files |= pages.generated_pages(lambda plan: plan.disclosure_id in touched
                                       or (plan.disclosure_id is None and (site_wide_again or plan.url == HOME)))
        docs = [p for p in previous.project.docs_dir.rglob("*.md")
                if p.resolve() in edited_docs or previous.data.history.for_file(p) != history.for_file(p)]
        files |= pages.hand_written_pages(lambda path: path in docs)
        if outputs:
            files |= pages.outputs()
        changed = _write_changes(self.folder / DOCS, self.files, files)
        return self._finish(pages, files, changed, checked, [], everything=False, nav_changed=pages.nav() != previous.nav())

    def update_outputs(self) -> list[str]:
        """The downloads (open data, feed) made again for the data as last updated; what changed."""
        files = self.files | self.pages.outputs()
        changed = _write_changes(self.folder / DOCS, self.files, files)
        self.files = files
        return changed

    def _finish(self, pages: "_Pages", files: dict, changed: list[str], checked: CheckedSite, notices: list[str],
                everything: bool, nav_changed: bool = True) -> Generated:
        self.pages, self.files, self.checked = pages, files, checked
        config_file = write_engine_config(
            self.folder, pages.project, site_name=title_html(pages.name), nav=pages.nav(), extra=pages.engine_values(),
        )
        return Generated(config_file, checked, checked.notices + notices, changed, everything, nav_changed)


def _inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and path.resolve().is_relative_to(folder.resolve())


def _write_changes(folder: Path, before: dict[str, str | bytes], after: dict[str, str | bytes]) -> list[str]:
    """Write what differs between the folder's files as last written (`before`) and `after`."""
    changed = []
    for name, content in after.items():
        if before.get(name) != content:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            changed.append(name)
    for name in before.keys() - after.keys():
        (folder / name).unlink(missing_ok=True)
        changed.append(name)
    return changed


def history_notices(history: History) -> list[str]:
    notices = []
    if history.empty:
        notices.append("仓库还没有任何提交,页面暂不显示发布时间和更新记录;提交后重新生成即可。")
    if history.partial:
        notices.append("仓库历史不完整(浅克隆),页面上的更新记录将注明“记录不完整”。")
    newest = history.newest_time()
    if newest and newest > dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1):
        notices.append(f"最新一次提交的日期是 {newest:%Y-%m-%d %H:%M}(北京时间),晚于今天:提交时电脑的时钟可能有误。"
                       "页面照 git 的记录显示这个日期;要改正,须在合并前修改这次提交的日期。")
    return notices


def sync_folder(folder: Path, files: dict[str, str | bytes]) -> list[str]:
    """Make `folder` hold exactly `files` (path -> content), writing only what differs. Returns what changed."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    changed = []
    for name, content in files.items():
        raw = content.encode("utf-8") if isinstance(content, str) else content
        target = folder / name
        if name in existing and target.read_bytes() == raw:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        changed.append(name)
    for name in sorted(existing - files.keys()):
        (folder / name).unlink()
        changed.append(name)
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return changed


def canonical_url(site_url: str, url: str) -> str | None:
    """A page's full address, as MkDocs makes it from site_url; None when the address is not known."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", url)


def base_url(url: str) -> str:
    """The way from the page at `url` back to the site's root (".", "..", "../..")."""
    return posixpath.relpath(".", url) if url else "."


def hand_written_url(name: str) -> str:
    """Where the engine publishes docs/<name> (directory URLs: about.md -> about/)."""
    folder, _, file = name.rpartition("/")
    stem = file.removesuffix(".md")
    prefix = folder + "/" if folder else ""
    return prefix if stem in ("index", "README") else f"{prefix}{stem}/"


def _iso(revision) -> str | None:
    return revision.time.isoformat() if revision else None


class _Pages:
    """The files of the generated folder, for one build's data."""

    def __init__(self, data: SiteData, project: ProjectConfig, root: Path):
        self.data, self.project, self.root = data, project, root
        self.site = data.site
        self.name = site_name(self.site)
        self.plans = plan_pages(self.site, tuple((m.year, m.month) for m in change_months(data)))
        self._footers: dict[str | None, str] = {}
        self._identities: dict[str, str] = {}

    # ------------------------------------------------------------ what surrounds every page

    def footer_contact(self, disclosure_id: str | None) -> str:
        """A page of one disclosure shows that body's contact; a site-wide page shows every body's."""
        if disclosure_id not in self._footers:
            disclosures = [self.site.disclosure(disclosure_id)] if disclosure_id else list(self.site.disclosures)
            self._footers[disclosure_id] = page_content.render_contact_footer(disclosures)
        return self._footers[disclosure_id]

    def site_identity(self, base: str) -> str:
        if base not in self._identities:
            self._identities[base] = page_content.render_site_identity(self.data.identity, base)
        return self._identities[base]

    def sources(self, disclosure_id: str | None) -> str:
        disclosures = [self.site.disclosure(disclosure_id)] if disclosure_id else self.site.disclosures
        return "、".join(dict.fromkeys(d.publisher for d in disclosures))

    def surroundings(self, url: str, disclosure_id: str | None, page_meta: str) -> dict:
        address = canonical_url(self.project.site_url, url)
        return {
            "dp_page_meta": page_meta,
            "dp_footer_contact": self.footer_contact(disclosure_id),
            "dp_site_identity": self.site_identity(base_url(url)),
            "dp_share": page_content.render_share(address),
        }

    def dates(self, path: Path) -> dict:
        history = self.data.history.for_file(path)
        values = {}
        if history and history.published:
            values["dp_published"] = _iso(history.published)
        updated = page_updated(self.data, path)
        if updated:
            values["dp_updated"] = _iso(updated)  # the sitemap's lastmod: the page's own last change
        return values

    def edit_url(self, path: Path) -> str | None:
        """The forge's editor for the file a page is made from: its data file, or its Markdown. A page
        made from a whole folder (the change log, the list of disclosures) has no file to edit: none."""
        if not path.is_file():
            return None
        return self.data.forge.edit_url(self.data.history.prefix + path.resolve().relative_to(self.root).as_posix())

    # ------------------------------------------------------------ the pages

    def generated_pages(self, which=lambda plan: True) -> dict[str, str]:
        return {source_file(plan.url): self.generated_page(plan) for plan in self.plans if which(plan)}

    def generated_files(self, disclosure_ids: set[str], site_wide: bool = True) -> set[str]:
        """The generated pages of these disclosures, the site's home, and (site_wide) the other site-wide ones."""
        return {source_file(p.url) for p in self.plans if p.disclosure_id in disclosure_ids
                or (p.disclosure_id is None and (site_wide or p.url == HOME))}

    def titles(self) -> tuple:
        """What the site-wide pages say of each disclosure and item."""
        return tuple((d.full_title, d.title, d.body, tuple(i.title for i in d.items)) for d in self.site.disclosures)

    def site_wide(self) -> tuple:
        """What every page shows, so that a change of it reaches every page (the navigation is the engine's)."""
        return (self.name, self.footer_contact(None), self.data.identity)

    def generated_page(self, plan: PagePlan) -> str:
        html = plan.render(self.data)
        history = self.data.history.for_file(plan.data_file)
        title = plan.title if plan.url or self.site.single else self.name
        page_meta = page_content.render_page_meta(
            site_name=self.name, title=title, column=plan.column, description=plan.description,
            keywords=plan.keywords, source=self.sources(plan.disclosure_id), history=history,
            url=canonical_url(self.project.site_url, plan.url), site_code=self.data.identity.site_code,
            public_info=self.public_info(plan),
            disclosure=self.site.disclosure(plan.disclosure_id) if plan.disclosure_id else None,
        )
        meta: dict = {"title": title_html(plan.shown_title), "dp_description": plan.description,
                      **self.dates(plan.data_file)}
        edit_url = self.edit_url(plan.data_file)
        if edit_url:
            meta["edit_url"] = edit_url
        if plan.tags:
            # HTML-escaped: Material prints tag names as HTML. The item page links its topics itself.
            meta["tags"] = [title_html(tag) for tag in plan.tags]
            meta["hide"] = ["tags"]
        meta["render_macros"] = False  # the content is finished HTML, not a template
        meta["dp_content"] = "html"  # nor Markdown: the engine need not convert it
        meta.update(self.surroundings(plan.url, plan.disclosure_id, page_meta))
        # Headings in generated HTML are invisible to Markdown's toc: the outline travels with the page.
        meta["dp_toc"] = heading_outline(html)
        return front_matter.page(meta, html)

    def public_info(self, plan: PagePlan):
        """A disclosure's 政务公开 metadata, for its home page's meta tags only."""
        disclosure = self.site.disclosure(plan.disclosure_id) if plan.disclosure_id else None
        return disclosure.public_info if disclosure and plan.url == disclosure_url(self.site, disclosure) else None

    def hand_written_pages(self, which=lambda path: True) -> dict[str, str | bytes]:
        docs = self.project.docs_dir
        titles = self.project.nav_titles()
        files: dict[str, str | bytes] = {}
        for path in sorted(docs.rglob("*")):
            name = path.relative_to(docs).as_posix()
            if not path.is_file() or any(part.startswith(".") for part in path.relative_to(docs).parts) or not which(path):
                continue
            if path.suffix != ".md":
                files[name] = path.read_bytes()
                continue
            text = printable(path.read_text(encoding="utf-8-sig"))  # like the data: nothing no reader sees
            _, own = front_matter.with_values(text, {})
            title = titles.get(name) or own.get("title") or _first_heading(text) or path.stem
            url = hand_written_url(name)
            page_meta = page_content.render_page_meta(
                site_name=self.name, title=title, column=title, description=own.get("description", title),
                keywords=tuple(own.get("keywords", ())), source=self.sources(None),
                history=self.data.history.for_file(path), url=canonical_url(self.project.site_url, url),
                site_code=self.data.identity.site_code,
            )
            values = {**self.dates(path), "dp_page_dates": page_content.render_page_dates(self.data, path)}
            edit_url = self.edit_url(path)
            if edit_url:
                values["edit_url"] = edit_url
            values.update(self.surroundings(url, None, page_meta))
            files[name], _ = front_matter.with_values(joined_chinese_lines(text), values)
        return files

    def outputs(self) -> dict[str, str | bytes]:
        return {**outputs.static_outputs(self.data, self.project.site_url), **self.data.identity.site_files(),
                **self.form_editor()}

    def form_editor(self) -> dict[str, str | bytes]:
        """/admin/: the form editor, its config made from the schemas and this data (raises EditorFilesMissing)."""
        backend = form_editor.backend(self.data.forge, dict(self.data.identity.editor))
        return form_editor.files(self.site, self.name, backend, self.project.site_url,
                                 site_file_exists=(self.root / "data" / SITE_FILE).is_file())

    # ------------------------------------------------------------ the engine's config

    def nav(self) -> list:
        return plan_nav(self.site, self.plans) + list(self.project.nav)

    def engine_values(self) -> dict:
        """config.extra for the engine: what pages without a source show (404), the values the
        hand-written pages' macros print, and the build's date (the newest change, never the clock)."""
        newest = self.data.history.newest_time()
        root_path = urlsplit(self.project.site_url or "/").path  # the 404 page links from the site's root
        values = {
            "dp_generated": True,
            "dp_footer_contact": self.footer_contact(None),
            "dp_site_identity": page_content.render_site_identity(self.data.identity, root_path),
            "dp_original_text_links": page_content.render_original_text_links(self.data),
            "dp_schema_fields": {kind: page_content.render_schema_fields(kind) for kind in KINDS},
        }
        if newest:
            values["dp_source_date_epoch"] = int(newest.timestamp())
        return values


# Chinese characters and punctuation (CJK symbols, ideographs, full-width forms).
_CHINESE = re.compile(r"[\u2018-\u201d\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A line ends in Chinese also where a half-width mark follows a Chinese character (一致,), and begins so at a bracket.
_ENDS_CHINESE = re.compile(r"(?:%s)[,.;:!?)]{0,2}$" % _CHINESE.pattern)
_BEGINS_CHINESE = re.compile(r"[(]?(?:%s)" % _CHINESE.pattern)


def joined_chinese_lines(markdown: str) -> str:
    """A hand-written page's paragraphs with the line breaks between two Chinese characters taken out.
    Markdown keeps a line break inside a paragraph as a space, and a browser shows it between Chinese
    characters (一致, 并可在); a writer breaks long lines all the same. Headings, tables and code stay as written."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        previous = out[-1] if out else ""
        # An indented line goes on a list item or a note's paragraph (an indented code block follows a blank line).
        if (not fenced and previous.strip() and _BEGINS_CHINESE.match(line.lstrip()) and _ENDS_CHINESE.search(previous)
                and not previous.lstrip().startswith(("#", "|", "<", "---"))):
            out[-1] = previous + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip().rstrip("#").strip()
    return None

