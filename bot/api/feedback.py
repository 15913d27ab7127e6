"""POST /api/feedback: a thumbs up or down on one answer, kept on the conversation.

The rating is added to the conversation's tracker as a `feedback` slot event,
so reviewers see it beside the answer; nothing is stored anywhere else. With a
staff sign-in (token or the intranet cookie) it goes on the staff conversation,
otherwise on the parent one; a sign-in that is sent but no longer valid is a 401.
"""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from bot.api.chat import ERRORS, parent_sender, staff_sender
from bot.deps import OptionalStaffDep, RasaDep
from bot.schemas import SESSION_ID_PATTERN

router = APIRouter(prefix="/api", tags=["feedback"], responses=ERRORS)


class Feedback(BaseModel):
    session_id: str = Field(pattern=SESSION_ID_PATTERN)
    turn: int = Field(ge=0, le=10_000, description="which user turn the rated answer followed (1 = the first)")
    rating: Literal["up", "down"]


class FeedbackRecorded(BaseModel):
    recorded: bool = True


@router.post("/feedback", response_model=FeedbackRecorded, summary="Rate an answer (thumbs up or down)")
async def give_feedback(body: Feedback, rasa: RasaDep, staff: OptionalStaffDep) -> FeedbackRecorded:
    sender = staff_sender(staff["sub"], body.session_id) if staff else parent_sender(body.session_id)
    await rasa.add_event(sender, {"event": "slot", "name": "feedback", "value": {"turn": body.turn, "rating": body.rating}})
    return FeedbackRecorded()
