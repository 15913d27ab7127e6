"""A long message is classified on its last question (assistant/nlu/question_focus.py)."""
from assistant.nlu.question_focus import question_in


def test_a_long_rambling_message_is_classified_on_its_last_question():
    text = (
        "Good afternoon. I am 74 and I look after my two grandchildren after school while their mum works shifts. "
        "The school sent home a letter that mentions something called Prevent and I did not like to ask. "
        "Could you explain to me what it is in plain English?"
    )
    assert question_in(text) == "Could you explain to me what it is in plain English?"


def test_a_short_last_question_keeps_the_sentence_before_it():
    text = (
        "My son came home upset because his teacher asked him lots of questions about what he watches online "
        "and who his friends are and whether we go to the mosque. Is he being watched? What do I do?"
    )
    assert question_in(text) == "Is he being watched? What do I do?"


def test_short_messages_and_messages_without_a_question_are_kept_whole():
    assert question_in("what is prevent?") is None
    text = " ".join(["He has been quiet and spends all his time online with people I do not know."] * 3)
    assert question_in(text) is None
