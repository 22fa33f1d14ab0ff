"""BM25 over passages with bm25s, and the tokenizer both sides share."""
from __future__ import annotations

import re

import bm25s
import numpy as np

TOKEN = re.compile(r"[a-z0-9]+(?:[-@][a-z0-9]+)*")
STOPWORDS = frozenset(
    "a an and are as at be been but by can do does for from has have how i if in into is it its "
    "me my of on or our so than that the their them then there these they this to was we were "
    "what when where which who why will with would you your".split()
)


def _stem(token: str) -> str:
    # A light plural/verb-ending fold: enough for "chunks" ~ "chunk", cheap and predictable.
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)] + keep
    return token


def tokenize(text: str) -> list[str]:
    return [_stem(t) for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


class LexicalIndex:
    def __init__(self, ids: list[str], texts: list[str], k1: float = 1.2, b: float = 0.75):
        self.ids = ids
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        corpus = [tokenize(t) or ["\u2205"] for t in texts]
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(query) if t in self._bm25.vocab_dict] if self.ids else []
        if not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
