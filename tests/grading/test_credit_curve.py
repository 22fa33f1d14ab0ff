"""The credit a point earns and the status it is shown with must tell the same story."""
from __future__ import annotations

import numpy as np
import pytest

from bot.grading.offline import ALIGNED_CURVE
from bot.grading.scoring import SENTENCE_CURVE


@pytest.mark.parametrize("curve", [SENTENCE_CURVE, ALIGNED_CURVE])
def test_credit_rises_with_strength_and_agrees_with_the_status(curve):
    strengths = np.linspace(0.0, 1.0, 201)
    results = [curve.credit(float(s)) for s in strengths]
    earned = [c for _, c in results]
    assert all(b >= a for a, b in zip(earned, earned[1:]))
    assert earned[0] == 0.0 and earned[-1] == 1.0
    for s, (status, c) in zip(strengths, results):
        if s >= curve.covered:
            assert status == "covered" and c >= 0.75
        elif s >= curve.partial:
            assert status == "partial" and 0.4 <= c < 0.75
        else:
            assert status == "missed" and c < 0.4


@pytest.mark.parametrize("curve", [SENTENCE_CURVE, ALIGNED_CURVE])
def test_a_near_miss_earns_more_than_a_miss_by_a_mile(curve):
    assert curve.credit(curve.partial - 0.02)[1] > curve.credit(0.2)[1] > curve.credit(0.1)[1] == 0.0
