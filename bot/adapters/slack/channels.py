"""What Slack says about a channel: whether the bot is in it (and so can post the daily there)."""
from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)
# a private channel or another people's DM the bot is not in is invisible to it
NOT_VISIBLE = {"channel_not_found"}


async def bot_is_member(client, channel: str) -> bool | None:
    """conversations.info (channels:read, groups:read): True or False, or None when Slack did not say
    (an app installed before those scopes were asked for gets missing_scope)."""
    try:
        resp = await client.conversations_info(channel=channel)
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error in NOT_VISIBLE:
            return False
        log.info("conversations.info failed: %s", error)
        return None
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        log.warning("conversations.info failed: %r", exc)
        return None
    member = (resp.get("channel") or {}).get("is_member")
    return member if isinstance(member, bool) else None
