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
    values = {e["value"] for item in SAMPLE for e in item["entities"] if len(e["value"]) >= 4}
    types = {e["type"] for item in SAMPLE for e in item["entities"]}
    assert types >= {"PERSON", "PHONE", "EMAIL", "ADDRESS", "POSTCODE", "NI_NUMBER"}

    # The conversation really was stored (so the search below means something).
    tracker = (stack.workdir / "tracker.db").read_bytes()
    assert b"<PHONE>" in tracker or b"\\u003cPHONE\\u003e" in tracker

    found = []
    for path in files_under(stack.workdir, ROOT / "var"):
        content = path.read_bytes()
        for value in values:
            if value.encode() in content:
                found.append((str(path), value))
    assert found == []
