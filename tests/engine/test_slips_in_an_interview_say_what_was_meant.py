"""During an interview, a slipped `settings` or `start` with words it does not take keeps its "Did you mean"
(QA: "setings quantum" lost it), and "Did you mean" over a slip of more than one word asks for the message
again, not "your word" (QA: "leaderbord all" was told to send "your word" again)."""
from __future__ import annotations

from bot.engine import replies as r

from .helpers import current_question, key, last, say


async def test_a_slipped_settings_or_start_with_words_it_does_not_take_says_what_was_meant(coach):
    k = key("slipped-settings")
    q = current_question(await coach.handle(say("start nlp junior 3", k)))
    for text, word, usage in (("setings quantum", "settings", "`settings llm senior 5`"),
                              ("statr quantum", "start", "already running")):
        replies = await coach.handle(say(text, k))
        notice = last(replies, r.Notice)
        assert notice.text.startswith(f"Did you mean `{word}`?"), (text, notice.text)
        assert usage in notice.text and last(replies, r.FeedbackReply) is None, (text, notice.text)
        assert current_question(replies).question_id == q.question_id
    await coach.handle(say("end", k))


async def test_did_you_mean_over_several_words_asks_for_the_message_again(coach):
    k = key("slipped-words")
    await coach.handle(say("start nlp junior 3", k))
    [notice] = await coach.handle(say("leaderbord all", k))
    assert "Did you mean `leaderboard all`?" in notice.text, notice.text
    assert "send your message again" in notice.text.lower() and "your word" not in notice.text, notice.text
    [notice] = await coach.handle(say("edn", k))
    assert "send your word again" in notice.text, "one word is still a word"
    await coach.handle(say("end", k))
