"""A command word with words after it that it does not take, during an interview (QA: `hint quantum`,
`skip quantum`, `settings quantum` and a bare `start quantum` were graded 0.0 as answers and spent a try;
`skip quantum` on a second try closed the question). A message of at most three words that starts with a
command word, goes on with words that are not the command's and are not the question's own, and that the
grader could not tie to the question, gets the command's usage and spends no try. Real short answers that
begin with the same words ("Skip connections let gradients flow", "Start small and measure") are graded."""
from __future__ import annotations

import random
import re
from io import StringIO

import pytest
from rich.console import Console

from bot.adapters.console import run_console
from bot.engine import replies as r
from bot.engine.misread_commands import MISREAD_COMMAND_WORDS, misread_command
from bot.engine.commands import parse_command
from bot.engine.context import Context, Intent
from bot.engine.interview import AN_ANSWER_IS_A_SENTENCE, step

from .helpers import current_question, key, last, say

ABOUT = ["Why do language models split text into subword units such as tokens?",
         "Residual (skip) connections let gradients flow past layers."]
# each misread form, and words its reply must hold: the word read back and what the command takes
MISREAD = {
    "hint quantum": ("`quantum`", "Say just `hint` to get the next hint"),
    "skip quantum": ("`quantum`", "Say just `skip` to see a model answer"),
    "settings quantum": ("`quantum`", "Tracks: nlp, llm"),
    "start quantum": ("`quantum`", "already running"),
    "/hint quantum?": ("`quantum`", "Say just `hint`"),
    "next quantum please": ("`quantum`", "Say just `next` to see a model answer"),
    "Stop quantum": ("`quantum`", "Say just `stop` to end the interview"),
}
ANSWERS = ("Skip connections let gradients flow", "Start small and measure")


def test_a_command_word_with_words_it_does_not_take_is_a_command_gone_wrong():
    for text in MISREAD:
        assert parse_command(text) is None, f"{text}: no command as it stands"
        assert misread_command(text, ABOUT) is not None, text
    assert misread_command("hint quantum", ABOUT).unread == ["quantum"]
    assert misread_command("next quantum please", ABOUT).command == "skip", "please is no word the command lacks"
    assert misread_command("settings quantum mid", ABOUT).unread == ["quantum"], "mid is a level: read"
    assert misread_command("hint 🙏 quantum", ABOUT).unread == ["quantum"], "an emoji is no word"
    # a word is a form of a known one only with most of a longer word in common (review: "banana" read as
    # a form of "bank", "weather" of "weak", so these were graded as answers)
    for text in ("hint banana", "skip weather"):
        assert misread_command(text, ["The bank is weak."]) is not None, text
    assert misread_command("skip caching", ["A cache stores it."]) is None


def test_a_sentence_or_the_questions_own_words_are_an_answer():
    assert MISREAD_COMMAND_WORDS == 3
    for text in (*ANSWERS, "Skip connections", "skip connection", "Stop at tokens", "Start small", "Start simple",
                 "next token", "Answer: quantum", "skip the softmax", "hint", "new quantum", "interview quantum",
                 "Start with quantum", "forget quantum", "group quantum"):
        assert misread_command(text, ABOUT) is None, text
    assert misread_command("skip quantization", ["quantum computing"]) is not None, "another word, not a form"
    assert misread_command("skip quantum", ["Quantum-safe keys"]) is None, "the question's word"


async def test_each_misread_form_gets_its_usage_and_spends_no_try(coach):
    k = key("misread")
    q = current_question(await coach.handle(say("start llm junior 2", k)))
    for text, expected in MISREAD.items():
        replies = await coach.handle(say(text, k))
        assert last(replies, r.FeedbackReply) is None, f"{text}: not graded"
        notice = last(replies, r.Notice)
        assert notice.tone == "warning" and all(e in notice.text for e in expected), (text, notice.text)
        assert AN_ANSWER_IS_A_SENTENCE in notice.text, "says how to send it as an answer"
        asked = current_question(replies)
        assert (asked.question_id, asked.stage) == (q.question_id, "main"), f"{text}: the question is still open"
    status = last(await coach.handle(say("status", k)), r.StatusReply)
    assert status.active and "Question 1 of 2" in status.text and "0 done" in status.text
    # the interview goes on as before: a hint, then the first try is still there to spend
    assert last(await coach.handle(say("hint", k)), r.HintReply) is not None
    graded = last(await coach.handle(say(coach.questions[q.question_id].model_answer, k)), r.FeedbackReply)
    assert graded is not None and graded.stage == "main", "the first try was still open"
    await coach.handle(say("end", k))


async def test_real_short_answers_that_begin_with_a_command_word_are_graded(coach):
    k = key("short-answers")
    q = current_question(await coach.handle(say("start llm junior 2", k)))
    graded = last(await coach.handle(say(ANSWERS[0], k)), r.FeedbackReply)
    assert graded is not None and graded.stage == "main", ANSWERS[0]
    retry = current_question(await coach.handle(say("repeat", k)))
    assert (retry.question_id, retry.stage) == (q.question_id, "retry")
    replies = await coach.handle(say("skip quantum", k))  # on the second try too: nothing spent
    assert last(replies, r.FeedbackReply) is None
    assert (current_question(replies).question_id, current_question(replies).stage) == (q.question_id, "retry")
    replies = await coach.handle(say(ANSWERS[1], k))
    assert last(replies, r.FeedbackReply) is not None, ANSWERS[1]
    second = current_question(replies)
    assert second.question_id != q.question_id and second.number == 2, "two weak tries: the next question"
    # two words, the second the question's own: an answer to it
    word = max(re.findall(r"[a-z]{5,}", coach.questions[second.question_id].question.lower()), key=len)
    replies = await coach.handle(say(f"Start {word}", k))
    assert last(replies, r.FeedbackReply) is not None, f"Start {word}"
    # `next please?` was always a skip: the question is closed with its model answer, and the interview ends
    replies = await coach.handle(say("next please?", k))
    assert last(replies, r.FeedbackReply) is None and last(replies, r.ModelAnswerReply) is not None
    assert last(replies, r.SummaryReply) is not None


class _Placing:
    """A grader that ties `skip quantum` to the question (as if it named a point of it)."""

    def __init__(self, grading):
        self.grading = grading

    def grade(self, question, answer, **kw):
        return self.grading.grade(question, question.model_answer if answer == "skip quantum" else answer, **kw)


def test_a_misread_form_the_grader_ties_to_the_question_is_graded(services):
    questions = {q.id: q for q in services.pack.questions}
    ctx = Context(questions=questions, grading=_Placing(services.grading), sections=services.pack.sections,
                  rng=random.Random(3))
    out = step(None, Intent("start", args={"track": "llm-engineer", "level": "junior", "length": "2"}), ctx)
    out = step(out.session, Intent("answer", text="skip quantum"), ctx)
    assert last(out.replies, r.FeedbackReply) is not None, "the grader's word wins: an answer"
    ctx.grading = services.grading
    out = step(out.session, Intent("answer", text="hint quantum"), ctx)
    assert last(out.replies, r.FeedbackReply) is None


@pytest.mark.parametrize("platform", ["slack", "discord"])
async def test_slack_and_discord_read_them_as_the_terminal_does(coach, platform):
    k = key(f"misread-{platform}", platform=platform)
    q = current_question(await coach.handle(say("start llm junior 2", k)))
    for text in ("hint quantum", "start quantum"):
        replies = await coach.handle(say(text, k))
        assert last(replies, r.FeedbackReply) is None and AN_ANSWER_IS_A_SENTENCE in last(replies, r.Notice).text
        assert current_question(replies).question_id == q.question_id
    assert last(await coach.handle(say(ANSWERS[0], k)), r.FeedbackReply) is not None
    await coach.handle(say("end", k))


async def test_in_the_terminal_the_usage_is_shown_and_the_question_stays_open(coach, tmp_path):
    out = StringIO()
    lines = ["start llm junior 2", "hint quantum", "skip quantum", "settings quantum", "start quantum", "status",
             "Skip connections let gradients flow", "end"]
    await run_console(coach, Console(file=out, force_terminal=False, width=200), tmp_path, lines=lines,
                      user="misread-console")
    text = " ".join(out.getvalue().split())
    before_answer = text.split("Interview in progress")[0]
    assert "Score:" not in before_answer, "nothing graded before the real answer"
    assert "Say just `hint` to get the next hint" in text and "Say just `skip` to see a model answer" in text
    assert "`settings llm senior 5`" in text and "An interview is already running" in text
    assert text.count("write it as a sentence and I'll grade it; this spent no try") == 4
    assert "Question 1 of 2 (0 done" in text
    assert text.count("Score:") == 1, "the real answer is graded"


async def test_a_command_word_and_a_term_of_the_field_is_graded(coach):
    """QA: "skip gram", "stop sequences", "history truncation" got the command's usage when the term was not
    among the current question's own words; any bank question's words now make it an answer."""
    k = key("terms")
    await coach.handle(say("start llm junior 3", k))
    for text in ("skip gram", "stop sequences", "history truncation"):
        assert last(await coach.handle(say(text, k)), r.FeedbackReply) is not None, text
