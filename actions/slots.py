"""Slot names used by the actions, in one place."""

AUDIENCE = "audience"
CONCERN_STEP = "concern_step"
SESSION_START_METADATA = "session_started_metadata"

PARENT = "parent"
STAFF = "staff"
