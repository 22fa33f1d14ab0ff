"""A sentence-long answer in another language is kept out like a longer one; terse English is graded."""
from __future__ import annotations

import pytest

from bot.grading.language import looks_english
from bot.grading.text import NOT_ENGLISH_NOTE

QID = "tfidf-logreg-how-it-works"

# QA: twelve words, no English function word, but only one foreign one the lists know ("cuando")
SPANISH = "Usaría TF-IDF cuando hay pocos datos etiquetados y se necesita rapidez."

OTHER_LANGUAGES = [
    "Yo usaría BM25 porque es rápido y no necesita entrenamiento ni GPU para funcionar bien.",
    "Primero divido la respuesta en afirmaciones y luego compruebo cada una con un modelo NLI.",
    "On découpe le texte en sous-mots avec BPE, puis on entraîne le modèle sur ces jetons.",
    "Userei TF-IDF quando ci sono pochi dati etichettati e serve una soluzione veloce.",
    "Con pocos datos etiquetados, TF-IDF y regresión logística funcionan sorprendentemente bien.",
]

TERSE_ENGLISH = [
    "TF-IDF + logreg, no GPU needed",
    "TF-IDF + logreg: fast, cheap, interpretable coefficients, strong baseline when labelled data is scarce.",
    "BM25 > dense for exact SKU/IDs; RRF fuse w/ HNSW ANN, k=60, rerank top-50 via cross-encoder.",
    "RAG pipeline: chunk 512 tok, embed e5-large, Chroma, hybrid BM25, rerank, cite sources.",
    "Naïve Bayes con TF-IDF features is a solid baseline, per se, for spam detection tasks.",
    "Résumé screening model: flagged bias, de-biased features, audited with fairness metrics across groups.",
    "dont use ROUGE, use NLI entailment per claim, Tomás said so in the review",
]


def test_short_spanish_answer_is_not_graded(grader):
    fb = grader.grade(SPANISH, question_id=QID)
    assert NOT_ENGLISH_NOTE in fb.notes


@pytest.mark.parametrize("answer", OTHER_LANGUAGES)
def test_sentence_in_another_language_is_not_english(answer):
    assert not looks_english(answer)


@pytest.mark.parametrize("answer", TERSE_ENGLISH)
def test_terse_english_with_terms_and_acronyms_is_english(answer):
    assert looks_english(answer)


def test_terse_english_answer_is_graded(grader):
    fb = grader.grade("TF-IDF + logreg, no GPU needed", question_id=QID)
    assert NOT_ENGLISH_NOTE not in fb.notes
