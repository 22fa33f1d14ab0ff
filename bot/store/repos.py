"""Every per-user store on one Redis client: what bootstrap builds and the engine receives."""
from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis
from fsrs import Scheduler

from bot.settings import Settings
from bot.store.claims import Claims
from bot.store.forget import Forgetter
from bot.store.history import HistoryStore
from bot.store.journal import Journal
from bot.store.keys import Keys
from bot.store.prefs import Prefs
from bot.store.review import ReviewStore
from bot.store.sessions import SessionStore


@dataclass
class Store:
    keys: Keys
    sessions: SessionStore
    claims: Claims
    journal: Journal
    history: HistoryStore
    reviews: ReviewStore
    prefs: Prefs
    forgetter: Forgetter

    @classmethod
    def build(
        cls,
        redis: aioredis.Redis,
        settings: Settings,
        keys: Keys | None = None,
        scheduler: Scheduler | None = None,
    ) -> Store:
        keys = keys or Keys()
        return cls(
            keys=keys,
            sessions=SessionStore(redis, keys, settings.session_ttl_seconds, scheduler),
            claims=Claims(redis, keys),
            journal=Journal(redis, keys),
            history=HistoryStore(redis, keys),
            reviews=ReviewStore(redis, keys),
            prefs=Prefs(redis, keys),
            forgetter=Forgetter(redis, keys),
        )
