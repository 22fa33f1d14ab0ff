"""A short answer about the question that earns nothing is told why (QA: 0.0 and six misses, no note)."""
from __future__ import annotations

from bot.grading.scoring import NAME_IT_NOTE, SHORT_MISSED_NOTE


def test_a_short_answer_on_the_question_that_earns_nothing_says_why_and_to_name_its_subject(grader):
    feedback = grader.grade("It is still used a lot because it works well in practice.", "bm25-why-still-used")
    assert feedback.score == 0.0 and all(p.status == "missed" for p in feedback.points)
    assert feedback.notes == [SHORT_MISSED_NOTE + NAME_IT_NOTE]
    named = grader.grade("BM25 is still used a lot because it works well in practice.", "bm25-why-still-used")
    assert named.score > 0, "naming the subject is the advice, so it must pay"


def test_the_note_is_not_added_where_another_note_already_says_why(grader):
    assert SHORT_MISSED_NOTE not in " ".join(grader.grade("fine", "bm25-why-still-used").notes)
    partial = grader.grade("BM25 needs no training and is fast on an inverted index.", "bm25-why-still-used")
    assert not any(n.startswith(SHORT_MISSED_NOTE) for n in partial.notes), "it earned something"
    stuffed = grader.grade("BM25 TF IDF inverted index hybrid", "bm25-why-still-used")
    assert not any(n.startswith(SHORT_MISSED_NOTE) for n in stuffed.notes)


def test_a_short_answer_on_a_neighbouring_subject_is_not_called_about_the_question(grader):
    fb = grader.grade("skip gram is a word2vec objective that predicts context words from the center word",
                      "rag-what-and-why")
    assert fb.score == 0.0 and fb.notes, "it is told why it earned nothing"
    assert not any("about the question" in n for n in fb.notes)


def test_a_short_joke_that_earns_next_to_nothing_is_told_why(grader):
    """QA: "KV cache? more like KV cash, am I right" scored 0.11 on a team's KV question with no note at all."""
    fb = grader.grade("KV cache? more like KV cash, am I right", question="What does a KV cache store?",
                      reference="A KV cache stores the key and value vectors of earlier tokens so decoding does not "
                                "recompute them at every step.")
    assert 0 < fb.score < 0.5 and any(n.startswith(SHORT_MISSED_NOTE) for n in fb.notes), (fb.score, fb.notes)
