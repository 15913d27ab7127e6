"""First names from a list find the names spaCy misses, and leave ordinary words alone."""
import pytest

from bot.privacy.names import find_names, first_names, question_words
from bot.privacy.redaction import NOT_NAMES

SKIP = frozenset(NOT_NAMES | question_words())


def names_in(text: str) -> list[str]:
    return [text[start:end] for start, end in find_names(text, SKIP, [])]


@pytest.mark.parametrize(
    "text, name",
    [
        ("my son omar keeps watching videos", "omar"),
        ("we spoke to mihaela about it", "mihaela"),
        ("Ciaran Murphy has been saying odd things", "Ciaran Murphy"),
        ("her friend Hodan told the teacher", "Hodan"),
        ("MY DAUGHTER AISHA HAS NOT COME HOME", "AISHA"),
        ("the boy kacper nowak in year 9", "kacper nowak"),
    ],
)
def test_a_listed_first_name_is_found_with_its_surname(text, name):
    assert names_in(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "will the school tell me if they are worried",  # "will" is far too common a word
        "I hope they can help, may I ask what happens next",
        "what is chanel and is it voluntary",  # a misspelling people really type (in data/nlu)
        "my son is doing a project about the IRA",  # capitals, but an acronym in a normal sentence
        "what are british values",
        "Qu'est-ce que Prevent ?",  # "que" is a listed name, and the commonest word of French
        "mera beta kya kar raha hai, hooyo says wallahi",
    ],
)
def test_ordinary_words_that_are_also_names_are_left_alone(text):
    assert names_in(text) == []


def test_a_nationality_or_language_span_is_never_a_name():
    text = "my son omar speaks Somali"
    start = text.index("omar")
    assert names_in(text) == ["omar"]
    assert find_names(text, SKIP, [(start, start + 4)]) == []


def test_the_list_includes_the_local_names_the_dictionary_lacks():
    names = first_names()
    assert {"hodan", "liban", "abdullahi", "oluwaseun"} <= set(names)
    assert all(len(n) >= 3 for n in names)
