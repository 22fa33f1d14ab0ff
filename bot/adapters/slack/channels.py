"""What Slack says about a channel: whether the bot is in it (and so can post the daily there), and whether
it is a group DM, where no daily belongs."""
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


async def is_group_dm(client, channel: str) -> bool:
    """Whether a G... conversation is a group DM (mpim) rather than a private channel of the old kind, which
    has a G id too: conversations.info's is_mpim, or, for an app without mpim:read, Slack naming that scope
    as the one it lacks (groups:read answers for a private channel). False when Slack does not say."""
    if not channel.startswith("G"):
        return False
    try:
        resp = await client.conversations_info(channel=channel)
    except SlackApiError as exc:
        return exc.response.get("error") == "missing_scope" and "mpim:read" in str(exc.response.get("needed"))
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        log.warning("conversations.info failed: %r", exc)
        return False
    return (resp.get("channel") or {}).get("is_mpim") is True
