"""Messages that suggest danger now go to Rasa ahead of the queue; questions about danger do not."""
import pytest

from bot.priority import goes_first


@pytest.mark.parametrize("text", [
    "student has a knife in class right now",
    "help 🙏 he has a knife",
    "my son is leaving for syria tonight",
])
def test_danger_now_goes_first(text):
    assert goes_first(text)


@pytest.mark.parametrize("text", [
    "what is prevent",
    "what should I do if I think a child is in danger?",
    "/faq",
    "",
])
def test_everything_else_takes_its_turn(text):
    assert not goes_first(text)
