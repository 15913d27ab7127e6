"""The input channel the gateway talks to: POST /webhooks/gateway/webhook.

Like Rasa's REST channel, with four differences:
- only the metadata the gateway may set (the audience) reaches the tracker;
- each reply keeps the name of the response it came from (`response`), so the
  gateway can put an emergency reply first and reviewers can see what was said;
- a reply is not split at blank lines, and no message text is ever logged;
- a conversation has at most `max_messages_per_conversation` messages
  (credentials.yml; see assistant/runtime/conversation_length.py).
"""
from __future__ import annotations

import hmac
import re
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import yaml

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.runtime import conversation_length

logger = logging.getLogger(__name__)

AUDIENCES = ("parent", "staff")
_PATTERN_ID = re.compile(r"[a-z0-9_]{1,64}")
# The gateway proves each message is its own with the secret in credentials.yml
# (`webhook_secret: ${RASA_WEBHOOK_SECRET}`): the audience is trusted only then.
SECRET_HEADER = "X-Gateway-Secret"

# When a turn produced no reply at all (for example the action server is down),
# the user still gets a friendly answer rather than silence.
TEXTS = Path(__file__).resolve().parents[2] / "data" / "texts.yml"
NO_REPLY = {"text": yaml.safe_load(TEXTS.read_text(encoding="utf-8"))["texts"]["no_reply"], "response": "channel_no_reply"}


class GatewayOutput(CollectingOutputChannel):
    """Collects replies whole, with the response name they came from."""

    @classmethod
    def name(cls) -> Text:
        return "gateway"

    async def _collect(self, text: Optional[Text], buttons: Optional[List[Dict]], kwargs: Dict) -> None:
        message: Dict[Text, Any] = {"text": text or ""}
        if buttons:
            message["buttons"] = [
                {"title": b.get("title", ""), "payload": b.get("payload", "")} for b in buttons
            ]
        if kwargs.get("utter_action"):
            message["response"] = kwargs["utter_action"]
        custom = kwargs.get("custom") or {}
        if custom.get("lang"):  # a notice in the parent's own language (actions/suggest_topics.py)
            message["lang"] = custom["lang"]
            message["dir"] = custom.get("dir", "ltr")
        self.messages.append(message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._collect(text, None, kwargs)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._collect(text, buttons, kwargs)

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._collect(text, quick_replies, kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Custom payloads are not part of the chat API; they are dropped."""

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        """Images are not part of the chat API; they are dropped."""

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        """Attachments are not part of the chat API; they are dropped."""


def audience_metadata(body: Dict[Text, Any]) -> Dict[Text, Text]:
    """Only an allowlisted audience passes; anything else counts as a parent. The
    id of an emergency pattern the gateway found in the text as typed, before
    redaction (bot/priority.py), passes too, if it looks like an id."""
    given = (body.get("metadata") or {}) if isinstance(body, dict) else {}
    audience = given.get("audience")
    metadata = {"audience": audience if audience in AUDIENCES else "parent"}
    pattern = given.get("urgent_pattern")
    if isinstance(pattern, str) and _PATTERN_ID.fullmatch(pattern):
        metadata["urgent_pattern"] = pattern
    return metadata


def from_gateway(secret: Text, given: Optional[Text]) -> bool:
    """The secret sent matches (constant-time); nothing passes without a secret set."""
    if not secret or secret.startswith("${") or not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


class GatewayInput(InputChannel):
    """The gateway's webhook. Rasa is bound to loopback; only the gateway calls it."""

    def __init__(self, max_messages_per_conversation: int = 0, webhook_secret: Text = "") -> None:
        self.max_messages_per_conversation = int(max_messages_per_conversation)
        self.webhook_secret = webhook_secret or ""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GatewayInput":
        credentials = credentials or {}
        return cls(int(credentials.get("max_messages_per_conversation", 0)), str(credentials.get("webhook_secret") or ""))

    @classmethod
    def name(cls) -> Text:
        return "gateway"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("gateway_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not from_gateway(self.webhook_secret, request.headers.get(SECRET_HEADER)):
                return response.json({"detail": "only the gateway may send messages"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            sender_id, text = body.get("sender"), body.get("message")
            if not isinstance(sender_id, str) or not isinstance(text, str) or not text:
                return response.json({"detail": "sender and message are required"}, status=400)
            agent = getattr(request.app.ctx, "agent", None)
            if await conversation_length.over_limit(agent, sender_id, text, self.max_messages_per_conversation):
                # Refused, not answered: the message is not run and not kept.
                reply = conversation_length.full_reply(getattr(agent, "domain", None))
                return response.json({"detail": reply["text"], "response": reply["response"]}, status=429)
            collector = GatewayOutput()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender_id,
                        input_channel=self.name(),
                        metadata=audience_metadata(body),
                    )
                )
            except Exception as error:  # noqa: BLE001 - reported without the message text
                logger.error("gateway webhook failed: %s", type(error).__name__)
                return response.json({"detail": "the assistant failed to answer"}, status=500)
            return response.json(collector.messages or [dict(NO_REPLY)])

        return webhook
