"""A message of only emoji gets told why nothing was graded: emoji are not read as an answer."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.render_text import render

from .helpers import current_question, key, last, say

EMOJI_LINE = "Emoji alone are not read as an answer"


async def _reply_to(coach, k, text: str) -> str:
    replies = await coach.handle(say(text, k))
    assert last(replies, r.FeedbackReply) is None, f"{text!r} was graded"
    return "\n".join(render(x) for x in replies)


async def test_only_emoji_says_emoji_are_not_read_and_keeps_the_try_open(coach):
    k = key("ux-emoji-only")
    q = current_question(await coach.handle(say("start nlp junior 3", k)))
    for text in ("🤔🤔🤔", ":tada: :tada:", ":partyparrot: 🎉", "👍🏽"):
        shown = await _reply_to(coach, k, text)
        assert EMOJI_LINE in shown and "Your try is still open" in shown, shown
    retry = current_question(await coach.handle(say("I don't know", k)))
    assert retry.question_id == q.question_id and retry.stage == "retry", "the emoji spent no try"


async def test_a_mention_alone_is_not_called_emoji(coach):
    k = key("ux-mention-only")
    await coach.handle(say("start nlp junior 3", k))
    for text in ("@channel", "<@U123>"):
        shown = await _reply_to(coach, k, text)
        assert EMOJI_LINE not in shown and "took it as meant for them" in shown, shown
