"""The daily question in Slack channels: post what is due, once a minute.

Posting records the message ts as the daily's thread, so answers in that
thread are graded; recaps go into the thread they close.
"""
from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError

from bot.adapters.slack.translate import PLATFORM, to_message
from bot.engine import replies as r

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 60


async def post_due(client, coach) -> int:
    """Post every Slack daily post and recap due now; returns how many were posted."""
    community = coach.deps.community
    posted = 0
    for ref, reply in await coach.community.due("slack"):
        if ref.platform != PLATFORM:
            continue
        msg = to_message(reply)
        thread = ""
        if isinstance(reply, r.RecapReply):
            thread = reply.thread
        try:
            resp = await client.chat_postMessage(channel=ref.channel, text=msg.text, blocks=msg.blocks,
                                                 **({"thread_ts": thread} if thread else {}))
        except SlackApiError as exc:  # e.g. the bot was removed from the channel
            log.warning("daily post to %s failed: %s", ref.id, exc.response.get("error"))
            continue
        if isinstance(reply, r.DailyQuestionReply):
            await community.attach_thread(ref, reply.date, resp["ts"])
        posted += 1
    return posted


async def daily_loop(client, coach, interval: float = INTERVAL_SECONDS) -> None:
    """Run `post_due` forever; replicas may all run it, the community's leases post once."""
    while True:
        try:
            await post_due(client, coach)
        except Exception:  # a store hiccup must not end the loop for the rest of the day
            log.exception("daily loop round failed")
        await asyncio.sleep(interval)
