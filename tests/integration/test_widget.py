"""The parent widget and the staff page in a real browser (Debian chromium),
against the real running stack, with axe-core for WCAG 2.2 AA."""
from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.integration.browser import AXE_RUN_TAGS, AXE_TAGS
from tests.integration.stack import ROOT

SHOTS = ROOT / "var" / "artifacts" / "screenshots"
AXE_REPORTS = ROOT / "var" / "artifacts" / "axe"
XSS = "<img src=x onerror=\"window.__xss=1\">"
# Three questions whose answers each come with 👍/👎 feedback buttons.
THREE_QUESTIONS = ("what is prevent", "what is channel", "will my child get a criminal record")
DESKTOP = {"width": 1280, "height": 900}


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


def check_axe(page, name: str, applies: tuple[str, ...] = ()) -> dict:
    """No axe violation with AXE_TAGS (and the experimental rules that carry them).

    Every run must include label-content-name-mismatch (2.5.3): with the WCAG
    tags alone axe 4.12 leaves it out, and the feedback buttons' names failed it
    unnoticed. `applies` names rules that must have had something to check in
    this state (a rule with nothing to check passes silently)."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_RUN_TAGS}})
    response = results.response
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    applied = {r["id"] for kind in ("passes", "violations", "incomplete") for r in response.get(kind, [])}
    ran = applied | {r["id"] for r in response.get("inapplicable", [])}
    summary = {
        "page": name,
        "violations": results.violations_count,
        "tags": AXE_TAGS,
        "run_with_tags": AXE_RUN_TAGS,
        "rules": sorted({v["id"] for v in response["violations"]}),
        "nodes": sum(len(v["nodes"]) for v in response["violations"]),
        "passes_checked": len(response.get("passes", [])),
        # every rule axe ran for these tags that found something to check: passed, failed, or needing a person to look
        "rules_checked": sorted(applied),
        "rules_not_applicable": sorted({r["id"] for r in response.get("inapplicable", [])}),
        "axe_version": response.get("testEngine", {}).get("version"),
    }
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps({"summary": summary, "violations": response["violations"]}, indent=2))
    assert results.violations_count == 0, axe_report(name, response["violations"])
    assert "label-content-name-mismatch" in ran, f"axe did not run the 2.5.3 rule on {name}"
    assert not set(applies) - applied, f"axe found nothing to check for {sorted(set(applies) - applied)} on {name}"
    return summary


def axe_report(name: str, violations: list) -> str:
    """The violations, readable (axe-playwright's own report cannot print a target inside a shadow root)."""
    lines = [f"{len(violations)} axe violation(s) on {name}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}, {', '.join(t for t in v['tags'] if t.startswith('wcag'))}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


def feedback_buttons(page):
    return widget(page).locator(".pc-fb")


def log_box(page) -> dict:
    return page.evaluate(
        """() => { const log = document.querySelector('prevent-chat').shadowRoot.querySelector('.pc-log');
                   const r = log.getBoundingClientRect();
                   return {top: r.top, bottom: r.bottom, height: log.clientHeight, scrollTop: log.scrollTop,
                           scrollHeight: log.scrollHeight}; }"""
    )


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


def test_axe_finds_nothing_closed_open_after_three_answers_with_feedback_and_after_quick_exit(stack, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    page.goto(stack.base + "/")
    check_axe(page, "demo-page-widget-closed")
    widget(page).get_by_role("button", name="Questions about Prevent? Chat with us").click()
    check_axe(page, "demo-page-widget-open")
    for question in THREE_QUESTIONS:
        ask(page, question)
    assert widget(page).locator(".pc-msg--user").count() == 3
    assert feedback_buttons(page).count() >= 6  # a 👍 and a 👎 on every answer
    check_axe(page, "demo-page-widget-after-3-turns", applies=("label-content-name-mismatch", "target-size", "color-contrast"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-desktop.png"))
    widget(page).locator(".pc-msg--bot").last.get_by_role("button", name="Helpful", exact=True).click()
    check_axe(page, "demo-page-widget-after-feedback")

    widget(page).get_by_role("button", name="Leave this page").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.goto(stack.base + "/")
    check_axe(page, "demo-page-after-quick-exit")
    widget(page).get_by_role("button", name="Questions about Prevent? Chat with us").click()
    assert widget(page).locator(".pc-msg").count() == 0
    check_axe(page, "demo-page-after-quick-exit-widget-open")
    context.close()


def test_each_feedback_button_is_named_by_the_label_it_shows(stack, page):
    """WCAG 2.5.3: a speech-control user who says "click Helpful" reaches the button."""
    open_widget(page, stack)
    ask(page, "what is channel")
    answer = widget(page).locator(".pc-msg--bot").last
    helpful = answer.get_by_role("button", name="Helpful", exact=True)
    not_helpful = answer.get_by_role("button", name="Not helpful", exact=True)
    assert "Helpful" in helpful.inner_text() and "Not helpful" in not_helpful.inner_text()
    assert answer.get_by_role("group", name="Was this answer helpful?").is_visible()
    with page.expect_request("**/api/feedback") as sent:
        not_helpful.click()
    assert json.loads(sent.value.post_data)["rating"] == "down"
    assert not_helpful.get_attribute("aria-pressed") == "true" and helpful.get_attribute("aria-pressed") == "false"


def test_at_1280_by_900_the_chat_log_has_room_for_the_conversation(stack, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    open_widget(page, stack)
    ask(page, "what is prevent")
    panel = widget(page).locator(".pc-panel").bounding_box()
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= DESKTOP["height"]
    assert log_box(page)["height"] >= 420  # it was 208 px: a message and a half
    context.close()


LONG_ANSWER = "The start of a long answer.\n\n" + "\n\n".join(
    f"Paragraph {i}: Channel is voluntary, and a parent or carer is asked before it starts." for i in range(2, 41)
)


@pytest.mark.parametrize("where", ["widget", "staff page"])
def test_a_long_new_answer_is_shown_from_its_start(stack, browser, staff_token, where):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    if where == "widget":
        open_widget(page, stack)
    else:
        sign_in(page, stack, staff_token)
    ask(page, "what is prevent")  # some history above
    audience = "parent" if where == "widget" else "staff"
    page.route(f"**/api/chat/{audience}", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body=json.dumps({"session_id": "x", "messages": [{"text": LONG_ANSWER, "buttons": []}]})))
    ask(page, "is channel voluntary")
    newest = widget(page).locator(".pc-msg--bot").last
    box, log = newest.bounding_box(), log_box(page)
    assert box["height"] > log["height"]  # too long to see at once
    assert log["top"] <= box["y"] <= log["top"] + 24, (box, log)  # its start is at the top of the log...
    assert 0 <= box["y"] < DESKTOP["height"]  # ...and on the screen
    assert log["scrollTop"] + log["height"] < log["scrollHeight"] - 10  # not scrolled to the bottom
    assert widget(page).get_by_text("The start of a long answer.").is_visible()
    assert focused_class(page) == "pc-input"  # and the reader can type the next question
    context.close()


def test_a_short_new_answer_is_shown_whole(stack, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    open_widget(page, stack)
    for question in THREE_QUESTIONS:
        ask(page, question)
    newest, log = widget(page).locator(".pc-msg--bot").last.bounding_box(), log_box(page)
    assert log["top"] <= newest["y"] and newest["y"] + newest["height"] <= log["bottom"]
    context.close()


def test_demo_page_on_a_320_px_phone(stack, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_widget(page, stack)
    ask(page, "what is prevent")
    check_axe(page, "demo-page-widget-open-320px", applies=("target-size",))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-mobile-320.png"))
    context.close()


def sign_in(page, stack, token):
    page.goto(stack.base + "/staff")
    page.get_by_label("Staff token").fill(token)
    page.get_by_role("button", name="Sign in").click()


def test_the_staff_page_signs_in_and_walks_the_process(stack, page, staff_token):
    page.goto(stack.base + "/staff")
    check_axe(page, "staff-sign-in")
    sign_in(page, stack, staff_token)
    widget(page).get_by_label("Your question").wait_for()
    check_axe(page, "staff-signed-in")
    ask(page, "I have a concern about a pupil")
    widget(page).get_by_role("button", name="No", exact=True).click()
    widget(page).get_by_text("Step 1 of 3").wait_for(timeout=30_000)
    assert feedback_buttons(page).count() >= 4
    check_axe(page, "staff-chat", applies=("target-size",))
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


def test_a_parent_writing_in_urdu_gets_the_notice_right_to_left_and_axe_finds_nothing(stack, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    open_widget(page, stack)
    ask(page, "میرا بیٹا اسکول میں ہے، کیا وہ لوگ اس پر نظر رکھ رہے ہیں؟")
    notice = widget(page).locator(".pc-msg--bot .pc-body").last
    assert notice.get_attribute("lang") == "ur" and notice.get_attribute("dir") == "rtl"
    assert "999" in notice.inner_text() and "01582 54 60 00" in notice.inner_text()
    assert notice.evaluate("n => getComputedStyle(n).direction") == "rtl"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "urdu-notice.png"))
    check_axe(page, "demo-page-widget-urdu-notice")
    context.close()
