"""Two quick messages of one conversation: the first one's replies reach the platform first.

A turn's replies are posted inside the conversation's place in line (Coach.handle's `deliver`). Here
the first reply's post is slowed the way the platforms slow it, on the wire: Slack answers the first
chat.postMessage with 429 and Retry-After (slack_sdk waits, then posts again), Discord answers the
first DM send with a 503 (the adapter waits a moment, then sends again). The second message, a quick
`status`, is handled meanwhile; its reply must still go out after the first message's.
"""
from __future__ import annotations

from tests.adapters.discord import payloads as p
from tests.adapters.discord.conftest import discord_bot, fake_discord, guild  # noqa: F401 - fixtures
from tests.adapters.slack.conftest import fake_slack, slack  # noqa: F401 - fixtures

WEAK = "I am not sure, maybe it is something about vectors."
IN_PROGRESS = "Interview in progress"


async def test_slack_posts_a_slow_reply_before_the_next_messages_reply(slack):
    fake, user = slack.fake, "UWIRE"
    await slack.dm(user, "start llm mid 3")
    mark = len(fake.calls)
    fake.fail_next("chat.postMessage", 429, 429)  # the answer's first post waits out two Retry-Afters
    for text in (WEAK, "status"):
        assert await slack.event(slack.message_payload(user, text, "D" + user), settle=False) == 200
    await slack.settle()
    posted = [c.all_text for c in fake.since(mark) if c.method == "chat.postMessage" and c.response.get("ok")]
    assert len(posted) == 3, posted  # feedback, the question's second try, status
    assert "Score" in posted[0] and "second try" in posted[1], posted
    assert IN_PROGRESS in posted[2], "the status reply waits for the answer's replies"


async def test_discord_sends_a_slow_reply_before_the_next_messages_reply(discord_bot, fake_discord):
    dm, eve = 930000000000000888, p.user(188, "eve", "Eve")
    mark = len(fake_discord.requests)
    discord_bot._connection.parse_message_create(p.message(dm, eve, "start llm mid 3"))
    await fake_discord.wait_for(lambda req: any(t.startswith("Question 1 of 3") for t in req.titles()), since=mark)
    mark = len(fake_discord.requests)
    fake_discord.failing[dm] = [503]  # the answer's first send fails once; the adapter sends it again
    for text in (WEAK, "status"):
        discord_bot._connection.parse_message_create(p.message(dm, eve, text))
    await fake_discord.wait_for(lambda req: IN_PROGRESS in req.text(), since=mark)
    await fake_discord.wait_for(lambda req: any("second try" in t for t in req.titles()), since=mark)
    sent = [req for req in fake_discord.since(mark) if req.path == f"/channels/{dm}/messages" and req.status == 200]
    order = ["feedback" if any(t.startswith("Feedback") for t in req.titles())
             else "status" if IN_PROGRESS in req.text() else "question" for req in sent]
    assert order == ["feedback", "question", "status"], order


GRACE = p.user(302, "grace", "Grace")
WHERE = {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}


def followed_up(req) -> bool:
    return req.method == "POST" and req.path.startswith("/webhooks/")


async def handled_elsewhere(bot, fake, coach, payload: dict):
    """The interaction, after another process claimed it (and so gave it no reply of its own here)."""
    assert await coach.deps.store.claims.claim_message("discord", payload["id"])
    mark = len(fake.requests)
    bot._connection.parse_interaction_create(payload)
    return await fake.wait_for(lambda req: followed_up(req) and req.carries_message, since=mark, attempts=200), mark


async def test_an_interaction_the_coach_has_no_reply_for_still_gets_one(discord_bot, fake_discord, guild, coach):
    from bot.adapters.discord.bot import SENT_TO_DM
    from bot.adapters.discord.delivery import TAKEN_WITH_ANOTHER

    reply, mark = await handled_elsewhere(discord_bot, fake_discord, coach, p.command("hint", GRACE, **WHERE))
    assert reply.text() == TAKEN_WITH_ANOTHER and reply.shown_privately
    assert not any(SENT_TO_DM in req.text() for req in fake_discord.since(mark)), "nothing was sent to the DM"

    # a public defer (the leaderboard): the note is still for the presser alone
    reply, _ = await handled_elsewhere(discord_bot, fake_discord, coach, p.command("leaderboard", GRACE, **WHERE))
    assert reply.text() == TAKEN_WITH_ANOTHER and reply.shown_privately
