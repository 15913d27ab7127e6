"""The parent widget and the staff page in a real browser (Debian chromium),
against the real running stack, with axe-core for WCAG 2.2 AA."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.integration.browser import WCAG_22_AA
from tests.integration.stack import ROOT

SHOTS = ROOT / "var" / "artifacts" / "screenshots"
AXE_REPORTS = ROOT / "var" / "artifacts" / "axe"
XSS = "<img src=x onerror=\"window.__xss=1\">"


def widget(page):
    return page.locator("prevent-chat")


def open_widget(page, stack):
    page.goto(stack.base + "/")
    widget(page).get_by_role("button", name="Questions about Prevent? Chat with us").click()


def ask(page, text):
    chat = widget(page)
    before = chat.locator(".pc-msg--bot").count()
    chat.get_by_label("Your question").fill(text)
    chat.get_by_role("button", name="Send").click()
    chat.locator(".pc-msg--bot").nth(before).wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelector('prevent-chat').shadowRoot.querySelector('.pc-typing').hidden")


def focused_class(page) -> str:
    return page.evaluate(
        "() => { const a = document.querySelector('prevent-chat').shadowRoot.activeElement; return a ? a.className : ''; }"
    )


def check_axe(page, name: str) -> dict:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]})
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    summary = {
        "page": name,
        "violations": results.violations_count,
        "tags": WCAG_22_AA,
        "rules": sorted({v["id"] for v in results.response["violations"]}),
        "passes_checked": len(results.response.get("passes", [])),
        # every rule axe ran for these tags: passed, failed, or needing a person to look
        "rules_checked": sorted({r["id"] for kind in ("passes", "violations", "incomplete") for r in results.response.get(kind, [])}),
        "rules_not_applicable": sorted({r["id"] for r in results.response.get("inapplicable", [])}),
    }
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps({"summary": summary, "violations": results.response["violations"]}, indent=2))
    assert results.violations_count == 0, results.generate_report()
    return summary


def test_a_full_conversation_with_a_sourced_answer(stack, page):
    open_widget(page, stack)
    log = widget(page).locator("[role=log]")
    assert log.get_attribute("aria-live") == "polite"
    ask(page, "what is prevent")
    assert "not monitored" in log.inner_text()
    assert "Source:" in log.inner_text()
    ask(page, "is channel voluntary")
    assert widget(page).locator(".pc-msg--user").count() == 2
    assert widget(page).get_by_text("Not for emergencies: call 999").is_visible()


def test_keyboard_only_from_the_launcher_to_a_quick_reply(stack, page):
    page.goto(stack.base + "/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused_class(page) == "pc-launcher":
            break
    assert focused_class(page) == "pc-launcher"
    page.keyboard.press("Enter")
    assert focused_class(page) == "pc-input"  # focus moves into the widget
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    widget(page).locator(".pc-reply").first.wait_for(timeout=30_000)
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if focused_class(page) == "pc-reply":
            break
    assert focused_class(page) == "pc-reply"
    title = page.evaluate("() => document.querySelector('prevent-chat').shadowRoot.activeElement.textContent")
    page.keyboard.press("Enter")
    widget(page).locator(".pc-msg--user").nth(1).wait_for(timeout=30_000)
    assert widget(page).locator(".pc-msg--user").nth(1).inner_text().endswith(title)
    widget(page).get_by_role("button", name="Close the chat").focus()
    page.keyboard.press("Enter")
    assert focused_class(page) == "pc-launcher"  # focus goes back to the launcher


@pytest.mark.parametrize("how", ["button", "shift three times"])
def test_leave_this_page_clears_the_chat_and_its_storage(stack, page, how):
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    open_widget(page, stack)
    ask(page, "what is prevent")
    assert page.evaluate("() => Object.keys(sessionStorage).length") > 0
    if how == "button":
        widget(page).get_by_role("button", name="Leave this page").click()
    else:
        page.locator("h1").click()
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.goto(stack.base + "/")
    assert page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('prevent-chat')).length") == 0
    widget(page).get_by_role("button", name="Questions about Prevent? Chat with us").click()
    assert widget(page).locator(".pc-msg").count() == 0


def test_html_in_a_user_message_stays_inert_text(stack, page):
    open_widget(page, stack)
    ask(page, XSS)
    assert widget(page).locator(".pc-msg--user").first.inner_text().endswith(XSS)
    assert widget(page).locator("img").count() == 0
    assert page.evaluate("() => window.__xss") is None


def test_html_and_bad_links_in_a_bot_reply_stay_inert(stack, page):
    reply = {"session_id": "x", "messages": [{"text": f"{XSS} see javascript:alert(1) or https://www.ltai.info.", "buttons": [{"title": XSS, "payload": "hi"}]}]}
    page.route("**/api/chat/parent", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(reply)))
    open_widget(page, stack)
    ask(page, "hello")
    bot = widget(page).locator(".pc-msg--bot").first
    assert XSS in bot.inner_text()
    assert widget(page).locator("img").count() == 0
    hrefs = bot.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == ["https://www.ltai.info/"]
    assert widget(page).locator(".pc-reply").first.inner_text() == XSS
    assert page.evaluate("() => window.__xss") is None


@pytest.mark.parametrize("failure", ["unreachable", "503"])
def test_when_the_api_fails_the_error_still_gives_999_and_the_hub(stack, page, failure):
    def fail(route):
        if failure == "unreachable":
            route.abort()
        else:
            route.fulfill(status=503, content_type="application/json", body=json.dumps({"detail": "The assistant is not available right now. If someone is in immediate danger, call 999. For advice about a concern, call the council switchboard on 01582 54 60 00 and ask for the Early Help Hub."}))

    page.route("**/api/chat/parent", fail)
    open_widget(page, stack)
    chat = widget(page)
    chat.get_by_label("Your question").fill("what is prevent")
    chat.get_by_role("button", name="Send").click()
    alert = chat.get_by_role("alert")
    alert.wait_for()
    assert "999" in alert.inner_text() and "Early Help Hub" in alert.inner_text()


def test_it_fits_320_px_and_200_percent_zoom_without_sideways_scrolling(stack, browser):
    for viewport in ({"width": 320, "height": 640}, {"width": 640, "height": 400}):  # 640 px = 1280 px at 200%
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        open_widget(page, stack)
        ask(page, "what is channel")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        panel = widget(page).locator(".pc-panel").bounding_box()
        assert width <= viewport["width"]
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= viewport["width"] + 1
        context.close()


def test_demo_page_with_the_widget_open_has_no_wcag_22_aa_violations(stack, page):
    open_widget(page, stack)
    ask(page, "hello")
    summary = check_axe(page, "demo-page-widget-open")
    assert summary["violations"] == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-desktop.png"), full_page=False)


def test_demo_page_on_a_320_px_phone(stack, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_widget(page, stack)
    ask(page, "what is prevent")
    check_axe(page, "demo-page-widget-open-320px")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-mobile-320.png"))
    context.close()


@pytest.fixture
def staff_token(stack):
    out = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot.staff_token", "A Teacher"], cwd=ROOT, env=stack.env(), capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def sign_in(page, stack, token):
    page.goto(stack.base + "/staff")
    page.get_by_label("Staff token").fill(token)
    page.get_by_role("button", name="Sign in").click()


def test_the_staff_page_signs_in_and_walks_the_process(stack, page, staff_token):
    page.goto(stack.base + "/staff")
    check_axe(page, "staff-sign-in")
    sign_in(page, stack, staff_token)
    ask(page, "I have a concern about a pupil")
    widget(page).get_by_role("button", name="No", exact=True).click()
    widget(page).get_by_text("Step 1 of 3").wait_for(timeout=30_000)
    check_axe(page, "staff-chat")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "staff-desktop.png"))
    page.set_viewport_size({"width": 320, "height": 640})
    page.screenshot(path=str(SHOTS / "staff-mobile-320.png"))


def test_a_bad_staff_token_sends_you_back_to_sign_in(stack, page):
    sign_in(page, stack, "not-a-token")
    chat = widget(page)
    chat.get_by_label("Your question").fill("what is prevent")
    chat.get_by_role("button", name="Send").click()
    page.get_by_role("alert").filter(has_text="not valid").wait_for()
    assert page.get_by_label("Staff token").is_visible()
