"""A real browser for the tests: Debian's chromium driven by Playwright.

Playwright's own browser download does not work on these machines, so the
tests launch the system chromium through `executable_path`.
"""
from __future__ import annotations

import shutil

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is needed for the browser tests: apt-get install chromium")
    return path
