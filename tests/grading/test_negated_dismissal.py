""""Teams cannot skip it" insists on it: no denial of what comes before (QA: a bank point typed word for word
scored 0.0 and was told it says the opposite of itself, against a phrasing ending "so teams cannot skip it")."""
from __future__ import annotations

from bot.grading.negation import says_opposite
from bot.grading.polarity import read


def test_a_negated_skip_it_negates_nothing_before_it():
    reading = read("Build the split and dedup logic into the shared pipeline so teams cannot skip it.", frozenset())
    assert not any(negated for word, negated in reading.words if word in {"build", "split", "dedup", "pipelin"})
    dismissed = read("Build the split and dedup logic into the shared pipeline, but teams skip it.", frozenset())
    assert any(negated for word, negated in dismissed.words if word == "dedup"), "a plain 'skip it' still dismisses"


def test_the_points_own_words_are_credited_not_called_its_opposite(grader):
    qid = "leakage-audit-suspicious-score#f1"
    point = grader.resolver.bank(qid).items[0].point
    fb = grader.grade(point, qid)
    assert not any(map(says_opposite, fb.notes)) and fb.points[0].status == "covered", fb.notes
