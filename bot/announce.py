"""Used by `make run`: waits until the assistant is ready, then says what is where.

It stays running afterwards, because the process runner stops everything when
any one process ends.
"""
from __future__ import annotations

import signal
import sys
import time

import httpx

from bot.settings import get_settings


def main() -> int:
    settings = get_settings()
    base = f"http://{settings.bot_host}:{settings.bot_port}"
    started = time.monotonic()
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() - started > 300:
            print("The assistant did not become ready within 5 minutes; see the logs above.", flush=True)
            break
        time.sleep(1)
    took = time.monotonic() - started
    print(
        f"\nReady in {took:.0f}s.\n"
        f"  Demo school page with the widget: {base}/\n"
        f"  Staff chat page:     {base}/staff\n"
        f"  Review area:         {base}/review   (make reviewer-add NAME=\"A Reviewer\")\n"
        f"  Chat API (parents):  POST {base}/api/chat/parent\n"
        f"  Chat API (staff):    POST {base}/api/chat/staff  (make staff-token NAME=\"A Teacher\")\n"
        f"  API documentation:   {base}/docs\n"
        f"  Health:              {base}/healthz  {base}/readyz\n"
        f"  Rasa (loopback only): {settings.rasa_urls[0]}   actions: {settings.action_server_url}\n"
        "Press Ctrl-C to stop everything.\n",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    raise SystemExit(main())
