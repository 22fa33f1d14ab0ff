"""A long answer is graded up to its last whole sentence within the cap, not on the opening of the one the cut
fell in."""
from __future__ import annotations

from bot.grading.offline import graded_text
from bot.grading.text import long_answer_note, prepare, split_sentences

QID = "hallucination-detection-methods"

OPENING = [
    "Faithfulness asks a narrow question: does every statement in the generated answer follow from the passages the retriever handed to the model, regardless of whether it happens to be true in the world.",
    "I keep that separate from correctness, because a system can repeat a wrong document faithfully, and that is a retrieval problem rather than a generation problem.",
    "The first step I take is to break each answer into small, self-contained claims, so that one unsupported number does not hide inside an otherwise well grounded paragraph.",
    "Once the claims exist, every method below scores them one at a time, and the answer level figure becomes the share of claims that the context supports.",
    "That per-claim view also tells the team which sentence went wrong, which is far more useful for debugging prompts and chunking than a single opaque number.",
    "The cheapest family of checks compares words: how many tokens or n-grams of each claim also appear in the retrieved text.",
    "These checks run in microseconds and need no model, so they make a decent smoke alarm in continuous integration.",
    "Their weakness is that they reward copying and punish paraphrase, and a claim that flips a negation or swaps a digit still shares almost every word with its source.",
    "A step up is natural language inference, where a classifier reads the passage as the premise and the claim as the hypothesis.",
    "If the classifier does not predict entailment, the claim is marked as unsupported, and contradiction can be tracked as its own, more serious, category.",
    "Entailment models are quick on a GPU and give consistent verdicts, which makes them attractive for scoring large volumes of traffic every day.",
    "They do have limits worth stating in an interview: most were trained on short sentence pairs, they truncate long passages, and they struggle when support is spread over several paragraphs.",
    "To soften those limits I split long contexts into windows, take the best entailment score across windows, and keep a small set of hard multi-hop cases to watch for regressions.",
    "Human review sits underneath all of this as the reference standard, even though it is slow and costs real money per item.",
    "Annotators label a few hundred claims as supported, unsupported or contradicted, with a written guideline and a second reader on disagreements.",
]
OPENING.append("Those labels become the yardstick that every automatic method is measured against before anyone trusts it.")
SPLIT = ("An LLM judge is the most flexible option of all, but I would only rely on it after checking its verdicts "
         "against those human labels, since judges favour long answers and miss small errors.")
REST = [
    "Prompted with the passages and one claim at a time, a capable model handles paraphrase, long evidence and light reasoning far better than an entailment classifier.",
    "It is also slower and more expensive, and its verdicts drift when the provider updates the model, so I pin the version and rerun the agreement check after every change.",
    "In production I would layer the methods by cost: lexical checks on every answer, entailment on every answer that passes, and the judge on a daily sample plus anything flagged.",
    "The unsupported-claim rate goes on a dashboard with an alert, and the worst answers each week go to people, who also refresh the labelled set so calibration stays current.",
    "When the rate climbs, the per-claim verdicts point at the cause, whether that is a chunking change that split tables, a retriever that returns stale pages, or a prompt that invites the model to add background knowledge.",
    "Finally I would report the metric with its uncertainty, because a faithfulness score from two hundred samples moves by a few points from week to week on noise alone.",
    "That is the overall picture: cheap checks for coverage, learned checks for meaning, and people for trust.",
]
ANSWER = " ".join(OPENING + [SPLIT] + REST)


def test_a_sentence_the_cut_falls_in_is_not_graded_as_its_opening(grader):
    """QA: the cut at 400 words fell right after "An LLM judge", and that fragment was flagged as the
    misconception that a judge's verdicts need no validation, which the whole sentence denies."""
    kept = " ".join(OPENING)
    assert len(kept.split()) == grader.max_words - 3  # the cut at the cap falls after "An LLM judge"
    fb = grader.grade(ANSWER, question_id=QID)
    assert not fb.misconceptions, fb.misconceptions
    graded = graded_text(prepare(ANSWER, grader.max_words), grader.resolver.bank(QID))
    assert graded.units == split_sentences(kept)  # ends at a sentence end, with nothing of SPLIT
    note = long_answer_note(len(ANSWER.split()), grader.max_words, whole_sentences=True)
    assert note in fb.notes and "whole sentences in the first 400" in note


def test_one_giant_sentence_is_still_cut_at_the_cap(grader):
    run_on = " ".join(["the judge checks each claim against the passages and"] * 60) + " stops."
    answer = "Faithfulness is checked claim by claim. " + run_on
    graded = graded_text(prepare(answer, 400), grader.resolver.bank(QID))
    assert graded.cut == (len(run_on.split()) + 6, 400) and len(graded.units) == 2
    assert graded.notes[0] == long_answer_note(len(run_on.split()) + 6, 400)
