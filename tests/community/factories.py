"""Builders for the community tests' people, events and bank questions."""
from __future__ import annotations

from bot.engine.events import ConversationKey, Event, EventKind, UserRef
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
