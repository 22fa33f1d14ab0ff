"""An answer the relevance gate would keep out, read after its question: does it stay on the question?

The gate (offline.py) takes an answer's best cosine to a point or to the question. A terse answer that
leans on the question shares no words with either, and MiniLM cannot tell what "it" stands for: for
"What is the main advantage of linked lists over arrays?", "its resizeable" sat at 0.19 and "You can
expand when you need it. You do not have to predetermine the size." at 0.17, under the gate's 0.30,
and were told they were off-topic.

Read after the question, such an answer leaves the question where it was, while an answer about
something else pulls it elsewhere. So an answer under the gate is encoded once more, as "question
answer", and set against each point read after the question, "question point": its drift is the
best, over the points, of cos(question answer, question point) - cos(question, question point).
It is used for the gate only, never for a point's strength.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.grading.rubric import Rubric
from bot.grading.text import PreparedAnswer

# An answer under the gate is graded if its drift is at least this, chosen on our hand-graded short
# answers (bench/data/short_answers.jsonl): their 21 off-topic answers drift -0.26 to -0.051, more the
# longer they are (each names a subject of its own), and this is the lowest bar that keeps them all
# out. Of the 23 other answers under the gate it lets in 10, which drift -0.046 to +0.006: five vague
# ("it depends on the use case and the data"), three partial ("its more efficient"), one myth and one
# correct paraphrase of 29 words. There Pearson r went 0.634 -> 0.638, Spearman 0.612 -> 0.621 and
# per-question ordering 0.742 -> 0.748; a bar of -0.10 gave 0.643, 0.630 and 0.762 but let four
# off-topic answers in. Bank rubrics do not read answers so (offline.reads_in_context).
STAYS_ON_QUESTION = -0.05


def point_texts(rubric: Rubric) -> list[str]:
    """Each point read after the question."""
    return [f"{rubric.question} {item.point}" for item in rubric.items]


def answer_text(rubric: Rubric, prepared: PreparedAnswer) -> str:
    """The answer read after the question."""
    return f"{rubric.question} {prepared.text}"


@dataclass(frozen=True)
class Reading:
    """An answer read after its question, and its rubric's points read after it (unit vectors)."""
    answer: np.ndarray
    points: np.ndarray

    def drift(self, question_vec: np.ndarray) -> float:
        """How much closer the answer brings the question to its nearest point (negative: it pulls away)."""
        return float((self.points @ self.answer - self.points @ question_vec).max())

    def stays_on_question(self, question_vec: np.ndarray) -> bool:
        return self.drift(question_vec) >= STAYS_ON_QUESTION
