"""A grade as data: what the engine shows, the batch CLI prints and tests check.

Nothing here knows about chat formatting; adapters render it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Status = Literal["covered", "partial", "missed"]
RubricSource = Literal["bank", "reference", "retrieved"]
GraderName = Literal["offline", "llm", "combined"]
# The judge's fallback, in the notes: metrics count it, and chat shows it as the grader line instead.
FALLBACK_NOTE = "The AI judge was unavailable, so this is the offline grade."


@dataclass(frozen=True)
class Citation:
    """A guide section the learner can read to close a gap."""

    section_id: str
    title: str


@dataclass(frozen=True)
class PointVerdict:
    point_id: str
    point: str
    status: Status
    evidence: str | None  # the answer sentence (or pair of sentences) that covers the point
    hint: str
    citation: Citation | None
    weight: float = 1.0
    credit: float = 0.0  # 0..1, the share of the point's weight earned

    @property
    def shown_hint(self) -> str:
        """The hint chat shows beside the point: none when it only restates it (a reference rubric's
        "Cover this point from the reference: <the point>")."""
        return "" if self.point and self.point in self.hint else self.hint


@dataclass(frozen=True)
class MisconceptionFlag:
    claim: str
    correction: str
    evidence: str  # the answer sentence that states the claim


@dataclass(frozen=True)
class Dimensions:
    """Each on 0-10; coverage is the weighted rubric share, the others are advisory."""

    coverage: float
    depth: float  # trade-offs, examples, when not to
    clarity: float  # readable sentences and structure; STAR for behavioral questions


@dataclass(frozen=True)
class Feedback:
    score: float  # 0-10
    points: list[PointVerdict]
    misconceptions: list[MisconceptionFlag]
    notes: list[str]  # kind, plain-language remarks: truncated, not English, injection ignored...
    dimensions: Dimensions
    next_step: str
    grader: GraderName
    rubric_source: RubricSource
    question_id: str | None
    question: str
    model_answer: str | None = field(default=None, repr=False)  # shown only when the learner asks
    judge: str = ""  # the LLM judge configured ("OpenAI gpt-4o-mini"), "" when grading is offline only

    @property
    def has_model_answer(self) -> bool:
        return bool(self.model_answer)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_batch_record(self) -> dict:
        """The stable one-line JSON shape of `coach grade --batch`."""
        return {
            "score": round(self.score, 2),
            "question_id": self.question_id,
            "rubric_source": self.rubric_source,
            "points": [{"point": p.point, "status": p.status, "evidence": p.evidence} for p in self.points],
            "grader": self.grader,
            # the remarks chat shows, misconceptions first as there: the schema has no field of their own
            "notes": [f"Misconception: {m.claim} Actually: {m.correction}" for m in self.misconceptions]
            + list(self.notes),
        }
