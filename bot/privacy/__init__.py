"""Personal data: found and replaced before the text goes anywhere (redaction,
with the first-name list in names), and which chat sessions were told so (sessions)."""
