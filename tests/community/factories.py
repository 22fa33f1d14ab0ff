"""Builders for the community tests' people, events and bank questions."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.community import ChannelRef
from bot.pack.models import Question


def make_question(qid: str, topic: str = "rag", level: str = "mid") -> Question:
    point = lambda i: {"id": f"p{i}", "point": f"point {i}", "weight": 1, "means": f"covers point {i}"}  # noqa: E731
    followup = {"kind": "probe", "question": "And then what?", "rubric": [point(1)]}
    return Question.model_validate({
        "id": qid, "topic": topic, "level": level, "tracks": ["llm-engineer"],
        "question": f"Explain {qid} in your own words, please.",
        "rubric": [point(1), point(2), point(3)],
        "model_answer": f"The model answer for {qid}, long enough to teach.",
        "followups": [followup, followup], "hints": ["think"], "sources": ["guide#section"],
    })


def user(name: str, platform: str = "slack", workspace: str = "T1") -> UserRef:
    return UserRef(platform, workspace, name)


def event(who: UserRef, channel: str = "C1", admin: bool = False, args: dict | None = None, name: str = "daily") -> Event:
    return Event(ConversationKey(who, channel), EventKind.command, name=name, args=args or {}, is_admin=admin)


ADMIN = UserRef("slack", "T1", "admin")
CHANNEL = ChannelRef("slack", "T1", "C1")


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=timezone.utc)  # March 2025: the 3rd is a Monday


async def post_daily(community, day: int) -> str:
    """Post channel C1's daily of March `day` at 09:00 UTC (setting the daily up the first time); its date."""
    if await community.show_settings(CHANNEL) is None:
        await community.set_daily_settings(event(ADMIN, "C1", admin=True, args={"time": "09:00", "days": "daily"}))
    [post] = await community.due_posts(at(day, 9))
    return post.date
