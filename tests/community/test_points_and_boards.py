"""Points for grades, better-only retries, groups, boards, weekly reset and forgetting."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.community import Community, Refusal
from bot.community.points import points_for

from .factories import CHANNEL, at, post_daily, user


def test_a_grade_of_near_misses_alone_earns_nothing():
    assert points_for(5.0, streak=6, made_a_point=False).total == 0
    assert points_for(5.0, streak=6).total == 7


def test_points_come_from_the_grade_with_a_capped_streak_bonus():
    assert points_for(2.9, streak=9).total == 0  # taking part alone earns nothing, bonus included
    assert points_for(3.0, streak=1).total == 3
    assert points_for(7.6, streak=2).total == 8
    assert points_for(7.6, streak=3).total == 9
    assert points_for(10, streak=30).total == 13


def test_points_follow_the_score_as_shown_with_halves_rounded_up():
    # feedback shows one decimal: what reads 3.0/10 earns 3, not nothing
    assert (f"{2.96:.1f}", points_for(2.96, streak=1).total) == ("3.0", 3)
    assert points_for(2.94, streak=1).total == 0
    assert [points_for(s, streak=1).total for s in (6.5, 7.5, 8.5, 6.44, 6.46)] == [7, 8, 9, 6, 7]


async def test_a_retry_counts_only_when_better_and_adds_only_the_difference(community):
    day = await post_daily(community, 3)
    ann = user("ann")
    first = await community.record_answer(CHANNEL, day, ann, 5.0, at(3), "Ann")
    assert (first.points.total, first.points_added, first.previous) == (5, 5, None)
    worse = await community.record_answer(CHANNEL, day, ann, 4.0, at(3))
    assert isinstance(worse, Refusal) and "5.0" in worse.reason
    better = await community.record_answer(CHANNEL, day, ann, 8.0, at(3))
    assert (better.points.total, better.points_added, better.previous) == (8, 3, 5.0)
    board = await community.leaderboard(CHANNEL, ann, kind="week", now=at(3))
    assert [(r.name, r.value) for r in board.rows] == [("Ann", 8.0)]
    again = await community.record_answer(CHANNEL, day, ann, 7.0, at(3))
    assert isinstance(again, Refusal) and "best answer so far scored 8.0" in again.reason, "the retry counts now"
    assert isinstance(await community.record_answer(CHANNEL, day, ann, 11, at(3)), Refusal)
    assert isinstance(await community.record_answer(CHANNEL, "1999-01-01", ann, 5, at(3)), Refusal)


async def test_streak_bonus_appears_on_the_third_day(community):
    bob = user("bob")
    results = [await community.record_answer(CHANNEL, await post_daily(community, d), bob, 6.0, at(d)) for d in (3, 4, 5)]
    assert [r.streak.current for r in results] == [1, 2, 3]
    assert [r.points.total for r in results] == [6, 6, 7]
    assert (await community.streak(bob, at(6))).current == 3


async def test_groups_create_join_leave_and_get_their_members_points(community):
    ann, bob = user("ann"), user("bob")
    group = await community.create_group(ann, "RAG Study")
    assert group.name == "rag-study"
    assert isinstance(await community.create_group(bob, "rag-study"), Refusal)
    assert isinstance(await community.create_group(bob, "@everyone!"), Refusal)
    assert isinstance(await community.join_group(bob, "nope"), Refusal)
    joined = await community.join_group(bob, "rag study")
    assert joined.id == group.id and not joined.already
    again = await community.join_group(bob, "rag-study")
    assert again.id == group.id and again.already
    assert await community.my_groups(bob) == ["rag-study"], "names, not ids"
    day = await post_daily(community, 3)
    await community.record_answer(CHANNEL, day, ann, 7.0, at(3), "Ann")
    await community.record_answer(CHANNEL, day, bob, 9.0, at(3), "Bob")
    board = await community.leaderboard(CHANNEL, ann, group="rag-study", kind="all", now=at(3))
    assert [(r.rank, r.name, r.value) for r in board.rows] == [(1, "Bob", 9.0), (2, "Ann", 7.0)]
    assert (await community.leave_group(bob, "rag-study")).id == group.id
    assert isinstance(await community.leave_group(bob, "rag-study"), Refusal)
    assert await community.my_groups(bob) == []
    for kind in ("all", "week"):  # off the group's boards, still on the channel's
        board = await community.leaderboard(CHANNEL, ann, group="rag-study", kind=kind, now=at(3))
        assert [r.name for r in board.rows] == ["Ann"], kind
        assert "Bob" in [r.name for r in (await community.leaderboard(CHANNEL, bob, kind=kind, now=at(3))).rows]
    # a group in another workspace with the same name is a different group
    other = await community.create_group(user("zed", workspace="T2"), "rag-study")
    assert other.id != group.id
    assert isinstance(await community.leaderboard(CHANNEL, ann, kind="monthly"), Refusal)


async def test_the_last_member_leaving_deletes_a_group_and_its_boards(community, redis, prefix):
    ann, bob = user("ann"), user("bob")
    group = await community.create_group(ann, "eval-club")
    await community.join_group(bob, "eval-club")
    day = await post_daily(community, 3)
    await community.record_answer(CHANNEL, day, ann, 8.0, at(3), "Ann")
    await community.record_answer(CHANNEL, day, bob, 6.0, at(3), "Bob")
    boards = [k async for k in redis.scan_iter(match=f"{prefix}board:*{group.id}:*")]
    assert boards  # the group has an all-time and a weekly board
    first = await community.leave_group(ann, "eval-club")
    assert first.id == group.id and not first.removed  # bob is still in it
    assert await redis.exists(*boards) == len(boards)
    assert [await redis.zrange(board, 0, -1) for board in boards] == [[bob.id]] * len(boards)
    last = await community.leave_group(bob, "eval-club")
    assert last.removed
    assert not [k async for k in redis.scan_iter(match=f"{prefix}*{group.id}*")]
    assert group.id not in await community.groups.all_ids()
    other = await community.create_group(user("ann", workspace="T2"), "eval-club")  # another workspace's
    again = await community.create_group(bob, "eval-club")  # the name is free again
    assert again.id == group.id and not isinstance(again, Refusal) and other.id != group.id
    board = await community.leaderboard(CHANNEL, bob, group="eval-club", kind="all", now=at(3))
    assert board.rows == ()  # a new group starts with an empty board


async def test_most_improved_compares_this_week_with_the_four_before(community):
    ann, bob, cat = user("ann"), user("bob"), user("cat")
    for d in (3, 4):  # week 10: ann strong, bob weak
        day = await post_daily(community, d)
        await community.record_answer(CHANNEL, day, ann, 9.0, at(d), "Ann")
        await community.record_answer(CHANNEL, day, bob, 4.0, at(d), "Bob")
    for d in (10, 11):  # week 11: ann a little worse, bob much better, cat new
        day = await post_daily(community, d)
        await community.record_answer(CHANNEL, day, ann, 8.0, at(d), "Ann")
        await community.record_answer(CHANNEL, day, bob, 7.0, at(d), "Bob")
        await community.record_answer(CHANNEL, day, cat, 10.0, at(d), "Cat")
    week = await community.leaderboard(CHANNEL, ann, kind="week", now=at(11))
    assert week.rows[0].name == "Cat"
    improved = await community.leaderboard(CHANNEL, ann, kind="improved", now=at(11))
    assert [(r.name, r.value) for r in improved.rows] == [("Bob", 3.0)]
    assert improved.compared == 2, "Ann and Bob had an earlier week; Cat is new"


async def test_weekly_reset_archives_once_across_replicas_and_starts_a_new_week(redis, questions, clock, prefix):
    one, two = (Community(redis, questions, clock, prefix=prefix) for _ in range(2))
    group = await one.create_group(user("ann"), "evals")
    day = await post_daily(one, 5)
    await one.record_answer(CHANNEL, day, user("ann"), 8.0, at(5), "Ann")
    monday = datetime(2025, 3, 10, 0, 1, tzinfo=timezone.utc)
    archives = await one.weekly_reset(monday) + await two.weekly_reset(monday)
    assert sorted(b.group_id for b in archives) == sorted([group.id, "slack:T1:channel:C1"])
    channel_archive = next(b for b in archives if b.group_id == "slack:T1:channel:C1")
    assert (channel_archive.week, [(r.name, r.value) for r in channel_archive.rows]) == ("2025-W10", [("Ann", 8.0)])
    assert await one.weekly_reset(monday + timedelta(hours=1)) == []
    assert (await one.boards.archived("slack:T1:channel:C1", "2025-W10")).rows == channel_archive.rows
    assert (await one.leaderboard(CHANNEL, user("ann"), kind="week", now=monday)).rows == ()
    assert [r.value for r in (await one.leaderboard(CHANNEL, user("ann"), kind="all", now=monday)).rows] == [8.0]


async def test_a_replica_that_dies_during_the_weekly_reset_leaves_the_rest_to_the_next_tick(
        redis, questions, clock, prefix, monkeypatch):
    one, two = (Community(redis, questions, clock, prefix=prefix) for _ in range(2))
    group = await one.create_group(user("ann"), "evals")
    day = await post_daily(one, 5)
    await one.record_answer(CHANNEL, day, user("ann"), 8.0, at(5), "Ann")
    monday = datetime(2025, 3, 10, 0, 1, tzinfo=timezone.utc)
    first = sorted([group.id, "slack:T1:channel:C1"])[0]

    async def dies(*args, **kwargs):
        raise ConnectionError("the replica went away")

    monkeypatch.setattr(one.boards, "archived", dies)  # dies right after archiving its first group
    try:
        await one.weekly_reset(monday)
    except ConnectionError:
        pass
    rest = await two.weekly_reset(monday + timedelta(minutes=1))  # the next tick, on another replica
    assert [b.group_id for b in rest] == [g for g in sorted([group.id, "slack:T1:channel:C1"]) if g != first]
    assert [r.value for r in rest[0].rows] == [8.0]
    assert (await two.boards.archived(first, "2025-W10")).rows  # archived (its post was lost with the replica)
    assert await two.weekly_reset(monday + timedelta(minutes=2)) == []


async def test_forget_user_removes_them_from_every_board_and_deletes_their_keys(community, redis, prefix):
    ann, bob = user("ann"), user("bob")
    await community.set_timezone(ann, "Europe/Berlin")
    await community.create_group(ann, "evals")
    day = await post_daily(community, 3)
    await community.record_answer(CHANNEL, day, ann, 8.0, at(3), "Ann")
    await community.record_answer(CHANNEL, day, bob, 6.0, at(3), "Bob")
    await community.weekly_reset(at(10))
    touched = await community.forget_user(ann)
    assert {"leaderboard points", "daily answers", "study groups", "time zone"} <= set(touched)
    assert not [t for t in touched if ":" in t], "said in words, not as Redis keys"
    again = await community.create_group(bob, "evals")
    assert not isinstance(again, Refusal), "she was its only member: the name is free again"
    leftovers = [k async for k in redis.scan_iter(match=f"*{ann.id}*")]
    assert leftovers == []
    for key in [k async for k in redis.scan_iter(match=prefix + "*")]:
        kind = await redis.type(key)
        if kind == "zset":
            assert await redis.zscore(key, ann.id) is None, key
        elif kind == "set":
            assert not await redis.sismember(key, ann.id), key
    board = await community.leaderboard(CHANNEL, bob, kind="all", now=at(3))
    assert [r.name for r in board.rows] == ["Bob"]
    assert (await community.streak(ann, at(3))).current == 0


async def test_equal_points_rank_in_the_order_people_reached_them(community, redis, prefix):
    # amy reaches 7 first, then zed, then bob: not the order of their ids either way
    day = await post_daily(community, 3)
    for who, hour in (("amy", 10), ("zed", 11), ("bob", 12)):
        await community.record_answer(CHANNEL, day, user(who), 7.0, at(3, hour), who.title())
    await community.record_answer(CHANNEL, day, user("cat"), 9.0, at(3, 13), "Cat")
    for kind in ("week", "all"):
        board = await community.leaderboard(CHANNEL, user("amy"), kind=kind, now=at(3, 14))
        assert [r.name for r in board.rows] == ["Cat", "Amy", "Zed", "Bob"], kind
        cut = await community.leaderboard(CHANNEL, user("amy"), kind=kind, now=at(3, 14), limit=2)
        assert [r.name for r in cut.rows] == ["Cat", "Amy"], "the tie at the cut goes to who was there first"
    # bob's better retry takes him to 9 after cat got there: second; amy still reached 7 before zed
    await community.record_answer(CHANNEL, day, user("bob"), 9.0, at(3, 15))
    board = await community.leaderboard(CHANNEL, user("amy"), kind="week", now=at(3, 16))
    assert [r.name for r in board.rows] == ["Cat", "Bob", "Amy", "Zed"]
    # the week's board keeps that order in its archive
    [archived] = [b for b in await community.weekly_reset(at(10, 0)) if b.group_id.endswith(":C1")]
    assert [r.name for r in archived.rows] == ["Cat", "Bob", "Amy", "Zed"]


async def test_a_better_retry_sent_in_a_later_week_replaces_its_first_try_in_that_weeks_average(community):
    """Sunday's daily stays open into Monday (no recap time): a retry on Monday replaces Sunday's grade in
    the week it was counted. It used to subtract the old grade from the new week's sum without a count,
    so one 5.0 in the new week read as an average of 9.5 and 'most improved' ranked it (QA)."""
    ann, bob = user("ann"), user("bob")
    for d in (3, 4):  # week 10: both at 5.0
        day = await post_daily(community, d)
        await community.record_answer(CHANNEL, day, ann, 5.0, at(d), "Ann")
        await community.record_answer(CHANNEL, day, bob, 5.0, at(d), "Bob")
    sunday = await post_daily(community, 9)
    await community.record_answer(CHANNEL, sunday, ann, 4.0, at(9), "Ann")  # week 10
    await community.record_answer(CHANNEL, sunday, bob, 5.0, at(9), "Bob")
    retry = await community.record_answer(CHANNEL, sunday, ann, 9.0, at(10, 6), "Ann")  # Monday: week 11
    assert retry.previous == 4.0
    monday = await post_daily(community, 10)
    await community.record_answer(CHANNEL, monday, ann, 5.0, at(10), "Ann")
    await community.record_answer(CHANNEL, monday, bob, 5.0, at(10), "Bob")
    improved = await community.leaderboard(CHANNEL, ann, kind="improved", now=at(10, 18))
    # week 11: both 5.0; week 10: Ann (5+5+9)/3 > Bob 5.0, so nobody rose
    assert [(r.name, r.value) for r in improved.rows] == []
    assert improved.compared == 2
