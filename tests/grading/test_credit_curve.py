"""The credit a point earns and the status it is shown with must tell the same story."""
from __future__ import annotations

import numpy as np

from bot.grading.scoring import COVERED, PARTIAL, credit


def test_credit_rises_with_strength_and_agrees_with_the_status():
    strengths = np.linspace(0.0, 1.0, 201)
    results = [credit(float(s)) for s in strengths]
    earned = [c for _, c in results]
    assert all(b >= a for a, b in zip(earned, earned[1:]))
    assert earned[0] == 0.0 and earned[-1] == 1.0
    for s, (status, c) in zip(strengths, results):
        if s >= COVERED:
            assert status == "covered" and c >= 0.75
        elif s >= PARTIAL:
            assert status == "partial" and 0.4 <= c < 0.75
        else:
            assert status == "missed" and c < 0.4


def test_a_near_miss_earns_more_than_a_miss_by_a_mile():
    assert credit(PARTIAL - 0.02)[1] > credit(0.2)[1] > credit(0.1)[1] == 0.0
