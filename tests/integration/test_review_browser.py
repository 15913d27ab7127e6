"""The review area in a real browser: sign in, filter, open a transcript, tag,
export; axe-core finds no violation of WCAG 2.2 A/AA or its best practices on
any page (the sign-in, refused and signed in; the list, filtered; a transcript,
tagged; the dashboard)."""
import subprocess
import uuid

import httpx
import pytest

from tests.integration.stack import ROOT
from tests.integration.test_widget import SHOTS, check_axe

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def reviewer(stack):
    subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot.review.cli", "Rita Reviewer"], input=PASSWORD + "\n",
                   cwd=ROOT, env=stack.env(), capture_output=True, text=True, check=True)
    session = uuid.uuid4().hex
    for message in ("what is prevent", "zxqv plonk wibble", "my son has a knife at school right now"):
        httpx.post(f"{stack.base}/api/chat/parent", json={"session_id": session, "message": message}, timeout=30)
    return f"parent-{session}"


def test_a_reviewer_signs_in_filters_reads_tags_and_exports(stack, page, reviewer):
    page.goto(stack.base + "/review")
    assert "Sign in" in page.content()
    page.goto(stack.base + "/review/login")
    check_axe(page, "review-sign-in")
    page.get_by_label("Name").fill("Rita Reviewer")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Password").wait_for()
    assert page.url.endswith("/review/login")
    check_axe(page, "review-sign-in-refused")
    page.goto(stack.base + "/review/login")
    page.get_by_label("Name").fill("Rita Reviewer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Conversations").wait_for()
    check_axe(page, "review-list")

    page.get_by_label("Urgent reply given").select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    check_axe(page, "review-list-filtered")
    page.locator("table a").first.click()
    page.get_by_role("heading", name="Conversation").wait_for()
    assert "utter_urgent" in page.content()
    check_axe(page, "review-transcript")

    page.get_by_label("Add a tag").fill("urgent handled")
    page.get_by_role("button", name="Add tag").click()
    assert "urgent handled" in page.locator("main").inner_text()
    check_axe(page, "review-transcript-tagged")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "review-transcript.png"), full_page=True)

    page.goto(stack.base + "/review?tag=urgent+handled")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export these as CSV").click()
    assert reviewer in download.value.path().read_text()

    page.goto(stack.base + "/review/dashboard")
    check_axe(page, "review-dashboard")
    page.screenshot(path=str(SHOTS / "review-dashboard.png"), full_page=True)
