"""A page's own address as a QR code, drawn at build time: phones read it from the screen or the printout."""
from __future__ import annotations

from functools import cache

import segno
from markupsafe import Markup


@cache  # about 3.5 ms a page; `mkdocs serve` rebuilds then draw each address once
def qr_code_svg(url: str) -> Markup:
    """A QR code of `url` as inline SVG, drawn here at build time (segno), dark on white in every mode."""
    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=4, border=4, omitsize=True, dark="#000", light="#fff", svgclass=None, lineclass=None))
