"""A board lists the people who earned something in its period, never a row of 0: an answer under 3
earns no points (it still counts towards most improved), and a rise that shows as 0 is no rise."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.community import Community

from .factories import ADMIN, CHANNEL, at, post_daily, user

CHANNEL_GROUP = "slack:T1:channel:C1"  # the channel's own board


async def rows(community: Community, kind: str, now: datetime, limit: int = 10) -> list[tuple[str, float]]:
    board = await community.leaderboard(CHANNEL, ADMIN, kind=kind, now=now, limit=limit)
    return [(r.name, r.value) for r in board.rows]


async def test_people_whose_answers_earned_nothing_are_not_on_the_week_or_all_time_board(community):
    day = await post_daily(community, 3)
    await community.record_answer(CHANNEL, day, user("ann"), 6.0, at(3), "Ann")
    for name, score in (("bob", 2.0), ("cy", 0.0), ("di", 2.94)):  # 2.94 shows as 2.9: under 3, no points
        result = await community.record_answer(CHANNEL, day, user(name), score, at(3), name.title())
        assert result.points.total == 0
    for kind in ("week", "all"):
        assert await rows(community, kind, at(3)) == [("Ann", 6.0)], kind
    # nor do they fill the places of a short board: the one person with points is first, and alone
    assert await rows(community, "week", at(3), limit=2) == [("Ann", 6.0)]


async def test_a_board_on_which_nobody_earned_anything_is_empty_not_a_list_of_zeros(community):
    day = await post_daily(community, 3)
    for name in ("bob", "cy"):
        await community.record_answer(CHANNEL, day, user(name), 1.0, at(3), name.title())
    for kind in ("week", "all", "improved"):
        assert await rows(community, kind, at(3)) == [], kind
    # last week's board is archived empty, so the weekly post (which posts boards with rows) says nothing
    [archived] = await community.weekly_reset(at(3) + timedelta(days=7))
    assert archived.kind == "archive" and archived.rows == ()


async def test_last_weeks_archived_board_lists_only_who_earned_points(community):
    day = await post_daily(community, 3)
    await community.record_answer(CHANNEL, day, user("bob"), 2.0, at(3), "Bob")
    await community.record_answer(CHANNEL, day, user("ann"), 8.0, at(3), "Ann")
    [archived] = await community.weekly_reset(at(3) + timedelta(days=7))
    assert [(r.rank, r.name, r.value) for r in archived.rows] == [(1, "Ann", 8.0)]


async def test_most_improved_lists_no_rise_that_shows_as_zero(community):
    boards = community.boards
    earlier, now = at(3) - timedelta(weeks=1), at(3)
    # fay's average rose by 0.004, which the board would show as a rise of 0
    for name, before, after in (("fay", 5.0, 5.004), ("gus", 4.0, 6.0), ("hal", 7.0, 7.0)):
        who = user(name)
        await boards.set_name(who, name.title())
        await boards.add_grade(who, before, earlier)
        await boards.add_grade(who, after, now)
        await boards.add_points([CHANNEL_GROUP], who, 0, now)  # answered this week: in the week's set
    board = await community.leaderboard(CHANNEL, ADMIN, kind="improved", now=now)
    assert [(r.name, r.value) for r in board.rows] == [("Gus", 2.0)]
    assert board.compared == 3, "all three had an earlier week to compare with"
