"""The real three services, through the chat API, as the widget uses them."""
import uuid

import httpx
import pytest
import yaml

from evaluation.datasets import ROOT


def new_session() -> str:
    return uuid.uuid4().hex


def say(stack, message, session, route="parent", token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    reply = httpx.post(f"{stack.base}/api/chat/{route}", json={"session_id": session, "message": message}, headers=headers, timeout=30)
    return reply


def texts(reply) -> str:
    return "\n".join(m["text"] for m in reply.json()["messages"])


def test_a_parent_asks_what_prevent_is_and_gets_a_sourced_answer(stack):
    reply = say(stack, "what is prevent", new_session())
    assert reply.status_code == 200
    messages = reply.json()["messages"]
    assert "not monitored" in messages[0]["text"]  # the session notice comes first
    assert "999" in messages[0]["text"]
    answer = messages[-1]["text"]
    assert "Prevent" in answer and "Source:" in answer


def test_the_notice_is_shown_once_per_session(stack):
    session = new_session()
    say(stack, "hello", session)
    assert "not monitored" not in texts(say(stack, "what is channel", session))


def test_a_staff_call_without_a_token_is_401(stack):
    assert say(stack, "what is prevent", new_session(), route="staff").status_code == 401


def test_staff_walk_the_concern_process_to_the_early_help_hub(stack, staff_token):
    session = new_session()
    first = say(stack, "I have a concern about a pupil", session, "staff", staff_token)
    assert first.status_code == 200
    question = first.json()["messages"][-1]
    assert "significant harm" in question["text"]
    assert [b["payload"] for b in question["buttons"]] == ["/affirm", "/deny"]
    assert "Step 1" in texts(say(stack, "/deny", session, "staff", staff_token))
    step2 = texts(say(stack, "what next", session, "staff", staff_token))
    assert "Early Help Hub" in step2 and "01582 54 60 00" in step2
    assert "Step 3" in texts(say(stack, "what next", session, "staff", staff_token))
    end = texts(say(stack, "what next", session, "staff", staff_token))
    assert "01582 54 60 00" in end


def test_staff_at_risk_of_significant_harm_get_999_and_the_mash(stack, staff_token):
    session = new_session()
    say(stack, "I want to raise a concern", session, "staff", staff_token)
    route = texts(say(stack, "/affirm", session, "staff", staff_token))
    assert "999" in route and "01582 547653" in route


def test_a_parent_worried_about_their_child_gets_the_parent_route(stack):
    reply = texts(say(stack, "I'm worried about my son", new_session()))
    assert "0800 011 3764" in reply and "safeguarding lead" in reply


@pytest.mark.parametrize("route", ["parent", "staff"])
def test_an_urgent_message_gets_999_before_anything_else(stack, staff_token, route):
    reply = say(stack, "my son has a knife and says he will use it at school today", new_session(), route, staff_token)
    first = reply.json()["messages"][0]["text"]
    assert first.startswith("If") and "999" in first
    if route == "parent":
        assert "0800 789 321" in first
    else:
        assert "01582 547653" in first


def test_out_of_scope_says_what_it_can_do_and_who_to_ask(stack):
    reply = texts(say(stack, "how do I pay my council tax", new_session()))
    assert "only help" in reply and "01582 54 60 00" in reply


def test_nonsense_gets_an_honest_answer_not_a_topic(stack):
    # Keyboard-mash is out of scope (the scope gate), or at worst "I didn't understand";
    # never an answer about some topic picked from noise.
    reply = say(stack, "zxqv plonk wibble", new_session()).json()["messages"][-1]
    assert "can only help" in reply["text"] or "understand" in reply["text"], reply["text"]


# Messages the model is unsure of, whose likeliest topics include ones written for
# staff (seen on the trained model: a parent was offered "How do I record a concern?").
UNSURE_MESSAGES = ["zxqv plonk wibble", "<script>alert(1)</script>", "Co to jest Prevent?", "😡😡😡"]
OTHER_SCRIPTS = ["پریونٹ کیا ہے؟", "ما هو بريفنت", "প্রিভেন্ট কি?", "ਪ੍ਰੀਵੈਂਟ ਕੀ ਹੈ"]


def test_a_parent_unsure_of_is_never_offered_staff_topics(stack):
    topics = yaml.safe_load((ROOT / "data" / "faq_topics.yml").read_text(encoding="utf-8"))["topics"]
    staff_titles = {t["title"] for t in topics.values() if t["audience"] == "staff"}
    offered = [b["title"] for m in UNSURE_MESSAGES for b in say(stack, m, new_session()).json()["messages"][-1]["buttons"]]
    assert offered, "the fallback offered no topics at all"
    assert not staff_titles & set(offered)


@pytest.mark.parametrize("message, lang, direction", zip(OTHER_SCRIPTS, ["ur", "ar", "bn", "pa"], ["rtl", "rtl", "ltr", "ltr"]))
def test_a_parent_writing_in_another_script_gets_the_notice_in_their_language(stack, message, lang, direction):
    reply = say(stack, message, new_session()).json()["messages"][-1]
    assert (reply.get("lang"), reply.get("dir")) == (lang, direction)
    assert "999" in reply["text"].split("\n")[0] and "01582 54 60 00" in reply["text"]
    assert not reply.get("buttons")


@pytest.mark.parametrize("message, lang", [("mój syn jest w niebezpieczeństwie, co mam robić", "pl"),
                                           ("fiul meu e in pericol, ce sa fac", "ro"),
                                           ("meu filho esta em perigo, o que faço", "pt")])
def test_a_parent_writing_polish_romanian_or_portuguese_gets_the_notice_in_it(stack, message, lang):
    reply = say(stack, message, new_session()).json()["messages"][-1]
    assert reply.get("lang") == lang and "999" in reply["text"].split("\n")[0]


def test_an_english_emergency_phrase_in_another_language_still_gets_the_emergency_route_first(stack):
    first = say(stack, "prosze, mój syn has a bomb in the garage and says he will use it dziś", new_session()).json()["messages"][0]
    assert "999" in first["text"].split("\n")[0] and first.get("lang") is None


def test_a_message_with_an_english_prevent_word_is_answered_in_english(stack):
    reply = say(stack, "Co to jest Prevent?", new_session()).json()["messages"][-1]
    assert reply.get("lang") is None


def test_staff_writing_in_another_script_are_told_the_assistant_reads_english_only(stack, staff_token):
    reply = say(stack, OTHER_SCRIPTS[0], new_session(), route="staff", token=staff_token).json()["messages"][-1]
    assert "only read and answer messages in English" in reply["text"]


def test_staff_writing_in_another_script_are_pointed_to_their_dsl(stack, staff_token):
    reply = say(stack, OTHER_SCRIPTS[0], new_session(), "staff", staff_token).json()["messages"][-1]
    assert "English" in reply["text"] and "DSL" in reply["text"]


def test_a_teacher_not_sure_about_significant_harm_is_sent_to_the_dsl_not_the_hub(stack, staff_token):
    session = new_session()
    say(stack, "I have a concern about a pupil", session, "staff", staff_token)
    reply = say(stack, "I'm not sure", session, "staff", staff_token).json()["messages"][-1]
    assert "designated safeguarding lead" in reply["text"] and "01582 547653" in reply["text"] and "999" in reply["text"]
    assert "Early Help Hub" not in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == ["/affirm", "/deny"]
    assert "Step 1 of 3" in texts(say(stack, "no", session, "staff", staff_token))


def test_are_you_a_bot(stack):
    assert "automated assistant" in texts(say(stack, "are you a bot", new_session()))


def test_the_conversation_survives_a_rasa_restart(stack, staff_token):
    session = new_session()
    say(stack, "I have a concern about a pupil", session, "staff", staff_token)
    say(stack, "/deny", session, "staff", staff_token)
    stack.stop("rasa")
    stack.start_rasa()
    stack.wait_ready()
    assert "Step 2" in texts(say(stack, "what next", session, "staff", staff_token))


def test_a_conversation_that_reaches_its_limit_is_asked_to_start_again_but_emergencies_still_go_through(stack):
    import yaml

    from tests.integration.stack import ROOT

    limit = yaml.safe_load((ROOT / "credentials.yml").read_text())["assistant.runtime.channel.GatewayInput"]["max_messages_per_conversation"]
    session = new_session()
    with httpx.Client(timeout=30) as client:
        for n in range(limit):
            reply = client.post(f"{stack.base}/api/chat/parent", json={"session_id": session, "message": "hello"})
            assert reply.status_code == 200 and "Start again" not in texts(reply), n
    full = say(stack, "what is channel", session)
    assert full.status_code == 429
    assert "Start again" in full.json()["detail"] and "999" in full.json()["detail"]
    urgent = say(stack, "my son has a knife and says he will use it at school today", session)
    first = urgent.json()["messages"][0]["text"]
    assert first.startswith("If") and "999" in first and "0800 789 321" in first  # the full emergency reply
    assert "Start again" not in texts(urgent)
    assert "Start again" not in texts(say(stack, "what is channel", new_session()))  # a new conversation is fine
