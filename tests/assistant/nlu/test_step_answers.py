"""A member of staff's own words for the walk-through's steps (assistant/nlu/step_answers.py
with the reviewed phrases in data/concern/step_answers.yml)."""
from pathlib import Path

import pytest

from assistant.nlu.step_answers import DESCRIBE, StepPhrases, intent_for

ROOT = Path(__file__).resolve().parents[3]
PHRASES = StepPhrases.load(ROOT / "data" / "concern" / "step_answers.yml")


@pytest.mark.parametrize(
    "text, intent",
    [
        ("yes, she told me she's leaving for the airport tonight", "affirm"),
        ("yes he said he's going tomorrow", "affirm"),
        ("yeah", "affirm"),
        ("no, nobody's in danger right now", "deny"),
        ("nobody's at risk, he's 10 and it's just words he's repeating", "deny"),
        ("No, I don't think she's in danger right now, she's in lessons and going home to mum", "deny"),
        ("sorry, I pressed the wrong button, nobody is in danger", "deny"),
        ("not sure tbh", "unsure"),
        ("done", "concern_next"),
        ("ok next?", "concern_next"),
        ("I've written it up and told the DSL. Now what?", "concern_next"),
        ("Logged it on CPOMS and the DSL knows. now what", "concern_next"),
        ("and then?", "concern_next"),
        ("go back", "concern_back"),
        ("Not as far as I know", "deny"),
        ("nxt", "concern_next"),
        ("Written up, DSL told.", "concern_next"),
        ("Hub said carry on with our plan.", "concern_next"),
        ("spoke to mum this afternoon, she's on board", "concern_next"),
        ("can we start again", "concern_restart"),
        # blind round 4
        ("yep done", "concern_next"),
        ("done and done", "concern_next"),
        ("his parents are nice, I think they'll want to know. anything else after that?", "concern_next"),
        ("ok. what else?", "concern_next"),
        ("I've asked the DSL, she says it's not immediate, so no", "deny"),
        ("nah", "deny"),
        # blind round 5 (walk-throughs): progress in text-speak and in passing
        ("wat now", "concern_next"),
        ("next pls", "concern_next"),
        ("thanks. is that everything?", "concern_next"),
        ("both done, it's recorded and she obviously knows", "concern_next"),
        ("ive rung the hub, they said to have a chat with mum", "concern_next"),
        ("It's ten past five and our DSL has gone home. Who do I ring now?", "dsl_unavailable"),
        # blind round 7: recording and handing on, said in full sentences
        ("I scanned his workbook, filled out the blue form and passed it to our DSL", "concern_next"),
        ("Put it in the safeguarding log and gave a copy to the deputy head, who is our DSL.", "concern_next"),
        ("Logged, and the head and I are meeting about it at three.", "concern_next"),
        ("noted as the policy says, DSL aware. next?", "concern_next"),
        ("He's got my notes now", "concern_next"),
        ("phoned the switchboard, asked for the hub, they're ringing me back", "concern_next"),
        ("got a prevent-ish worry about a lad in my form", "raise_concern"),
        ("yes I'm concerned, obviously, but she isn't in any danger, it's a slow burn", "deny"),
        ("yes, he's not in danger at school but he says he's flying out tonight", "affirm"),
        ("cool", "concern_next"), ("ok ta", "concern_next"),
    ],
)
def test_staff_step_answers_in_their_own_words(text, intent):
    assert intent_for(PHRASES, text, "nlu_fallback", "staff") == intent


@pytest.mark.parametrize(
    "text",
    [
        "I overheard a lad in year 9 telling his mates that one religion should be wiped out",
        "a student's exercise book is covered in swastikas, what should i do",
        "a year 9 boy has been sharing extremist memes, what do i do",
        "I have a prevent concern about a year 7 who keeps watching beheading videos",
    ],
)
def test_a_description_of_a_pupil_is_a_concern(text):
    assert intent_for(PHRASES, text, "faq", "staff") == DESCRIBE


@pytest.mark.parametrize(
    "text",
    [
        "what are the signs a pupil is being radicalised",
        "can a student be referred to Channel without the parents knowing",
        "do I need consent to share information about a child",
        "yes but is channel voluntary for the family?",
        "If we refer a girl in year 8 and her parents say no, does Channel still happen?",
    ],
)
def test_general_questions_stay_questions(text):
    assert intent_for(PHRASES, text, "faq", "staff") is None


def test_parents_are_not_walked_through_the_staff_steps():
    assert intent_for(PHRASES, "done", "nlu_fallback", "parent") is None
    assert intent_for(PHRASES, "can i say no to channel for my son", "faq", "parent") is None


def test_a_parent_worried_about_their_own_child_who_asks_where_to_start_gets_the_parent_route():
    text = "i think my son is being groomed online by extremists, where do i even start"
    assert intent_for(PHRASES, text, "nlu_fallback", "parent") == DESCRIBE
    assert intent_for(PHRASES, text, "faq", "parent") == DESCRIBE
    # a plain question about it is still answered as a question
    assert intent_for(PHRASES, "my son might be groomed online, would he get a criminal record", "faq", "parent") is None


@pytest.mark.parametrize(
    "text",
    [
        "What makes a child more vulnerable to being drawn in? For a staff briefing.",
        "If a child says something worrying at lunch, who am I meant to tell?",
    ],
)
def test_questions_about_children_in_general_are_not_descriptions(text):
    assert intent_for(PHRASES, text, "faq", "staff") is None


def test_a_description_ending_in_a_general_question_is_that_question():
    text = "A year 9 boy was saying odd things last year in my old school. Where do Luton schools go for advice?"
    assert intent_for(PHRASES, text, "faq", "staff", question="Where do Luton schools go for advice?") is None


def test_progress_the_classifier_took_for_a_greeting_is_progress():
    assert intent_for(PHRASES, "done, spoke to mum this afternoon, she was grateful", "greet", "staff") == "concern_next"


def test_emergencies_and_greetings_are_left_alone():
    assert intent_for(PHRASES, "yes he has a knife", "urgent_danger", "staff") is None
    assert intent_for(PHRASES, "hello", "greet", "staff") is None


def test_the_classifiers_yes_or_no_on_a_longer_question_becomes_that_question():
    selector = {"faq": {"response": {"confidence": 0.6, "intent_response_key": "faq/channel_voluntary"}}}
    assert PHRASES.demoted_yes_no("can i say no to channel for my son", "deny", selector) == "faq"
    assert PHRASES.demoted_yes_no("can i say no to channel for my son", "deny", None) == "nlu_fallback"
    assert PHRASES.demoted_yes_no("no thanks", "deny", selector) is None
    assert PHRASES.demoted_yes_no("can i say no to channel for my son", "faq", selector) is None


def test_a_longer_answer_that_asks_nothing_keeps_the_classifiers_intent():
    assert PHRASES.demoted_yes_no("it might be, i can't tell really", "unsure", None) is None


@pytest.mark.parametrize(
    "text, intent",
    [
        ("wait I got that wrong - she told me this morning he's collecting her from school today to take her abroad", "correct_yes"),
        ("Sorry I said no but I was wrong - she's just shown me messages", "correct_yes"),
        ("I got that wrong, nobody is in danger", "deny"),
        ("ok, no. I don't think anything is going to happen any time soon, it's talk", "deny"),
        ("done it", "concern_next"),
        ("ok 👍 done that", "concern_next"),
        ("thanks, where was I? what next", "concern_next"),
        ("ok, it's with the right people and the call has been made. anything else I should be doing?", "concern_next"),
    ],
)
def test_corrections_and_more_progress_in_staffs_words(text, intent):
    assert PHRASES.step_answer(text) == intent


def test_a_description_the_faq_answers_with_confidence_gets_that_answer():
    text = "a kid in my class said the victims of a terror attack deserved it, how do i deal with that in the room"
    assert intent_for(PHRASES, text, "faq", "staff", faq_confidence_=0.9) is None
    assert intent_for(PHRASES, text, "faq", "staff", faq_confidence_=0.3) == DESCRIBE


@pytest.mark.parametrize(
    "text",
    [
        "Year 8 boy has a patch of a banned group on his school bag and did Nazi salutes in PE today.",
        "I'm a TA. A mum told me at pick-up that her son's been watching a preacher who says fighting is a duty.",
        "one of my Y10s has runes scribbled all over his pencil case and won't shut up about it in class",
        "Year 10 boy handed in an essay titled 'Why democracy is haram'. Concerned about where it's come from.",
    ],
)
def test_more_descriptions_of_a_pupil(text):
    assert intent_for(PHRASES, text, "nlu_fallback", "staff") == DESCRIBE


# --- after blind round 3 (evaluation/blind/2026-12-06-round3.yml) ---

@pytest.mark.parametrize(
    "text, intent",
    [
        ("not sure tbh, I don't think anyone is in danger right now", "deny"),
        ("ok actually I've reread it and it's a song lyric he posted, nobody's at risk", "deny"),
        ("I don't know, she said soon, maybe the holidays?", "unsure"),
        ("honestly probably not? I'm not sure", "unsure"),
        ("I've asked the DSL, she says treat it as significant harm because the family have tickets booked", "correct_yes"),
        ("logged", "concern_next"),
        ("ok done that, next", "concern_next"),
        ("ok I'll record it either way. next", "concern_next"),
        ("I tell DSL already. What I do now?", "concern_next"),
        ("OK the DSL is with me now and we've rung 999. Anything else?", "concern_next"),
    ],
)
def test_answers_with_a_hedge_a_question_mark_or_few_words(text, intent):
    assert PHRASES.step_answer(text) == intent


def test_a_question_of_its_own_in_an_answer_is_still_a_question():
    assert PHRASES.step_answer("yes but is channel voluntary?") is None


@pytest.mark.parametrize(
    "text",
    [
        "Not sure if this is even Prevent. Y7 boy says his older cousins told him to 'sort out' the Roma lads on the field",
        "Pupil has a patch from a far-right group sewn onto his school bag and refused to take it off",
        "I'm an exam invigilator. A candidate wrote extremist slogans across his maths paper",
        "Probably nothing but a Y13 chemistry student's search history on the school laptop has a lot about explosive compounds",
    ],
)
def test_descriptions_that_start_with_a_hedge_or_a_bare_noun(text):
    assert intent_for(PHRASES, text, "nlu_fallback", "staff") == DESCRIBE


def test_a_description_that_asks_nothing_or_asks_if_it_is_a_concern_starts_the_process_however_sure_the_faq_is():
    statement = "A Year 11 has been posting far-right memes in the class Snapchat group. Several kids screenshotted it to me."
    asks_if_concern = "ECT, history. A pupil said 'Hitler was right about some things' and laughed. Is this even a concern?"
    assert intent_for(PHRASES, statement, "faq", "staff", faq_confidence_=0.9) == DESCRIBE
    assert intent_for(PHRASES, asks_if_concern, "faq", "staff", faq_confidence_=0.9) == DESCRIBE


@pytest.mark.parametrize(
    "text",
    ["For our INSET I want to run a scenario: 'a pupil tells you he's flying to Syria tomorrow'. What would the correct response be?",
     "How do I teach British values without it sounding like propaganda? My Y9s push back hard"],
)
def test_a_training_scenario_or_a_teaching_question_is_not_a_description(text):
    assert intent_for(PHRASES, text, "nlu_fallback", "staff") is None


def _processed(text, intent, audience="staff"):
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from assistant.nlu.step_answers import StepAnswers

    component = StepAnswers(StepAnswers.get_default_config())
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9},
                            "metadata": {"audience": audience}})
    component.process([message])
    return message.get(INTENT)["name"]


@pytest.mark.parametrize(
    "text",
    [
        "a year 10 lad keeps saying the english all deserve to die, what do I do",
        "Librarian here. A sixth former has been printing pages of a long manifesto about a coming race war on the library computers",
        # what a pupil said or drew "today" is a report, not something happening now
        "year 10 lad has quit the school play and today in PSHE he said people like us are being wiped out",
        "Year 5 boy keeps drawing people having their heads cut off, with little flags. That's three this week.",
        # round 10: "gone quiet" and a group chat's threat that "they will pay", with nothing happening now
        "a year 8 girl has gone very withdrawn and has been sharing a group's posts saying the police will pay, I have a concern",
    ],
)
def test_the_classifiers_emergency_on_a_staff_report_of_views_becomes_a_description(text):
    # the process then asks first whether anyone is at immediate risk
    assert _processed(text, "urgent_danger") == "describe_concern"


def test_a_no_that_says_the_pupil_is_safe_in_school_answers_the_danger_question():
    assert _processed("no, she's safe in class with me, it's the group chat I'm worried about", "urgent_danger") == "deny"


@pytest.mark.parametrize(
    "text, audience",
    [
        ("a year 10 lad says he is bringing a knife in tomorrow", "staff"),  # a live sign
        ("a year 10 lad keeps saying the english all deserve to die", "parent"),
    ],
)
def test_the_classifiers_emergency_stands_with_a_live_sign_or_for_parents(text, audience):
    assert _processed(text, "urgent_danger", audience) == "urgent_danger"


@pytest.mark.parametrize(
    "text",
    ["I'm supply, I don't even know who the DSL is here", "the office says the DSL is off site all day",
     "I'm on my own in the office and the DSL is teaching", "can't get hold of our DSL"],
)
def test_a_dsl_who_cannot_be_reached_is_its_own_step_answer(text):
    assert intent_for(PHRASES, text, "faq", "staff") == "dsl_unavailable"


@pytest.mark.parametrize("audience", ["staff", "parent"])
@pytest.mark.parametrize("intent", ["raise_concern", "unsure"])
def test_asking_whether_something_counts_as_a_concern_is_the_faq_question(intent, audience):
    assert intent_for(PHRASES, "i'm not sure whether what a pupil said counts as a concern", intent, audience) == "faq"


@pytest.mark.parametrize("text", ["concern re a yr 9 pupil", "I need to raise a concern, can you walk me through it"])
def test_asking_to_start_starts_the_process(text):
    assert intent_for(PHRASES, text, "nlu_fallback", "staff") == "raise_concern"


@pytest.mark.parametrize("text", ["k", "👍", "it's all logged", "ok yes that's all done", "done that for the right child now",
                                  "police have been called and the DSL is with him, anything else I need to do?"])
def test_short_and_free_text_progress_moves_on(text):
    assert intent_for(PHRASES, text, "nlu_fallback", "staff") == "concern_next"


@pytest.mark.parametrize("text", [
    "before I record it, she said her stepdad hits her when she gets things wrong",
    "he told me his brother will hurt him badly if he tells anyone",
])
def test_harm_disclosed_part_way_is_the_child_protection_route(text):
    assert intent_for(PHRASES, text, "faq", "staff") == "correct_yes"


@pytest.mark.parametrize("text", [
    "wait, I got that wrong - I've written it up but I only emailed my head of year, I haven't actually told the DSL",
    "sorry, my mistake, I haven't recorded it yet",
])
def test_a_correction_that_a_step_was_not_done_goes_back_a_step(text):
    assert PHRASES.step_answer(text) == "concern_back"


@pytest.mark.parametrize("text", ["sorry I got that wrong, they are flying out tonight", "I said no but I was wrong"])
def test_a_correction_without_a_step_left_undone_is_still_a_yes(text):
    assert PHRASES.step_answer(text) == "correct_yes"


@pytest.mark.parametrize("text, answer", [
    ("No, nobody's at risk. And like I said, it's recorded and the DSL's got it.", "deny_done"),
    ("no, logged it on cpoms", "deny_done"),
    ("no", "deny"),
    ("no, nobody is in danger", "deny"),
    ("no I haven't recorded it yet", "deny"),
])
def test_a_no_that_says_step_one_is_done_too_is_its_own_answer(text, answer):
    assert PHRASES.step_answer(text) == answer


@pytest.mark.parametrize("text", [
    "I logged a concern yesterday about a Y9 boy's anti-Muslim remarks and the DSL knows about it. "
    "What's supposed to happen next in Luton?",
    "Dad obviously knows already. Anything else?",
])
def test_progress_that_asks_what_happens_next_moves_on(text):
    assert intent_for(PHRASES, text, "nlu_fallback", "staff") == "concern_next"


@pytest.mark.parametrize("text", ["what's supposed to happen next if a parent refuses Channel?",
                                  "what happens next after a referral?"])
def test_what_happens_next_about_something_else_is_a_question(text):
    assert PHRASES.step_answer(text) is None


def test_a_pupil_chatting_to_an_adult_online_and_turning_secretive_is_a_description():
    assert PHRASES.describes_pupil("A dad rang the office in tears - his Y10 daughter is chatting to a man online "
                                   "who's 'teaching her the true path', she's gone secretive and deleted her old accounts.")


@pytest.mark.parametrize("text, answer", [
    ("oh sorry, I meant yes she's at risk of being radicalised - not that anyone's going to get hurt today", "deny"),
    ("Not right now. he's 14, it's all 'when I'm 18'", "deny"),
    ("I meant yes, they are collecting her at 3", "correct_yes"),
])
def test_a_correction_that_also_says_nobody_will_get_hurt_is_a_no(text, answer):
    assert PHRASES.step_answer(text) == answer


@pytest.mark.parametrize("text, answer", [
    ("ok back to it - done that step", "concern_next"),
    ("ok what's after that", "concern_next"),
    ("fine, logged and flagged to the DSL", "concern_next"),
    ("yes im sure no ones in danger lol just want to know what to do", "deny"),
    ("no, what should I do", "deny"),
])
def test_round_8_progress_and_answers_in_staffs_words(text, answer):
    assert PHRASES.step_answer(text) == answer


def test_text_speak_about_a_pupil_is_a_description():
    assert PHRASES.describes_pupil("year 10 girl been talkin about how the goverment is satanic, shes stoped coming to lessons")


@pytest.mark.parametrize("text, answer", [("skip to step 3", "goto_step_3"), ("go back to step 2", "goto_step_2"),
                                          ("can you take me to step one", "goto_step_1")])
def test_a_numbered_step_can_be_asked_for(text, answer):
    assert PHRASES.step_answer(text) == answer


@pytest.mark.parametrize("text, answer", [
    ("ok yes that's what I thought, I've done that bit. carry on", "yes_and_on"),
    ("yes he said he's flying tonight", "affirm"),
    ("what's left?", "concern_next"),
    ("thanks, back to the steps", "concern_next"),
    ("recorded it and told the DSL yesterday. can we skip to the part after the Early Help Hub?", "goto_step_3"),
])
def test_round_9_progress_in_staffs_words(text, answer):
    assert PHRASES.step_answer(text) == answer


def test_asking_whether_a_class_may_discuss_an_attack_is_a_teaching_question():
    assert not PHRASES.describes_pupil("year 9 want to talk about a bombing they saw on the news, am I allowed to let "
                                       "them discuss it?")


@pytest.mark.parametrize("text", ["Well he's not going anywhere, he's in period 3 now, nobody's hurt. It's more the things he says.",
                                  "nobody's been hurt, she's just upset"])
def test_nobody_hurt_or_not_going_anywhere_answers_the_danger_question_no(text):
    assert PHRASES.step_answer(text) == "deny"


@pytest.mark.parametrize("text, answer", [
    ("start again - I've just found out his best mate did the same one, I need to do this properly for both",
     "concern_restart"),
    ("sorry, can we start over, I got the year group wrong and it is a different form tutor who saw it",
     "concern_restart"),
    ("rang them", "concern_next"),
    ("CPOMS done, DSL cc'd", "concern_next"),
    ("she says the online teacher told her she'll be married when she turns 14 and her dad is arranging it with him",
     "correct_yes"),
])
def test_round_11_answers_in_staffs_words(text, answer):
    assert PHRASES.step_answer(text) == answer


def test_a_restart_said_late_in_a_long_message_is_not_a_restart():
    assert PHRASES.step_answer("the boy told me that his group would start again with meetings once the "
                               "holidays are over and his cousin would run them") != "concern_restart"


def test_a_mother_who_may_be_planning_it_is_a_question_not_a_disclosure():
    assert PHRASES.step_answer("but if it's mum who's planning it, do I still talk to her?") is None


def test_a_question_about_the_process_with_a_pupil_in_mind_starts_it():
    text = "What's the Luton process if I think a pupil's being drawn into extremism? I've got one in mind, Y11."
    assert intent_for(PHRASES, text, "faq", "staff") == "raise_concern"


# Round 12 of the blind sets: free-text answers to the danger question and to the steps.
@pytest.mark.parametrize("text, answer", [
    ("hmm maybe? I really can't tell", "unsure"),
    ("I genuinely don't know", "unsure"),
    ("none that I know of", "deny"),
    ("not imminent, he's in lessons every day", "deny"),
    ("she's in class now with her friends, fine", "deny"),
    ("I'd say yes, he told his mate it's happening on Friday", "affirm"),
    ("what's step 2", "goto_step_2"),
    ("remind me what step 1 was", "goto_step_1"),
    ("noted, and the DSL has been told", "concern_next"),
])
def test_round_12_answers_in_their_own_words(text, answer):
    assert PHRASES.step_answer(text) == answer


def test_nothing_planned_in_a_description_is_not_an_answer_to_the_danger_question():
    text = "Year 10 boy keeps saying the 'Great Replacement' is real and wants to act on it. Just talk, nothing planned."
    assert PHRASES.step_answer(text) is None


@pytest.mark.parametrize(
    "text, answer",
    [
        # blind round 13, in new words
        ("so whats nxt", "concern_next"),
        ("k and then", "concern_next"),
        ("the DSL has logged it. now?", "concern_next"),
        ("ok, and after the hub?", "goto_step_3"),
        ("my DSL says to treat this as a no", "deny"),
        ("definitely not urgent, it's a drawing, he's in class", "deny"),
        ("No, nobody is at risk, it's a meme. What should I do?", "deny"),
        ("dunno really... his uncle is taking him to the airport after school today to fly out", "correct_yes"),
        ("ok and step 2?", "goto_step_2"),
        ("the hub called me back and said to speak to mum", "concern_next"),
        ("she said mummy whacks her if she tells, and there's a bruise on her arm", "correct_yes"),
    ],
)
def test_round_13_step_answers(text, answer):
    assert PHRASES.step_answer(text) == answer


@pytest.mark.parametrize(
    "text",
    [
        "year 10 girl's laptop history is full of searches for how to travel to syria alone",
        "a group of year 7s were singing a song about sending people back on the coach home",
    ],
)
def test_round_13_descriptions_are_concerns(text):
    assert PHRASES.describes_pupil(text)


@pytest.mark.parametrize(
    "text",
    [
        "Planning a lesson on the London Bridge attack, how should I handle it if a pupil says something offensive?",
        "Any guidance on how to handle pupils wanting to talk about a bombing in the news?",
    ],
)
def test_round_13_teaching_questions_are_not_descriptions(text):
    assert not PHRASES.describes_pupil(text)
