"""The knowledge pack as typed data: guide sections and bank questions.

The YAML in knowledge/questions/ and the markdown in knowledge/guides/ load
into these models; everything the coach asks, grades and cites comes from them.
"""
from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

SLUG = r"^[a-z0-9][a-z0-9-]*$"
# A direct phrasing of a bank question (`asked_as`) is a question as a team types it in chat: a few words to
# a line, not a second scenario.
ASKED_AS_WORDS = (3, 25)
ASKED_AS_MAX = 4


def normalised_wording(text: str) -> str:
    """The text with case, spacing and closing punctuation set aside, to tell repeats apart."""
    return re.sub(r"\s+", " ", text).strip().rstrip("?.!").strip().casefold()


def _a_short_question(text: str) -> str:
    words = len(text.split())
    if not text.strip().endswith(("?", ".")):  # "Explain prompt injection." asks too; a list of keywords does not
        raise ValueError("should be a question as a team types it, ending with '?' or '.'")
    if not ASKED_AS_WORDS[0] <= words <= ASKED_AS_WORDS[1]:
        raise ValueError(f"should be {ASKED_AS_WORDS[0]} to {ASKED_AS_WORDS[1]} words, not {words}")
    return text.strip()


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
    # A follow-up often leaves its question's subject (an evaluation plan after a design question): its points
    # cite these sections when given, else the question's or a closer one (reference_citations.cite_followup).
    sources: list[str] = Field(default_factory=list, description="guide section ids that back the follow-up")


class Question(_Strict):
    id: str = Field(pattern=SLUG)
    topic: str = Field(pattern=SLUG)
    level: Level
    tracks: list[Track] = Field(min_length=1)
    kind: Kind = Kind.technical
    question: str = Field(min_length=10)
    # The interview asks `question` (a scenario may hide the topic on purpose); a team's daily question in one
    # of these shorter, direct forms still reaches this question's rubric (bot/grading/bank_match.py).
    asked_as: list[Annotated[str, AfterValidator(_a_short_question)]] = Field(
        default_factory=list, max_length=ASKED_AS_MAX, description="direct phrasings a team would type")
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

    @field_validator("asked_as")
    @classmethod
    def _no_repeats(cls, phrasings: list[str], info: ValidationInfo) -> list[str]:
        seen = {normalised_wording(info.data.get("question", ""))}
        for n, text in enumerate(phrasings):
            if normalised_wording(text) in seen:
                raise ValueError(f"entry {n} repeats the question or an earlier entry: {text!r}")
            seen.add(normalised_wording(text))
        return phrasings

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
