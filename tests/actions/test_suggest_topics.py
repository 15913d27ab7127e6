"""action_suggest_topics: "Did you mean ...?" with the two likeliest topics."""
from actions.suggest_topics import ActionSuggestTopics
from actions.topics import load_topics
from tests.actions.conftest import load_tracker, run_action


def test_offers_the_two_likeliest_distinct_topics_and_something_else(dispatcher):
    run_action(ActionSuggestTopics(), dispatcher, load_tracker("doubtful_faq"))
    message = dispatcher.messages[0]
    topics = load_topics()
    assert message["response"] == "utter_did_you_mean"
    assert [b["payload"] for b in message["buttons"]] == [
        topics["what_is_channel"]["question"],
        topics["early_help_hub"]["question"],
        "/something_else",
    ]


def test_with_nothing_to_suggest_it_gives_the_default_reply(dispatcher):
    run_action(ActionSuggestTopics(), dispatcher, load_tracker("gibberish"))
    assert dispatcher.messages[0]["response"] == "utter_default"


def test_a_parent_is_not_offered_topics_written_for_staff(dispatcher):
    run_action(ActionSuggestTopics(), dispatcher, load_tracker("doubtful_staff_topic_first"))
    topics = load_topics()
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        topics["what_is_channel"]["question"],
        topics["early_help_hub"]["question"],
        "/something_else",
    ]


def test_staff_are_offered_their_own_topics_first(dispatcher):
    tracker = load_tracker("doubtful_staff_topic_first", slots={"audience": "staff"})
    run_action(ActionSuggestTopics(), dispatcher, tracker)
    topics = load_topics()
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        topics["staff_dsl_role"]["question"],
        topics["what_is_channel"]["question"],
        "/something_else",
    ]


def test_without_an_audience_it_offers_what_a_parent_gets(dispatcher):
    run_action(ActionSuggestTopics(), dispatcher, load_tracker("doubtful_staff_topic_first", slots={}))
    topics = load_topics()
    assert dispatcher.messages[0]["buttons"][0]["payload"] == topics["what_is_channel"]["question"]


def test_a_message_in_another_script_is_told_the_assistant_reads_english_only(dispatcher):
    tracker = load_tracker("doubtful_faq")
    tracker.latest_message["text"] = "پریونٹ کیا ہے؟"
    run_action(ActionSuggestTopics(), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_english_only"]
    assert not dispatcher.messages[0]["buttons"]


def test_on_the_child_protection_route_anything_not_understood_shows_the_route_again(dispatcher):
    tracker = load_tracker("doubtful_faq", slots={"audience": "staff", "concern_step": "significant_harm"})
    tracker.latest_message["text"] = "The DSL is in a meeting, shall I wait for her to come out?"
    events = run_action(ActionSuggestTopics(), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_concern_significant_harm"]
    assert events[0]["value"] == "significant_harm"


def test_at_a_step_a_statement_not_understood_shows_the_step_again(dispatcher):
    tracker = load_tracker("doubtful_faq", slots={"audience": "staff", "concern_step": "talk_parents"})
    tracker.latest_message["text"] = "his dad is the one showing him all this and says he will take him abroad"
    events = run_action(ActionSuggestTopics(), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_concern_talk_parents"]
    assert events[0]["value"] == "talk_parents"


def test_at_a_step_a_question_not_understood_gets_the_suggestions(dispatcher):
    tracker = load_tracker("doubtful_faq", slots={"audience": "staff", "concern_step": "record"})
    tracker.latest_message["text"] = "what about the thing with the form?"
    run_action(ActionSuggestTopics(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_did_you_mean"


def test_just_after_the_emergency_reply_staff_are_kept_on_the_child_protection_route(dispatcher):
    tracker = load_tracker("staff_answers_yes_after_emergency_reply")
    tracker.latest_message["text"] = "OK the DSL is with me now and we've rung 999. Anything else?"
    tracker.latest_message["intent"] = {"name": "nlu_fallback", "confidence": 0.2}
    run_action(ActionSuggestTopics(), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_concern_significant_harm"]


def test_a_parent_who_wrote_in_their_own_language_gets_the_notice_in_it_marked_for_the_widget(dispatcher):
    tracker = load_tracker("doubtful_faq", slots={"audience": "parent"})
    tracker.latest_message["text"] = "میرا بیٹا اسکول میں ہے"
    tracker.latest_message["language"] = "ur"  # set by assistant/nlu/language_gate.py
    run_action(ActionSuggestTopics(), dispatcher, tracker)
    [message] = dispatcher.messages
    assert message["custom"] == {"lang": "ur", "dir": "rtl"}
    assert "999" in message["text"].split("\n")[0] and "01582 54 60 00" in message["text"]


def test_staff_get_the_english_only_reply_whatever_the_language(dispatcher):
    tracker = load_tracker("doubtful_faq", slots={"audience": "staff"})
    tracker.latest_message["text"] = "پریونٹ کیا ہے؟"
    tracker.latest_message["language"] = "ur"
    run_action(ActionSuggestTopics(), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_english_only"]
