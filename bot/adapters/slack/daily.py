"""The daily question in Slack channels: post what is due, once a minute.

Posting records the message ts as the daily's thread, so answers in that
thread are graded; recaps go into the thread they close. A post that fails
stays in the community outbox and is tried again on a later round, unless
Slack says it never can succeed (the bot is not in the channel, say).
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.translate import PLATFORM, to_message
from bot.engine import replies as r

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 60
# errors Slack documents for its own trouble, which a later try may not meet
SLACK_TROUBLE = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}


async def post_due(client, coach) -> int:
    """Post every Slack daily post, recap and board due now, and retry earlier ones that failed;
    returns how many were posted."""
    community = coach.deps.community
    posted = 0
    for post in await coach.community.outgoing(PLATFORM):
        ref, reply = post.channel, post.reply
        try:
            msg = to_message(reply)
            thread = reply.thread if isinstance(reply, r.RecapReply) else ""
            resp = await client.chat_postMessage(channel=ref.channel, text=msg.text, blocks=msg.blocks,
                                                 **({"thread_ts": thread} if thread else {}))
        except SlackApiError as exc:  # e.g. the bot was removed from the channel, or Slack is down
            dropped = await coach.community.unsent(replace(post, error=str(exc.response.get("error") or "")),
                                                   permanent=_permanent(exc))
            log.warning("daily post to %s failed (%s): %s", ref.id, "dropped" if dropped else "will retry",
                        exc.response.get("error"))
            continue
        except Exception as exc:  # a dropped connection after the client's own retries, or a bug: retried
            # with backoff and dropped in the end, so one bad post cannot hold up the others for ever
            dropped = await coach.community.unsent(post)
            log.warning("daily post to %s failed (%s): %r", ref.id, "dropped" if dropped else "will retry", exc,
                        exc_info=not isinstance(exc, (aiohttp.ClientError, asyncio.TimeoutError, OSError)))
            continue
        await coach.community.sent(post)  # first: whatever fails below, the post is out and must not go again
        posted += 1
        if isinstance(reply, r.DailyQuestionReply):
            try:
                await community.attach_thread(ref, reply.date, resp["ts"])
            except Exception:  # noqa: BLE001 - answers there go ungraded; posting it again would not help
                log.exception("could not attach the daily's thread in %s", ref.id)
    return posted


def _permanent(exc: SlackApiError) -> bool:
    """Whether trying later cannot help. A 429 or 5xx reaches here only after the client's own retries
    (app.web_client), so Slack is having a bad few minutes: the outbox tries again later."""
    status = getattr(exc.response, "status_code", 200)
    return not (status == 429 or status >= 500 or exc.response.get("error") in SLACK_TROUBLE)


async def daily_loop(client, coach, interval: float = INTERVAL_SECONDS) -> None:
    """Run `post_due` forever; replicas may all run it, the community's leases post once."""
    while True:
        try:
            await post_due(client, coach)
        except Exception:  # a store hiccup must not end the loop for the rest of the day
            log.exception("daily loop round failed")
        await asyncio.sleep(interval)
