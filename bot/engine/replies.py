"""What goes out of the engine, as data. Adapters render these.

Every reply can be shown as plain text (`bot.engine.render_text`), so an
adapter that knows nothing richer still works; Slack turns them into Block
Kit, Discord into embeds and buttons.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine.question_ref import question_ref
from bot.grading.feedback import Feedback

INTERVIEW_BUTTONS = ("hint", "skip", "end")


@dataclass(frozen=True)
class Reply:
    private: bool = field(default=False, kw_only=True)  # only the asking user may see it (channels)


@dataclass(frozen=True)
class Notice(Reply):
    """A short message: confirmations, help for bad input, errors the user can act on."""

    text: str
    tone: str = "info"  # info | warning | error


@dataclass(frozen=True)
class QuestionReply(Reply):
    question_id: str
    text: str
    number: int  # 1-based position in the interview
    total: int
    topic: str
    level: str
    stage: str = "main"  # main | followup | retry
    preface: str = ""  # e.g. "Good. Going deeper:" or the hint before a retry
    buttons: tuple[str, ...] = INTERVIEW_BUTTONS
    followup: int = 0  # which follow-up of this question (1-based) when stage is followup

    @property
    def ref(self) -> str:
        """What its buttons and Answer form carry, so they act on this part of the question only."""
        return question_ref(self.question_id, self.stage, self.followup)


@dataclass(frozen=True)
class FeedbackReply(Reply):
    feedback: Feedback
    number: int = 0
    total: int = 0
    show_model_answer: bool = False
    stage: str = "main"  # the try that was graded: main | retry | followup
    followup: int = 0  # which follow-up (1-based) when stage is followup


@dataclass(frozen=True)
class HintReply(Reply):
    text: str
    remaining: int


@dataclass(frozen=True)
class ModelAnswerReply(Reply):
    question_id: str
    question: str
    text: str
    spoiler: bool = False  # hide behind a spoiler where the platform has one (daily recaps)


@dataclass(frozen=True)
class QuestionScore:
    number: int
    question_id: str
    question: str
    topic: str
    score: float | None  # None when skipped
    followups: tuple[float, ...] = ()
    hints: int = 0  # hints shown before the try whose score counts
    followups_skipped: int = 0
    misconceptions: tuple[str, ...] = ()  # claims flagged on the way, in a try that counts or not
    corrections: tuple[str, ...] = ()  # each claim's correction, in the same order ("" when not known)

    @property
    def flagged(self) -> tuple[tuple[str, str], ...]:
        """(claim, correction) for each misconception flagged on the way."""
        corrections = self.corrections + ("",) * (len(self.misconceptions) - len(self.corrections))
        return tuple(zip(self.misconceptions, corrections))


@dataclass(frozen=True)
class Citation:
    section_id: str
    title: str
    file: str = ""


@dataclass(frozen=True)
class SummaryReply(Reply):
    track: str
    level: str
    questions: tuple[QuestionScore, ...]
    topics: tuple[tuple[str, float], ...]  # (topic, average score)
    overall: float | None
    strongest: tuple[str, ...]  # rubric points covered well
    weakest: tuple[str, ...]  # rubric points missed
    study_next: tuple[Citation, ...]
    practice_topic: str = ""  # the `start` word of the weakest topic scored below 7, to drill next


@dataclass(frozen=True)
class StatusReply(Reply):
    active: bool
    text: str


@dataclass(frozen=True)
class TableReply(Reply):
    """History, settings, leaderboards: a title and rows of cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: str = ""


@dataclass(frozen=True)
class ImageReply(Reply):
    """A picture (the progress chart); `text` is the caption and the fallback."""

    text: str
    png: bytes = field(repr=False)
    filename: str = "progress.png"


@dataclass(frozen=True)
class HelpReply(Reply):
    intro: str
    commands: tuple[tuple[str, str], ...]  # (usage, what it does)


@dataclass(frozen=True)
class DailyQuestionReply(Reply):
    """The daily question as posted in a channel; answers go in its thread."""

    date: str
    question_id: str
    text: str
    topic: str
    level: str


@dataclass(frozen=True)
class RecapReply(Reply):
    """The close of a daily: model answer (a spoiler where the platform has them), turnout, top scores."""

    date: str
    question: str
    model_answer: str
    answered: int
    top: tuple[tuple[str, float], ...]  # (display name, score)
    thread: str = ""  # the daily's thread, where the recap belongs
