"""A right answer that shares only right answers' words with a myth, or says a point the way another of its
wordings does, is neither a myth nor the point's opposite (QA: a junior's tidy TF-IDF answer scored 0.02,
flagged as "TF-IDF understands meaning because rare words get high weights"; 4.1 now)."""
from __future__ import annotations

from bot.grading.negation import says_opposite

QID = "tfidf-logreg-how-it-works"
TIDY = ("You turn the text into word counts weighted by how rare the word is (TF-IDF), and then logistic "
        "regression learns a weight per word. It cannot capture word order, I think.")


def test_a_right_sentence_is_no_myth_for_sharing_words_a_right_answer_uses(grader):
    fb = grader.grade(TIDY, QID)
    assert not fb.misconceptions, fb.misconceptions
    assert fb.score >= 3


def test_weighting_by_rarity_is_no_opposite_of_common_words_contributing_little(grader):
    fb = grader.grade(TIDY, QID)
    assert not any(map(says_opposite, fb.notes)), fb.notes
    assert {p.point_id: p.status for p in fb.points}["tfidf-weighting"] != "missed"


def test_the_myth_in_its_own_words_is_still_flagged(grader):
    for myth in ("TF-IDF understands meaning because rare words get high weights.",
                 "TF-IDF captures semantics since it weights important words."):
        assert grader.grade(myth, QID).misconceptions, myth
