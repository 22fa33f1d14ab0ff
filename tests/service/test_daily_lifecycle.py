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


async def test_daily_off_closes_the_open_daily_with_its_recap_in_its_thread(coach, clock):
    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=UTC days=daily")
    [(date, thread)] = (await loop_round(coach))[0]
    await coach.handle(said_by("ann", "Retrieval finds passages, then the model answers from them.", thread))
    await admin(coach, "daily off")
    _, [recap], _ = await loop_round(coach)
    # ann's one line earns no points on the question drawn, so the recap does not count it as answered
    assert (recap.date, recap.thread, recap.answered) == (date, thread, 0)
    clock.set(utc(2026, 11, 20, 9, 1))  # days later, still off
    assert (await loop_round(coach)) == ([], [], [])
    late = (await said(coach, said_by("ada", "Retrieval finds passages first.", thread)))[-1]
    assert "closed" in late and "point" not in late
    assert "Today's question" not in await admin(coach, "daily")


async def test_daily_off_keeps_a_set_close_time(coach, clock):
    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=UTC days=daily close=17:00")
    [(date, thread)] = (await loop_round(coach))[0]
    await admin(coach, "daily off")
    clock.set(utc(2026, 11, 16, 16, 59))
    assert (await loop_round(coach))[1] == []
    clock.set(utc(2026, 11, 16, 17, 0))
    assert [x.thread for x in (await loop_round(coach))[1]] == [thread]


async def test_a_new_close_time_holds_for_the_open_daily_and_removing_it_keeps_it_open(coach, clock):
    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=UTC days=daily")
    [(monday, thread)] = (await loop_round(coach))[0]
    assert "recap at 17:00" in await admin(coach, "daily set close=17:00")
    clock.set(utc(2026, 11, 16, 16, 59))
    assert (await loop_round(coach))[1] == []
    clock.set(utc(2026, 11, 16, 17, 1))
    assert [(x.date, x.thread) for x in (await loop_round(coach))[1]] == [(monday, thread)]

    clock.set(utc(2026, 11, 17, 9, 1))
    [(tuesday, _)] = (await loop_round(coach))[0]
    assert "recap with the next question" in await admin(coach, "daily set close=none")
    clock.set(utc(2026, 11, 17, 17, 1))
    assert (await loop_round(coach))[1] == [], "no close time any more: it stays open"
    assert "Today's question" in await admin(coach, "daily")
    clock.set(utc(2026, 11, 18, 9, 1))
    posts, recaps, _ = await loop_round(coach)
    assert len(posts) == 1 and [x.date for x in recaps] == [tuesday]


async def test_moving_a_channel_from_tokyo_to_honolulu_skips_no_day(coach, clock):
    clock.set(utc(2026, 11, 16, 23, 0))
    await admin(coach, "daily set time=09:00 tz=Asia/Tokyo days=daily")
    clock.set(utc(2026, 11, 17, 0, 1))  # 09:01 on Tokyo's 17th, 14:01 on Honolulu's 16th
    [(tokyo, thread)] = (await loop_round(coach))[0]
    await admin(coach, "daily set tz=Pacific/Honolulu")
    clock.set(utc(2026, 11, 17, 9, 59))  # 23:59 on Honolulu's 16th, which had its daily
    assert (await loop_round(coach))[0] == []
    clock.set(utc(2026, 11, 17, 19, 1))  # 09:01 on Honolulu's 17th
    posts, recaps, _ = await loop_round(coach)
    assert [date for date, _ in posts] == ["2026-11-17 HST"]
    assert [(x.date, x.thread) for x in recaps] == [(tokyo, thread)]
    clock.set(utc(2026, 11, 18, 19, 1))
    assert [date for date, _ in (await loop_round(coach))[0]] == ["2026-11-18"]


async def test_before_the_days_post_daily_shows_yesterdays_question_as_the_latest_not_todays(coach, clock):
    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=Europe/Berlin days=daily")
    [(monday, _)] = (await loop_round(coach))[0]
    assert "Today's question:" in await admin(coach, "daily")
    clock.set(utc(2026, 11, 17, 6, 0))  # 07:00 in Berlin on the 17th: the 17th's daily is not out yet
    shown = await admin(coach, "daily")
    assert "Today's question" not in shown
    assert f"Latest question ({monday}, open until the next question is posted):" in shown
    await admin(coach, "daily set close=17:00")
    clock.set(utc(2026, 11, 17, 8, 1))
    await loop_round(coach)
    assert "Today's question:" in await admin(coach, "daily")


async def test_daily_off_says_what_becomes_of_the_open_daily(coach, clock):
    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=UTC days=daily")
    await loop_round(coach)
    off = await admin(coach, "daily off")
    assert "Daily question paused: no new questions." in off
    assert "Today's question closes now and its recap goes in its thread." in off
    await admin(coach, "daily on")
    clock.set(utc(2026, 11, 17, 9, 1))
    await loop_round(coach)
    await admin(coach, "daily set close=17:00")
    off = await admin(coach, "daily off")
    assert "Today's question stays open until 17:00 UTC, its recap time; then its recap goes in its thread." in off


async def test_a_new_close_time_says_it_holds_for_todays_question(coach, clock):
    clock.set(utc(2026, 11, 16, 9, 1))
    await admin(coach, "daily set time=09:00 tz=UTC days=daily")
    assert "applies to" not in await admin(coach, "daily set close=17:00"), "no daily open yet"
    await loop_round(coach)
    said_ = await admin(coach, "daily set close=18:30")
    assert "This applies to today's question too: it is open until 18:30 UTC." in said_
    said_ = await admin(coach, "daily set close=none")
    assert "This applies to today's question too: it is open until the next question is posted." in said_


def test_the_daily_help_names_topics_team():
    from bot.service.daily_commands import DAILY_HELP

    assert "topics=team" in DAILY_HELP
