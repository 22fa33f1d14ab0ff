"""Scheduled posts stay in the outbox until sent: retried with backoff, leased to one sender, dropped when hopeless."""
from __future__ import annotations

from bot.community.outbox import GIVE_UP_SECONDS, LEASE_SECONDS, retry_delay
from bot.community.refs import ChannelRef

C1 = ChannelRef("slack", "T1", "C1")
C2 = ChannelRef("slack", "T1", "C2")
D1 = ChannelRef("discord", "G1", "42")


def later(clock, seconds: float):
    return clock.advance(seconds=seconds)


async def test_posts_are_taken_in_order_by_one_sender_and_leave_when_sent(community, clock):
    outbox = community.outbox
    await outbox.put([(C1, {"n": 1}), (C2, {"n": 2}), (D1, {"n": 3})], clock.now())
    taken = await outbox.take("slack", clock.now())
    assert [(p.channel, p.payload) for p in taken] == [(C1, {"n": 1}), (C2, {"n": 2})]
    assert await outbox.take("slack", clock.now()) == [], "another replica gets nothing while they are out"
    assert [p.payload for p in await outbox.take("discord", clock.now())] == [{"n": 3}]

    await outbox.sent(taken[0])
    later(clock, LEASE_SECONDS + 1)  # the sender of the second died without a word: it is sent again
    again = await outbox.take("slack", clock.now())
    assert [p.payload for p in again] == [{"n": 2}]
    await outbox.sent(again[0])
    assert await outbox.pending("slack") == 0


async def test_a_failed_send_is_tried_again_later_with_a_growing_pause(community, clock):
    outbox = community.outbox
    await outbox.put([(C1, {"n": 1})], clock.now())
    [parcel] = await outbox.take("slack", clock.now())
    pauses = []
    for attempt in range(1, 4):
        assert await outbox.failed(parcel, clock.now()) is False
        assert await outbox.take("slack", later(clock, retry_delay(attempt) - 1)) == []
        [parcel] = await outbox.take("slack", later(clock, 1))
        assert parcel.attempts == attempt and parcel.payload == {"n": 1}
        pauses.append(retry_delay(attempt))
    assert pauses == sorted(pauses) and pauses[0] < pauses[-1]


async def test_a_hopeless_or_stale_post_is_dropped(community, clock):
    outbox = community.outbox
    await outbox.put([(C1, {"n": 1}), (C2, {"n": 2})], clock.now())
    first, second = await outbox.take("slack", clock.now())
    assert await outbox.failed(first, clock.now(), permanent=True) is True

    clock.advance(seconds=GIVE_UP_SECONDS - 10)
    assert await outbox.failed(second, clock.now()) is False
    clock.advance(seconds=retry_delay(1))
    [second] = await outbox.take("slack", clock.now())
    assert await outbox.failed(second, clock.now()) is True
    assert await outbox.pending("slack") == 0


async def test_an_entry_removed_by_hand_is_skipped(community, clock, redis, prefix):
    outbox = community.outbox
    [parcel] = await outbox.put([(C1, {"n": 1})], clock.now())
    await redis.hdel(f"{prefix}outbox:slack:entries", parcel.id)
    assert await outbox.take("slack", clock.now()) == []
    assert await outbox.pending("slack") == 0


async def test_a_post_whose_sender_keeps_dying_is_dropped_in_the_end(community, clock):
    outbox = community.outbox
    await outbox.put([(C1, {"n": 1})], clock.now())
    for _ in range(3):  # taken, and never reported sent or failed
        assert len(await outbox.take("slack", clock.now())) == 1
        later(clock, LEASE_SECONDS)
    clock.advance(seconds=GIVE_UP_SECONDS)
    assert await outbox.take("slack", clock.now()) == []
    assert await outbox.pending("slack") == 0


async def test_discard_removes_only_the_matching_posts_of_one_channel(community, clock):
    outbox = community.outbox
    daily = {"kind": "DailyQuestionReply", "date": "2025-03-03"}
    await outbox.put([(C1, {**daily, "text": "Q?"}), (C1, {"kind": "RecapReply", "date": "2025-03-03"}),
                      (C2, {**daily, "text": "Q?"})], clock.now())
    assert await outbox.discard(C1, daily) == 1
    assert await outbox.discard(C1, daily) == 0
    assert [(p.channel, p.payload["kind"]) for p in await outbox.take("slack", clock.now())] == [
        (C1, "RecapReply"), (C2, "DailyQuestionReply")]
