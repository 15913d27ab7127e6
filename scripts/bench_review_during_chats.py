"""`make bench`, a reviewer exporting during chat load: do the chats stall?

The review area's SQL is synchronous. Run on the gateway's event loop (an
`async def` route), one export holds up every chat the gateway is serving until
it is done; run in FastAPI's thread pool (a plain `def` route) it only shares
the CPU. This starts the real stack on a tracker store seeded with old
conversations (the review area's material), then runs the same chat load
twice (the `make bench` mix: 70% parents, 30% staff): alone, and while a signed-in reviewer downloads the JSON export back to
back. It prints, for both runs, the chats' latency and the gateway's event-loop
lag (a `GET /healthz` every 50 ms, which does no work: its latency is the
time the loop took to get to it).

Run by `make bench`; alone: `.venv/bin/python -m scripts.bench_review_during_chats`.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from evaluation.bench import percentile, run_users
from evaluation.datasets import held_out_examples
from evaluation.review_bench import seed
from tests.integration.stack import Stack

REVIEWER, PASSWORD = "Bench Reviewer", "bench password 123"


def _line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"   {name:<34} p50 {statistics.median(ms):7.0f}   p95 {percentile(ms, 95):7.0f}   "
            f"p99 {percentile(ms, 99):7.0f}   max {max(ms):7.0f} ms")


def _seed_tracker(url: str, conversations: int) -> None:
    from bot.review.accounts import add_reviewer
    from bot.review.db import migrate, session_for

    seed(url, conversations)
    migrate(url)
    with session_for(url) as db:
        add_reviewer(db, REVIEWER, PASSWORD)


async def _sign_in(client: httpx.AsyncClient, base: str) -> None:
    form = await client.get(f"{base}/review/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    done = await client.post(f"{base}/review/login", data={"name": REVIEWER, "password": PASSWORD, "csrf_token": token})
    if done.status_code not in (200, 303):
        raise RuntimeError(f"the bench reviewer could not sign in ({done.status_code})")


async def _probe(base: str, stop: asyncio.Event, lags: list[float]) -> None:
    async with httpx.AsyncClient(timeout=120) as client:
        while not stop.is_set():
            started = time.perf_counter()
            await client.get(f"{base}/healthz")
            lags.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)


async def _exports(base: str, stop: asyncio.Event, took: list[float]) -> None:
    async with httpx.AsyncClient(timeout=300) as client:
        await _sign_in(client, base)
        while not stop.is_set():
            started = time.perf_counter()
            reply = await client.get(f"{base}/review/export.json")
            if reply.status_code != 200:
                raise RuntimeError(f"the export failed ({reply.status_code})")
            took.append(time.perf_counter() - started)


async def _round(stack: Stack, token: str, users: int, conversations: int, questions: list[str], exporting: bool, seed_: int) -> dict:
    stop = asyncio.Event()
    lags: list[float] = []
    took: list[float] = []
    side = [asyncio.create_task(_probe(stack.base, stop, lags))]
    if exporting:
        side.append(asyncio.create_task(_exports(stack.base, stop, took)))
        await asyncio.sleep(0.5)  # the first export is under way when the chats start
    chats = await run_users(stack, token, users, conversations, questions, seed=seed_)
    stop.set()
    await asyncio.gather(*side)
    return {**chats, "lags": lags, "exports": took}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=5000, help="old conversations in the tracker store (4 turns each)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--chats", type=int, default=40, help="8-turn conversations per round")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    workdir = Path(tempfile.mkdtemp(prefix="prevent-review-load-"))
    url = f"sqlite:///{workdir / 'tracker.db'}"
    _seed_tracker(url, args.conversations)
    questions = [text for text, _ in held_out_examples()]
    print(f"\n== A reviewer exporting during chat load ({args.users} users, {args.chats} 8-turn conversations a round; "
          f"{args.conversations} old conversations in the SQLite tracker store)")
    stack = Stack(workdir=workdir, tracker_url=url).start()
    try:
        from bot.settings import Settings
        from bot.staff_token import issue

        token = issue("Bench Teacher", Settings(staff_token_secret=stack.env()["STAFF_TOKEN_SECRET"]))
        asyncio.run(run_users(stack, token, 2, 2, questions, seed=0))  # warm-up
        for exporting in (False, True):
            result = asyncio.run(_round(stack, token, args.users, args.chats, questions, exporting, seed_=args.users))
            title = "chats while a reviewer exports" if exporting else "chats alone"
            print(f"   -- {title}: {result['turns']} turns in {result['elapsed']:.1f}s "
                  f"({result['turns'] / result['elapsed']:.1f} turns/s), {result['errors']} errors")
            print(_line("chat turn latency", result["latencies"]))
            print(_line("event-loop lag (GET /healthz)", result["lags"]))
            if exporting:
                print(_line(f"export.json ({len(result['exports'])} done)", result["exports"]))
    finally:
        stack.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
