"""The Prometheus metrics, and wrappers that feed them without touching the engine.

The metrics live in their own registry (not prometheus_client's global one) so
tests and benches can build several coaches in one process without "duplicated
timeseries" errors, and /metrics shows only what the coach owns.

`MeteredCoach` wraps `Coach.handle`; `instrument(services)` wraps the grader and
the knowledge index. The engine stays unaware that it is being measured.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram

from bot.engine import replies as r
from bot.grading.judge import FALLBACK_NOTE

REGISTRY = CollectorRegistry(auto_describe=True)

# engine turns are tens of milliseconds; an LLM judge can take seconds
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

MESSAGES = Counter("coach_messages_total", "Events handled, by platform and outcome "
                   "(ok, duplicate, error)", ["platform", "outcome"], registry=REGISTRY)
GRADES = Histogram("coach_grade_score", "Scores given to answers (0-10)", ["platform"],
                   buckets=(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), registry=REGISTRY)
LATENCY = Histogram("coach_stage_seconds", "Time spent per stage: turn (one event), grade, retrieval",
                    ["stage"], buckets=LATENCY_BUCKETS, registry=REGISTRY)
ERRORS = Counter("coach_errors_total", "Error replies and exceptions, by platform and kind",
                 ["platform", "kind"], registry=REGISTRY)
LLM_FALLBACKS = Counter("coach_llm_fallbacks_total", "Answers graded offline because the LLM judge failed",
                        registry=REGISTRY)
SCHEDULED = Counter("coach_scheduled_posts_total", "Daily questions, recaps and weekly boards sent, left for a "
                    "retry, or dropped", ["platform", "outcome"], registry=REGISTRY)


@contextmanager
def timed(stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        LATENCY.labels(stage=stage).observe(time.perf_counter() - start)


def observe_turn(platform: str, seconds: float, outcome: str) -> None:
    """One line for code that does not go through MeteredCoach (e.g. a custom adapter loop)."""
    MESSAGES.labels(platform=platform, outcome=outcome).inc()
    LATENCY.labels(stage="turn").observe(seconds)


def observe_replies(platform: str, replies: list[r.Reply]) -> str:
    """Count grades, fallbacks and error notices in a turn's replies; return the turn's outcome."""
    outcome = "ok"
    for reply in replies:
        if isinstance(reply, r.FeedbackReply):
            GRADES.labels(platform=platform).observe(reply.feedback.score)
            if FALLBACK_NOTE in reply.feedback.notes:
                LLM_FALLBACKS.inc()
        elif isinstance(reply, r.Notice) and reply.tone == "error":
            ERRORS.labels(platform=platform, kind="error_reply").inc()
            outcome = "error"
    return outcome


class MeteredCoach:
    """A Coach with the same `handle`, measured. Everything else is the wrapped coach's."""

    def __init__(self, coach: Any):
        self._coach = coach
        community = getattr(coach, "community", None)
        self.community = MeteredCommunity(community) if community is not None else None

    async def handle(self, event) -> list[r.Reply]:
        platform = event.key.user.platform
        start = time.perf_counter()
        try:
            replies = await self._coach.handle(event)
        except BaseException:
            # Coach.handle promises not to raise; if it ever does, the adapter sees it, and so do we
            ERRORS.labels(platform=platform, kind="exception").inc()
            observe_turn(platform, time.perf_counter() - start, "error")
            raise
        outcome = observe_replies(platform, replies)
        if not replies and event.message_id:
            outcome = "duplicate"  # a redelivery: handled once already
        observe_turn(platform, time.perf_counter() - start, outcome)
        return replies

    def __getattr__(self, name: str) -> Any:
        return getattr(self._coach, name)


class _Proxy:
    def __init__(self, inner: Any):
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class MeteredCommunity(_Proxy):
    """The community commands with the fate of each scheduled post counted (sent, retry, dropped)."""

    async def sent(self, post) -> None:
        await self._inner.sent(post)
        SCHEDULED.labels(platform=post.channel.platform, outcome="sent").inc()

    async def unsent(self, post, permanent: bool = False) -> bool:
        dropped = await self._inner.unsent(post, permanent)
        SCHEDULED.labels(platform=post.channel.platform, outcome="dropped" if dropped else "retry").inc()
        return dropped


class MeteredGrading(_Proxy):
    """The engine's grading port with `grade` timed (the engine calls it from a worker thread)."""

    def grade(self, *args, **kwargs):
        with timed("grade"):
            return self._inner.grade(*args, **kwargs)


class MeteredIndex(_Proxy):
    def search(self, *args, **kwargs):
        with timed("retrieval"):
            return self._inner.search(*args, **kwargs)


def instrument(services: Any) -> Any:
    """Measure grading and retrieval of a bootstrap.Services; call before start_runtime. Idempotent."""
    d = services.__dict__
    if not isinstance(d.get("index"), MeteredIndex):
        # Services.retrieve_passages looks `self.index` up on each call, so a grader built
        # earlier still goes through the metered index
        d["index"] = MeteredIndex(services.index)
    if not isinstance(d.get("grading"), MeteredGrading):
        d["grading"] = MeteredGrading(services.grading)
    return services


def sample(name: str, labels: dict[str, str] | None = None) -> float:
    """A metric's current value (0 when never set): for tests and benches."""
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0

