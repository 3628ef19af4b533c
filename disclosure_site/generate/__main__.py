"""Write generated/ (every check first) without building: python -m disclosure_site.generate"""
from __future__ import annotations

import sys

from disclosure_site.read.errors import DataErrors
from disclosure_site.read.paths import ROOT
from disclosure_site.check.run import passed
from disclosure_site.generate.build_folder import generate
from disclosure_site.check.settings import SettingsError
from disclosure_site.generate.front_matter import FrontMatterError


def main() -> int:
    try:
        generated = generate(ROOT)
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except FrontMatterError as exc:
        print(f"docs/ 中的页面:{exc}。", file=sys.stderr)
        return 1
    except SettingsError as exc:  # SITE_URL, SITE_REPO_URL, SITE_FORGE
        print(exc, file=sys.stderr)
        return 1
    for notice in generated.notices:
        print(f"注意:{notice}", file=sys.stderr)
    print(passed(generated.checked.site))
    print(f"已生成:{generated.config_file.parent}(改动 {len(generated.changed)} 个文件)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
