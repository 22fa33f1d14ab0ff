"""Graded answers and per-topic mastery.

History is a capped list per user, newest first. Mastery is an exponential
moving average of the grader's scores per topic plus a count, so recent
answers weigh more than the first fumbling ones and a topic never seen has
no score at all (rather than a misleading zero).
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline

from bot.engine.events import UserRef
from bot.store.errors import guarded
from bot.store.keys import Keys

EMA_ALPHA = 0.3  # weight of the newest score; ~the last 5 answers dominate
HISTORY_CAP = 1000  # per user; older records fall off


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class GradedAnswer:
    """One graded answer, as the grader scored it (0-10)."""

    question_id: str
    topic: str
    score: float
    feedback: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=_now)

    def __post_init__(self) -> None:
        if not isinstance(self.score, (int, float)) or not math.isfinite(self.score):
            raise ValueError(f"score must be a number from 0 to 10, got {self.score!r}")
        if not 0 <= self.score <= 10:
            raise ValueError(f"score must be from 0 to 10, got {self.score}")
        if self.at.tzinfo is None:
            raise ValueError("at must be timezone-aware")

    def to_json(self) -> str:
        data = asdict(self)
        data["at"] = self.at.astimezone(timezone.utc).isoformat()
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> GradedAnswer:
        data = json.loads(text)
        data["at"] = datetime.fromisoformat(data["at"])
        return cls(**data)


class TopicMastery(NamedTuple):
    score: float  # moving average of 0-10 scores
    count: int  # graded answers on the topic


def next_mastery(old: TopicMastery | None, score: float) -> TopicMastery:
    if old is None:
        return TopicMastery(float(score), 1)
    return TopicMastery(old.score + EMA_ALPHA * (score - old.score), old.count + 1)


def _decode_mastery(raw: str | None) -> TopicMastery | None:
    if raw is None:
        return None
    data = json.loads(raw)
    return TopicMastery(float(data["score"]), int(data["count"]))


async def read_mastery(pipe: Pipeline, key: str, topics: Iterable[str]) -> dict[str, TopicMastery]:
    """Current mastery of the given topics, read inside a WATCHed pipeline."""
    wanted = sorted(set(topics))
    if not wanted:
        return {}
    values = await pipe.hmget(key, wanted)
    return {t: m for t, v in zip(wanted, values) if (m := _decode_mastery(v)) is not None}


def queue_answers(
    pipe: Pipeline, keys: Keys, user: UserRef, answers: list[GradedAnswer], mastery: dict[str, TopicMastery]
) -> None:
    """Queue history appends and mastery updates into a MULTI block."""
    if not answers:
        return
    updated = dict(mastery)
    for answer in answers:
        updated[answer.topic] = next_mastery(updated.get(answer.topic), answer.score)
    pipe.lpush(keys.history(user), *(a.to_json() for a in answers))
    pipe.ltrim(keys.history(user), 0, HISTORY_CAP - 1)
    changed = {a.topic for a in answers}
    pipe.hset(
        keys.mastery(user),
        mapping={t: json.dumps(updated[t]._asdict()) for t in sorted(changed)},
    )


class HistoryStore:
    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    @guarded
    async def history(self, user: UserRef, limit: int = 20) -> list[GradedAnswer]:
        """The user's graded answers, newest first."""
        if limit <= 0:
            return []
        raw = await self.redis.lrange(self.keys.history(user), 0, limit - 1)
        return [GradedAnswer.from_json(r) for r in raw]

    @guarded
    async def mastery(self, user: UserRef) -> dict[str, TopicMastery]:
        raw = await self.redis.hgetall(self.keys.mastery(user))
        return {t: m for t, v in sorted(raw.items()) if (m := _decode_mastery(v)) is not None}
