"""End to end: personal data typed into the chat is nowhere at rest afterwards.

Messages with planted personal data go through the running stack; then the
tracker store file, every service's log and var/ are searched for the values.
"""
import uuid
from pathlib import Path

import httpx
import yaml

from tests.integration.stack import ROOT

PLANTED = yaml.safe_load((ROOT / "tests/privacy/planted.yml").read_text())["planted"]
# A spread of messages covering every entity type.
SAMPLE = [item for i, item in enumerate(PLANTED) if i % 7 == 0 and item.get("entities")]


def files_under(*roots: Path):
    for root in roots:
        if root.is_file():
            yield root
        elif root.exists():
            yield from (p for p in root.rglob("*") if p.is_file())


def test_planted_personal_data_is_not_stored_or_logged_anywhere(stack):
    session = uuid.uuid4().hex
    for item in SAMPLE:
        reply = httpx.post(f"{stack.base}/api/chat/parent", json={"session_id": session, "message": item["text"]}, timeout=30)
        assert reply.status_code == 200
    # Names that are also everyday words ("Will", "Hope") are searched for only as
    # part of longer values: the words themselves appear in any log or model file.
    everyday = {"will", "hope", "grace", "june", "jack", "dean", "precious", "blessing", "sultan", "jordan", "mark"}
    values = {e["value"] for item in SAMPLE for e in item["entities"] if len(e["value"]) >= 4 and e["value"].lower() not in everyday}
    types = {e["type"] for item in SAMPLE for e in item["entities"]}
    assert types >= {"PERSON", "PHONE", "EMAIL", "ADDRESS", "POSTCODE", "NI_NUMBER"}

    # The conversation really was stored, redacted (so the search below means something).
    import sqlite3

    with sqlite3.connect(stack.workdir / "tracker.db") as db:
        stored = [row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (f"parent-{session}",))]
    assert len(stored) == len(SAMPLE)
    assert any("<PHONE>" in data for data in stored)

    # Search every file: the database and its write-ahead log, every log, and var/.
    found = []
    # var/models and var/cache hold the model, built from the committed training data
    # before any chat: TensorFlow's own files contain words such as "Adam".
    runtime = [p for p in (ROOT / "var").iterdir() if p.name not in ("models", "cache")]
    for path in files_under(stack.workdir, *runtime):
        content = path.read_bytes()
        for value in values:
            if value.encode() in content:
                found.append((str(path), value))
    assert found == [], found
