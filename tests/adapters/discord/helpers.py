"""Small shared steps for the Discord tests."""
from __future__ import annotations

from . import payloads as p


def is_followup(req) -> bool:
    return req.method == "POST" and req.path.startswith("/webhooks/")


def titled(prefix: str):
    return lambda req: any(t.startswith(prefix) for t in req.titles())


def bank_answer(services, question_text: str) -> str:
    """The pack's model answer for the question shown (so the grade has covered points)."""
    for q in services.pack.questions:
        if q.question.strip() in question_text:
            return q.model_answer
    raise AssertionError(f"question not in the pack: {question_text[:80]}")


def as_message(req, channel_id: int) -> dict:
    """The message Discord would hold for a recorded send (for a later button press on it)."""
    return p.message(channel_id, p.BOT_USER, req.data.get("content") or "", embeds=req.embeds(),
                     components=req.data.get("components"))


def assert_mention_safe(requests) -> None:
    """Every request that carries a message disables mentions and has no live mass ping."""
    carrying = [r for r in requests if r.carries_message]
    assert carrying, "no message was sent"
    for req in carrying:
        assert req.data.get("allowed_mentions", {}).get("parse") == [], (req.path, req.body)
        text = req.text()
        for ping in ("@everyone", "@here"):
            assert ping not in text, (req.path, text[:200])


async def set_daily(bot, fake, admin: dict, time: str = "09:00", **where) -> None:
    """A manager's `/daily set` at `time` UTC, in the test channel unless `where` says otherwise."""
    mark = len(fake.requests)
    where = where or {"guild_id": p.GUILD_ID, "channel_id": p.CHANNEL_ID}
    bot._connection.parse_interaction_create(p.command("daily", admin, {"time": time, "tz": "UTC"}, sub="set",
                                                       permissions=p.ADMIN_PERMISSIONS, **where))
    await fake.wait_for(lambda r: is_followup(r) and "Daily question:" in r.text(), since=mark)


async def post_daily(bot, fake) -> tuple:
    """The due daily posted: (its request, its thread's id), the thread announced as the gateway would."""
    mark = len(fake.requests)
    assert await bot.daily.post_due() == 1
    post = await fake.wait_for(titled("Daily question"), since=mark)
    made = await fake.wait_for(lambda r: r.path.endswith("/threads"), since=mark)
    thread_id = int(made.path.split("/")[-2])
    bot._connection.parse_thread_create(p.thread(thread_id, p.CHANNEL_ID))
    return post, thread_id
