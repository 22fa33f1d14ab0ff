"""Per-token vectors from the embedding model, with the word each token belongs to.

The grader aligns a reference's words with an answer's words one token at a
time (see bot/grading/alignment.py); this is the model's side of that: the
contextual vector of every word piece, unit length, without [CLS] and [SEP],
and the lower-cased word it is part of (read from the fast tokenizer's word
ids and character offsets, so "tokenization" gives two pieces, both of the
word "tokenization").
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TokenVectors:
    vecs: np.ndarray  # (tokens, dimension), unit rows
    words: tuple[str, ...]  # per token, the word it is a piece of

    @classmethod
    def empty(cls, dimension: int) -> "TokenVectors":
        return cls(np.zeros((0, dimension), dtype=np.float32), ())


def token_vectors(hidden: np.ndarray, encoding, row: int, text: str) -> TokenVectors:
    """`hidden`: the model's last hidden states for `row` of a batch `encoding` that was made with
    `return_offsets_mapping=True`; special and padding tokens are dropped."""
    word_ids = encoding.word_ids(row)
    offsets = encoding["offset_mapping"][row]
    spans: dict[int, list[int]] = {}
    for i, w in enumerate(word_ids):
        if w is not None:
            start, end = int(offsets[i][0]), int(offsets[i][1])
            span = spans.setdefault(w, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
    keep = [i for i, w in enumerate(word_ids) if w is not None]
    vecs = np.asarray(hidden[keep], dtype=np.float32)
    vecs = vecs / np.clip(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12, None)
    words = tuple(text[spans[word_ids[i]][0]:spans[word_ids[i]][1]].lower() for i in keep)
    return TokenVectors(vecs, words)
