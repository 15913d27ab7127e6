"""POST /api/feedback: a thumbs up or down on one answer, kept on the conversation.

The rating is added to the conversation's tracker as a `feedback` slot event,
so reviewers see it beside the answer; nothing is stored anywhere else. With a
valid staff token it goes on the staff conversation, otherwise on the parent one.
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from bot.api.chat import ERRORS, parent_sender, staff_sender
from bot.deps import RasaDep, SettingsDep
from bot.schemas import SESSION_ID_PATTERN
from bot.staff_token import InvalidStaffToken, verify

router = APIRouter(prefix="/api", tags=["feedback"], responses=ERRORS)
_bearer = HTTPBearer(auto_error=False)


class Feedback(BaseModel):
    session_id: str = Field(pattern=SESSION_ID_PATTERN)
    turn: int = Field(ge=0, le=10_000, description="which user turn the rated answer followed (1 = the first)")
    rating: Literal["up", "down"]


class FeedbackRecorded(BaseModel):
    recorded: bool = True


@router.post("/feedback", response_model=FeedbackRecorded, summary="Rate an answer (thumbs up or down)")
async def give_feedback(
    body: Feedback,
    rasa: RasaDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> FeedbackRecorded:
    sender = parent_sender(body.session_id)
    if credentials is not None:
        try:
            sender = staff_sender(verify(credentials.credentials, settings)["sub"], body.session_id)
        except InvalidStaffToken:
            from fastapi import HTTPException

            raise HTTPException(401, "Your staff sign-in is not valid or has expired. Please sign in again.") from None
    await rasa.add_event(sender, {"event": "slot", "name": "feedback", "value": {"turn": body.turn, "rating": body.rating}})
    return FeedbackRecorded()
