"""The 政务公开 metadata of a disclosure (索引号, 主题分类, 发布机构, 成文日期, 发文字号, 公开方式).

Optional keys of disclosure.yml, each shown only when the editor has set it: in the 信息公开
table of the disclosure's home page, in that page's meta tags and in the open data.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicInfo:
    index_number: str | None = None  # 索引号
    topic: str | None = None  # 主题分类
    issuer: str | None = None  # 发布机构
    written_on: str | None = None  # 成文日期, YYYY-MM-DD
    document_number: str | None = None  # 发文字号
    disclosure_mode: str | None = None  # 公开方式: 主动公开 or 依申请公开


def public_info_from(data: dict) -> PublicInfo | None:
    """The metadata set in a checked disclosure.yml; None when none of it is set."""
    values = {name: data[name] for name in PublicInfo.__dataclass_fields__ if name in data}
    return PublicInfo(**values) if values else None
