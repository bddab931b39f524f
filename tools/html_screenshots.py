"""Screenshots of the HTML report of every document kind, for README.md (docs/screenshots/).

Renders each kind from the test fixture prices (tests/html_pages.py) and photographs it in
headless Chromium (Debian's `chromium`), as the tests do. Run from the repository root:

    python tools/html_screenshots.py            # writes docs/screenshots/<kind>.png
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # the pages show the example paths as a user in the checkout writes them

from tests.html_pages import KINDS, document_and_page  # noqa: E402
from tests.test_render_html import CHROMIUM_FLAGS  # noqa: E402

SHOWN = ("report", "check", "advice", "infrastructure", "diff", "infrastructure-advice", "scan",
         "report-all-regions", "reconciliation")  # fmt: skip


def main() -> None:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for kind in (k for k in KINDS if k in SHOWN):
            page = Path(work) / f"{kind}.html"
            page.write_text(document_and_page(kind)[1], encoding="utf-8")
            shot = out / f"{kind}.png"
            subprocess.run(
                ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={work}/profile-{kind}",
                 "--window-size=800,1100", f"--screenshot={shot}", page.as_uri()],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
            print(shot.relative_to(ROOT))


if __name__ == "__main__":
    main()
