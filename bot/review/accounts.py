"""Reviewer accounts: argon2 password hashes, sign-in with lockout, sessions, audit."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.review.models import AuditEntry, Reviewer, ReviewSession

HASHER = PasswordHasher()
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=8)
MIN_PASSWORD = 12


def now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


class SignInRefused(Exception):
    """Wrong name or password, or the account is locked (the message says which, safely)."""


@dataclass(frozen=True)
class SignedIn:
    name: str
    csrf_token: str


def add_reviewer(db: Session, name: str, password: str) -> None:
    name = name.strip()
    if not name:
        raise ValueError("The reviewer needs a name.")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"The password must be at least {MIN_PASSWORD} characters.")
    existing = db.scalar(select(Reviewer).where(Reviewer.name == name))
    if existing:
        existing.password_hash = HASHER.hash(password)
        existing.failed_logins, existing.locked_until = 0, None
    else:
        db.add(Reviewer(name=name, password_hash=HASHER.hash(password), failed_logins=0, created_at=now()))
    db.commit()


def sign_in(db: Session, name: str, password: str) -> tuple[str, SignedIn]:
    """A new session token (to put in the cookie) for a correct name and password."""
    reviewer = db.scalar(select(Reviewer).where(Reviewer.name == name.strip()))
    if reviewer is None:
        HASHER.hash(password)  # same cost as a real check, so names cannot be probed by timing
        raise SignInRefused("The name or password is not right.")
    locked_until = _aware(reviewer.locked_until)
    if locked_until and locked_until > now():
        raise SignInRefused("This account is locked after too many failed sign-ins. Try again in 15 minutes.")
    try:
        HASHER.verify(reviewer.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        reviewer.failed_logins += 1
        if reviewer.failed_logins >= MAX_FAILURES:
            reviewer.locked_until, reviewer.failed_logins = now() + LOCKOUT, 0
        audit(db, reviewer.name, "sign-in failed", "")
        db.commit()
        raise SignInRefused("The name or password is not right.") from None
    reviewer.failed_logins, reviewer.locked_until = 0, None
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.add(ReviewSession(token_hash=_digest(token), reviewer_id=reviewer.id, csrf_token=csrf, expires_at=now() + SESSION_LIFETIME))
    audit(db, reviewer.name, "sign-in", "")
    db.commit()
    return token, SignedIn(reviewer.name, csrf)


def session_for_token(db: Session, token: str | None) -> SignedIn | None:
    if not token:
        return None
    row = db.get(ReviewSession, _digest(token))
    if row is None or _aware(row.expires_at) <= now():
        return None
    reviewer = db.get(Reviewer, row.reviewer_id)
    return SignedIn(reviewer.name, row.csrf_token) if reviewer else None


def sign_out(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(ReviewSession).where(ReviewSession.token_hash == _digest(token)))
        db.commit()


def audit(db: Session, reviewer: str, action: str, target: str) -> None:
    db.add(AuditEntry(at=now(), reviewer=reviewer, action=action, target=target[:500]))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
