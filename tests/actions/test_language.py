"""mostly_other_script: a message the assistant cannot read because of its script."""
import pytest

from actions.language import mostly_other_script


@pytest.mark.parametrize(
    "text",
    [
        "پریونٹ کیا ہے؟",  # Urdu
        "ما هو بريفنت",  # Arabic
        "প্রিভেন্ট কি?",  # Bengali
        "ਪ੍ਰੀਵੈਂਟ ਕੀ ਹੈ",  # Punjabi (Gurmukhi)
        "Что такое Prevent?",  # Russian, with one English word
        "मेरा बेटा ठीक है 😊",  # Hindi with an emoji
    ],
)
def test_a_message_mostly_in_another_script_counts(text):
    assert mostly_other_script(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is prevent",
        "Co to jest Prevent?",  # Polish, in the Latin alphabet
        "ma sœur est en danger",  # French, accented Latin letters
        "is Prevent the same as پریونٹ",  # English with one word in Urdu
        "😡😡😡",  # no letters at all
        "<script>alert(1)</script>",
        "",
        "کی",  # two letters: too little to judge
    ],
)
def test_english_latin_script_and_too_little_to_judge_do_not(text):
    assert not mostly_other_script(text)
