"""One interview session per conversation, and turns that change it atomically.

A turn is: load the session, let the engine's step decide (grading may take
seconds), then commit the new session together with everything the turn
learned (history, mastery, review schedule, journal) in one MULTI/EXEC.

Two guards keep concurrent messages of one conversation from grading the same
state twice or losing an answer:
- a per-conversation Redis lock serialises turns, so the second message waits
  and then sees the session the first one wrote. It is a polling lock, not
  first come, first served: the order messages take effect in comes from the
  journal (bot.service.interview_turns), not from who gets the lock first;
- the commit WATCHes the session and checks it is byte-for-byte what the step
  saw (each write carries a fresh revision, so an equal-looking rewrite still
  differs). If the lock expired and another turn wrote meanwhile, nothing is
  written and the step runs again on the new session.
"""
from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import redis.asyncio as aioredis
from fsrs import Scheduler
from redis.exceptions import LockError, WatchError

from bot.engine.events import ConversationKey
from bot.store import history, review
from bot.store.errors import TurnBusy, TurnConflict, guarded
from bot.store.history import GradedAnswer
from bot.store.keys import Keys

R = TypeVar("R")

LOCK_SECONDS = 120.0  # a turn holding the lock longer than this is presumed dead
WAIT_SECONDS = 60.0  # how long a second message waits for the first to finish
STEP_ATTEMPTS = 3  # step re-runs after a lost lock before giving up
COMMIT_ATTEMPTS = 10  # commit retries when another conversation of the user wrote mastery/cards


@dataclass
class TurnWrites:
    """What a turn adds besides the session; committed with it or not at all."""

    answers: list[GradedAnswer] = field(default_factory=list)  # -> history, mastery, review schedule
    journal_done: list[str] = field(default_factory=list)  # journal entry ids now graded
    prefs: Mapping[str, str] = field(default_factory=dict)  # preference fields to set


Step = Callable[[dict[str, Any] | None], Awaitable[tuple[dict[str, Any] | None, TurnWrites, R]]]


def _encode(session: dict[str, Any]) -> str:
    try:
        return json.dumps({"rev": uuid.uuid4().hex, "data": session}, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the session must be JSON-serialisable: {exc}") from exc


def _decode(raw: str | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw)["data"]
    except (ValueError, KeyError, TypeError):
        return None  # unreadable (an old format): start afresh rather than crash the chat
    return data if isinstance(data, dict) else None


class SessionStore:
    def __init__(
        self,
        redis: aioredis.Redis,
        keys: Keys,
        ttl_seconds: int,
        scheduler: Scheduler | None = None,
        lock_seconds: float = LOCK_SECONDS,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl_seconds = ttl_seconds
        self.scheduler = scheduler or Scheduler()
        self.lock_seconds = lock_seconds
        self.wait_seconds = wait_seconds

    @guarded
    async def get(self, key: ConversationKey) -> dict[str, Any] | None:
        return _decode(await self.redis.get(self.keys.session(key)))

    @guarded
    async def put(self, key: ConversationKey, session: dict[str, Any]) -> None:
        """Write outside a turn (e.g. an admin reset); turns should use run_turn."""
        await self.redis.set(self.keys.session(key), _encode(session), ex=self.ttl_seconds)

    @guarded
    async def delete(self, key: ConversationKey) -> None:
        await self.redis.delete(self.keys.session(key))

    @guarded
    async def ttl(self, key: ConversationKey) -> int:
        """Seconds until the session expires; -2 when there is none."""
        return int(await self.redis.ttl(self.keys.session(key)))

    @guarded
    async def run_turn(self, key: ConversationKey, step: Step[R]) -> R:
        """Run `step` on the conversation's session and commit what it returns, atomically.

        Raises TurnBusy when a previous turn of this conversation still runs
        after wait_seconds, TurnConflict when the session kept changing, and
        StoreUnavailable when Redis is unreachable. If `step` raises, nothing
        is written.
        """
        lock = self.redis.lock(
            self.keys.turn_lock(key),
            timeout=self.lock_seconds,
            blocking_timeout=self.wait_seconds,
            thread_local=False,
        )
        if not await lock.acquire():
            raise TurnBusy("the previous message of this conversation is still being handled")
        try:
            for _ in range(STEP_ATTEMPTS):
                seen = await self.redis.get(self.keys.session(key))
                outcome = await step(_decode(seen))
                if not (isinstance(outcome, tuple) and len(outcome) == 3):
                    raise TypeError("step must return (new_session, TurnWrites, result)")
                new_session, writes, result = outcome
                if new_session is not None and not isinstance(new_session, dict):
                    raise TypeError("the new session must be a dict, or None to end it")
                if await self._commit(key, seen, new_session, writes or TurnWrites()):
                    return result
            raise TurnConflict("the session changed under every attempt; nothing was written")
        finally:
            try:
                await lock.release()
            except LockError:
                pass  # it expired mid-turn; the WATCHed commit already kept the data safe

    async def _commit(
        self, key: ConversationKey, seen: str | None, new_session: dict[str, Any] | None, writes: TurnWrites
    ) -> bool:
        """False when the session is no longer what the step saw."""
        user = key.user
        skey = self.keys.session(key)
        payload = _encode(new_session) if new_session is not None else None
        async with self.redis.pipeline(transaction=True) as pipe:
            for attempt in range(COMMIT_ATTEMPTS):
                try:
                    await pipe.watch(skey, self.keys.mastery(user), self.keys.cards(user))
                    if await pipe.get(skey) != seen:
                        await pipe.reset()
                        return False
                    mastery = await history.read_mastery(
                        pipe, self.keys.mastery(user), (a.topic for a in writes.answers)
                    )
                    cards = await review.read_cards(
                        pipe, self.keys.cards(user), (a.question_id for a in writes.answers)
                    )
                    pipe.multi()
                    if payload is None:
                        pipe.delete(skey)
                    else:
                        pipe.set(skey, payload, ex=self.ttl_seconds)
                    history.queue_answers(pipe, self.keys, user, writes.answers, mastery)
                    review.queue_reviews(pipe, self.keys, user, writes.answers, cards, self.scheduler)
                    if writes.journal_done:
                        pipe.xdel(self.keys.journal(user), *writes.journal_done)
                    if writes.prefs:
                        pipe.hset(self.keys.prefs(user), mapping=dict(writes.prefs))
                    await pipe.execute()
                    return True
                except WatchError:
                    # mastery or cards changed (another conversation of this user): back off
                    # a random while so the contenders stop colliding, then recompute
                    await asyncio.sleep(random.uniform(0, 0.005 * 2**attempt))
        raise TurnConflict("could not commit the turn: the user's scores kept changing")
