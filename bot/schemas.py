"""Request and response bodies of the chat API (see the architecture's contract)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
MAX_MESSAGE_CHARS = 1000


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    session_id: str = Field(pattern=SESSION_ID_PATTERN)
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)

    @field_validator("message")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("message is blank")
        if "\x00" in value:
            raise ValueError("message contains a null character")
        return value


class Button(BaseModel):
    title: str
    payload: str


class ChatMessage(BaseModel):
    text: str
    buttons: list[Button] = []
    # Only on a reply in another language than English (a notice for a parent
    # who wrote in their own language): its BCP 47 tag and writing direction.
    lang: str | None = None
    dir: Literal["ltr", "rtl"] | None = None


class ChatResponse(BaseModel):
    session_id: str
    messages: list[ChatMessage]


class ErrorResponse(BaseModel):
    detail: str
