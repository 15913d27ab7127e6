"""The council review area: reviewer accounts and conversation review.

Conversations are read straight from Rasa's tracker-store `events` table,
read-only; this package keeps only its own tables (reviewers, sessions, tags,
notes, review state, audit), managed with Alembic. No second copy of any
conversation is kept.
"""
