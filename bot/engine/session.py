"""The interview session: one serialisable value per conversation."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Stage(str, Enum):
    main = "main"  # waiting for the answer to a bank question
    retry = "retry"  # the first answer was weak: a hint was given, one more try
    followup = "followup"  # waiting for the answer to a follow-up


@dataclass
class Attempt:
    stage: str
    prompt: str
    score: float
    covered: list[str]
    missed: list[str]
    grader: str
    partial: list[str] = field(default_factory=list)  # of `covered`, the points only partly covered
    cited: dict[str, str] = field(default_factory=dict)  # point -> the guide section its feedback cited
    hints: int = 0  # the question's hints shown before this try
    misconceptions: list[str] = field(default_factory=list)  # the claims flagged in it


@dataclass
class Turn:
    """Where the current bank question stands."""

    question_id: str
    stage: Stage = Stage.main
    followup_index: int | None = None  # a ladder follow-up being asked
    probe_point: str | None = None  # or: a probe built from this missed rubric point
    followup_text: str = ""
    ladder_used: list[int] = field(default_factory=list)
    hints_used: int = 0  # of the bank question's hints
    followup_hints: int = 0  # of the current follow-up's, counted afresh for each follow-up
    hint_pressed_at: float = 0.0  # when a Hint button last showed a hint (to tell a double click)
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def followups_used(self) -> int:
        return sum(1 for a in self.attempts if a.stage == Stage.followup.value)

    @property
    def main_score(self) -> float | None:
        scores = [a.score for a in self.attempts if a.stage != Stage.followup.value]
        return max(scores) if scores else None


@dataclass
class Result:
    """A finished question, as the summary needs it."""

    question_id: str
    topic: str
    score: float | None  # None when skipped before any answer
    followups: list[float]
    covered: list[str]
    missed: list[str]
    skipped: bool = False
    # fully covered in the try whose score counts (the best main or retry answer): the summary's strengths
    strong: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)  # partly made in some try, fully in none
    cited: dict[str, str] = field(default_factory=dict)  # point -> the guide section its feedback cited
    hints: int = 0  # hints shown before the try whose score counts
    followups_skipped: int = 0
    misconceptions: list[str] = field(default_factory=list)  # claims flagged in any try, the best or not


NO_INTERVIEW = "No interview running. Say `start` to begin one, or `help` to see what I can do."


@dataclass
class Session:
    track: str
    level: str
    length: int
    queue: list[str]  # bank questions still to ask, in order
    number: int = 0  # 1-based number of the current question
    turn: Turn | None = None
    results: list[Result] = field(default_factory=list)
    started_at: float = 0.0
    version: int = 1
    # a one-word message the coach asked "Did you mean ...?" about; the same words sent next are an answer
    asked_about: str = ""
    topic: str = ""  # the topic `start` focused on (start_args.TOPICS), or "" for any
    depth_asked: list[str] = field(default_factory=list)  # what next steps asked answers to add (next_steps.py)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Session:
        data = dict(data)
        turn = data.pop("turn", None)
        results = [Result(**r) for r in data.pop("results", [])]
        session = cls(**data, results=results)
        if turn:
            attempts = [Attempt(**a) for a in turn.pop("attempts", [])]
            session.turn = Turn(**{**turn, "stage": Stage(turn["stage"])}, attempts=attempts)
        return session
