"""The emergency rule has one owner: one file, loaded once per process, one question."""
from __future__ import annotations

from pathlib import Path

from assistant.safety import rule

ROOT = Path(__file__).resolve().parents[3]


def test_the_rule_is_the_reviewed_file():
    assert rule.PATTERNS_FILE == ROOT / "data" / "safety" / "urgent_phrases.yml"


def test_it_is_loaded_once_however_a_layer_names_the_file(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert rule.patterns() is rule.patterns("data/safety/urgent_phrases.yml") is rule.patterns(rule.PATTERNS_FILE)


def test_a_message_about_danger_now_matches_and_says_which_pattern():
    assert isinstance(rule.match("he is flying out to join them tonight"), str)


def test_calm_questions_button_payloads_and_empty_text_do_not_match():
    assert rule.match("what is Channel and is it voluntary?") is None
    assert rule.match("/affirm") is None
    assert rule.match("") is None
    assert rule.match(None) is None
