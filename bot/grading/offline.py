"""The offline grader: rubric points against answer sentences, no network.

Each rubric point is compared, by embedding cosine plus a little lexical
overlap, with every answer sentence and every pair of neighbouring sentences
(a point is often made across two). A sentence's match is scaled by how much
it reads like an explanation, so a list of bare terms cannot earn a point.
Rubric embeddings are static and cached per rubric; the answer's sentences
are encoded in one batch (or many answers in one batch for `grade_many`).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from bot.grading.feedback import MisconceptionFlag
from bot.grading.rubric import Rubric
from bot.grading.scoring import Match, assemble
from bot.grading.signals import content_stems, explanation_factor, lexical_recall, negates
from bot.grading.text import PreparedAnswer

COSINE_SHARE = 0.8  # the rest is lexical recall of the point's content words
CODE_FACTOR = 0.75  # identifiers show knowledge but explain less than prose
MISCONCEPTION_MIN = 0.62  # cosine at which a sentence states a known misconception


@dataclass
class RubricVectors:
    text_vecs: np.ndarray  # every point text (point + phrasings), stacked
    owner: np.ndarray  # item index of each row of text_vecs
    text_stems: list[set[str]]
    question_vec: np.ndarray
    claim_vecs: np.ndarray
    claim_owner: np.ndarray
    correction_vecs: np.ndarray


@dataclass
class Units:
    texts: list[str]
    vecs: np.ndarray
    factors: np.ndarray
    stems: list[set[str]]


class OfflineGrader:
    def __init__(self, embedder, max_words: int = 400, cache_size: int = 512):
        self.embedder = embedder
        self.max_words = max_words
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
        vecs = self.embedder.encode([rubric.question, *texts, *claims, *corrections])
        q_stems = content_stems(rubric.question)
        n = len(texts)
        out = RubricVectors(text_vecs=vecs[1:1 + n], owner=owner,
                            text_stems=[content_stems(t) - q_stems for t in texts], question_vec=vecs[0],
                            claim_vecs=vecs[1 + n:1 + n + len(claims)], claim_owner=claim_owner,
                            correction_vecs=vecs[1 + n + len(claims):])
        self._cache[rubric.key] = out
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out

    def units(self, prepared: PreparedAnswer, sentence_vecs: np.ndarray) -> Units:
        """Sentences, neighbouring pairs and, for short answers, the whole answer."""
        sents = prepared.units
        n_prose = len(sents) - prepared.code_units
        factors = [explanation_factor(s) if i < n_prose else CODE_FACTOR for i, s in enumerate(sents)]
        texts, vecs, facs = list(sents), list(sentence_vecs), list(factors)
        for i in range(len(sents) - 1):
            texts.append(f"{sents[i]} {sents[i + 1]}")
            vecs.append(sentence_vecs[i] + sentence_vecs[i + 1])
            facs.append((factors[i] + factors[i + 1]) / 2)
        if 3 <= len(sents) <= 4:
            texts.append(" ".join(sents))
            vecs.append(sentence_vecs.sum(axis=0))
            facs.append(float(np.mean(factors)))
        matrix = np.array(vecs, dtype=np.float32).reshape(len(vecs), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = matrix / np.where(norms == 0, 1, norms)
        return Units(texts, matrix, np.array(facs, dtype=np.float32), [content_stems(t) for t in texts])

    def encode_answers(self, answers: list[PreparedAnswer]) -> list[np.ndarray]:
        flat = [u for a in answers for u in a.units]
        vecs = self.embedder.encode(flat)
        out, start = [], 0
        for a in answers:
            out.append(vecs[start:start + len(a.units)])
            start += len(a.units)
        return out

    def matches(self, rubric: Rubric, rv: RubricVectors, units: Units) -> list[Match]:
        cos = units.vecs @ rv.text_vecs.T  # units x point texts
        lex = np.array([[lexical_recall(t, u) for t in rv.text_stems] for u in units.stems], dtype=np.float32)
        strength = (COSINE_SHARE * cos + (1 - COSINE_SHARE) * lex) * units.factors[:, None]
        out = []
        for i, _item in enumerate(rubric.items):
            cols = rv.owner == i
            per_unit = strength[:, cols].max(axis=1)
            best = int(per_unit.argmax())
            out.append(Match(strength=float(per_unit[best]), evidence=units.texts[best],
                             cosine=float(cos[best, cols].max())))
        return out

    def misconceptions(self, rubric: Rubric, rv: RubricVectors, units: Units) -> list[MisconceptionFlag]:
        if not len(rv.claim_vecs) or not units.texts:
            return []
        cos = units.vecs @ rv.claim_vecs.T
        corr = units.vecs @ rv.correction_vecs.T
        flags = []
        for m, item in enumerate(rubric.misconceptions):
            cols = rv.claim_owner == m
            per_unit = cos[:, cols].max(axis=1)
            for u in np.argsort(-per_unit):
                if per_unit[u] < MISCONCEPTION_MIN:
                    break
                if units.factors[u] < 0.5 or negates(units.texts[u], item.claim) or corr[u, m] >= per_unit[u]:
                    continue
                flags.append(MisconceptionFlag(item.claim, item.correction, units.texts[u]))
                break
        return flags

    def grade(self, rubric: Rubric, prepared: PreparedAnswer, sentence_vecs: np.ndarray):
        rv = self.vectors(rubric)
        if prepared.empty or not prepared.english or prepared.non_answer:
            return assemble(rubric, prepared, [], [], relevance=0.0, grader="offline")
        units = self.units(prepared, sentence_vecs)
        relevance = float(max((units.vecs @ rv.text_vecs.T).max(), (units.vecs @ rv.question_vec).max()))
        return assemble(rubric, prepared, self.matches(rubric, rv, units),
                        self.misconceptions(rubric, rv, units), relevance=relevance, grader="offline")
