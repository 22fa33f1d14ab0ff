"""A daily's retries count when they beat the score as shown, and its recap ranks equal scores by who got there first."""
from __future__ import annotations

from bot.community import Community, Refusal

from .factories import CHANNEL, at, post_daily, user


async def recap_names(community: Community, day: str) -> list[tuple[str, float]]:
    recap = await community.scheduler.book.recap(await community.daily_record(CHANNEL, day))
    return [(row.name, row.value) for row in recap.top]


async def test_the_recaps_equal_scores_go_to_who_reached_them_first(community):
    day = await post_daily(community, 3)
    await community.record_answer(CHANNEL, day, user("gus"), 9.0, at(3, 10), "Gus")
    # in this order; by user id (reversed) Zed and Max would be second and third, and Amy left out
    for minute, name in enumerate(["zed", "amy", "max", "bea"]):
        await community.record_answer(CHANNEL, day, user(name), 6.0, at(3, 11, minute), name.title())
    assert await recap_names(community, day) == [("Gus", 9.0), ("Zed", 6.0), ("Amy", 6.0)]


async def test_a_score_that_shows_the_same_is_a_tie_and_a_retry_reaches_its_score_when_it_counts(community):
    day = await post_daily(community, 3)
    await community.record_answer(CHANNEL, day, user("ann"), 5.0, at(3, 10), "Ann")
    await community.record_answer(CHANNEL, day, user("bob"), 7.0, at(3, 10, 1), "Bob")
    await community.record_answer(CHANNEL, day, user("cat"), 7.04, at(3, 10, 2), "Cat")  # shows as 7.0, later
    await community.record_answer(CHANNEL, day, user("ann"), 7.0, at(3, 10, 3), "Ann")  # her retry, last to 7.0
    assert [name for name, _ in await recap_names(community, day)] == ["Bob", "Cat", "Ann"]


async def test_a_retry_counts_only_when_it_beats_the_score_as_feedback_shows_it(community):
    day = await post_daily(community, 3)
    ann = user("ann")
    first = await community.record_answer(CHANNEL, day, ann, 8.0, at(3), "Ann")
    assert first.points.total == 8
    hair = await community.record_answer(CHANNEL, day, ann, 8.04, at(3))  # shows as 8.0: no visible rise
    assert isinstance(hair, Refusal) and "scored 8.0" in hair.reason
    better = await community.record_answer(CHANNEL, day, ann, 8.06, at(3))  # shows as 8.1
    assert not isinstance(better, Refusal) and (better.previous, better.points_added) == (8.0, 0)
    assert isinstance(await community.record_answer(CHANNEL, day, ann, 8.1, at(3)), Refusal)
