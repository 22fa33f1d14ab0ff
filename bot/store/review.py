"""Spaced repetition: when should each question come back?

The grader's score stands in for the learner's self-rating (people rate
themselves generously; the grader is consistent). Each question is an FSRS
card, kept as JSON in a hash per user, with its due time in a sorted set so
"what is due now" is one range query.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import datetime, timezone
import redis.asyncio as aioredis
from fsrs import Card, Rating, Scheduler
from redis.asyncio.client import Pipeline

from bot.engine.events import UserRef
from bot.store.errors import guarded
from bot.store.history import GradedAnswer, HistoryStore
from bot.store.keys import Keys

WEAK_BELOW = 6.0  # a topic whose moving average is under this needs practice


def rating_for(score: float) -> Rating:
    """Map a 0-10 grade to an FSRS rating."""
    if score < 3:
        return Rating.Again
    if score < 5.5:
        return Rating.Hard
    if score < 8:
        return Rating.Good
    return Rating.Easy


def _utc(moment: datetime) -> datetime:
    # fsrs insists on tzinfo == timezone.utc, not merely an aware datetime
    return moment.astimezone(timezone.utc)


def new_card(question_id: str, now: datetime) -> Card:
    # a stable id from the question id: fsrs' default sleeps 1 ms to make one from the clock
    return Card(card_id=zlib.crc32(question_id.encode()), due=_utc(now))


def review(scheduler: Scheduler, card: Card | None, question_id: str, score: float, at: datetime) -> Card:
    """The question's card after one graded answer."""
    card = card or new_card(question_id, at)
    updated, _log = scheduler.review_card(card, rating_for(score), review_datetime=_utc(at))
    return updated


async def read_cards(pipe: Pipeline, key: str, question_ids: Iterable[str]) -> dict[str, Card]:
    """Current cards of the given questions, read inside a WATCHed pipeline."""
    wanted = sorted(set(question_ids))
    if not wanted:
        return {}
    values = await pipe.hmget(key, wanted)
    return {q: Card.from_json(v) for q, v in zip(wanted, values) if v is not None}


def queue_reviews(
    pipe: Pipeline,
    keys: Keys,
    user: UserRef,
    answers: list[GradedAnswer],
    cards: dict[str, Card],
    scheduler: Scheduler,
) -> None:
    """Queue card and due-time updates into a MULTI block."""
    if not answers:
        return
    updated = dict(cards)
    for answer in answers:
        qid = answer.question_id
        updated[qid] = review(scheduler, updated.get(qid), qid, answer.score, answer.at)
    changed = sorted({a.question_id for a in answers})
    pipe.hset(keys.cards(user), mapping={q: updated[q].to_json() for q in changed})
    pipe.zadd(keys.due(user), {q: updated[q].due.timestamp() for q in changed})


class ReviewStore:
    def __init__(self, redis: aioredis.Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    @guarded
    async def due_questions(self, user: UserRef, now: datetime | None = None, limit: int = 20) -> list[str]:
        """Question ids whose review is due at `now`, most overdue first."""
        moment = (now or datetime.now(timezone.utc)).timestamp()
        return list(await self.redis.zrangebyscore(self.keys.due(user), "-inf", moment, start=0, num=limit))

    @guarded
    async def card(self, user: UserRef, question_id: str) -> Card | None:
        raw = await self.redis.hget(self.keys.cards(user), question_id)
        return Card.from_json(raw) if raw is not None else None

    @guarded
    async def weak_topics(self, user: UserRef, limit: int = 3, below: float = WEAK_BELOW) -> list[str]:
        """Topics with the lowest moving-average score under `below`, weakest first."""
        mastery = await HistoryStore(self.redis, self.keys).mastery(user)
        weak = sorted((m.score, t) for t, m in mastery.items() if m.score < below)
        return [t for _score, t in weak[:limit]]
