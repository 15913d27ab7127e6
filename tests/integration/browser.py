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
# What every page is checked against: WCAG 2.2 A and AA, and axe's best practices.
AXE_TAGS = WCAG_22_AA + ["best-practice"]
# axe-core 4.12 marks some of its WCAG rules "experimental" and leaves them out of
# a run by tag unless that tag is asked for too: label-content-name-mismatch
# (2.5.3 Label in Name), p-as-heading (1.3.1), css-orientation-lock (1.3.4),
# and two best-practice ones. Without it, 2.5.3 is never checked at all.
AXE_RUN_TAGS = AXE_TAGS + ["experimental"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is needed for the browser tests: apt-get install chromium")
    return path
