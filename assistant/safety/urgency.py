"""Deterministic detection of messages that suggest someone is in immediate danger.

Pure functions, no Rasa imports: used by the Rasa NLU component
(`assistant.nlu.urgent_phrases`), by `make eval` and by the tests.

The patterns live in a reviewed YAML file (data/safety/urgent_phrases.yml):
- `urgent`: regular expressions; any match means urgent.
  A pattern may also need `requires_any` (another regex) or `requires_immediate`.
- `ignore`: harmless phrases ("toy gun", "knife crime") removed before matching.
- `suppress` and `suppress_past`: a message matching one of these is a
  question *about* danger ("what should I do if I think a child is in
  danger?"), a story or the past, and is not urgent...
- `immediate`: ...unless it also carries a sign that the danger is live now
  ("what do I do, my son says he's going to Syria tonight").
- `hypothetical`: a training scenario, an example, a game or a joke; not
  urgent even with a time word ("a tabletop exercise tomorrow where ...").
- `no_danger` and `past`, before anything else is tried: a phrase saying
  nobody is in danger ("nobody's in any danger now") is taken out, and a clause
  about the past ("years ago, back in 2014, my cousin went off to Syria") is
  set aside unless that same clause has a live sign ("he left an hour ago").
  The rest is judged as usual, so "nobody is in danger, he just has a knife"
  is still urgent: where in doubt, safety wins.
- `parts` and `combinations`: imminent harm recognised from its parts rather
  than from whole phrasings: a combination is urgent when every part it names
  matches somewhere in the live text (for example someone who grooms or
  recruits + travel abroad + a time soon). Any wording of each part works with
  any wording of the others.
- `evidence`: words of danger (a weapon, violence, someone taken, travel to
  fight, self-harm, "help"). The NLU classifier's own `urgent_danger` stands
  only where one of them is present: the classifier generalises to new
  phrasings, this check stops it firing on "he's dying to go to the match".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

# Common text-speak, folded before matching so that patterns stay readable.
_EMOJI = {"\U0001f52a": " knife ", "\U0001f4a3": " bomb ", "\U0001f52b": " gun ", "\U0001f198": " help ",
          "\U0001f44d": " ok ", "\u2705": " done ", "\u2714": " done "}

_FOLDS = (
    (r"\bsum1\b|\bsome1\b|\bsumone\b", "someone"),
    (r"\b2nite\b|\btonite\b|\btnight\b|\b2night\b", "tonight"),
    (r"\b2day\b|\btdy\b", "today"),
    (r"\b2moro+w?\b|\btmr+w?\b|\btomoz+\b|\btmrw\b|\btomorow\b|\btommorow\b|\btommorrow\b", "tomorrow"),
    (r"\brn\b|\brite now\b|\bright nw\b", "right now"),
    (r"\bnw\b", "now"),
    (r"\bu\b", "you"),
    (r"\bppl\b", "people"),
    (r"\bgonna\b|\bgona\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bhes\b", "he is"),
    (r"\bshes\b", "she is"),
    (r"\btheyre\b", "they are"),
    (r"\bim\b", "i am"),
    (r"\bpls\b|\bplz\b", "please"),
    (r"\bfrm\b", "from"),
    (r"\bskl\b|\bskool\b|\bschl\b", "school"),
    (r"\bur\b", "your"),
    (r"\bmeetin\b", "meeting"),
    (r"\bgoin\b", "going"),
    (r"\bcomin\b", "coming"),
    (r"\bbak\b", "back"),
    (r"\bhlp\b", "help"),
    (r"\bflite\b", "flight"),
    (r"^kk?\b", "ok"),
    (r"\bsumthin\w*\b|\bsomethin\b|\bsummat\b|\bsmthn?g?\b", "something"),
    (r"\bgna\b|\bgunna\b|\bgnna\b", "going to"),
    (r"\bplannin\b", "planning"),
    (r"\bbuyin\b", "buying"),
    # voice-to-text: app names and places split into words, punctuation spoken
    (r"\btell a gram\b|\btelegraph? gram\b", "telegram"),
    (r"\btick tock\b|\btik tok\b", "tiktok"),
    (r"\bsnap chat\b", "snapchat"),
    (r"\binsta gram\b", "instagram"),
    (r"\bair port\b", "airport"),
    (r"\bany one\b", "anyone"),
    (r"\b(full stop|question mark|exclamation mark|comma|new line)\b", " "),
)


def normalise(text: str) -> str:
    """Lower-case, fold accents and apostrophes, expand common text-speak."""
    text = unicodedata.normalize("NFKC", text).lower()
    for emoji, word in _EMOJI.items():
        text = text.replace(emoji, word)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(\w)'ll\b", r"\1 will", text)
    text = re.sub(r"\b(he|she|it|there|that|what|who)'s\b", r"\1 is", text)
    text = text.replace("'", "")
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)  # "nowwww" -> "noww"
    text = re.sub(r"[^\w\s/?]", " ", text)
    for pattern, replacement in _FOLDS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class UrgentPattern:
    id: str
    pattern: re.Pattern
    requires_any: Optional[re.Pattern] = None
    requires_immediate: bool = False


@dataclass(frozen=True)
class Combination:
    id: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class UrgentPatterns:
    urgent: Sequence[UrgentPattern]
    ignore: Sequence[re.Pattern]
    suppress: Sequence[re.Pattern]
    immediate: Sequence[re.Pattern]
    hypothetical: Sequence[re.Pattern] = ()
    games: Sequence[re.Pattern] = ()
    evidence: Sequence[re.Pattern] = ()
    suppress_past: Sequence[re.Pattern] = ()
    story: Sequence[re.Pattern] = ()
    safety_questions: Sequence[re.Pattern] = ()
    no_danger: Sequence[re.Pattern] = ()
    past: Sequence[re.Pattern] = ()
    resolved: Sequence[re.Pattern] = ()
    parts: Dict[str, re.Pattern] = field(default_factory=dict)
    combinations: Sequence[Combination] = ()


# Where one clause ends and the next begins, after normalisation (which keeps
# only letters, digits, spaces, "/" and "?"): a question mark, or a word that
# starts a new clause.
_DOUBLE_NEGATIVE = re.compile(r"\b(wouldnt|would not|cant|cannot|couldnt|could not|not sure i would|dont want to) (say|be sure|promise|pretend)\b")
_CLAUSE_BREAK = re.compile(r"(?<=\?)|\b(?:but|although|though|however|whereas|except|anyway|now that)\b")


def load_patterns(path: str | Path) -> UrgentPatterns:
    """Read and compile the reviewed pattern file. Fails loudly on a bad regex."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))

    def compile_all(items):
        return [re.compile(p) for p in items or []]

    parts = {name: re.compile(pattern) for name, pattern in (raw.get("parts") or {}).items()}
    combinations = []
    for item in raw.get("combinations") or []:
        unknown = [name for name in item["parts"] if name not in parts]
        if unknown:
            raise ValueError(f"combination {item['id']!r} names unknown parts: {unknown}")
        combinations.append(Combination(id=item["id"], parts=tuple(item["parts"])))

    return UrgentPatterns(
        urgent=[
            UrgentPattern(
                id=item["id"],
                pattern=re.compile(item["pattern"]),
                requires_any=re.compile(item["requires_any"]) if item.get("requires_any") else None,
                requires_immediate=bool(item.get("requires_immediate")),
            )
            for item in raw["urgent"]
        ],
        ignore=compile_all(raw.get("ignore")),
        suppress=compile_all(raw.get("suppress")),
        immediate=compile_all(raw.get("immediate")),
        hypothetical=compile_all(raw.get("hypothetical")),
        games=compile_all(raw.get("games")),
        evidence=compile_all(raw.get("evidence")),
        suppress_past=compile_all(raw.get("suppress_past")),
        story=compile_all(raw.get("story")),
        resolved=compile_all(raw.get("resolved")),
        safety_questions=compile_all(raw.get("safety_questions")),
        no_danger=compile_all(raw.get("no_danger")),
        past=compile_all(raw.get("past")),
        parts=parts,
        combinations=combinations,
    )


def clauses(norm: str) -> List[str]:
    """The clauses of a normalised message (sentences are already joined by then,
    so "." is gone: full stops are found before normalising, see `_prepared`)."""
    return [c.strip() for c in _CLAUSE_BREAK.split(norm) if c and c.strip()]


# A full stop ends a sentence, but not inside a time ("it's 3.30 and he's gone").
_SENTENCE_BREAK = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!;\n])+")


def _live_clauses(text: str, patterns: UrgentPatterns) -> List[str]:
    """The clauses of the message without what is settled: each "nobody is in
    danger" phrase is taken out (the rest of its clause still counts), and each
    clause about the past is set aside unless it has a live sign of its own; a
    sentence saying the danger is over (`resolved`: "the police found him and
    brought him home") sets aside itself and everything before it."""
    kept = []
    for sentence in _SENTENCE_BREAK.split(text):
        norm = normalise(sentence)
        for harmless in patterns.ignore:
            norm = harmless.sub(" ", norm)
        # judged before "she's safe at home now" is taken out as a no-danger phrase
        over = any(r.search(norm) for r in patterns.resolved)
        rest = norm
        for resolved in patterns.resolved:  # its own "now" ("she's safe at home now") is not a live sign
            rest = resolved.sub(" ", rest)
        if not _DOUBLE_NEGATIVE.search(norm):  # "I wouldn't say she isn't in danger"
            for no_danger in patterns.no_danger:
                norm = no_danger.sub(" ", norm)
                rest = no_danger.sub(" ", rest)
        if over and not any(i.search(rest) for i in patterns.immediate):
            kept = []  # "the police found him and brought him home": what came before is over
            continue
        for clause in clauses(norm):
            if any(p.search(clause) for p in patterns.past) and not any(i.search(clause) for i in patterns.immediate):
                continue
            kept.append(clause)
    return kept


def _live(text: str, patterns: UrgentPatterns) -> str:
    return " . ".join(_live_clauses(text, patterns))


def _prepared(text: str, patterns: UrgentPatterns) -> tuple[str, bool]:
    norm = _live(text, patterns)
    return norm, any(i.search(norm) for i in patterns.immediate)


def _suppressed(norm: str, patterns: UrgentPatterns, past: bool = True) -> bool:
    """A question about danger, a story or lesson (and, with `past`, the past)."""
    return any(s.search(norm) for s in (*patterns.suppress, *patterns.story)) or (
        past and any(s.search(norm) for s in patterns.suppress_past)
    )


def _clause_is_live(clause: str, norm: str, patterns: UrgentPatterns) -> bool:
    """Whether danger named in this clause is reported as real and live.

    A live sign in the clause itself ("he has a knife and is going out now")
    always counts. Otherwise the clause must not itself be a question about
    danger or about the past (`suppress`, `suppress_past`: judged on the clause,
    so "I spoke to his head of year last week" does not settle what his sister
    says now), and a story, video or lesson named anywhere (`story`) settles it
    unless the message has a live sign somewhere.
    """
    if any(i.search(clause) for i in patterns.immediate):
        return True
    if any(s.search(clause) for s in (*patterns.suppress, *patterns.suppress_past)):
        return False
    return not any(s.search(norm) for s in patterns.story) or any(i.search(norm) for i in patterns.immediate)


_REAL_WORLD = {"meet", "travel", "missing", "secret_departure"}
_REAL_WORLD_HARM = {"meet", "missing", "secret_departure", "harm_self", "arranged", "threat_coming"}


def _hypothetical(norm: str, patterns: UrgentPatterns) -> bool:
    """A scenario, a joke or a game. Someone met through a game or online who
    arranges to meet, collect or travel is real, whatever game is named."""
    found = {name for name, part in patterns.parts.items() if part.search(norm)}
    if any(h.search(norm) for h in patterns.hypothetical):
        return not ("risk_actor" in found and found & _REAL_WORLD)
    if any(g.search(norm) for g in patterns.games):
        # a game named: the harm is in the game, unless two parts of harm in the
        # real world are there too (a stranger from the game who will collect
        # him; goodbyes, savings taken out and a flight)
        return not (("risk_actor" in found and found & _REAL_WORLD) or len(found & _REAL_WORLD_HARM) >= 2)
    return False


# Parts that everyday messages have too: a time, a trip, a place where people
# gather ("school", "the park"), "doing it". Only with other parts do they count.
CONTEXT_PARTS = ("soon", "travel", "crowd_place", "busy_place", "vague_plan")


# Parts that, two together with a time, describe a plan under way (round 13: "not
# sure to be honest... his cousin is driving him to Heathrow straight after
# school today", said to the danger question). One alone is an ordinary day
# ("his dad is picking him up after school").
_PLAN_PARTS = {"travel", "meet", "harm_others", "harm_self", "for_cause", "secret_departure", "risk_actor",
               "missing", "attack_plan", "ominous", "threat_coming", "bomb_making", "device_parts"}


def plan_under_way(text: str, patterns: UrgentPatterns) -> bool:
    """Two parts of a harmful plan and a time, in what is live of the message."""
    norm = _live(text, patterns)
    if not norm.strip() or _hypothetical(norm, patterns) or not patterns.parts["soon"].search(norm):
        return False
    return len({name for name in _PLAN_PARTS if name in patterns.parts and patterns.parts[name].search(norm)}) >= 2


def parts_of_harm(text: str, patterns: UrgentPatterns) -> List[str]:
    """The parts of imminent harm in a message, apart from a time or a trip
    (which everyday questions have too): used to keep such messages in scope."""
    norm, _ = _prepared(text, patterns)
    return [name for name, part in patterns.parts.items() if name not in CONTEXT_PARTS and part.search(norm)]


def combination_match(norm: str, patterns: UrgentPatterns) -> Optional[str]:
    """The id of the first combination whose every part is in the (live) text."""
    found = {name for name, part in patterns.parts.items() if part.search(norm)}
    for combination in patterns.combinations:
        if found.issuperset(combination.parts):
            return combination.id
    return None


def clearly_not_live(text: str, patterns: UrgentPatterns) -> bool:
    """A question about danger, a story or the past, with nothing happening now.

    Used to overrule the NLU classifier's `urgent_danger` on such messages
    ("what are the signs someone is planning an attack?"), so that both layers
    follow the same reviewed rules about what is *not* an emergency.
    """
    norm, immediate = _prepared(text, patterns)
    if _hypothetical(norm, patterns):
        return True
    return not immediate and _suppressed(norm, patterns)


def asks_if_safe(text: str, patterns: UrgentPatterns) -> bool:
    """A question whether something is safe ("is it safe to take him to the fair on
    Saturday?"): asked, not reported, whatever time words it holds."""
    norm, _ = _prepared(text, patterns)
    return any(q.search(norm) for q in patterns.safety_questions)


def says_no_danger(text: str, patterns: UrgentPatterns) -> bool:
    """Whether the message says in so many words that nobody is in danger
    ("the boy is fine, no one is at risk", "we're all safe now"), with no
    double negative ("I wouldn't say nobody is in danger")."""
    norm = normalise(text)
    return not _DOUBLE_NEGATIVE.search(norm) and any(p.search(norm) for p in patterns.no_danger)


def live_now(text: str, patterns: UrgentPatterns) -> bool:
    """Whether the live text carries a sign that something is happening now or soon."""
    _, immediate = _prepared(text, patterns)
    return immediate


# Parts of harm that happen in the real world, not in a game or a story: a
# meeting or pick-up, a child missing or leaving in secret, self-harm, the
# makings of a device, someone coming to the home.
# A meeting or pick-up counts only with someone of risk in it: "we're flying
# to Islamabad on Saturday for my sister's wedding" and "wants to go and live
# somewhere with 'proper sharia'" are not emergencies (rounds 4 and 8).
_BACKS_THE_CLASSIFIER = {"missing", "secret_departure", "harm_self", "device_parts", "threat_coming"}


def backs_the_classifier(text: str, patterns: UrgentPatterns) -> bool:
    """Whether the classifier's own emergency should stand against the rules
    that settle a message: the live text holds a sign of now or soon and a part
    of harm in the real world, it is not a scenario or joke (`hypothetical`), not
    a question whether something is safe, and it does not say nobody is in danger.

    Round 11 (evaluation/blind/): "a grown man's been messaging my 12 yr old on
    roblox ... he's picking her up from the park at 5 today" named a game, and
    "leave through the back gate at 3:10 today, someone will be waiting" held no
    word of danger; the classifier was right both times. Where in doubt, safety wins."""
    norm, immediate = _prepared(text, patterns)
    if not immediate or any(h.search(norm) for h in patterns.hypothetical):
        return False
    if asks_if_safe(text, patterns) or says_no_danger(text, patterns):
        return False
    found = set(parts_of_harm(text, patterns))
    return bool(found & _BACKS_THE_CLASSIFIER) or {"meet", "risk_actor"} <= found


_ASKS = re.compile(r"\?|\b(what|how|who|where|which|why|when) (do|does|did|should|can|could|would|is|are|age|happens)\b|\b(should|can|could|do|shall) (i|we)\b|\bis there\b")


def only_a_question(text: str, patterns: UrgentPatterns) -> bool:
    """A question with a word of danger in it but nothing live and no part of harm:
    "my kids are killing me this half term ... what age does Prevent start at?",
    "someone stuck a hateful sticker on the bus shelter last term ... should we
    do something in lessons?", "girls keep calling her fat, she's crying every
    night. What should I do?" (round 12). The classifier's emergency on such a
    message becomes the question about danger (its answer still gives 999)."""
    return not live_now(text, patterns) and not parts_of_harm(text, patterns) and bool(_ASKS.search(normalise(text)))


def has_danger_evidence(text: str, patterns: UrgentPatterns) -> bool:
    """Whether the message holds any word of danger, once harmless phrases are removed."""
    norm, _ = _prepared(text, patterns)
    return any(e.search(norm) for e in patterns.evidence)


def urgent_match(text: str, patterns: UrgentPatterns) -> Optional[str]:
    """Return the id of the urgent pattern (or combination of parts) that matches, or None.

    A single pattern is judged on the clause it matches in (`_clause_is_live`);
    a combination of parts is about now or soon by itself, so only a question,
    a story or a scenario settles it, and a live sign anywhere overrides those.
    """
    kept = _live_clauses(text, patterns)
    norm = " . ".join(kept)
    if not norm.strip() or _hypothetical(norm, patterns):
        return None
    immediate = any(i.search(norm) for i in patterns.immediate)
    for candidate in patterns.urgent:
        if not candidate.pattern.search(norm):
            continue
        if candidate.requires_any is not None and not candidate.requires_any.search(norm):
            continue
        if candidate.requires_immediate and not immediate:
            continue
        where = [c for c in kept if candidate.pattern.search(c)] or [norm]
        if any(_clause_is_live(c, norm, patterns) for c in where):
            return candidate.id
    combined = combination_match(norm, patterns)
    if combined and (immediate or not _combination_settled(combined, kept, norm, patterns)):
        return combined
    return None


def _combination_settled(combination_id: str, kept: List[str], norm: str, patterns: UrgentPatterns) -> bool:
    """A story, lesson or game named anywhere settles a combination; a question
    about danger settles it only in a clause that holds one of its parts (other
    than the time), so "I've been meaning to ask about the uniform policy" in
    the first sentence does not settle a plan in the last one."""
    if any(s.search(norm) for s in patterns.story):
        return True
    combination = next(c for c in patterns.combinations if c.id == combination_id)
    named = [patterns.parts[name] for name in combination.parts if name != "soon"]
    bearing = [c for c in kept if any(part.search(c) for part in named)] or kept
    return any(s.search(c) for c in bearing for s in patterns.suppress)
