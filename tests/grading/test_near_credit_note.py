"""A score earned by sentences that only came near points says so (QA: every point missed, 1.9-2.85 of 10)."""
from __future__ import annotations

from bot.grading.scoring import ALL_NEAR_NOTE, NEAR_CREDIT_NOTE

NEAR = NEAR_CREDIT_NOTE.split("{score}")[1]


def near_notes(feedback) -> list[str]:
    """The notes that give the near credit as a share ("1.7 of this 2.9 ...")."""
    return [n for n in feedback.notes if NEAR in n and n != ALL_NEAR_NOTE]


def test_credit_from_missed_points_is_explained_with_its_share_of_the_score(grader):
    fb = grader.grade("Search engines rank documents in some way. Modern systems mostly use neural networks that "
                      "learn from lots of data. They are usually better than older methods because they understand "
                      "meaning.", "bm25-why-still-used")
    missed = [p for p in fb.points if p.status == "missed"]
    near = 10 * sum(p.weight * p.credit for p in missed) / sum(p.weight for p in fb.points)
    assert near >= 1.0, "the answer earns a visible share of its score from points it missed"
    [note] = near_notes(fb)
    assert note.startswith(f"{near:.1f} of this {fb.score:.1f} ")


def test_an_answer_that_makes_its_points_gets_no_such_note(grader):
    fb = grader.grade("BM25 scores a document by term frequency with saturation, inverse document frequency and "
                      "document length normalisation. It needs no training data, only corpus statistics, so it "
                      "works on a new collection at once. It runs on an inverted index, so it is fast and cheap "
                      "on CPUs. It is reliable for exact tokens like error codes and product SKUs that embeddings "
                      "blur. Its weakness is synonyms, so teams pair it with dense retrieval in a hybrid. Its scores "
                      "are easy to debug because each one traces back to matched terms.", "bm25-why-still-used")
    assert fb.score >= 7 and not near_notes(fb)


def test_a_score_that_is_all_near_credit_says_all_of_it(grader):
    fb = grader.grade("Lexical search is old. Neural search is better at meaning, and everybody uses it now.",
                      "bm25-why-still-used")
    assert all(p.status == "missed" for p in fb.points) and fb.score >= 1.0, fb.score
    assert ALL_NEAR_NOTE in fb.notes and not near_notes(fb)


def test_the_note_gives_the_score_as_shown(grader):
    """QA: "Score: 4.5/10" above "2.6 of this 4.4 is credit ...": the note had the unrounded 4.449."""
    fb = grader.grade("🙂 semantic search compares meaning with embeddings while keyword search matches exact "
                      "words like product codes", "lexical-vs-semantic-search")
    [note] = near_notes(fb)
    assert f" of this {fb.score:.1f} " in note, (fb.score, note)
