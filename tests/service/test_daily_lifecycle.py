"""A channel's daily over days, through the coach as people use it: settings changed while a daily
is open, a misspelt topic, time zones moved. Real Redis, the real pack; the clock moves by hand."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.engine import replies as r
from bot.engine.events import ConversationKey, UserRef
from bot.engine.render_text import render
from tests.engine.helpers import say


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def said_by(user: str, text: str, thread: str = "", admin: bool = False, channel: str = "C1"):
    return say(text, ConversationKey(UserRef("slack", "T1", user), channel), thread=thread, is_admin=admin,
               display_name=user.title())


async def said(coach, event) -> list[str]:
    return [render(x) for x in await coach.handle(event)]


async def admin(coach, text: str) -> str:
    return (await said(coach, said_by("boss", text, admin=True)))[-1]


async def loop_round(coach):
    """One round of a platform's daily loop: (posts as (date, thread), recaps, other posts). Each post's
    thread is attached as the adapters do once it is out."""
    posts, recaps, other = [], [], []
    for channel, reply in await coach.community.due():
        if isinstance(reply, r.DailyQuestionReply):
            thread = f"th-{reply.date}"
            await coach.deps.community.attach_thread(channel, reply.date, thread)
            posts.append((reply.date, thread))
        elif isinstance(reply, r.RecapReply):
            recaps.append(reply)
        else:
            other.append(reply)
    return posts, recaps, other


async def test_a_misspelt_topic_is_refused_with_the_topics_there_are(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    refused = await admin(coach, "daily set time=09:00 tz=UTC topics=retreival")
    assert "`retreival`" in refused and "retrieval" in refused and "production" in refused
    assert "No daily question is set up" in await admin(coach, "daily"), "nothing was saved"
    assert "retrieval" in await admin(coach, "daily set time=09:00 tz=UTC topics=retrieval")
    clock.set(utc(2026, 11, 16, 9, 1))
    posts, _, other = await loop_round(coach)
    assert len(posts) == 1 and not other, "the day's question, and no public 'No daily today' notice"
