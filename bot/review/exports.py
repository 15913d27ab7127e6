"""The review area's downloads, built from the conversation list's rows: CSV,
JSON (with each transcript) and the "NLU inbox" of doubtful messages as Rasa
training-data YAML. Plain functions of the rows and the tracker database; the
routes in bot/api/review.py check the reviewer, audit and send them."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import yaml
from sqlalchemy.engine import Engine

from bot.review.conversations import transcript

CSV_FIELDS = ["sender_id", "audience", "started", "user_turns", "topics", "min_confidence", "fallback", "urgent", "negative_feedback", "reviewed"]
NLU_INBOX_HEADER = (
    "# NLU inbox: messages the assistant was unsure about, under the intent it predicted.\n"
    "# A person must check each one, move it to the right intent, and add it to data/nlu/.\n"
)


def when(ts: float) -> str:
    """A tracker timestamp as reviewers read it (UTC, to the minute)."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d %H:%M")


def conversations_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "started": when(row["started"]), "reviewed": bool(row["reviewed"])})
    return out.getvalue()


def conversations_json(engine: Engine, rows: list[dict]) -> str:
    body = [{**{k: row[k] for k in ("sender_id", "audience", "user_turns", "min_confidence")},
             "started": when(row["started"]), "topics": [t for t in row["topics"].split(",") if t],
             "fallback": bool(row["fallback"]), "urgent": bool(row["urgent"]), "negative_feedback": bool(row["negative_feedback"]),
             "reviewed": bool(row["reviewed"]),
             "turns": [{"at": t.at.isoformat(), "who": t.who, "text": t.text, "intent": t.intent, "topic": t.topic,
                        "confidence": t.confidence, "action": t.action} for t in transcript(engine, row["sender_id"])]}
            for row in rows]
    return json.dumps(body, indent=2)


def nlu_inbox(engine: Engine, rows: list[dict], threshold: float) -> tuple[str, int]:
    """User messages with a fallback or a confidence under `threshold`, grouped
    under the intent predicted, as Rasa YAML; and how many there are."""
    by_intent: dict[str, list[str]] = {}
    for row in rows:
        for turn in transcript(engine, row["sender_id"]):
            if turn.who != "user" or turn.text.startswith("/"):
                continue
            if turn.intent == "nlu_fallback" or (turn.confidence is not None and turn.confidence < threshold):
                intent = f"faq/{turn.topic}" if turn.topic else (turn.intent or "nlu_fallback")
                by_intent.setdefault(intent, []).append(turn.text)
    nlu = [{"intent": intent, "examples": "".join(f"- {t}\n" for t in sorted(set(texts)))} for intent, texts in sorted(by_intent.items())]
    body = NLU_INBOX_HEADER + yaml.safe_dump({"version": "3.1", "nlu": nlu}, sort_keys=False, allow_unicode=True, width=1000)
    return body, sum(len(v) for v in by_intent.values())
