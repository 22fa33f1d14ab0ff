"""A command word with words it does not take, in a daily question's thread (QA: `hint quantum` or
`skip quantum` there was graded as the daily answer, 0.0/10, a streak day and 'answered' in the recap).
The thread reads them as the DM interview does (bot/engine/misread_commands.py): at most three words, a
command word first, the rest neither a sentence word nor a word of the daily question's own. They get a
private reply saying what to do instead, and nothing is recorded; real short answers are still graded."""
from __future__ import annotations

import re

from bot.engine import replies as r
from bot.engine.events import UserRef

from tests.engine.helpers import last
from tests.service.test_daily_and_boards import in_channel, post_daily
from tests.service.test_daily_lifecycle import said_by
from tests.service.test_daily_team_questions import team_daily

# interview words: a pointer to the DM; others: what the command takes
INTERVIEW_WORDS = {"hint quantum": "`hint`", "skip quantum": "`skip`", "next quantum please": "`next`",
                   "Stop quantum": "`stop`", "settings quantum": "`settings`", "start quantum": "`start`"}
OTHER_WORDS = {"streak quantum": "Say just `streak` to see your streak", "help quantum": "Say just `help`"}
PINGS = re.compile(r"@(everyone|here|channel)\b|<[!@]", re.I)
HOW_TO_ANSWER = "If that was your answer to the daily question, write it as a sentence and I'll grade it"


def _an_ordinary_word_of(text: str) -> str:
    """A word of the question that only it would use, for a short answer in its own words."""
    return max(re.findall(r"[a-z]+", text.lower()), key=len)


async def test_a_misread_command_in_a_daily_thread_is_not_graded_and_says_what_to_do(coach, clock):
    post = await post_daily(coach, clock)
    for text, word in {**INTERVIEW_WORDS, **OTHER_WORDS}.items():
        replies = await coach.handle(in_channel("una", text, thread="thread-1"))
        assert not any(isinstance(x, r.FeedbackReply) for x in replies), f"{text}: graded"
        [notice] = replies
        assert notice.private and notice.tone == "warning", text
        assert word in notice.text and HOW_TO_ANSWER in notice.text, (text, notice.text)
        if text in INTERVIEW_WORDS:
            assert "direct message" in notice.text and "graded as your answer" not in notice.text, notice.text
    for text in ("streak quantum <!channel>", "help quantum @channel"):  # the words read back ping nobody
        [notice] = await coach.handle(in_channel("una", text, thread="thread-1"))
        assert HOW_TO_ANSWER in notice.text and not PINGS.search(notice.text), notice.text
    # nothing was recorded: no streak day, and the first real answer is the first try
    assert (await coach.community.community.streak(UserRef("slack", "T1", "una"), clock.now())).current == 0
    bank = coach.questions[post.question_id]
    replies = await coach.handle(in_channel("una", bank.model_answer, thread="thread-1", name="Una"))
    assert last(replies, r.FeedbackReply).feedback.score >= 7
    assert "beats" not in last(replies, r.Notice).text and "Streak: 1 day." in last(replies, r.Notice).text


async def test_short_answers_that_start_with_a_command_word_are_still_graded_in_a_daily_thread(coach, clock):
    post = await post_daily(coach, clock)
    own = _an_ordinary_word_of(coach.questions[post.question_id].question)
    for who, text in (("ana", "Skip connections let gradients flow"), ("bo", "Start small"),
                      ("cy", "Answer: quantum"), ("di", f"hint {own}"), ("ed", f"skip {own}s"),
                      ("fa", "stop sequences"), ("gu", "history truncation")):  # terms of the field
        replies = await coach.handle(in_channel(who, text, thread="thread-1"))
        assert last(replies, r.FeedbackReply) is not None, f"{text}: an answer, graded"


async def test_a_team_dailys_question_and_reference_make_a_short_answer_an_answer(coach, clock):
    thread = await team_daily(coach, clock)  # "What does a KV cache store, and what does it cost?"
    assert last(await coach.handle(said_by("ana", "skip cache", thread=thread)), r.FeedbackReply) is not None
    assert last(await coach.handle(said_by("bo", "next memory", thread=thread)), r.FeedbackReply) is not None, \
        "a word of the reference"
    [notice] = await coach.handle(said_by("cy", "skip quantum", thread=thread))
    assert "direct message" in notice.text and HOW_TO_ANSWER in notice.text
