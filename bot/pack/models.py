"""The knowledge pack as typed data: guide sections and bank questions.

The YAML in knowledge/questions/ and the markdown in knowledge/guides/ load
into these models; everything the coach asks, grades and cites comes from them.
"""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z0-9][a-z0-9-]*$"


class Level(str, Enum):
    junior = "junior"
    mid = "mid"
    senior = "senior"


class Track(str, Enum):
    nlp = "nlp-engineer"
    llm = "llm-engineer"
    ai = "ai-engineer"
    system_design = "system-design"
    behavioral = "behavioral"


class Kind(str, Enum):
    technical = "technical"
    design = "design"
    coding = "coding"
    behavioral = "behavioral"
    scenario = "scenario"


class FollowupKind(str, Enum):
    probe = "probe"  # goes after a commonly missed point
    scale = "scale"  # what breaks at scale / how would you measure it
    senior = "senior"  # a senior-level twist


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RubricPoint(_Strict):
    id: str = Field(pattern=SLUG)
    point: str = Field(min_length=3)
    weight: float = Field(gt=0, le=5)
    means: str = Field(min_length=3, description="one line on what covering this point means")
    phrasings: list[str] = Field(default_factory=list, description="other ways to say it")


class Misconception(_Strict):
    claim: str = Field(min_length=3)
    correction: str = Field(min_length=3)
    phrasings: list[str] = Field(default_factory=list)


class Followup(_Strict):
    kind: FollowupKind
    question: str = Field(min_length=5)
    rubric: list[RubricPoint] = Field(min_length=1, max_length=5)


class Question(_Strict):
    id: str = Field(pattern=SLUG)
    topic: str = Field(pattern=SLUG)
    level: Level
    tracks: list[Track] = Field(min_length=1)
    kind: Kind = Kind.technical
    question: str = Field(min_length=10)
    rubric: list[RubricPoint] = Field(min_length=3, max_length=7)
    misconceptions: list[Misconception] = Field(default_factory=list)
    model_answer: str = Field(min_length=20)
    followups: list[Followup] = Field(min_length=2, max_length=3)
    hints: list[str] = Field(min_length=1, max_length=3)
    sources: list[str] = Field(min_length=1, description="guide section ids that back the question")

    @field_validator("rubric")
    @classmethod
    def _unique_point_ids(cls, points: list[RubricPoint]) -> list[RubricPoint]:
        ids = [p.id for p in points]
        if len(ids) != len(set(ids)):
            raise ValueError(f"rubric point ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        return points

    @property
    def total_weight(self) -> float:
        return sum(p.weight for p in self.rubric)


class QuestionFile(_Strict):
    questions: list[Question] = Field(min_length=1)


class Section(_Strict):
    """One heading of a guide, addressable by its stable id."""

    id: str
    title: str
    topic: str
    guide: str  # file name relative to the guides folder
    heading_path: tuple[str, ...]
    text: str


class Guide(_Strict):
    file: str
    title: str
    topic: str
    sections: tuple[Section, ...]
