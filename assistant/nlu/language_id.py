"""Which language a parent wrote in, and the notice they get in it.

Pure functions, no Rasa imports: used by the NLU component
(`assistant.nlu.language_gate`), the fallback action, `make eval` and the tests.

- A message mostly in another script is told apart by its script (Bengali,
  Gurmukhi) or, for the Arabic script, by lingua among Urdu, Arabic and Persian.
- A message in Latin letters is English unless lingua is sure it is Polish,
  Romanian or Portuguese (and it is long enough, or carries letters only those
  languages use), or it is romanised Urdu by its common words (lingua has no
  model for Urdu in Latin letters).
- Any English Prevent word ("Co to jest Prevent?") keeps the message English:
  the assistant can answer it, as before.

The settings are in `data/languages/detection.yml`; each notice is in
`data/languages/<code>.yml` (machine-drafted, awaiting the council's translator).
lingua's models are inside its PyPI wheel; nothing is downloaded.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES_DIR = ROOT / "data" / "languages"
ENGLISH = "en"

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Letters that English never uses but these languages do.
_DIACRITICS = re.compile(r"[ąćęłńśźżșşțţăâîãõçáéíóúêô]", re.IGNORECASE)
_VOWELS = re.compile(r"[aeiouyąęăâîãõáéíóúêô]", re.IGNORECASE)


@dataclass(frozen=True)
class Notice:
    code: str
    language: str
    lang: str
    dir: str
    status: str
    text: str


def _wordlike(word: str) -> bool:
    """A word of some language: a vowel in it and more than one letter used."""
    return len(set(word)) > 1 and bool(_VOWELS.search(word))


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "ARABIC", "BENGALI", "GURMUKHI", "DEVANAGARI"):
        if name.startswith(script):
            return script
    return "OTHER"


class LanguageIdentifier:
    def __init__(self, settings_path: Path = LANGUAGES_DIR / "detection.yml") -> None:
        from lingua import Language, LanguageDetectorBuilder

        raw = yaml.safe_load(Path(settings_path).read_text(encoding="utf-8"))
        self.english_keywords = re.compile(raw["english_keywords"], re.IGNORECASE)
        self.min_words = int(raw["min_words"])
        self.min_confidence = float(raw["min_confidence"])
        self.max_english = float(raw["max_english_confidence"])
        self.roman_words = set(raw["roman_urdu_words"])
        self.roman_distinctive = set(raw["roman_urdu_distinctive"])
        self.roman_min_hits = int(raw["roman_urdu_min_hits"])
        self.roman_min_share = float(raw["roman_urdu_min_share"])
        self.codes: Dict[str, str] = dict(raw["codes"])
        self.own_words = {code: set(words) for code, words in (raw.get("own_words") or {}).items()}
        self.own_min_share = float(raw.get("own_words_min_share", 1.0))
        self._latin = LanguageDetectorBuilder.from_languages(
            *[getattr(Language, n) for n in raw["latin"]]
        ).with_preloaded_language_models().build()
        self._arabic = LanguageDetectorBuilder.from_languages(
            *[getattr(Language, n) for n in raw["arabic_script"]]
        ).with_preloaded_language_models().build()

    def identify(self, text: str) -> str:
        """The language code of a message ("en" for English, or when unsure)."""
        letters = [c for c in text if c.isalpha()]
        if len(letters) < 2:
            return ENGLISH
        scripts: Dict[str, int] = {}
        for c in letters:
            scripts[_script(c)] = scripts.get(_script(c), 0) + 1
        main = max(scripts, key=scripts.get)
        if main != "LATIN" and scripts[main] * 2 > len(letters):
            return self._other_script(text, main)
        if self.english_keywords.search(text):
            return ENGLISH
        words = [w.lower() for w in _WORD.findall(text)]
        hits = [w for w in words if w in self.roman_words]
        if (len(hits) >= self.roman_min_hits and len(hits) >= self.roman_min_share * len(words)
                and any(w in self.roman_distinctive for w in hits)):
            return "ur-latn"
        own = self._own_words(words)
        if len(words) < self.min_words and not _DIACRITICS.search(text):
            return own or ENGLISH
        # "jjjjj kkk ;;;; pppp" is keyboard mashing, not Polish: too few real words
        if sum(_wordlike(w) for w in words) < self.min_words:
            return own or ENGLISH
        values = self._latin.compute_language_confidence_values(text)
        best = values[0]
        english = next((v.value for v in values if v.language.name == "ENGLISH"), 0.0)
        code = self.codes.get(best.language.name)
        sure = best.value >= self.min_confidence and english <= self.max_english
        return code if code and sure else own or ENGLISH

    def _own_words(self, words: list) -> Optional[str]:
        """The language whose everyday words make up enough of a message
        ("dziekuje", "buna ziua", "isso é crime?"), if exactly one does."""
        if not words:
            return None
        hits = {code: sum(w in own for w in words) for code, own in self.own_words.items()}
        best = max(hits, key=hits.get, default=None)
        if best is None or hits[best] == 0 or hits[best] < self.own_min_share * len(words):
            return None
        if sum(1 for n in hits.values() if n == hits[best]) > 1:
            return None
        return best

    def _other_script(self, text: str, script: str) -> str:
        if script == "BENGALI":
            return "bn"
        if script == "GURMUKHI":
            return "pa"
        if script == "ARABIC":
            best = self._arabic.compute_language_confidence_values(text)[0]
            # Persian, and Punjabi in Shahmukhi, read closest to Urdu: the Urdu notice
            return self.codes.get(best.language.name, "ur")
        return "other"  # Devanagari, Gujarati, ...: no notice yet; the English-only reply


@lru_cache(maxsize=1)
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


@lru_cache(maxsize=None)
def notices() -> Dict[str, Notice]:
    """Every notice file, by code."""
    found = {}
    for path in sorted(LANGUAGES_DIR.glob("*.yml")):
        if path.stem == "detection":
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.stem] = Notice(code=path.stem, language=raw["language"], lang=raw["lang"],
                                  dir=raw["dir"], status=raw["status"], text=raw["notice"])
    return found


def notice_for(code: Optional[str]) -> Optional[Notice]:
    return notices().get(code or "")
