"""Which chat sessions have already been told that personal data is removed.

Only opaque session keys are kept, in memory, for a bounded number of sessions.
With several gateway workers a session may be told once per worker; that is
harmless, and no conversation content is stored here.
"""
from __future__ import annotations

from collections import OrderedDict


class SeenSessions:
    def __init__(self, limit: int = 100_000):
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._limit = limit

    def first_time(self, key: str) -> bool:
        """True the first time a key is seen; remembers it."""
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self._limit:
            self._seen.popitem(last=False)
        return True
