"""One long sentence that makes several points earns them as the same points in separate sentences would
(QA: the three-tasks answer as one sentence 4.7, one point covered; as three sentences 8.4, three)."""
from __future__ import annotations

from bot.grading.list_sentences import pieces

QID = "encoder-decoder-pick-for-tasks"
ONE_SENTENCE = ("For tagging attributes I'd use a token classification model like a fine-tuned BERT with BIO tags, "
                "for summarising long reviews an encoder-decoder or an LLM, and for routing with plenty of labels a "
                "fine-tuned encoder classifier or even TF-IDF with logistic regression as a baseline.")
THREE_SENTENCES = ("For tagging attributes I'd use a token classification model like a fine-tuned BERT with BIO tags. "
                   "For summarising long reviews I'd use an encoder-decoder or an LLM. For routing with plenty of "
                   "labels I'd use a fine-tuned encoder classifier or even TF-IDF with logistic regression as a "
                   "baseline.")


def test_a_sentence_that_lists_three_decisions_makes_all_three_points(grader):
    one, three = grader.grade(ONE_SENTENCE, QID), grader.grade(THREE_SENTENCES, QID)
    covered = {p.point_id for p in one.points if p.status == "covered"}
    assert {"tagging-encoder", "summarise-generative", "routing-encoder-labelled"} <= covered
    assert abs(one.score - three.score) < 1.0, (one.score, three.score)
    quotes = {p.evidence for p in one.points if p.status == "covered"}
    assert quotes == {ONE_SENTENCE}, "the sentence is the evidence, not a piece of it"


def test_a_long_list_of_terms_still_earns_nothing(grader):
    stuffed = ("BM25, TF-IDF, inverted index, hybrid retrieval, dense embeddings, cross-encoder rerankers, SKUs, "
               "error codes, interpretability, no training data, fast CPU serving, vocabulary mismatch.")
    assert grader.grade(stuffed, "bm25-why-still-used").score < 1.0


def test_only_a_long_sentence_of_several_pieces_is_split():
    assert pieces("BM25 needs no training data, so it works on a new corpus at once.") == []
    assert pieces("BM25 ranks documents by term frequency and inverse document frequency with a length "
                  "normalisation, which needs no training data at all.") == []  # two pieces
    assert pieces(ONE_SENTENCE) == [
        "For tagging attributes I'd use a token classification model like a fine-tuned BERT with BIO tags",
        "for summarising long reviews an encoder-decoder or an LLM",
        "and for routing with plenty of labels a fine-tuned encoder classifier or even TF-IDF with logistic "
        "regression as a baseline"]


RAG_TWO_CLAUSES = ("RAG retrieves documents relevant to the question and adds them to the prompt. Teams use it "
                   "because the model doesnt know your internal or recent data, and updating an index is way "
                   "cheaper than fine tuning.")


def test_two_clauses_that_make_two_points_earn_both(grader):
    """QA: the private-data clause was missed, and the next step asked for it, because the sentence was quoted
    for the cheaper-updates point and a sentence keeps only its best point unless near full on both."""
    fb = grader.grade(RAG_TWO_CLAUSES, "rag-what-and-why")
    status = {p.point_id: p.status for p in fb.points}
    assert status["fresh-private"] == "covered" and status["update-cheap"] == "covered", status


def test_clauses_split_on_while_and_on_a_comma_and():
    assert pieces("semantic search compares meaning with embeddings while keyword search matches exact words") == [
        "semantic search compares meaning with embeddings", "keyword search matches exact words"]
    assert pieces("BM25 needs no training data, so it works on a new corpus at once.") == []
    assert pieces("Use BM25 while prototyping and tune it later on the real queries.") == [], "a short clause stays"
