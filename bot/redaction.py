"""Moved to bot/privacy/redaction.py. Kept only for evaluation/privacy.py, whose
import its owner will update; nothing in bot/ or tests/ imports this."""
from bot.privacy.redaction import Redactor  # noqa: F401
