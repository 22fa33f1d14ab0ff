"""The daily question: once per local day per channel, no repeats, recaps."""
from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import redis.asyncio as aioredis

from bot.community import ChannelRef, Community, DailyScheduler, DailySettings, Refusal

from .factories import event, make_question, user

ADMIN = user("admin")
ZONES = {"C-tokyo": "Asia/Tokyo", "C-ny": "America/New_York", "C-berlin": "Europe/Berlin"}


async def setup_channels(community: Community, **extra: str) -> None:
    for channel, tz in ZONES.items():
        result = await community.set_daily_settings(
            event(ADMIN, channel, admin=True, args={"time": "09:00", "tz": tz, "days": "mon-fri", **extra}))
        assert isinstance(result, DailySettings)


async def test_a_week_of_dailies_across_three_time_zones(community, clock):
    await setup_channels(community, topics="rag")
    posts = []
    start = datetime(2025, 3, 2, 12, 0, tzinfo=timezone.utc)  # Sunday noon: Tokyo's Monday comes first
    for step in range(15 * 24 * 2):  # every 15 minutes until Sunday night UTC, before Tokyo's next Monday
        posts += await community.due_posts(start + timedelta(minutes=15 * step))
    by_channel = defaultdict(list)
    for post in posts:
        by_channel[post.channel.channel].append(post)
    for channel, tz in ZONES.items():
        mine = by_channel[channel]
        zone = ZoneInfo(tz)
        assert [p.date for p in mine] == [date(2025, 3, d).isoformat() for d in (3, 4, 5, 6, 7)]
        ids = [p.question.id for p in mine]
        assert len(set(ids)) == 5 and all(i.startswith("rag-") for i in ids)
        # the first post carries no recap; each later one recaps the day before
        assert mine[0].recap is None
        assert [p.recap.date for p in mine[1:]] == [p.date for p in mine[:-1]]
        assert all(p.recap.spoiler and p.recap.model_answer for p in mine[1:])
        # posted on the tick at or just after 09:00 local, never before
        for post in mine:
            record = await community.scheduler.book.get(post.channel, post.date)
            local = datetime.fromisoformat(record.posted_at).astimezone(zone)
            assert (local.hour, local.date().isoformat()) == (9, post.date) and local.minute < 15


async def test_no_repeat_until_the_pool_is_used_up(redis, clock, prefix):
    community = Community(redis, [make_question(f"q-{i}") for i in range(3)], clock, prefix=prefix)
    await community.set_daily_settings(event(ADMIN, "C1", admin=True, args={"time": "08:00", "days": "daily"}))
    ids = []
    for day in range(9):
        posts = await community.due_posts(datetime(2025, 3, 3 + day, 8, 5, tzinfo=timezone.utc))
        ids.append(posts[0].question.id)
    assert sorted(ids[0:3]) == sorted(ids[3:6]) == sorted(ids[6:9]) == ["q-0", "q-1", "q-2"]


async def test_three_replicas_post_exactly_once(redis_url, questions, prefix, clock):
    clients = [aioredis.Redis.from_url(redis_url) for _ in range(3)]  # bytes replies on purpose
    try:
        replicas = [DailyScheduler(c, questions, clock, prefix=prefix) for c in clients]
        admin_side = Community(clients[0], questions, clock, prefix=prefix)
        await setup_channels(admin_side)
        for day in range(3, 8):
            for minute in (0, 1, 2):
                now = datetime(2025, 3, day, 14, minute, tzinfo=timezone.utc)  # 09:00+ in New York
                results = await asyncio.gather(*(r.due_posts(now) for r in replicas))
                posted = [p for batch in results for p in batch if p.channel.channel == "C-ny"]
                assert len(posted) == (1 if minute == 0 else 0)
    finally:
        for c in clients:
            await c.aclose()


async def test_recap_at_close_time_with_top_scores_and_answers_closed_after(community):
    await community.set_daily_settings(
        event(ADMIN, "C1", admin=True, args={"time": "09:00", "tz": "Europe/Berlin", "close": "17:00"}))
    berlin = ZoneInfo("Europe/Berlin")
    [post] = await community.due_posts(datetime(2025, 3, 3, 9, 0, tzinfo=berlin))
    assert post.close_at == datetime(2025, 3, 3, 17, 0, tzinfo=berlin).isoformat()
    channel = post.channel
    await community.attach_thread(channel, post.date, "1700000000.0001")
    assert (await community.daily_for_thread(channel, "1700000000.0001")).date == post.date
    for name, score in (("ann", 8.0), ("ben", 6.5), ("cat", 9.0), ("dan", 2.0)):
        at = datetime(2025, 3, 3, 12, 0, tzinfo=berlin)
        assert not isinstance(await community.record_answer(channel, post.date, user(name), score, at, name.upper()), Refusal)
    assert await community.due_recaps(datetime(2025, 3, 3, 16, 59, tzinfo=berlin)) == []
    [recap] = await community.due_recaps(datetime(2025, 3, 3, 17, 0, tzinfo=berlin))
    # dan's 2.0 earns no points, so the recap does not count it as answered
    assert recap.answered == 3 and recap.spoiler and recap.thread == "1700000000.0001"
    assert recap.model_answer == post.question.reference
    assert [(r.name, r.value) for r in recap.top] == [("CAT", 9.0), ("ANN", 8.0), ("BEN", 6.5)]
    assert await community.due_recaps(datetime(2025, 3, 3, 17, 1, tzinfo=berlin)) == []
    late = await community.record_answer(channel, post.date, user("eli"), 7.0, datetime(2025, 3, 3, 18, 0, tzinfo=berlin))
    assert isinstance(late, Refusal) and "closed" in late.reason
    # a replica that starts after the close does not post that day's question late
    assert await community.due_posts(datetime(2025, 3, 3, 18, 0, tzinfo=berlin)) == []


async def test_moving_a_channel_west_across_midnight_neither_posts_twice_nor_skips_a_day(community):
    """Berlin's 09:00 daily of the 4th is out; the admin moves the channel to Honolulu, where it is
    still the evening of the 3rd, whose 09:00 has passed. The 3rd had its daily (Berlin's 4th, at
    22:00 there), so nothing more is posted that day; Honolulu's own 4th gets one at 09:00, named
    apart from Berlin's 4th."""
    admin = event(ADMIN, "C-move", admin=True, args={"time": "09:00", "tz": "Europe/Berlin", "days": "daily"})
    await community.set_daily_settings(admin)
    [first] = await community.due_posts(datetime(2025, 3, 4, 8, 0, tzinfo=timezone.utc))  # 09:00 Berlin
    assert first.date == "2025-03-04"
    await community.set_daily_settings(event(ADMIN, "C-move", admin=True, args={"tz": "Pacific/Honolulu"}))
    for hour in range(9, 19):  # 23:00 on the 3rd in Honolulu, then on through its night
        assert await community.due_posts(datetime(2025, 3, 4, hour, 0, tzinfo=timezone.utc)) == []
    [second] = await community.due_posts(datetime(2025, 3, 4, 19, 0, tzinfo=timezone.utc))  # 09:00 Honolulu
    assert second.date == "2025-03-04 HST" and second.recap.date == "2025-03-04"
    assert (await community.scheduler.book.get(first.channel, "2025-03-04")).question == first.question
    assert await community.due_posts(datetime(2025, 3, 5, 8, 0, tzinfo=timezone.utc)) == []
    [third] = await community.due_posts(datetime(2025, 3, 5, 19, 0, tzinfo=timezone.utc))
    assert third.date == "2025-03-05" and third.recap.date == second.date


async def test_moving_a_channel_east_posts_no_second_daily_on_the_day_the_last_one_reached(community):
    admin = event(ADMIN, "C-east", admin=True, args={"time": "09:00", "tz": "Pacific/Honolulu", "days": "daily"})
    await community.set_daily_settings(admin)
    [first] = await community.due_posts(datetime(2025, 3, 3, 19, 0, tzinfo=timezone.utc))  # 04:00 on Tokyo's 4th
    await community.set_daily_settings(event(ADMIN, "C-east", admin=True, args={"tz": "Asia/Tokyo"}))
    assert await community.due_posts(datetime(2025, 3, 4, 0, 0, tzinfo=timezone.utc)) == []  # 09:00 Tokyo, 4th
    [second] = await community.due_posts(datetime(2025, 3, 5, 0, 0, tzinfo=timezone.utc))
    assert (first.date, second.date) == ("2025-03-03", "2025-03-05")


async def test_team_questions_join_the_pool_and_only_admins_add_them(community):
    channel_event = event(ADMIN, "C-team", admin=True, args={"time": "09:00", "topics": "team", "days": "daily"})
    empty = await community.set_daily_settings(channel_event)  # no team question yet: it would post none
    assert isinstance(empty, Refusal) and "`daily add" in empty.reason
    assert await community.show_settings(ChannelRef("slack", "T1", "C-team")) is None
    assert await community.due_posts(datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)) == []
    refused = await community.add_team_question(event(user("joe"), "C-team"), "our-cache", "How does our cache work?", "It is a write-through LRU in front of Postgres.")
    assert isinstance(refused, Refusal)
    added = await community.add_team_question(channel_event, "our-cache", "How does our cache work?", "It is a write-through LRU in front of Postgres.")
    assert added.id == "team:our-cache"
    assert (await community.set_daily_settings(channel_event)).topics == ("team",)
    [post] = await community.due_posts(datetime(2025, 3, 4, 9, 0, tzinfo=timezone.utc))
    assert post.question.id == "team:our-cache" and post.question.reference.startswith("It is a write-through")
    bad = await community.add_team_question(channel_event, "@everyone", "short?", "tiny")
    assert isinstance(bad, Refusal) and "@everyone" not in bad.reason


async def test_only_admins_change_settings_and_bad_values_are_refused(community):
    channel = ChannelRef("slack", "T1", "C9")
    refused = await community.set_daily_settings(event(user("joe"), "C9", args={"time": "10:00"}))
    assert isinstance(refused, Refusal) and "admin" in refused.reason
    assert await community.show_settings(channel) is None
    for args, word in (({"time": "25:00"}, "time"), ({"tz": "Mars/Base"}, "zone"), ({"days": "funday"}, "days"),
                       ({"level": "guru"}, "level"), ({"colour": "red"}, "setting")):
        result = await community.set_daily_settings(event(ADMIN, "C9", admin=True, args=args))
        assert isinstance(result, Refusal) and word in result.reason
    ok = await community.set_daily_settings(event(ADMIN, "C9", admin=True, args={
        "time": "7:05", "timezone": "Asia/Tokyo", "days": "sat-mon", "topics": "rag, evals", "level": "senior"}))
    assert (ok.time, ok.tz, ok.weekdays, ok.topics, ok.level) == ("07:05", "Asia/Tokyo", (0, 5, 6), ("rag", "evals"), "senior")
    assert await community.show_settings(channel) == ok
    echoed = await community.set_daily_settings(event(ADMIN, "C9", admin=True, args={"tz": "@here"}))
    assert "@here" not in echoed.reason


async def test_topics_and_levels_that_match_no_question_are_refused_with_the_valid_ones(community):
    channel = ChannelRef("slack", "T1", "C-typo")
    admin = lambda **args: event(ADMIN, "C-typo", admin=True, args=args)  # noqa: E731
    await community.set_daily_settings(admin(time="09:00", topics="rag"))
    typo = await community.set_daily_settings(admin(topics="rag,evlas"))
    assert isinstance(typo, Refusal) and "`evlas`" in typo.reason and "evals, rag" in typo.reason
    combo = await community.set_daily_settings(admin(level="junior"))
    assert isinstance(combo, Refusal) and "junior" in combo.reason and "mid" in combo.reason
    assert (await community.show_settings(channel)).topics == ("rag",), "a refused change stores nothing"
    ok = await community.set_daily_settings(admin(topics="evals", level="senior"))
    assert (ok.topics, ok.level) == (("evals",), "senior")
    # `team` adds nothing before the channel has a question of its own: both reasons are given
    both = await community.set_daily_settings(admin(topics="team,rag", level="junior"))
    assert isinstance(both, Refusal) and "junior" in both.reason and "`daily add" in both.reason
    # settings saved before this check still let an admin pause the channel
    assert not (await community.set_daily_settings(admin(on="no"))).enabled
