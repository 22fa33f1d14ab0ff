"""The vectors the offline grader compares: a rubric's, an answer's, and the answer's units.

Rubric embeddings are static and cached per rubric; the answer's sentences
are encoded once, in one batch (or many answers in one batch for `grade_many`).
An answer's units are its sentences, each pair of neighbouring sentences and
the whole answer, built from the sentence vectors without encoding again.

Restating the question must earn nothing, so half of the cosine is taken
after removing the question's direction from both the sentence and the point
vectors. This replaced a second encoding of every sentence with the question's
words deleted: on our labelled set it scores question echoes as low (mean 0.5
of 10 against 0.2) at half the encoding cost, and it works on every rubric
source... except that on a short free-form question whose retrieved points
restate it (the b parameter of BM25), projection left a correct answer with
nothing. Bank rubrics carry phrasings and were checked on labelled answers, so
they take the projection; reference and retrieved rubrics keep the second
encoding with the question's words deleted.
"""
from __future__ import annotations

import re

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from bot.grading import alignment, in_context
from bot.grading.rubric import Rubric
from bot.grading.shorthand import spelled_out
from bot.grading.signals import content_stems, demote, explanation_factor
from bot.grading.text import PING, PreparedAnswer, split_sentences
from bot.retrieval.tokens import TokenVectors

CODE_FACTOR = 0.75  # identifiers show knowledge but explain less than prose


def _normed(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1, norms)).astype(np.float32)


def projects(rubric: Rubric) -> bool:
    """Whether the question is taken out by projection (one encoding) rather than by re-encoding."""
    return rubric.source == "bank"


def aligns(rubric: Rubric) -> bool:
    """Whether points are also aligned with sentences token by token (a reference answer's points)."""
    return rubric.source == "reference"


def off_question(matrix: np.ndarray, question_vec: np.ndarray) -> np.ndarray:
    """Rows with their component along the question removed, renormalised: what they add to the question."""
    if not len(matrix):
        return matrix
    return _normed(matrix - np.outer(matrix @ question_vec, question_vec))


@dataclass
class RubricVectors:
    text_vecs: np.ndarray  # every point text (point + phrasings), stacked
    off_question_vecs: np.ndarray  # the same vectors with the question's direction removed
    owner: np.ndarray  # item index of each row of text_vecs
    text_stems: list[set[str]]
    bars: np.ndarray  # per row, how explained its item's point itself is (explanation_factor)
    question_vec: np.ndarray
    claim_vecs: np.ndarray
    claim_owner: np.ndarray
    correction_vecs: np.ndarray
    model_vecs: np.ndarray  # the model answer's sentences, where the rubric has misconceptions to tell apart
    point_tokens: list[np.ndarray]  # per row of text_vecs, its content tokens' vectors (aligned rubrics only)
    points_in_context: np.ndarray | None = None  # each point read after the question, once an answer needs it


@dataclass
class AnswerVectors:
    """An answer's sentence vectors (then, for reference and retrieved rubrics, the same sentences
    without the question's words), for rubrics that align tokens each sentence's token vectors, and
    for an answer the relevance gate would keep out, the answer read after its question."""
    sentences: np.ndarray
    tokens: list[TokenVectors] | None = None
    in_context: in_context.Reading | None = None


@dataclass
class Units:
    texts: list[str]
    vecs: np.ndarray
    off_question: np.ndarray
    factors: np.ndarray
    stems: list[set[str]]
    groups: list[list[int]]  # the sentences each unit is made of
    quotes: list[str]  # how evidence quotes each unit: code as written, not as graded


def as_read(sentence: str) -> str:
    """A sentence as the model reads it: its shorthand spelled out (shorthand.py) and its pings left out. A ping
    is said to people, not about the question: "<!here> Chunking is a trade-off ..." covered a point that the same
    sentence without it only touched (QA). Quotes still show the sentence as typed."""
    unpinged = PING.sub(" ", sentence.replace("\u200b", ""))  # "@\u200bhere": a ping shown as one that pings no one
    return spelled_out(re.sub(r"\s{2,}", " ", unpinged).strip()) or sentence


def answer_units(prepared: PreparedAnswer, sentence_vecs: np.ndarray, question_vec: np.ndarray,
                 leave_out: frozenset[int] = frozenset()) -> Units:
    """Sentences, neighbouring pairs and the whole answer; pairs and whole are vector sums (no re-encode).
    Sentences in `leave_out` are in no unit; the ones either side of them become neighbours."""
    sents = prepared.units
    n = len(sents)
    plain, demoted = sentence_vecs[:n], sentence_vecs[n:]
    n_prose = n - prepared.code_units
    factors = [explanation_factor(s) if i < n_prose else CODE_FACTOR for i, s in enumerate(sents)]
    kept = [i for i in range(n) if i not in leave_out]
    groups = ([[i] for i in kept] + [[a, b] for a, b in zip(kept, kept[1:])]
              + ([kept] if len(kept) > 2 else []))
    texts = [" ".join(sents[i] for i in g) for g in groups]
    facs = np.array([np.mean([factors[i] for i in g]) for g in groups], dtype=np.float32)
    dim = sentence_vecs.shape[1]
    vecs = _normed(np.stack([plain[g].sum(axis=0) for g in groups])) if groups else np.zeros((0, dim), np.float32)
    off = (_normed(np.stack([demoted[g].sum(axis=0) for g in groups])) if len(demoted) and groups
           else off_question(vecs, question_vec))
    stems = [content_stems(as_read(s)) for s in sents]  # a unit's words are its sentences' words
    return Units(texts, vecs, off, facs, [set().union(*(stems[i] for i in g)) for g in groups], groups,
                 [prepared.quoted(g) for g in groups])


class Encoder:
    """Encodes rubrics (kept in a cache by rubric key) and answers (many in one batch) with the embedder."""

    def __init__(self, embedder, cache_size: int = 512):
        self.embedder = embedder
        self._cache: OrderedDict[str, RubricVectors] = OrderedDict()
        self._cache_size = cache_size

    def vectors(self, rubric: Rubric) -> RubricVectors:
        cached = self._cache.get(rubric.key)
        if cached is not None:
            self._cache.move_to_end(rubric.key)
            return cached
        texts = [t for item in rubric.items for t in item.texts]
        owner = np.array([i for i, item in enumerate(rubric.items) for _ in item.texts])
        claims = [t for m in rubric.misconceptions for t in m.texts]
        claim_owner = np.array([i for i, m in enumerate(rubric.misconceptions) for _ in m.texts], dtype=int)
        corrections = [m.correction for m in rubric.misconceptions]
        q_stems = content_stems(rubric.question)
        demoted = [demote(t, q_stems) or t for t in texts] if not projects(rubric) else []
        n = len(texts)
        if aligns(rubric):  # the points' sentence and token vectors come from one pass
            text_vecs, text_tokens = self.embedder.encode_with_tokens(texts)
            rest = self.embedder.encode([rubric.question, *claims, *corrections, *demoted])
            vecs = np.concatenate([rest[:1], text_vecs.astype(np.float32), rest[1:]])
            point_tokens = [alignment.content_tokens(t, q_stems) for t in text_tokens]
        else:
            vecs = self.embedder.encode([rubric.question, *texts, *claims, *corrections, *demoted])
            point_tokens = []
        off = vecs[len(vecs) - n:] if demoted else off_question(vecs[1:1 + n], vecs[0])
        out = RubricVectors(text_vecs=vecs[1:1 + n], off_question_vecs=off,
                            owner=owner,
                            text_stems=[content_stems(t) - q_stems for t in texts],
                            bars=np.array([explanation_factor(rubric.items[i].point) for i in owner], dtype=np.float32),
                            question_vec=vecs[0],
                            claim_vecs=vecs[1 + n:1 + n + len(claims)], claim_owner=claim_owner,
                            correction_vecs=vecs[1 + n + len(claims):len(vecs) - len(demoted)],
                            model_vecs=self._model_vecs(rubric),
                            point_tokens=point_tokens)
        self._cache[rubric.key] = out
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out

    def _model_vecs(self, rubric: Rubric) -> np.ndarray:
        sentences = split_sentences(rubric.model_answer or "") if rubric.misconceptions else []
        return self.embedder.encode(sentences) if sentences else np.zeros((0, self.embedder.dimension), np.float32)

    def encode_answers(self, answers: list[PreparedAnswer], rubrics: list[Rubric | None]) -> list[AnswerVectors]:
        """Per answer (as graded), its sentence vectors, then (reference and retrieved rubrics only) the same
        sentences without the question's words, and the sentences' token vectors where they are aligned.
        Every distinct text is encoded once, in one batch per kind."""
        plans = []
        for a, r in zip(answers, rubrics):
            extra = [demote(u, content_stems(r.question)) or u for u in a.units] if r and not projects(r) else []
            plans.append((a.units + extra, bool(r) and aligns(r)))
        with_tokens = list(dict.fromkeys(u for (texts, tok), a in zip(plans, answers) if tok for u in a.units))
        vec_of, tokens_of = {}, {}
        if with_tokens:
            vecs, toks = self.embedder.encode_with_tokens([as_read(t) for t in with_tokens])
            vec_of.update(zip(with_tokens, vecs))
            tokens_of.update(zip(with_tokens, toks))
        rest = list(dict.fromkeys(t for texts, _ in plans for t in texts if t not in vec_of))
        if rest:
            vec_of.update(zip(rest, self.embedder.encode([as_read(t) for t in rest])))
        out = []
        for (texts, tok), a in zip(plans, answers):
            sentences = (np.stack([vec_of[t] for t in texts]) if texts
                         else np.zeros((0, self.embedder.dimension), np.float32))
            out.append(AnswerVectors(sentences, [tokens_of[u] for u in a.units] if tok else None))
        return out
