"""What a Chinese government website shows about itself in every footer, from data/site.yml.

The file is optional and so is each key: what an editor has not set is not shown. Its
`contact` is the site's own feedback contact, shown (as the site's) on the pages of a
disclosure whose text states none. The
emblem (党政机关网站标识) is an image in the repository, copied into the built site, so no
page ever loads it from elsewhere. The two filing numbers link to their public lookups.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from disclosure_site.read.errors import DataErrors
from disclosure_site.read.kinds import SITE_FILE
from disclosure_site.read.paths import DATA_DIR
from disclosure_site.model.site import Contact
from disclosure_site.check.schema_check import check_file, error_at

ICP_LOOKUP_URL = "https://beian.miit.gov.cn/"
POLICE_LOOKUP_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="
EMBLEM_MAX_BYTES = 200_000  # every page shows it: a photo-sized file would slow every phone

_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"GIF87a": "gif", b"GIF89a": "gif"}


@dataclass(frozen=True)
class SiteIdentity:
    host: str | None = None  # 主办单位
    operator: str | None = None  # 承办单位
    site_code: str | None = None  # 网站标识码
    icp_filing: str | None = None  # ICP备案号
    police_filing: str | None = None  # 公安机关备案号
    emblem: Path | None = None  # the image file in the repository
    contact: Contact | None = None  # the site's own contact, shown for disclosures whose text gives none
    editor: tuple[tuple[str, str], ...] = ()  # the form editor's settings (content/form_editor.py), as (key, value)

    @property
    def shown(self) -> bool:
        return any((self.host, self.operator, self.site_code, self.icp_filing, self.police_filing, self.emblem))

    @property
    def icp_url(self) -> str:
        return ICP_LOOKUP_URL

    @property
    def police_url(self) -> str | None:
        """The lookup of this filing: its number is the run of digits in 鄂公网安备42010202000001号."""
        if not self.police_filing:
            return None
        return POLICE_LOOKUP_URL + re.search(r"[0-9]{10,20}", self.police_filing).group()

    @cached_property
    def emblem_path(self) -> str | None:
        """Where the emblem is published in the site, named by what the file really is."""
        if not self.emblem:
            return None
        return f"assets/images/site-emblem.{image_kind(self.emblem.read_bytes()[:16])}"

    def site_files(self) -> dict[str, bytes]:
        """Files to publish beside the pages: the emblem, when there is one."""
        return {self.emblem_path: self.emblem.read_bytes()} if self.emblem else {}


def image_kind(head: bytes) -> str | None:
    """png, jpg, gif or webp by a file's first bytes (its name may say otherwise); None for anything else."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return next((kind for signature, kind in _IMAGE_SIGNATURES.items() if head.startswith(signature)), None)


def load_site_identity(data_dir: Path = DATA_DIR) -> SiteIdentity:
    """data/site.yml checked (raises DataErrors in Chinese); nothing set when the file is absent."""
    path = data_dir / SITE_FILE
    if not path.is_file():
        return SiteIdentity()
    loaded = check_file(path, "site")
    values = dict(loaded.data)
    if "emblem" in values:
        values["emblem"] = _emblem_file(values["emblem"], data_dir.resolve().parent, loaded)
    if "contact" in values:
        values["contact"] = Contact(**values["contact"])
    if "editor" in values:
        values["editor"] = tuple(values["editor"].items())
    return SiteIdentity(**values)


def load_site_contact(data_dir: Path = DATA_DIR) -> Contact | None:
    """The site's own contact (`contact:` in data/site.yml), checked; None when it has none."""
    path = data_dir / SITE_FILE
    if not path.is_file():
        return None
    contact = check_file(path, "site").data.get("contact")
    return Contact(**contact) if contact else None


def _first_bytes(path: Path, count: int = 16) -> bytes:
    with path.open("rb") as handle:
        return handle.read(count)


def _emblem_file(written: str, root: Path, loaded) -> Path:
    """The emblem image inside the repository (paths are written from its root, like data/emblem.png)."""
    image = (root / written).resolve()
    problem = None
    if not image.is_relative_to(root):
        problem = f"“{written}”不在仓库里:图片须放在仓库中,路径相对仓库根目录填写,如 data/emblem.png。"
    elif not image.is_file():
        problem = f"找不到图片文件“{written}”:请把图片放进仓库,路径相对仓库根目录填写,如 data/emblem.png。"
    elif image.stat().st_size > EMBLEM_MAX_BYTES:  # before reading it: a file of any size can be committed
        size = image.stat().st_size // 1000
        problem = f"图片“{written}”有 {size} KB,超过 {EMBLEM_MAX_BYTES // 1000} KB:请使用主管部门提供的原图,不要用照片或扫描件。"
    elif image_kind(_first_bytes(image)) is None:
        problem = f"“{written}”不是 PNG、JPEG、GIF 或 WebP 图片:请使用主管部门提供的原图。"
    if problem:
        raise DataErrors([error_at(loaded, "site", ("emblem",), problem)])
    return image
