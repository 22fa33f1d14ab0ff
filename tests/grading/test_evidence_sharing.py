"""One sentence is evidence for the points it makes, not for every point it sits near (QA: in a partial
answer one sentence was quoted for three points, shown as covered, and the score was inflated)."""
from __future__ import annotations

ROUGE = "coding-rouge-1-2"
# bench/data/labelled_answers.jsonl: the partial answer to the ROUGE question is the strong answers' first
# sentence alone. It tokenises and counts n-grams; it says nothing of clipping or of precision and recall.
ROUGE_FIRST_STEP = ("I normalise both texts the same way, lowercasing and splitting on word characters with a "
                    "regex, then build n-grams as tuples of n consecutive tokens, e.g. zip(*[tokens[i:] for i in "
                    "range(n)]), and count them with collections.Counter.")
ROUGE_STRONG = ROUGE_FIRST_STEP + (
    " The overlap is sum((cand & ref).values()), which takes the minimum count for each shared n-gram, so a "
    "summary that repeats a word cannot earn more matches than the reference supports. Precision is overlap "
    "divided by the number of candidate n-grams, recall is overlap divided by the number of reference n-grams, "
    "and F1 is 2PR/(P+R). For edge cases: if either side has no n-grams, which happens with empty text or a "
    "one-word text for ROUGE-2, I return zeros, and I also guard against P+R being zero.")

LEVERS = "prod-cost-latency-levers"


def by_id(feedback) -> dict:
    return {p.point_id: p for p in feedback.points}


def credited_with(feedback, sentence: str) -> set[str]:
    return {p.point_id for p in feedback.points if p.status != "missed" and p.evidence == sentence}


def test_one_sentence_of_a_partial_answer_no_longer_covers_the_points_it_does_not_make(grader):
    fb = grader.grade(ROUGE_FIRST_STEP, question_id=ROUGE)
    points = by_id(fb)
    # it was quoted for four points, three of them covered, and scored 6.6 against a label of 4
    assert credited_with(fb, ROUGE_FIRST_STEP) == {"tokenise-normalise", "ngram-counts"}
    for point in ("clipped-overlap", "prf-formulas"):
        assert points[point].status == "missed" and points[point].evidence is None
    assert fb.score < 6


def test_a_quote_is_not_evidence_for_a_neighbouring_point(grader):
    """QA's case: the sentence that measures first was also the serving optimisations' evidence."""
    measure = "I would log tokens and latency per request type to see where the cost goes."
    fb = grader.grade(f"First I'd instrument it. {measure} Then I'd shorten the system prompt, because every "
                      "call pays for it.", question_id=LEVERS)
    points = by_id(fb)
    assert points["measure-first"].status == "covered" and points["measure-first"].evidence == measure
    assert points["serving-optimisations"].status == "missed" and points["serving-optimisations"].evidence is None


def test_a_sentence_that_makes_two_points_covers_both(grader):
    both = ("I would first log input and output tokens and latency per request type, and then trim the system "
            "prompt and cap the output length, since fewer tokens cut both cost and latency.")
    fb = grader.grade(both, question_id=LEVERS)
    assert credited_with(fb, both) == {"measure-first", "prompt-trim"}
    assert all(by_id(fb)[p].status == "covered" for p in ("measure-first", "prompt-trim"))


def test_a_strong_answer_still_gets_every_point(grader):
    fb = grader.grade(ROUGE_STRONG, question_id=ROUGE)
    assert all(p.status == "covered" for p in fb.points), [(p.point_id, p.status) for p in fb.points]
    # its first sentence is still the evidence for both points it makes
    assert credited_with(fb, ROUGE_FIRST_STEP) == {"tokenise-normalise", "ngram-counts"}
    assert fb.score >= 9.5
