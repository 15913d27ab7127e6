"""The export builders, on the known conversations, without HTTP."""
from __future__ import annotations

import csv
import io
import json

import yaml

from bot.review.conversations import Filters, list_conversations, refresh_summaries
from bot.review.db import engine_for, migrate
from bot.review.exports import CSV_FIELDS, conversations_csv, conversations_json, nlu_inbox
from tests.bot.tracker_fixture import write_tracker


def _rows(tmp_path, **filters):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    write_tracker(url)
    migrate(url)
    engine = engine_for(url)
    refresh_summaries(engine)
    rows, _ = list_conversations(engine, Filters(per_page=1000, **filters))
    return engine, rows


def test_the_csv_has_one_line_per_conversation_under_the_documented_columns(tmp_path):
    _, rows = _rows(tmp_path)
    lines = list(csv.DictReader(io.StringIO(conversations_csv(rows))))
    assert list(lines[0]) == CSV_FIELDS
    assert sorted(line["sender_id"] for line in lines) == sorted(row["sender_id"] for row in rows)
    assert {line["reviewed"] for line in lines} <= {"True", "False"}


def test_the_json_carries_each_transcript_in_order(tmp_path):
    engine, rows = _rows(tmp_path, audience="parent")
    known = {c["sender_id"]: c for c in json.loads(conversations_json(engine, rows))}
    assert [t["text"] for t in known["parent-known1"]["turns"] if t["who"] == "user"] == ["what is prevent", "is it voluntary"]
    assert known["parent-known1"]["negative_feedback"] is True


def test_the_nlu_inbox_keeps_only_doubtful_user_messages_under_their_predicted_intent(tmp_path):
    engine, rows = _rows(tmp_path)
    body, count = nlu_inbox(engine, rows, threshold=0.5)
    inbox = {block["intent"]: block["examples"] for block in yaml.safe_load(body)["nlu"]}
    assert "- is it voluntary\n" in inbox["faq/channel_voluntary"]  # topic confidence 0.42
    assert not any("what is prevent" in examples for examples in inbox.values())  # 0.91: sure
    assert count == sum(examples.count("\n") for examples in inbox.values())
