"""A long sentence that makes several points, read piece by piece.

One sentence that lists three decisions ("For tagging I'd use BERT with BIO tags, for summarising
long reviews an encoder-decoder or an LLM, and for routing a fine-tuned encoder classifier") sits
far from each point in meaning: its vector is the mix of all three, so it covered one point and
missed two (4.7 of 10), where the same words as three sentences covered three (8.4, QA). On a bank
rubric such a sentence is also read piece by piece, and makes a point when one of its pieces does.
The sentence stays the evidence: a piece alone ("and for routing ...") reads badly as a quote.
"""
from __future__ import annotations

import re

import numpy as np

from bot.grading.text import word_count

LONG = 20  # words: a sentence shorter than this is read whole only
PIECE_WORDS = 4  # a comma piece shorter than this joins the one before it ("BERT, T5")
MIN_PIECES = 3  # a sentence of two pieces is close enough to each of them already
_BREAK = re.compile(r"\s*[;,]\s+")


CLAUSES_LONG = 12  # words: a sentence this long may be two clauses that each make a point
CLAUSE_WORDS = 5  # ... each of at least this many words
# a spaced dash too: "only hard cases go to the big model - check quality on a labelled sample first" (QA: the
# routing point sat at 0.37 with the check after the dash, 0.60 without)
_CLAUSE_BREAK = re.compile(r"\s*;\s+|,?\s+(?:while|whereas)\s+|,\s+(?=(?:and|but)\s)|(?<!\d)\s+[-\u2013\u2014]{1,2}\s+(?!\d)", re.I)


def clauses(sentence: str) -> list[str]:
    """Two or more clauses joined by "while", "whereas", a semicolon, a spaced dash or ", and"/", but", each of
    several words ("semantic search compares meaning with embeddings while keyword search matches
    exact words"). Else none."""
    if word_count(sentence) < CLAUSES_LONG:
        return []
    parts = [p for p in _CLAUSE_BREAK.split(sentence.strip().rstrip(".")) if p]
    return parts if len(parts) >= 2 and all(word_count(p) >= CLAUSE_WORDS for p in parts) else []


def pieces(sentence: str) -> list[str]:
    """The sentence's pieces, when it is a long one that lists several: commas and semicolons split
    it, and a piece of a few words stays with the one before it; or, shorter, its clauses. Else none."""
    if word_count(sentence) < LONG:
        return clauses(sentence)
    out: list[str] = []
    for part in _BREAK.split(sentence.strip().rstrip(".")):
        if out and word_count(part) < PIECE_WORDS:
            out[-1] = f"{out[-1]}, {part}"
        elif part:
            out.append(part)
    return out if len(out) >= MIN_PIECES else clauses(sentence)


def piece_factors(sentence: str, parts: list[str], factors: np.ndarray, sentence_factor: float) -> np.ndarray:
    """The explanation factors (signals.explanation_factor) of a sentence's pieces: a clause's at least its
    sentence's, for a clause is part of its sentence's explanation ('keyword search matches exact words', cut
    from '... while keyword search matches exact words', has no function word, yet is no bare list of terms).
    A piece of a list keeps its own: 'inference engines, batching, quantization' is a list of terms."""
    return np.maximum(factors, sentence_factor) if parts == clauses(sentence) else factors
