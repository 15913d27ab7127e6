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
