"""Correct sentences that QA saw flagged as saying the opposite of a point: a point that names both sides
before the same word ("a smaller or fine-tuned model ... the large model"), and a sentence that offers the
denied thing and the point's subject as alternatives ("score normalisation ..., or ... RRF")."""
from __future__ import annotations

from bot.grading.negation import contradicts
from bot.grading.opposites import swapped
from bot.grading.polarity import read
from bot.grading.signals import content_stems

ROUTING = "Route simple requests to a smaller or fine-tuned model and reserve the large model for hard ones."
SMALL_FOR_EASY = "Use a smaller model for easy requests and cache frequent answers."
WHY_RRF = ("RRF uses only ranks, needs no score normalisation or training, and rewards documents that several "
           "retrievers agree on.")
OPTIONS = ("Options are score normalisation (min-max or z-score) before a weighted sum, or rank-based fusion "
           "such as RRF.")
RRF_QUESTION = ("You have a BM25 result list and a dense retriever result list for the same query. How do you "
                "combine them into one ranking, and why is reciprocal rank fusion so popular for this?")


def _contradicts(point: str, sentence: str) -> bool:
    stems = frozenset(content_stems(RRF_QUESTION))
    return contradicts(read(point, stems), read(sentence, stems))


def test_the_point_s_own_side_before_the_same_word_is_no_swap():
    assert swapped(ROUTING, SMALL_FOR_EASY) is None


def test_the_other_side_before_the_same_word_is_still_a_swap():
    swap = swapped(ROUTING, "Route simple requests to the large model and reserve a smaller model for hard ones.")
    assert swap is not None


def test_a_swap_right_before_the_same_word_still_counts_where_the_point_names_one_side():
    swap = swapped("Reserve the large model for hard requests.", "Use a small model for hard requests.")
    assert swap is not None and swap.opposite == "small"


def test_the_denied_thing_offered_as_an_alternative_to_the_point_s_subject_is_no_contradiction():
    assert not _contradicts(WHY_RRF, OPTIONS)


def test_the_denied_thing_said_of_the_point_s_subject_still_contradicts():
    assert _contradicts(WHY_RRF, "RRF needs score normalisation before the lists are merged, or a weighted sum.")
    assert _contradicts("BM25 needs no labelled training data, only corpus statistics.",
                        "BM25 needs labelled training data, or it cannot learn its weights.")


def test_the_cost_answer_keeps_its_routing_point(grader):
    fb = grader.grade("Measure first: log tokens and latency per request. Use a smaller model for easy requests "
                      "and cache frequent answers. Streaming helps perceived latency.",
                      question_id="prod-cost-latency-levers")
    assert not any("says the opposite of a point" in n for n in fb.notes), fb.notes


def test_the_fusion_options_sentence_is_not_told_it_says_the_opposite(grader):
    fb = grader.grade("Raw scores live on different scales. " + OPTIONS + " RRF sums 1 over k plus rank.",
                      question_id="rag-hybrid-rrf-fusion")
    assert not any("says the opposite of a point" in n for n in fb.notes), fb.notes
