"""One interview session per conversation, and turns that change it atomically.

A turn is: load the session, let the engine's step decide (grading may take
seconds), then commit the new session together with everything the turn
learned (history, mastery, review schedule, journal) in one MULTI/EXEC.

Two guards keep concurrent messages of one conversation from grading the same
state twice or losing an answer:
- a per-conversation Redis lock serialises turns, so the second message waits
  and then sees the session the first one wrote. It is a polling lock, not
  first come, first served: the order messages take effect in comes from the
  journal (bot.service.interview_turns), not from who gets the lock first.
  It is a short lease that the turn renews while it runs, so a turn that died
  (or could not tell Redis it ended, because Redis went away mid-turn) holds
  the conversation for seconds, not minutes; and this process releases such a
  lock itself before the conversation's next turn;
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
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError, WatchError

from bot.engine.events import ConversationKey
from bot.store import history, review
from bot.store.errors import TurnBusy, TurnConflict, guarded
from bot.store.history import GradedAnswer
from bot.store.keys import Keys

R = TypeVar("R")

LOCK_SECONDS = 15.0  # the lock's lease: renewed every third of it while the turn runs
MAX_TURN_SECONDS = 120.0  # a turn still running after this is presumed hung: its lease is no longer renewed
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
        # locks of turns that have ended but could not tell Redis so: lock name -> (lock, lease end)
        self._unreleased: dict[str, tuple[Lock, float]] = {}

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
        await self._release_unreleased(lock.name)
        if not await lock.acquire():
            raise TurnBusy("the previous message of this conversation is still being handled")
        renewing = asyncio.create_task(self._renew(lock))
        try:
            return await self._steps(key, step)
        finally:
            renewing.cancel()
            await asyncio.gather(renewing, return_exceptions=True)
            await self._release(lock)

    async def _steps(self, key: ConversationKey, step: Step[R]) -> R:
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

    async def _renew(self, lock: Lock) -> None:
        """Keep the lease while the turn runs (grading may take longer than it), up to MAX_TURN_SECONDS."""
        loop = asyncio.get_running_loop()
        until = loop.time() + MAX_TURN_SECONDS
        while loop.time() < until:
            await asyncio.sleep(self.lock_seconds / 3)
            try:
                await lock.extend(self.lock_seconds, replace_ttl=True)
            except LockError:
                return  # lost (it lapsed and another turn took it): the WATCHed commit keeps the data safe
            except RedisError:
                pass  # the store is away; the turn finds out for itself

    async def _release(self, lock: Lock) -> None:
        """Release the turn's lock. It never raises: the turn's result (or its own error) is what counts,
        and a release Redis did not hear of is tried again before this conversation's next turn."""
        try:
            await lock.release()
        except LockError:
            pass  # it lapsed mid-turn; the WATCHed commit already kept the data safe
        except RedisError:
            now = asyncio.get_running_loop().time()
            self._unreleased = {name: held for name, held in self._unreleased.items() if held[1] > now}
            self._unreleased[lock.name] = (lock, now + self.lock_seconds)

    async def _release_unreleased(self, name: str) -> None:
        """The lock of this conversation's last turn in this process, if that turn ended while Redis was
        away: it guards nothing now (the turn is over), so the next turn need not wait for its lease."""
        held = self._unreleased.pop(name, None)
        if held is None:
            return
        try:
            await held[0].release()
        except LockError:
            pass  # it lapsed already (and maybe another turn holds the conversation now: not ours to free)
        except RedisError:
            self._unreleased[name] = held  # still away: the acquire that follows says so

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
