"""No number, email or web address is typed in the code or the pages unless it
is in data/contacts.yml or data/sources.yml: the widget's script and styles,
the page templates, every string literal in the Python of bot/, assistant/ and
actions/, and the words kept outside the model (data/texts.yml)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from tests.content.test_responses import EMAIL, KNOWN_EMAILS, KNOWN_PHONES, KNOWN_URLS, _norm_url

ROOT = Path(__file__).resolve().parents[2]
TEXTS = yaml.safe_load((ROOT / "data/texts.yml").read_text())["texts"]

# A web address with a real host name (so not "https://HOST/", a bare "https://"
# being parsed, or a loopback default such as http://127.0.0.1:5005).
REAL_URL = re.compile(r"https?://(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:[/?#][^\s\"'<>)]*)?")
# As the answers' check, but not inside a longer word or number ("secret-0000000000").
PHONE = re.compile(r"(?<![\w,-])(?:0\d{2,4}(?: ?\d){5,8}|999|101)(?![\w-])")
# Not contacts, and allowed on purpose:
NOT_CONTACTS = {
    # where "Leave this page" goes: a neutral page, as GOV.UK's quick exit
    "https://www.bbc.co.uk/weather",
}
FICTIONAL_PHONE = re.compile(r"07700 ?900\d{3}")  # Ofcom's range for drama: rings no one
FICTIONAL_EMAIL = re.compile(r"@example\.(?:com|org|net)$")  # RFC 2606


def _pages() -> list[Path]:
    return sorted(p for d in ("bot/static", "bot/templates") for p in (ROOT / d).rglob("*") if p.is_file())


def _literals() -> list[tuple[str, str]]:
    found = []
    for folder in ("bot", "assistant", "actions"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.value))
    return found


SOURCES = (
    [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in _pages()]
    + _literals()
    + [(f"data/texts.yml:{name}", text) for name, text in TEXTS.items()]
)


def unknown_contacts(text: str) -> list[str]:
    """The phone numbers, emails and web addresses in `text` that are not listed."""
    known_urls = {_norm_url(u) for u in KNOWN_URLS | NOT_CONTACTS}
    unknown = [u for u in REAL_URL.findall(text) if _norm_url(u) not in known_urls]
    unknown += [e for e in EMAIL.findall(text) if e.lower() not in KNOWN_EMAILS and not FICTIONAL_EMAIL.search(e.lower())]
    without = EMAIL.sub(" ", REAL_URL.sub(" ", text))
    unknown += [p for p in PHONE.findall(without) if p not in KNOWN_PHONES and not FICTIONAL_PHONE.fullmatch(p)]
    return unknown


def test_the_scan_sees_pages_code_and_texts():
    names = {name.split(":")[0] for name, _ in SOURCES}
    assert {"bot/static/widget.js", "bot/templates/index.html", "bot/api/chat.py", "assistant/runtime/channel.py", "data/texts.yml"} <= names


@pytest.mark.parametrize("text, found", [
    ("call 01582 123456 now", ["01582 123456"]),
    ("see https://www.example-council.gov.uk/page", ["https://www.example-council.gov.uk/page"]),
    ("write to someone@luton.gov.uk", ["someone@luton.gov.uk"]),
    ('<a href="https://www.ltai.info">', []),
    ("call the council on 01582 54 60 00, or 999", []),
    ("change-me-secret-0000000000, http://127.0.0.1:5005, https://HOST/widget.js", []),
    ("Warm-up: jo@example.com, 07700 900000.", []),
])
def test_the_scan_finds_what_is_not_listed_and_only_that(text, found):
    assert unknown_contacts(text) == found


FILES = sorted({name.split(":")[0] for name, _ in SOURCES})


@pytest.mark.parametrize("file", FILES)
def test_no_unlisted_number_email_or_address_in_pages_code_or_texts(file):
    found = [(name, unknown_contacts(text)) for name, text in SOURCES if name.split(":")[0] == file]
    assert [(name, unknown) for name, unknown in found if unknown] == [], "not in data/contacts.yml or data/sources.yml"


def test_the_scripts_type_no_phone_number_and_no_sentence():
    """The widget's and staff page's words and numbers reach the scripts from the
    server (GET /widget.js and /staff.js fill in data/texts.yml `widget` and
    `unavailable`), so a change of wording or number is one edit in YAML."""
    sentence = re.compile(r'"[A-Z][a-z]+(?: [a-z]+){2,}[^"]*"')
    for script in sorted((ROOT / "bot/static").glob("*.js")):
        code = "\n".join(line for line in script.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith(("//", "*", "/*")))
        assert PHONE.findall(code) == [], script.name
        assert sentence.findall(code) == [], script.name