"""Signed, expiring staff tokens (JWT, HS256).

The intranet issues these in production, signed with the shared secret
STAFF_TOKEN_SECRET; `make staff-token NAME="A Teacher"` issues one by hand.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone

import jwt

from bot.settings import Settings, get_settings

ALGORITHMS = ["HS256"]  # fixed: never taken from the token's own header
CLOCK_SKEW_SECONDS = 30


class InvalidStaffToken(Exception):
    """The token is missing, forged, expired or meant for someone else."""


def issue(name: str, settings: Settings, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    claims = {
        "sub": name,
        "role": "staff",
        "iss": settings.staff_token_issuer,
        "aud": settings.staff_token_audience,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=settings.staff_token_ttl_hours)).timestamp()),
    }
    return jwt.encode(claims, settings.staff_token_secret, algorithm=ALGORITHMS[0])


def verify(token: str, settings: Settings) -> dict:
    """The token's claims, or InvalidStaffToken.

    With STAFF_TOKEN_PUBLIC_KEY set, only RS256 tokens signed with the matching
    private key pass; otherwise only HS256 with STAFF_TOKEN_SECRET. The accepted
    algorithm is fixed by configuration, never by the token (no `none`, no
    algorithm confusion).
    """
    key, algorithms = (
        (settings.staff_token_public_key, ["RS256"]) if settings.staff_token_public_key else (settings.staff_token_secret, ALGORITHMS)
    )
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=settings.staff_token_audience,
            issuer=settings.staff_token_issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.PyJWTError as error:
        raise InvalidStaffToken(str(error)) from error
    if claims.get("role") != "staff":
        raise InvalidStaffToken("not a staff token")
    return claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print a signed, expiring staff token.")
    parser.add_argument("name", help='the staff member\'s name, e.g. "A Teacher"')
    args = parser.parse_args(argv)
    if not args.name.strip():
        parser.error("NAME must not be empty, e.g. make staff-token NAME=\"A Teacher\"")
    settings = get_settings()
    token = issue(args.name.strip(), settings)
    print(f"Staff token for {args.name.strip()}, valid for {settings.staff_token_ttl_hours} hours.", file=sys.stderr)
    print("Use it as: Authorization: Bearer <token>", file=sys.stderr)
    print(token)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
