"""Forget one person everywhere the community features keep them.

Their own keys contain ``{user.id}`` and are deleted; shared sorted sets
(boards, archives, daily scores and points) and sets (group members) hold
their id as a member and lose it. One SCAN over the prefix finds both.
"""
from __future__ import annotations

from bot.community.keys import Keys
from bot.engine.events import UserRef


OWN_KINDS = {"days": "streak", "weeks": "streak", "groups": "study groups", "name": "display name",
             "tz": "time zone"}


def friendly(key: str, keys: Keys) -> str:
    """What a key deleted or edited held, in words a person reads ("leaderboard points")."""
    rest = key[len(keys.prefix):]
    if rest.startswith("user:"):
        return OWN_KINDS.get(rest.rsplit(":", 1)[-1], "daily-question data")
    if rest.startswith("board:"):
        return "leaderboard points"
    if rest.startswith("daily:"):
        return "daily answers"
    if rest.startswith("group:"):
        return "study groups"
    return "daily-question data"


async def forget_user(redis, keys: Keys, user: UserRef) -> list[str]:
    """The keys deleted or edited, so the caller can report what was removed."""
    touched: list[str] = []
    own_marker = "{" + user.id + "}"
    async for raw in redis.scan_iter(match=_glob_escape(keys.prefix) + "*", count=500):
        key = raw.decode() if isinstance(raw, bytes) else raw
        if own_marker in key:
            if await redis.delete(key):
                touched.append(key)
            continue
        kind = await redis.type(key)
        kind = kind.decode() if isinstance(kind, bytes) else kind
        if kind == "zset" and await redis.zrem(key, user.id):
            touched.append(key)
        elif kind == "set" and await redis.srem(key, user.id):
            touched.append(key)
    return sorted(touched)


def _glob_escape(text: str) -> str:
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)
