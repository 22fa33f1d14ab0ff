"""A slip of the keyboard for a command word is asked about, not graded: "edn", "skp", "halp", "leaderbord all"."""
from __future__ import annotations

import pytest

from bot.engine import replies as r
from bot.engine.command_typos import REAL_WORDS
from bot.engine.commands import BOARDS_WITHOUT_A_CHANNEL, parse_command

from .helpers import current_question, key, last, say


async def test_a_slip_with_a_letter_dropped_doubled_extra_or_wrong_is_asked_about_and_keeps_the_try(coach):
    k = key("slips")
    q = current_question(await coach.handle(say("start nlp junior 3", k)))
    for typo, meant in (("edn", "end"), ("endd", "end"), ("reapeat", "repeat"), ("skp", "skip"), ("halp", "help"),
                        ("Edn.", "end"), ("nxt", "next")):
        replies = await coach.handle(say(typo, k))
        assert last(replies, r.FeedbackReply) is None, typo
        [notice] = replies
        assert f"Did you mean `{meant}`?" in notice.text and "no try was spent" in notice.text, typo
    again = current_question(await coach.handle(say("repeat", k)))
    assert again.question_id == q.question_id and again.stage == "main", "no slip spent a try or closed the question"
    await coach.handle(say("end", k))


async def test_one_word_answers_and_short_real_words_are_still_graded(coach):
    k = key("slip-answers")
    await coach.handle(say("start llm mid 10", k))
    for word in ("BM25", "softmax", "mint", "net", "and", "yes"):
        replies = await coach.handle(say(word, k))
        assert not any(isinstance(x, r.Notice) and "Did you mean" in x.text for x in replies), word
        assert last(replies, r.FeedbackReply) is not None, word
    await coach.handle(say("end", k))


def test_no_real_word_one_slip_from_a_command_is_asked_about():
    asked = [word for word in sorted(REAL_WORDS) if (parse_command(word) or parse_command("?")).name == "did-you-mean"]
    assert asked == []


async def test_with_no_interview_a_misspelt_command_with_its_words_is_asked_about(coach):
    k = key("slips-idle")
    for typo, meant in (("leaderbord all", "leaderboard all"), ("progres", "progress"), ("staus", "status"),
                        ("Leaderbord week!", "leaderboard week")):
        [notice] = await coach.handle(say(typo, k))
        # the terminal has no boards: a slip toward one says so instead of offering it
        if_so = BOARDS_WITHOUT_A_CHANNEL if meant.startswith("leaderboard") else f"Say `{meant}` if so."
        assert notice.text == f"Did you mean `{meant}`? {if_so}", typo
    [notice] = await coach.handle(say("leaderbord scores on MTEB", k))
    assert "No interview running" in notice.text, "words a leaderboard does not take make no leaderboard"


async def test_thanks_after_the_summary_offers_no_hint_skip_or_end(coach):
    k = key("slips-thanks")
    await coach.handle(say("start nlp junior 1", k))
    assert last(await coach.handle(say("end", k)), r.SummaryReply) is not None
    [notice] = await coach.handle(say("thanks!", k))
    assert "`hint`" not in notice.text and "`start`" in notice.text
    await coach.handle(say("start nlp junior 1", k))
    [during] = await coach.handle(say("thanks", k))
    assert "`hint`" in during.text, "with a question open, it says how to go on"
