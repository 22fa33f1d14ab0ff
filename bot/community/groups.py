"""Study groups: every channel is one by default; named groups are made by anyone.

A channel group's id comes from platform, workspace and channel, so it needs
no creating: whoever scores in a channel's daily is on its board. A named
group lives in one workspace of one platform; anyone there may create, join
or leave it. Points go to every group the person belongs to from when they
join: a group's boards rank what its members earned as members, so joining
brings no earlier points (they stay on the channel boards where they were
earned, and the join reply says so). Leaving a group takes the person off its
boards (rejoining starts from nothing). When the last member leaves a named
group, the group and its boards are deleted and its name is free again.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from redis.exceptions import WatchError

from bot.community.keys import Keys
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.engine.events import UserRef

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    kind: str  # "channel" | "named"
    removed: bool = False  # set on the result of a leave that emptied (and so deleted) the group
    already: bool = False  # set on the result of a join by someone who was a member already

    def stored(self) -> str:
        return json.dumps({"id": self.id, "name": self.name, "kind": self.kind})


def _not_a_name(name: str) -> Refusal:
    return Refusal(f"`{safe_text(name, 40)}` can't be a group name; use 2-32 letters, digits or dashes.")


def channel_group_id(channel: ChannelRef) -> str:
    return f"{channel.platform}:{channel.workspace}:channel:{channel.channel}"


def named_group_id(user: UserRef, name: str) -> str:
    return f"{user.platform}:{user.workspace}:group:{name}"


def group_name(text: str) -> str:
    return "-".join(text.strip().lower().split())


class Groups:
    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    def channel_group(self, channel: ChannelRef) -> Group:
        return Group(channel_group_id(channel), f"#{channel.channel}", "channel")

    async def create(self, user: UserRef, name: str) -> Group | Refusal:
        slug = group_name(name)
        if not _NAME.match(slug):
            return _not_a_name(name)
        group = Group(named_group_id(user, slug), slug, "named")
        created = await self._redis.set(self._keys.group(group.id), group.stored(), nx=True)
        if not created:
            return Refusal(f"A group called `{slug}` already exists here; join it with its name.")
        await self._redis.sadd(self._keys.groups(), group.id)
        await self.add_member(group.id, user)
        return group

    async def by_id(self, group_id: str) -> Group | None:
        raw = await self._redis.get(self._keys.group(group_id))
        return Group(**json.loads(raw)) if raw else None

    async def find(self, user: UserRef, name: str) -> Group | None:
        raw = await self._redis.get(self._keys.group(named_group_id(user, group_name(name))))
        return Group(**json.loads(raw)) if raw else None

    async def join(self, user: UserRef, name: str) -> Group | Refusal:
        if not _NAME.match(group_name(name)):  # no group can be called that: say why, not "no such group"
            return _not_a_name(name)
        group = await self.find(user, name)
        if group is None:
            return Refusal(f"There is no group called `{safe_text(group_name(name), 40)}` here; create it first.")
        joined = await self.add_member(group.id, user)
        return group if joined else replace(group, already=True)

    async def leave(self, user: UserRef, name: str) -> Group | Refusal:
        if not _NAME.match(group_name(name)):
            return _not_a_name(name)
        group = await self.find(user, name)
        if group is None or not await self._redis.sismember(self._keys.members(group.id), user.id):
            return Refusal(f"You are not in a group called `{safe_text(group_name(name), 40)}`.")
        boards = [k async for k in self._redis.scan_iter(match=self._keys.boards_pattern(group.id))]
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.srem(self._keys.members(group.id), user.id)
            pipe.srem(self._keys.user(user, "groups"), group.id)
            for board in boards:  # off its boards too: they rank the group's members
                pipe.zrem(board, user.id)
            await pipe.execute()
        return replace(group, removed=True) if await self._delete_if_empty(group) else group

    async def _delete_if_empty(self, group: Group) -> bool:
        """Delete a named group nobody is in, with its boards; False if someone joined meanwhile."""
        members = self._keys.members(group.id)
        boards = [k async for k in self._redis.scan_iter(match=self._keys.boards_pattern(group.id))]
        async with self._redis.pipeline(transaction=True) as pipe:
            try:
                await pipe.watch(members)
                if await pipe.scard(members):
                    return False
                pipe.multi()
                pipe.delete(self._keys.group(group.id), members, *boards)
                pipe.srem(self._keys.groups(), group.id)
                await pipe.execute()
            except WatchError:  # someone joined between the check and the delete: keep it
                return False
        return True

    async def add_member(self, group_id: str, user: UserRef) -> bool:
        """Add the person; False if they were a member already."""
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.sadd(self._keys.groups(), group_id)
            pipe.sadd(self._keys.members(group_id), user.id)
            pipe.sadd(self._keys.user(user, "groups"), group_id)
            added = await pipe.execute()
        return bool(added[1])

    async def named_groups_of(self, user: UserRef) -> list[str]:
        return [i for i in await self._groups_of(user) if ":group:" in i]

    async def channel_groups_of(self, user: UserRef) -> list[str]:
        """The channels whose dailies the person has answered, as group ids."""
        return [i for i in await self._groups_of(user) if ":channel:" in i]

    async def _groups_of(self, user: UserRef) -> list[str]:
        raw = await self._redis.smembers(self._keys.user(user, "groups"))
        return sorted(m.decode() if isinstance(m, bytes) else m for m in raw)

    async def all_ids(self) -> list[str]:
        return sorted(m.decode() if isinstance(m, bytes) else m for m in await self._redis.smembers(self._keys.groups()))
