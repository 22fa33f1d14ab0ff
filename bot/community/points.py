"""Points for a graded daily answer: for the grade, not for turning up.

Scores are the grader's 0-10, read as the person sees them: to one decimal
(2.96 shows as 3.0, so it earns 3). An answer under 3 earns nothing; otherwise
the score rounded to a whole number, halves up (6.5 earns 7), plus a streak bonus of one point per three days of
streak, at most three. The bonus needs points of its own so a streak of
empty answers cannot farm it. Nor does a grade that is all near misses earn
points: an answer must make at least one point, at least partly (QA: "precision@k
is when k is precise. next question" scored 3.35 on a one-line reference, all of
it credit for coming near the point, and would have earned 3).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_SCORE = 3.0
MAX_SCORE = 10.0
BONUS_EVERY = 3
MAX_BONUS = 3


@dataclass(frozen=True)
class Points:
    base: int
    bonus: int

    @property
    def total(self) -> int:
        return self.base + self.bonus


def shown(score: float) -> Decimal:
    """The score as feedback shows it (``f"{score:.1f}"``), exactly."""
    return Decimal(f"{float(score):.1f}")


def points_for(score: float, streak: int, made_a_point: bool = True) -> Points:
    score = shown(score)
    base = (0 if score < Decimal(str(MIN_SCORE)) or not made_a_point
            else int(score.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    bonus = min(streak // BONUS_EVERY, MAX_BONUS) if base else 0
    return Points(base, bonus)


def valid_score(score: float) -> bool:
    try:
        return 0.0 <= float(score) <= MAX_SCORE
    except (TypeError, ValueError):
        return False
