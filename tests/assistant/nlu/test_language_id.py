"""Which language a parent wrote in (assistant/nlu/language_id.py with data/languages/),
and the notices they get in it."""
import re

import pytest

from assistant.nlu.language_id import ENGLISH, identifier, notices

CONTACT_NUMBERS = {"999", "01582 54 60 00"}


@pytest.mark.parametrize(
    "text, code",
    [
        ("mój syn jest w niebezpieczeństwie, co mam robić", "pl"),
        ("czy szkoła obserwuje moje dziecko?", "pl"),
        ("fiul meu e in pericol, ce sa fac", "ro"),
        ("școala m-a sunat despre fiul meu", "ro"),
        ("meu filho esta em perigo, o que faço", "pt"),
        ("a escola ligou-me sobre o meu filho", "pt"),
        ("میرا بیٹا اسکول میں ہے، کیا وہ اس پر نظر رکھ رہے ہیں؟", "ur"),
        ("ما هو هذا البرنامج في المدرسة", "ar"),
        ("আমার ছেলের স্কুল থেকে চিঠি এসেছে", "bn"),
        ("ਮੇਰੇ ਪੁੱਤਰ ਦੇ ਸਕੂਲ ਨੇ ਫ਼ੋਨ ਕੀਤਾ", "pa"),
        ("mera beta school mein hai kya woh us pe nazar rakh rahe hain", "ur-latn"),
    ],
)
def test_a_message_in_a_language_with_a_notice_is_known(text, code):
    assert identifier().identify(text) == code


@pytest.mark.parametrize(
    "text",
    ["wot is prevent", "u think my son is bein watched??", "ok", "no", "hi", "done", "what next", "help",
     "hes bin radicalised innit", "is my kid in trouble", "thanks x", "my son goes to school in Bury Park",
     "Co to jest Prevent?", "mera beta Channel pe hai", "ce este radicalizarea, extremism?"],
)
def test_english_and_any_message_with_an_english_prevent_word_stays_english(text):
    assert identifier().identify(text) == ENGLISH


@pytest.mark.parametrize("code", sorted(notices()))
def test_every_notice_gives_999_first_then_the_school_and_the_council_and_awaits_the_translator(code):
    notice = notices()[code]
    assert "999" in notice.text.split("\n")[0]
    assert "01582 54 60 00" in notice.text
    assert set(re.findall(r"\d[\d ]{1,12}\d", notice.text)) <= CONTACT_NUMBERS
    assert notice.status == "machine-drafted, awaiting the council's translator"
    assert notice.dir == ("rtl" if code in ("ur", "ar") else "ltr")


def test_there_is_a_notice_for_each_language_the_issue_names():
    assert {"ur", "ur-latn", "pl", "ro", "bn", "pa", "pt", "ar"} <= set(notices())


@pytest.mark.parametrize("text", ["jjjjj kkk ;;;; pppp", "asdfghjkl qwerty zxcvb", "hhhh jjjj kkkk llll"])
def test_a_keyboard_mash_is_not_taken_for_another_language(text):
    # round 11: "jjjjj kkk ;;;; pppp" got the Polish notice
    assert identifier().identify(text) == ENGLISH


@pytest.mark.parametrize(
    "text, code",
    [("dzien dobry", "pl"), ("dziekuje", "pl"), ("nie rozumiem", "pl"), ("buna ziua", "ro"), ("multumesc", "ro"),
     ("e infractiune?", "ro"), ("bom dia", "pt"), ("obrigado", "pt"), ("isso é crime?", "pt"), ("shukriya", "ur-latn")],
)
def test_a_short_greeting_or_question_in_the_language_s_own_words_is_known(text, code):
    # messages_b.yml: every one- and two-word greeting and thanks was taken for English
    assert identifier().identify(text) == code


@pytest.mark.parametrize("text", ["ta", "sim card", "is it confidential", "PE kit?", "mam said no", "salam", "ok thanks"])
def test_english_words_that_look_like_another_language_s_stay_english(text):
    assert identifier().identify(text) == ENGLISH


@pytest.mark.parametrize(
    "text, code",
    [("baiatul se uita la chestii extremiste pe tiktok, ce sa fac", "ro"),
     ("meu filho ta vendo coisas extremistas no tiktok, o que eu faço", "pt")],
)
def test_a_prevent_word_with_another_language_s_ending_is_not_english(text, code):
    # messages_b.yml: `extremis\w*` took "extremistas" and "extremiste" for the English word
    assert identifier().identify(text) == code
