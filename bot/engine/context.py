"""What an interview step works with: the intent it acts on, the context it is given (questions,
grader, clock, the person's profile) and the outcome it returns."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Protocol

from bot.engine import replies as r
from bot.engine.selection import Profile
from bot.engine.session import Result, Session
from bot.grading.feedback import Feedback
from bot.pack.models import Followup, Question, RubricPoint, Section


class Grading(Protocol):
    def grade(self, question: Question, answer: str, *, followup: Followup | None = None,
              point: RubricPoint | None = None) -> Feedback: ...


class FollowupWriting(Protocol):
    """With an LLM configured: a deeper follow-up built on the answer; None keeps the ladder's."""

    def write(self, question: Question, answer: str, planned: Followup) -> str | None: ...


@dataclass(frozen=True)
class Intent:
    name: str  # start | answer | hint | skip | repeat | end | model-answer
    text: str = ""
    args: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    questions: dict[str, Question]
    grading: Grading
    sections: dict[str, Section] = field(default_factory=dict)
    profile: Profile = field(default_factory=Profile)
    prefs: dict[str, str] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    now: float = field(default_factory=time.time)
    private: bool = False  # replies go to the asking user only
    followups: FollowupWriting | None = None
    # whether the conversation's platform has channels to post a daily question in (the terminal has none)
    channels: bool = True


@dataclass
class Outcome:
    session: Session | None
    replies: list[r.Reply] = field(default_factory=list)
    finished: list[tuple[Result, Question]] = field(default_factory=list)
