"""One engine turn in a warm process: answer in, feedback and next question out, p50/p95.

Real Redis (REDIS_URL, else 127.0.0.1:6379), the real grader and engine. "Warm"
is what a bot is once its start-up warm-up has finished: the model loaded and
every bank rubric encoded. Answers are up to 150 words, one user at a time.

    .venv/bin/python bench/engine_turn.py [--turns 200]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


async def warm_turn(redis_url: str, namespace: str, data_dir: str, turns: int = 200) -> tuple[float, float]:
    """Issue 5: one graded engine turn in a warm process, one user at a time."""
    from bot.bootstrap import Services, start_runtime
    from bot.engine.events import ConversationKey, Event, EventKind, UserRef
    from bot.settings import Settings
    from bot.store.keys import Keys

    services = Services(Settings(_env_file=None, redis_url=redis_url, data_dir=Path(data_dir), llm_provider="none"))
    runtime = await start_runtime(services, store_keys=Keys(namespace=namespace),
                                  community_prefix=f"{namespace}-community:")
    # A warm process: the bots encode every bank rubric in the background at start (start_service).
    started = time.perf_counter()
    rubrics = await asyncio.to_thread(services.grading.warm, services.pack.questions)
    print(f"warm-up: {rubrics} bank rubrics encoded in {time.perf_counter() - started:.1f} s "
          f"(embedding backend: {services.embedder.backend})")
    key = ConversationKey(UserRef("console", "local", "warm"), "tty")
    # Answers of interview length: up to 150 words of bank model answers (each is graded in full,
    # relevant to the question or not, so each costs a real encode).
    answers = [" ".join(q.model_answer.split()[:150]) for q in services.pack.questions[:40]]
    times = []
    for i in range(turns):
        if i % 4 == 0:
            await runtime.coach.handle(Event(key, EventKind.command, name="start", args={"length": "8"}))
        start = time.perf_counter()
        await runtime.coach.handle(Event(key, EventKind.text, text=answers[i % len(answers)]))
        if i >= 10:  # the first few warm caches
            times.append(time.perf_counter() - start)
    await runtime.close()
    return percentile(times, 50), percentile(times, 95)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    namespace = f"bench-turn-{uuid.uuid4().hex[:10]}"
    p50, p95 = asyncio.run(warm_turn(redis_url, namespace, tempfile.mkdtemp(prefix="coach-turn-"), args.turns))
    print(f"one graded engine turn in a warm process: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
          f"({args.turns - 10} turns)")
    from load_engine import cleanup

    print(f"cleaned up {asyncio.run(cleanup(redis_url, namespace))} keys")


if __name__ == "__main__":
    main()
