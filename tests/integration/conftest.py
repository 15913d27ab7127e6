import secrets
import subprocess

import pytest

from tests.integration.stack import MODEL, ROOT, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    running = Stack(workdir=tmp_path_factory.mktemp("stack"), rasa_api_token=secrets.token_hex(32)).start()
    yield running
    running.stop_all()


@pytest.fixture(scope="session")
def staff_token(stack):
    """A signed staff token, made the way the README tells the intranet to."""
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "bot.staff_token", "A Teacher"],
        cwd=ROOT, env=stack.env(), capture_output=True, text=True, check=True,
    )
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.integration.browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    yield opened
    context.close()
