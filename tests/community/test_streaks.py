"""Streaks: local dates in each person's zone, one automatic freeze per ISO week."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.community import Refusal
from bot.community.streaks import compute_streak

from .factories import user

MON = date(2025, 3, 3)  # ISO week 10


def days(*offsets: int) -> set[date]:
    return {MON + timedelta(days=o) for o in offsets}


def test_consecutive_days_count_and_today_pending_does_not_break():
    info = compute_streak(days(0, 1, 2), today=MON + timedelta(days=3))
    assert (info.current, info.active_today, info.frozen_days) == (3, False, ())


def test_one_missed_day_is_bridged_by_the_weeks_freeze():
    info = compute_streak(days(0, 1, 3, 4), today=MON + timedelta(days=4))
    assert info.current == 4  # bridged days keep the streak but do not add to it
    assert info.frozen_days == (MON + timedelta(days=2),)
    assert info.freeze_left_this_week is False


def test_second_missed_day_in_the_same_week_breaks_the_streak():
    # Mon Tue . Thu . Sat: Wed uses the freeze, Fri breaks, Sat starts again
    info = compute_streak(days(0, 1, 3, 5), today=MON + timedelta(days=5))
    assert info.current == 1
    assert info.best == 3


def test_two_missed_days_in_a_row_break_it():
    assert compute_streak(days(0, 1, 4), today=MON + timedelta(days=4)).current == 1


def test_misses_in_different_weeks_each_get_a_freeze():
    # Sun of week 10 and Tue of week 11 are both missed: each week has its own freeze
    active = days(*[o for o in range(0, 12) if o not in (6, 8)])
    info = compute_streak(active, today=MON + timedelta(days=11))
    assert info.current == 10
    assert len(info.frozen_days) == 2


async def test_answers_at_2359_and_0001_local_are_two_days(community):
    ana = user("ana")
    assert await community.set_timezone(ana, "asia/TOKYO") == "Asia/Tokyo", "typed in any case"
    tokyo = ZoneInfo("Asia/Tokyo")
    await community.streaks.record(ana, datetime(2025, 3, 4, 23, 59, tzinfo=tokyo))
    info = await community.streaks.record(ana, datetime(2025, 3, 5, 0, 1, tzinfo=tokyo))
    assert info.current == 2 and info.active_today


async def test_the_same_instants_in_utc_are_one_day_for_a_utc_user(community):
    # 23:59 and 00:01 in Tokyo are 14:59 and 15:01 UTC on the same date
    bo = user("bo")
    tokyo = ZoneInfo("Asia/Tokyo")
    await community.streaks.record(bo, datetime(2025, 3, 4, 23, 59, tzinfo=tokyo))
    info = await community.streaks.record(bo, datetime(2025, 3, 5, 0, 1, tzinfo=tokyo))
    assert info.current == 1


async def test_freeze_bridges_one_miss_then_a_second_miss_breaks(community):
    cy = user("cy")
    await community.set_timezone(cy, "Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    for day in (3, 4, 6):  # Mon, Tue, (Wed missed), Thu
        info = await community.streaks.record(cy, datetime(2025, 3, day, 20, 0, tzinfo=berlin))
    assert info.current == 3 and info.frozen_days == (date(2025, 3, 5),)
    # Fri missed too: on Saturday the streak is gone
    info = await community.streaks.record(cy, datetime(2025, 3, 8, 9, 0, tzinfo=berlin))
    assert info.current == 1 and info.best == 3


async def test_daylight_saving_change_in_new_york_keeps_the_streak(community):
    # clocks jump from 02:00 to 03:00 on Sunday 2025-03-09; answers at 23:30 local each night
    dee = user("dee")
    await community.set_timezone(dee, "America/New_York")
    ny = ZoneInfo("America/New_York")
    for day in (7, 8, 9, 10, 11):
        info = await community.streaks.record(dee, datetime(2025, 3, day, 23, 30, tzinfo=ny))
    assert info.current == 5 and info.frozen_days == ()
    # the same instants read in UTC fall on the next dates; the stored dates must be local
    late = datetime(2025, 3, 9, 23, 30, tzinfo=ny).astimezone(timezone.utc)
    assert late.date() == date(2025, 3, 10)
    assert (await community.streak(dee, now=late)).today == date(2025, 3, 9)


async def test_unknown_timezone_is_refused_kindly(community):
    result = await community.set_timezone(user("eve"), "@everyone/Nowhere")
    assert isinstance(result, Refusal)
    assert "@everyone" not in result.reason


async def test_just_after_midnight_on_the_day_after_the_change_is_a_new_day(community):
    # 00:30 EDT on Mar 10 is 04:30 UTC; a fixed EST offset (-5) would call it 23:30 on Mar 9
    fay = user("fay")
    await community.set_timezone(fay, "America/New_York")
    ny = ZoneInfo("America/New_York")
    await community.streaks.record(fay, datetime(2025, 3, 9, 12, 0, tzinfo=ny))
    info = await community.streaks.record(fay, datetime(2025, 3, 10, 4, 30, tzinfo=timezone.utc))
    assert info.current == 2 and info.today == date(2025, 3, 10)
