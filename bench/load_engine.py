"""Load on the real engine against real Redis: N simulated users, one process and then several.

Each user starts an interview, answers (good, partial, empty, off-topic),
asks a hint, skips, answers again, ends it, and answers the channel's daily
question in its thread. About 1 in 10 answers is delivered twice (a platform
retry). Prints turns per second, p50/p95/p99 turn latency, peak memory per
process, and lost or duplicated answers, which must be 0: every answer sent
once gets a reply that is not an error, every redelivery gets none, and each
user's history holds exactly the questions its summary listed.
Also prints one warm engine turn's p50/p95 (issue 5's figure; bench/engine_turn.py alone).

    .venv/bin/python bench/load_engine.py [--users 500] [--processes 3] [--concurrency 20]

Redis: REDIS_URL, else 127.0.0.1:6379; every key goes under a random namespace
that is deleted at the end. Loopback only, bounded loops only.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_turn import percentile, warm_turn  # noqa: E402

ANSWERS = [
    "I would tell the model to answer only from the retrieved passages, cite the passage it used, and say "
    "it does not know when the passages do not contain the answer.",
    "Use the documents.",
    "",
    "Tokenizers split text into subword units; byte pair encoding merges frequent pairs.",
    "I don't know",
    "Attention weighs every token against the others with softmax over query-key similarities, scaled by the "
    "square root of the dimension, so the model can mix information from the whole context.",
]


class Clock:
    """The community's clock: fixed at 09:01 UTC today, when the daily question is due."""

    def __init__(self):
        self._now = datetime.now(timezone.utc).replace(hour=9, minute=1, second=0, microsecond=0)

    def __call__(self) -> float:
        return self._now.timestamp()

    def now(self) -> datetime:
        return self._now


async def run_users(worker: int, users: range, redis_url: str, namespace: str, data_dir: str,
                    concurrency: int) -> dict:
    from bot.bootstrap import Services, start_runtime
    from bot.engine import replies as r
    from bot.engine.events import ConversationKey, Event, EventKind, UserRef
    from bot.settings import Settings
    from bot.store.keys import Keys

    services = Services(Settings(_env_file=None, redis_url=redis_url, data_dir=Path(data_dir), llm_provider="none"))
    runtime = await start_runtime(services, community_clock=Clock(), store_keys=Keys(namespace=namespace),
                                  community_prefix=f"{namespace}-community:")
    coach = runtime.coach
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    counts = {"answers": 0, "graded": 0, "redelivered": 0, "redelivery_replied": 0, "errors": 0,
              "history_mismatch": 0, "unanswered": 0, "daily_answers": 0, "daily_graded": 0}
    channel = f"C-load-{worker}"

    async def turn(event) -> list:
        start = time.perf_counter()
        replies = await coach.handle(event)
        latencies.append(time.perf_counter() - start)
        kind = "daily answer" if event.thread else (event.name or "answer")
        by_kind.setdefault(kind, []).append(latencies[-1])
        counts["errors"] += sum(isinstance(x, r.Notice) and x.tone == "error" for x in replies)
        return replies

    async def answer(event) -> list:
        counts["answers"] += 1
        replies = await turn(event)
        counts["graded"] += sum(isinstance(x, r.FeedbackReply) for x in replies)
        # lost: the first delivery got nothing back, or was refused
        counts["unanswered"] += not replies or any(isinstance(x, r.Notice) and x.tone == "error" for x in replies)
        if random.random() < 0.1:  # the platform delivers it again
            counts["redelivered"] += 1
            counts["redelivery_replied"] += bool(await turn(event))
        return replies

    # the daily question: an admin sets it up, the scheduler posts it, the adapter attaches its thread
    admin = ConversationKey(UserRef("slack", "W-load", f"admin-{worker}"), channel)
    await turn(Event(admin, EventKind.command, name="daily", text="set time=09:00 tz=UTC", is_admin=True,
                     message_id=f"{worker}-daily-set"))
    thread = f"{worker}.thread"
    for ref, reply in await coach.community.due("slack"):
        if isinstance(reply, r.DailyQuestionReply) and ref.channel == channel:
            await coach.deps.community.attach_thread(ref, reply.date, thread)

    async def one_user(u: int) -> None:
        rng = random.Random(u)
        key = ConversationKey(UserRef("slack", "W-load", f"user-{u}"), f"D-{u}")
        mid = iter(range(100))

        def ev(kind, **kw):
            return Event(key, kind, message_id=f"{u}-{next(mid)}", **kw)

        await turn(ev(EventKind.command, name="start", args={"track": rng.choice(
            ["llm-engineer", "nlp-engineer", "ai-engineer", "mixed"]), "length": "3"}))
        await answer(ev(EventKind.text, text=rng.choice(ANSWERS) or "no idea"))
        await turn(ev(EventKind.button, name="hint"))
        await turn(ev(EventKind.button, name="skip"))
        await answer(ev(EventKind.text, text=rng.choice(ANSWERS) or "pass"))
        summary = [x for x in await turn(ev(EventKind.button, name="end")) if isinstance(x, r.SummaryReply)]
        finished = len(summary[0].questions) if summary else 0
        history = await coach.deps.store.history.history(key.user, 100)
        counts["history_mismatch"] += len(history) != finished
        daily_key = ConversationKey(key.user, channel)
        counts["daily_answers"] += 1
        replies = await answer(Event(daily_key, EventKind.text, text=rng.choice(ANSWERS) or "hmm",
                                     thread=thread, message_id=f"{u}-daily"))
        counts["daily_graded"] += sum(isinstance(x, r.FeedbackReply) for x in replies)

    gate = asyncio.Semaphore(concurrency)

    async def bounded(u: int) -> None:
        async with gate:
            await one_user(u)

    # warm: one turn of each kind before the clock starts (model, caches, connections)
    await one_user(-1 - worker)
    latencies.clear()
    by_kind.clear()
    counts.update({k: 0 for k in counts})
    started = time.perf_counter()
    await asyncio.gather(*(bounded(u) for u in users))
    elapsed = time.perf_counter() - started
    await runtime.close()
    return {"latencies": latencies, "by_kind": by_kind, "elapsed": elapsed, "counts": counts,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _worker(args: tuple) -> dict:
    return asyncio.run(run_users(*args))


def report(title: str, results: list[dict], wall: float) -> bool:
    lat = [x for res in results for x in res["latencies"]]
    counts = {k: sum(res["counts"][k] for res in results) for k in results[0]["counts"]}
    lost = counts["unanswered"] + counts["history_mismatch"]
    dup = counts["redelivery_replied"]
    print(f"\n== {title} ==")
    print(f"turns: {len(lat)} in {wall:.1f} s -> {len(lat) / wall:.1f} turns/s")
    print(f"turn latency: p50 {percentile(lat, 50) * 1000:.1f} ms, p95 {percentile(lat, 95) * 1000:.1f} ms, "
          f"p99 {percentile(lat, 99) * 1000:.1f} ms")
    kinds: dict[str, list[float]] = {}
    for res in results:
        for kind, values in res["by_kind"].items():
            kinds.setdefault(kind, []).extend(values)
    print("  p95 by turn: " + ", ".join(f"{k} {percentile(v, 95) * 1000:.0f} ms" for k, v in sorted(kinds.items())))
    print("peak memory per process: " + ", ".join(f"{res['peak_mb']:.0f} MB" for res in results))
    print(f"answers sent {counts['answers']} (daily {counts['daily_answers']}), graded {counts['graded']} (the rest: "
          f"kind notices for empty/non-answers), "
          f"redeliveries {counts['redelivered']}, error replies {counts['errors']}")
    print(f"lost answers: {lost}   duplicated answers: {dup}   "
          f"(history != summary for {counts['history_mismatch']} users)")
    return lost == 0 and dup == 0 and counts["errors"] == 0


async def cleanup(redis_url: str, namespace: str) -> int:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url)
    keys = [k async for k in client.scan_iter(match=f"{namespace}*", count=1000)]
    for i in range(0, len(keys), 1000):
        await client.delete(*keys[i:i + 1000])
    await client.aclose()
    return len(keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=20,
                        help="users in flight per process (the Redis pool holds 100 connections and one "
                             "turn can hold several: 50 users in flight exhausted it)")
    parser.add_argument("--torch-threads", type=int, default=1,
                        help="BLAS threads per process (1: grading runs in worker threads already)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["OMP_NUM_THREADS"] = str(args.torch_threads)  # inherited by the worker processes
    import torch

    torch.set_num_threads(args.torch_threads)
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    namespace = f"bench-load-{uuid.uuid4().hex[:10]}"
    data_dir = tempfile.mkdtemp(prefix="coach-load-")
    ok = True
    try:
        p50, p95 = asyncio.run(warm_turn(redis_url, f"{namespace}-warm", data_dir))
        print(f"issue 5: one graded engine turn in a warm process, p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")

        start = time.perf_counter()
        one = _worker((0, range(args.users), redis_url, f"{namespace}-p1", data_dir, args.concurrency))
        ok &= report(f"1 process, {args.users} users", [one], time.perf_counter() - start)

        n = args.processes
        slices = [range(i, args.users, n) for i in range(n)]
        ctx = mp.get_context("spawn")  # a fresh interpreter each, as separate pods would be
        with ctx.Pool(n) as pool:
            start = time.perf_counter()
            results = pool.map(_worker, [(i + 1, slices[i], redis_url, f"{namespace}-p{n}", data_dir,
                                          args.concurrency) for i in range(n)])
            wall = max(res["elapsed"] for res in results)
        ok &= report(f"{n} processes sharing Redis, {args.users} users", results, wall)
    finally:
        removed = asyncio.run(cleanup(redis_url, namespace))
        print(f"\ncleaned up {removed} keys under {namespace}*")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
