"""`make reviewer-add NAME=...`: add a reviewer (or reset their password).

The password is asked for twice at a prompt, or read from standard input.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from bot.review.accounts import add_reviewer
from bot.review.db import migrate, session_for
from bot.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    args = parser.parse_args(argv)
    if not args.name.strip():
        parser.error('NAME must not be empty, e.g. make reviewer-add NAME="A Reviewer"')
    if sys.stdin.isatty():
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Password again: ") != password:
            print("error: the two passwords are different; nothing was changed.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\n")
    url = get_settings().tracker_url
    migrate(url)
    try:
        with session_for(url) as db:
            add_reviewer(db, args.name, password)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Reviewer {args.name.strip()!r} can now sign in at /review.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
