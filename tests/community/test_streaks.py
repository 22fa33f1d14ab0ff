"""Streaks: dailies answered, by the day each was posted in the person's zone; one freeze per ISO week."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.community import ChannelRef, Community, Refusal
from bot.community.streaks import compute_streak

from .factories import event, user

MON = date(2025, 3, 3)  # ISO week 10
ADMIN = user("admin")


def days(*offsets: int) -> set[date]:
    return {MON + timedelta(days=o) for o in offsets}


def test_consecutive_days_count_and_an_open_daily_does_not_break():
    info = compute_streak(days(0, 1, 2), posted=days(0, 1, 2, 3), pending=days(3), today=MON + timedelta(days=3))
    assert (info.current, info.active_today, info.frozen_days) == (3, False, ())


def test_one_missed_daily_is_bridged_by_the_weeks_freeze():
    info = compute_streak(days(0, 1, 3, 4), posted=days(0, 1, 2, 3, 4), today=MON + timedelta(days=4))
    assert info.current == 4  # bridged days keep the streak but do not add to it
    assert info.frozen_days == (MON + timedelta(days=2),)
    assert info.freeze_left_this_week is False


def test_second_missed_daily_in_the_same_week_breaks_the_streak():
    # Mon Tue . Thu . Sat: Wed uses the freeze, Fri breaks, Sat starts again
    info = compute_streak(days(0, 1, 3, 5), posted=days(*range(6)), today=MON + timedelta(days=5))
    assert info.current == 1
    assert info.best == 3


def test_days_without_a_daily_are_no_misses():
    # a mon-fri channel: two whole weeks answered, the weekend between had no daily to miss
    weekdays = days(0, 1, 2, 3, 4, 7, 8, 9, 10, 11)
    info = compute_streak(weekdays, posted=weekdays, today=MON + timedelta(days=11))
    assert (info.current, info.frozen_days, info.freeze_left_this_week) == (10, (), True)


def test_misses_in_different_weeks_each_get_a_freeze():
    # Sun of week 10 and Tue of week 11 are both missed: each week has its own freeze
    active = days(*[o for o in range(0, 12) if o not in (6, 8)])
    info = compute_streak(active, posted=days(*range(12)), today=MON + timedelta(days=11))
    assert info.current == 10
    assert len(info.frozen_days) == 2


# -- through the community, on Redis: dailies posted by the scheduler, answered in their threads --

async def daily_channel(community: Community, channel: str, **settings: str) -> ChannelRef:
    await community.set_daily_settings(event(ADMIN, channel, admin=True, args={"days": "daily", **settings}))
    return ChannelRef("slack", "T1", channel)


async def post(community: Community, when: datetime) -> dict[str, str]:
    """The dailies due at `when`, posted as the adapter does (their threads attached): channel -> date."""
    posted = {}
    for due in await community.due_posts(when):
        await community.attach_thread(due.channel, due.date, f"thread-{due.channel.channel}-{due.date}")
        posted[due.channel.channel] = due.date
    return posted


async def answer(community: Community, who, channel: ChannelRef, day: str, when: datetime, score: float = 7.0):
    result = await community.record_answer(channel, day, who, score, when)
    assert not isinstance(result, Refusal), result
    return result.streak


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=timezone.utc)  # March 2025: the 3rd is a Monday


async def test_a_mon_fri_channel_keeps_the_streak_over_the_weekend(community):
    channel = await daily_channel(community, "C1", time="09:00", days="mon-fri")
    ada = user("ada")
    for day in range(3, 17):  # two weeks and their weekends; Ada answers every daily posted
        for _, date_ in (await post(community, utc(day, 9, 1))).items():
            info = await answer(community, ada, channel, date_, utc(day, 10))
    assert (info.current, info.frozen_days, info.freeze_left_this_week) == (10, (), True)
    assert (await community.streak(ada, utc(16, 12))).current == 10  # Sunday: still 10, nothing missed


async def test_a_daily_answered_the_next_morning_before_it_closes_counts_for_its_own_day(community):
    # the channel posts at 09:00 in Los Angeles (17:00 UTC); Kai counts days in UTC and often answers
    # the next morning UTC (the night before, in Los Angeles), before the next daily closes it
    channel = await daily_channel(community, "C-la", time="09:00", tz="America/Los_Angeles")
    kai = user("kai")
    for day, answered_at in ((3, utc(3, 22)), (4, utc(5, 7)), (5, utc(5, 19)), (6, utc(7, 7)), (7, utc(7, 19))):
        [date_] = (await post(community, utc(day, 17, 1))).values()
        info = await answer(community, kai, channel, date_, answered_at)
    assert (info.current, info.best, info.frozen_days) == (5, 5, ())


async def test_a_better_retry_the_next_morning_adds_no_day_of_its_own(community):
    channel = await daily_channel(community, "C1", time="09:00")
    bo = user("bo")
    [monday] = (await post(community, utc(3, 9, 1))).values()
    assert (await answer(community, bo, channel, monday, utc(3, 10), 4.0)).current == 1
    assert (await answer(community, bo, channel, monday, utc(4, 8), 8.0)).current == 1  # Tuesday, before 09:00
    [tuesday] = (await post(community, utc(4, 9, 1))).values()
    assert (await answer(community, bo, channel, tuesday, utc(4, 10))).current == 2


async def test_an_open_daily_never_breaks_a_streak_and_a_missed_one_spends_the_freeze(community):
    channel = await daily_channel(community, "C1", time="09:00", close="17:00")
    cy = user("cy")
    for day in (3, 4):
        [date_] = (await post(community, utc(day, 9, 1))).values()
        await answer(community, cy, channel, date_, utc(day, 10))
    await post(community, utc(5, 9, 1))  # Wednesday's daily, not answered yet
    info = await community.streak(cy, utc(5, 16))
    assert (info.current, info.frozen_days, info.freeze_left_this_week) == (2, (), True)
    await community.due_recaps(utc(5, 17))  # closed unanswered: a miss, bridged by the week's freeze
    info = await community.streak(cy, utc(5, 18))
    assert (info.current, info.frozen_days, info.freeze_left_this_week) == (2, (date(2025, 3, 5),), False)
    await post(community, utc(6, 9, 1))
    await community.due_recaps(utc(6, 17))  # a second miss in the same week ends it
    assert (await community.streak(cy, utc(6, 18))).current == 0
    [friday] = (await post(community, utc(7, 9, 1))).values()
    info = await answer(community, cy, channel, friday, utc(7, 10))
    assert (info.current, info.best) == (1, 2)


async def test_a_daily_that_never_reached_the_channel_is_no_miss(community):
    channel = await daily_channel(community, "C1", time="09:00")
    dee = user("dee")
    [monday] = (await post(community, utc(3, 9, 1))).values()
    await answer(community, dee, channel, monday, utc(3, 10))
    for day in (4, 5):  # the platform refused these posts for good: withdrawn, never threaded
        [due] = await community.due_posts(utc(day, 9, 1))
        await community.withdraw_daily(due.channel, due.date, utc(day, 9, 2))
    [thursday] = (await post(community, utc(6, 9, 1))).values()
    info = await answer(community, dee, channel, thursday, utc(6, 10))
    assert (info.current, info.frozen_days) == (2, ())


async def test_a_channel_joined_later_brings_no_misses_from_before(community):
    weekdays = await daily_channel(community, "C-work", time="09:00", days="mon-fri")
    everyday = await daily_channel(community, "C-fun", time="10:00")
    eli = user("eli")
    for day in range(3, 11):  # Eli answers the weekday channel only, Mon to Mon
        for name, date_ in (await post(community, utc(day, 9, 1))).items():
            await answer(community, eli, weekdays, date_, utc(day, 9, 30))
        await post(community, utc(day, 10, 1))
    # the everyday channel's weekend dailies were before Eli's first answer there: not misses
    today = (await post(community, utc(11, 10, 1)))["C-fun"]
    info = await answer(community, eli, everyday, today, utc(11, 11))
    assert (info.current, info.frozen_days) == (7, ())
    # from then on its dailies count: Wednesday's in the weekday channel is answered, the other is not
    await post(community, utc(12, 9, 1))
    await post(community, utc(12, 10, 1))
    assert (await community.streak(eli, utc(12, 12))).current == 7  # both open: nothing missed yet


async def test_dailies_posted_at_2359_and_0001_in_tokyo_are_two_days_there(community):
    ana, bo = user("ana"), user("bo")
    assert await community.set_timezone(ana, "asia/TOKYO") == "Asia/Tokyo", "typed in any case"
    tokyo = ZoneInfo("Asia/Tokyo")
    late = await daily_channel(community, "C-late", time="23:59", tz="Asia/Tokyo")
    [tuesday] = (await post(community, datetime(2025, 3, 4, 23, 59, 30, tzinfo=tokyo))).values()
    early = await daily_channel(community, "C-early", time="00:01", tz="Asia/Tokyo")
    [wednesday] = (await post(community, datetime(2025, 3, 5, 0, 1, 30, tzinfo=tokyo))).values()
    answered_at = datetime(2025, 3, 5, 8, 0, tzinfo=tokyo)
    for who in (ana, bo):
        await answer(community, who, late, tuesday, answered_at)
        info = await answer(community, who, early, wednesday, answered_at)
        assert info.active_today  # 08:00 in Tokyo is still the 4th in UTC
        # in UTC both were posted on the 4th (14:59 and 15:01): one day for Bo
        assert info.current == (2 if who is ana else 1), who


async def test_daylight_saving_change_in_new_york_keeps_the_streak(community):
    # clocks jump from 02:00 to 03:00 on Sunday 2025-03-09; the channel posts at 23:30 local each night
    dee = user("dee")
    await community.set_timezone(dee, "America/New_York")
    channel = await daily_channel(community, "C-ny", time="23:30", tz="America/New_York")
    ny = ZoneInfo("America/New_York")
    for day in (7, 8, 9, 10, 11):
        [date_] = (await post(community, datetime(2025, 3, day, 23, 31, tzinfo=ny))).values()
        info = await answer(community, dee, channel, date_, datetime(2025, 3, day, 23, 45, tzinfo=ny))
    assert info.current == 5 and info.frozen_days == ()
    # the same instants read in UTC fall on the next dates; the days counted must be hers
    late = datetime(2025, 3, 9, 23, 45, tzinfo=ny).astimezone(timezone.utc)
    assert late.date() == date(2025, 3, 10)
    assert (await community.streak(dee, now=late)).today == date(2025, 3, 9)


async def test_unknown_timezone_is_refused_kindly(community):
    result = await community.set_timezone(user("eve"), "@everyone/Nowhere")
    assert isinstance(result, Refusal)
    assert "@everyone" not in result.reason


async def old_style_days(redis, prefix: str, who, *days_: date) -> None:
    """Answer days as the streaks before ba77de9 kept them: ISO dates scored by ordinal."""
    await redis.zadd(f"{prefix}user:{{{who.id}}}:days", {d.isoformat(): d.toordinal() for d in days_})


def test_old_days_count_with_every_calendar_day_a_day_to_miss_until_the_first_new_one():
    # old: Mon Tue . Thu (Wed bridged by the week's freeze); new from the next Monday on
    info = compute_streak(days(7, 8), posted=days(7, 8), today=MON + timedelta(days=8), legacy=days(0, 1, 3, 4, 5, 6))
    assert (info.current, info.frozen_days) == (8, (MON + timedelta(days=2),))
    assert compute_streak(days(7), posted=days(7), legacy=days(0, 1, 3, 5, 6), today=MON + timedelta(days=7)).current == 3
    # old days on or after the first new one are the same answers counted twice: left out
    assert compute_streak(days(0), posted=days(0), legacy=days(0, 1), today=MON).current == 1


async def test_a_streak_kept_the_old_way_survives_the_upgrade(community, redis, prefix):
    ada = user("ada")
    await old_style_days(redis, prefix, ada, *(date(2025, 3, day) for day in (1, 2, 3, 4, 5)))
    assert (await community.streak(ada, utc(6, 8))).current == 5, "before any answer the new way"
    channel = await daily_channel(community, "C1", time="09:00")
    [thursday] = (await post(community, utc(6, 9, 1))).values()
    info = await answer(community, ada, channel, thursday, utc(6, 10))
    assert (info.current, info.best, info.frozen_days) == (6, 6, ())
    [friday] = (await post(community, utc(7, 9, 1))).values()
    assert (await answer(community, ada, channel, friday, utc(7, 10))).current == 7


async def test_old_days_ending_days_before_the_first_new_answer_are_an_old_style_miss(community, redis, prefix):
    bo = user("bo")
    # Sat 1st and Sun 2nd (week 9); Mon 3rd and Tue 4th missed in week 10: one freeze, then broken
    await old_style_days(redis, prefix, bo, date(2025, 3, 1), date(2025, 3, 2))
    channel = await daily_channel(community, "C1", time="09:00")
    [wednesday] = (await post(community, utc(5, 9, 1))).values()
    info = await answer(community, bo, channel, wednesday, utc(5, 10))
    assert (info.current, info.best) == (1, 2)
