"""An answer that attaches each definition to the wrong one of the question's compared terms does not earn
the points it swapped (bot/grading/term_swaps.py); a correct answer that uses the same words keeps them."""
from __future__ import annotations

import pytest

from bot.grading import term_swaps
from bot.grading.rubric import from_question

MRR_SWAPPED = ("MRR averages the graded relevance of every result with a log discount and normalises by the ideal "
               "ordering, and nDCG is just one over the rank of the first relevant result averaged over queries. "
               "MRR is for search pages with many good results; nDCG is for factoid QA where one hit is enough.")
MRR_RIGHT = ("MRR takes one over the rank of the first relevant result for each query and averages it over queries, "
             "while nDCG sums graded relevance discounted by log of the position and divides by the ideal DCG. "
             "MRR suits factoid QA where one hit is enough; nDCG suits search pages with several relevant results "
             "of different grades.")
SEARCH_SWAPPED = ("Keyword search compares meaning through embeddings, while semantic search matches the exact words "
                  "of the query. Semantic search is good for product codes and names; keyword search handles "
                  "synonyms and paraphrases.")
SEARCH_RIGHT = ("Keyword search matches the exact words of the query, while semantic search compares meaning through "
                "embeddings. Keyword search is good for product codes and names; semantic search handles synonyms "
                "and paraphrases.")


@pytest.mark.parametrize(("qid", "terms"), [
    ("retrieval-metrics-mrr-ndcg", ["MRR", "nDCG"]),
    ("bleu-rouge-meteor-explained", ["BLEU", "ROUGE", "METEOR"]),
    ("bi-encoder-vs-cross-encoder", ["bi-encoders", "cross-encoders"]),
    ("lexical-vs-semantic-search", ["keyword", "semantic"]),
])
def test_compared_terms_are_read_off_the_question(pack, qid, terms):
    compared = term_swaps.compared(from_question(pack.by_id[qid]))
    assert compared is not None and [t.name for t in compared.terms] == terms


@pytest.mark.parametrize("qid", ["behav-labelling-quality", "coding-pii-regex-redaction", "rag-chunking-strategy",
                                 "support-chatbot-junior"])
def test_everyday_words_joined_by_and_are_not_compared_terms(pack, qid):
    assert term_swaps.compared(from_question(pack.by_id[qid])) is None


def test_a_text_is_about_one_term_only_when_it_names_no_other(pack):
    compared = term_swaps.compared(from_question(pack.by_id["bi-encoder-vs-cross-encoder"]))
    names = [t.name for t in compared.terms]
    assert names[compared.of("A bi-encoder embeds both sides apart.")] == "bi-encoders"
    assert names[compared.of("Cross-encoders read the pair together.")] == "cross-encoders"
    assert compared.of("Bi-encoders retrieve and cross-encoders rerank.") is None
    assert compared.of("Both are transformer models.") is None


@pytest.mark.parametrize(("qid", "swapped", "right"), [
    ("retrieval-metrics-mrr-ndcg", MRR_SWAPPED, MRR_RIGHT),
    ("lexical-vs-semantic-search", SEARCH_SWAPPED, SEARCH_RIGHT),
])
def test_swapped_definitions_lose_their_points_and_are_told(grader, qid, swapped, right):
    bad, good = grader.grade(swapped, question_id=qid), grader.grade(right, question_id=qid)
    assert good.score >= 8.5
    assert good.score - bad.score >= 2.5
    assert not any("says of" in n for n in good.notes)
    assert any(n.startswith("This sentence says of") for n in bad.notes)
    # the definition given to the wrong name is no longer the evidence of a covered point
    definition = next(p for p in bad.points if p.point.startswith(("nDCG sums", "Keyword or lexical")))
    assert definition.status == "missed"


def test_a_sentence_that_says_what_its_own_term_does_is_no_swap(grader):
    """'Keyword search looks for the exact words ...' sits near the point that semantic search wins when the
    words differ, but nearer still to what keyword search does: it keeps the keyword point (review)."""
    keyword = "Keyword search looks for the exact words of the query in documents, using an inverted index and BM25."
    fb = grader.grade(f"{keyword} Semantic search is about meaning. Keyword search is better for error codes and "
                      "product numbers.", question_id="lexical-vs-semantic-search")
    assert {p.point_id: p.status for p in fb.points}["keyword-def"] == "covered"
    assert not any(n.startswith("This sentence says of") for n in fb.notes)


def test_the_points_are_encoded_once_per_rubric(grader):
    """Once an answer to the question is graded, the points' masked wordings are not encoded again."""
    grader.grade(MRR_RIGHT, question_id="retrieval-metrics-mrr-ndcg")
    compared = term_swaps.compared(grader.rubric("retrieval-metrics-mrr-ndcg"))
    assert compared.point_vecs  # filled by that grade
    asked = []
    vecs = compared.encoded(list(compared.point_vecs), lambda texts: asked.extend(texts) or None)
    assert asked == [] and vecs.shape[0] == len(compared.point_vecs)


# QA: "BPE starts from a big vocabulary and prunes away tokens ..." shares "starts from" with the BPE point (a little
# nearer it) and six words with the Unigram point: it covered BPE, 7.1 of 10; the MRR/nDCG answer scored 6.2.
@pytest.mark.parametrize("answer, lost", [
    ("BPE starts from a big vocabulary and prunes away tokens that contribute least to the likelihood. WordPiece "
     "merges the most frequent pair of characters, just counting frequencies. Unigram is the greedy merge approach "
     "used in GPT-2. In practice the difference doesn't matter at all, they all give identical tokenizations.",
     "bpe-wordpiece-unigram-compared"),
    # one sentence giving each term the other's use; and a clause that says another term's point does not keep
    # its own term's point made
    ("MRR averages the reciprocal rank over all relevant documents in the list, so it rewards having many relevant "
     "results high up. nDCG is simpler, it just looks at the position of the first relevant hit and discounts by "
     "log. I'd use MRR for product search with graded relevance and nDCG for QA where one answer is enough.",
     "retrieval-metrics-mrr-ndcg"),
])
def test_confident_swaps_in_whole_answers_score_low_and_are_told(grader, answer, lost):
    fb = grader.grade(answer, question_id=lost)
    assert fb.score < 5
    assert any(n.startswith("This sentence says of") for n in fb.notes)
