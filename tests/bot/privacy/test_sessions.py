"""The redaction notice is given once per session: SeenSessions remembers keys, boundedly."""
from bot.privacy.sessions import SeenSessions


def test_a_key_is_new_once_then_seen():
    seen = SeenSessions()
    assert seen.first_time("parent-a") is True
    assert seen.first_time("parent-a") is False
    assert seen.first_time("parent-b") is True


def test_the_oldest_key_is_forgotten_past_the_limit():
    seen = SeenSessions(limit=2)
    for key in ("a", "b", "c"):
        seen.first_time(key)
    assert seen.first_time("a") is True  # forgotten: told again, which is harmless
    assert seen.first_time("c") is False
