"""Regenerate the report screenshots in docs/_static (one per language).

Run from the repository root, with the demo command's plugins installed and a
Chromium on the PATH (Debian: ``apt-get install -y chromium``)::

    python docs/screenshots.py

It runs ``participation demo`` in English and in Bulgarian into a temporary folder
and photographs the top of each ``report.html`` with headless Chromium. Not part of
the test suite (the tests parse the HTML instead).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "_static"
SIZE = "1000,2300"


def main() -> int:
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome")
                    if shutil.which(b)), None)
    if browser is None:
        print("no Chromium found: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "bg"):
            out = Path(tmp) / lang
            demo = [sys.executable, "-m", "participation", "demo", "--lang", lang, "--out", str(out)]
            subprocess.run(demo, check=True, capture_output=True)  # noqa: S603
            shot = STATIC / f"report-{lang}.png"
            photo = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     f"--window-size={SIZE}", f"--screenshot={shot}", (out / "report.html").as_uri()]
            subprocess.run(photo, check=True, capture_output=True)  # noqa: S603
            print(shot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
