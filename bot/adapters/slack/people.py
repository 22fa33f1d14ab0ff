"""What Slack says about a person: a name for the boards, and admin rights for channel settings."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Person:
    name: str = ""
    is_admin: bool = False


async def names_of(client, users: list[str]) -> dict[str, str]:
    """The names of the people an answer mentions, so it is quoted back with names, not user ids;
    one users.info each (an answer rarely mentions anyone); whoever cannot be looked up is left out."""
    people = await asyncio.gather(*(look_up(client, user) for user in users))
    return {user: person.name for user, person in zip(users, people) if person.name}


async def look_up(client, user: str) -> Person:
    """users.info, read kindly: an API failure means "no rights, no name", never a crash."""
    try:
        resp = await client.users_info(user=user)
    except SlackApiError as exc:
        log.warning("users.info failed: %s", exc.response.get("error"))
        return Person()
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:  # after the client's retries
        log.warning("users.info failed: %r", exc)
        return Person()
    info = resp.get("user") or {}
    profile = info.get("profile") or {}
    name = profile.get("display_name") or profile.get("real_name") or info.get("real_name") or info.get("name", "")
    admin = any(info.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner"))
    return Person(name=name, is_admin=admin)
