"""Token alignment: how much of a point's own wording a sentence carries, word by word, by meaning.

Each content word of the point (not a stopword, not a word of the question)
is matched with its closest token in the sentence by the model's contextual
token vectors; the point's recall is the mean of those best cosines. It is
BERTScore's recall (Zhang et al., 2020) with the question's words demoted as
in Mohler et al. (2011), so restating the question earns nothing.

Whole-sentence cosine blurs a one-line reference: "the height of the tree"
against "log n comparisons" or "all but the first dimension" against "one
less than the number of dimensions" share little of a sentence vector but
align word by word. A point is aligned within one sentence at a time: across
a long answer nearly every word finds a partner somewhere, which is what an
off-topic answer would exploit.
"""
from __future__ import annotations

import numpy as np

from bot.grading.signals import STOPWORDS, stem
from bot.retrieval.tokens import TokenVectors


def _is_word(w: str) -> bool:
    return any(ch.isalnum() for ch in w)


def content_tokens(point: TokenVectors, question_stems: set[str]) -> np.ndarray:
    """The vectors of the point's tokens that carry its content; never empty for a non-empty point."""
    for keep in (lambda w: _is_word(w) and w not in STOPWORDS and stem(w) not in question_stems,
                 lambda w: _is_word(w) and w not in STOPWORDS,
                 lambda w: True):
        rows = [i for i, w in enumerate(point.words) if keep(w)]
        if rows:
            return point.vecs[rows]
    return np.zeros((1, point.vecs.shape[1]), dtype=np.float32)  # no tokens at all: aligns with nothing


def recall(points: list[np.ndarray], sentences: list[TokenVectors]) -> np.ndarray:
    """(sentences x points): per sentence, the mean best cosine of each point's content tokens."""
    out = np.zeros((len(sentences), len(points)), dtype=np.float32)
    if not points or not sentences:
        return out
    stacked = np.concatenate(points)
    starts = np.cumsum([0] + [len(p) for p in points[:-1]])
    sizes = np.array([len(p) for p in points], dtype=np.float32)
    for s, sentence in enumerate(sentences):
        if len(sentence.vecs):
            best = (stacked @ sentence.vecs.T).max(axis=1)
            out[s] = np.add.reduceat(best, starts) / sizes
    return out
