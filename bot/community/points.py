"""Points for a graded daily answer: for the grade, not for turning up.

Scores are the grader's 0-10. An answer under 3 earns nothing; otherwise
the rounded score, plus a streak bonus of one point per three days of
streak, at most three. The bonus needs points of its own so a streak of
empty answers cannot farm it.
"""
from __future__ import annotations

from dataclasses import dataclass

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


def points_for(score: float, streak: int) -> Points:
    base = 0 if score < MIN_SCORE else int(round(score))
    bonus = min(streak // BONUS_EVERY, MAX_BONUS) if base else 0
    return Points(base, bonus)


def valid_score(score: float) -> bool:
    try:
        return 0.0 <= float(score) <= MAX_SCORE
    except (TypeError, ValueError):
        return False
