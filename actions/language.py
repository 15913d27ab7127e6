"""Whether a message is written in a script other than the Latin alphabet.

The assistant understands English only. A message mostly in another script
(Urdu, Arabic, Bengali, Punjabi, Gujarati, ...) cannot be answered, and its
"likeliest topics" would be noise, so it gets a reply that says so plainly and
points to a person. Messages in other languages written in the Latin alphabet
(Polish, Romanian, French) often share words with English ("Prevent",
"Channel") and still get the usual "Did you mean ...?".
"""
from __future__ import annotations

import unicodedata

# At least this many letters, so that a stray symbol or one foreign word in an
# English sentence does not count.
MIN_LETTERS = 3


def mostly_other_script(text: str) -> bool:
    """True when more than half the letters in `text` are not Latin letters."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return False
    other = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    return other * 2 > len(letters)
