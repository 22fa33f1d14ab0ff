"""Other bank questions' rubric points for a free-form question that the guides barely cover.

"How do you measure inter-annotator agreement?" is no bank question, and the guide passages retrieved
for it were about NER's entity types, CSAT scores and LLM judges; yet two bank questions hold a point on
exactly that ("Measure inter-annotator agreement on overlapping items and resolve disagreements ..."),
with curated phrasings, a hint and a guide section to cite. When such points are clearly closer to the
question than any retrieved guide sentence, they take the places of the guide sentences that are not
about the question (resolve.py). The rubric stays "retrieved" (rubric.from_bank_points says why).

Closeness to the question is the cosine with the point read with its one-line gloss ("means"), plus
LEXICAL times the share of the question's topic words that the point's texts use, each word weighted by
its rarity in the bank and the guides: "canary" tells more than "model". A guide sentence is measured the
same way. On 17 hand-labelled questions this ranked on-topic points above beside-the-point ones in 96%
of pairs within a question (the point's cosine alone: 84%); a point that only lists the topic ("Log
retrieval scores ..., add a semantic cache, and run ...") stays below its curated neighbour.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bot.grading.guide_sentences import leans_back
from bot.grading.rubric import followup_id
from bot.grading.signals import content_stems
from bot.pack.models import Question, RubricPoint, Section

LEXICAL = 0.3
# Bank points come in when the best of them beats the best retrieved guide sentence by MARGIN, with every
# point within SPREAD of the best one that also beats the guides by MARGIN. On 78 free-form questions,
# with the section retriever and with the hybrid index, every rubric the bank's points made worse than
# the guides' had a margin under 0.25 ("How would you detect a tokenizer that splits numbers badly?", 0.17
# and 0.21, took "Split numbers into single digits ...", a fix, over "look at the actual token sequence
# first"), as had the b parameter of BM25 (0.24), whose guide sentences already answer it. At 0.25 or
# more, 16 questions changed: 12 rubrics better (hand-judged), 4 about as good, none worse. A wider
# spread let in "Track the confidence scores" beside "calibration of confidence scores".
MARGIN = 0.25
SPREAD = 0.10
# A retrieved guide sentence at LOOSE or more in cosine is about the question and keeps its place beside
# the bank points ("A cross-encoder feeds the query and a document together ...", 0.50, for "When should
# you use a cross-encoder for reranking?"); the ones below it give theirs up.
LOOSE = 0.45
DUPLICATE = 0.8  # cosine at which two points say the same thing (as in resolve.py)
# A point that uses less than this share of the question's topic words is not a candidate: one that only
# shares "model" with it is about something else, and leaving such points out spares encoding most of the
# bank for each question (no rubric of the 78 questions changed).
TOPIC_SHARE = 0.2


@dataclass(frozen=True)
class BankPoint:
    rubric_id: str  # the bank question or follow-up whose rubric holds the point ("x", "x#f0")
    point: RubricPoint


def _points(questions: list[Question]) -> list[BankPoint]:
    """Points that can stand for another question: not a story's part, not leaning on their own question."""
    out = []
    for q in questions:
        if q.kind.value == "behavioral":
            continue
        out += [BankPoint(q.id, p) for p in q.rubric]
        out += [BankPoint(followup_id(q, n), p) for n, f in enumerate(q.followups) for p in f.rubric]
    return [b for b in out if not leans_back(b.point.point)]


class BankPoints:
    def __init__(self, embedder, questions: list[Question], sections: dict[str, Section]):
        self.embedder = embedder
        self.points = _points(questions)
        self._words = [content_stems(" ".join([b.point.point, b.point.means, *b.point.phrasings]))
                       for b in self.points]
        documents = self._words + [content_stems(f"{s.title} {s.text}") for s in sections.values()]
        counts: dict[str, int] = {}
        for words in documents:
            for w in words:
                counts[w] = counts.get(w, 0) + 1
        self._rarity = {w: math.log((len(documents) + 1) / (c + 1)) for w, c in counts.items()}
        self._unseen = math.log(len(documents) + 1)
        self._vecs: dict[int, np.ndarray] = {}  # each encoded when first a candidate

    def share(self, topic: set[str], words: set[str]) -> float:
        """The share of the question's topic words in `words`, each weighted by its rarity."""
        weight = {t: self._rarity.get(t, self._unseen) for t in topic}
        total = sum(weight.values())
        return sum(weight[t] for t in topic & words) / total if total else 0.0

    def vectors(self, rows: list[int]) -> np.ndarray:
        """The points' vectors, each read with its gloss."""
        missing = [i for i in rows if i not in self._vecs]
        if missing:
            encoded = self.embedder.encode([f"{self.points[i].point.point} {self.points[i].point.means}"
                                            for i in missing])
            self._vecs.update(zip(missing, encoded))
        return np.array([self._vecs[i] for i in rows])

    def closeness(self, question_vec: np.ndarray, topic: set[str]) -> tuple[list[int], np.ndarray]:
        """The candidate points (see TOPIC_SHARE) and their closeness to the question."""
        shares = [self.share(topic, w) for w in self._words]
        rows = [i for i, s in enumerate(shares) if s >= TOPIC_SHARE]
        if not rows:
            return [], np.zeros(0)
        return rows, self.vectors(rows) @ question_vec + LEXICAL * np.array([shares[i] for i in rows])

    def beside_guides(self, question_vec: np.ndarray, topic: set[str], sentences: list[str], vecs: np.ndarray,
                      chosen: list[int], limit: int) -> tuple[list[BankPoint], list[int]]:
        """The bank points clearly closer to the question than any of the retrieved guide `sentences` (with
        their `vecs`), best first, and which of the `chosen` sentences keep their places beside them: those
        about the question (see LOOSE) that no bank point already says. No points: `chosen` unchanged."""
        rows, scores = self.closeness(question_vec, topic)
        if not rows or not sentences:
            return [], chosen
        cosines = vecs @ question_vec
        guide_best = max(float(c) + LEXICAL * self.share(topic, content_stems(s)) for s, c in zip(sentences, cosines))
        bar = max(float(scores.max()) - SPREAD, guide_best + MARGIN)
        kept = [i for i in chosen if cosines[i] >= LOOSE]
        taken: list[int] = []
        for b in (rows[i] for i in np.argsort(-scores) if scores[i] >= bar):
            said = self._vecs[b] @ vecs[kept].T if kept else np.zeros(0)
            if taken and float((self.vectors(taken) @ self._vecs[b]).max()) >= DUPLICATE:
                continue  # two bank questions word the same point alike ("Measure inter-annotator agreement ...")
            if len(taken) + len(kept) - int((said >= DUPLICATE).sum()) > limit - 1:
                break
            taken.append(b)
            kept = [i for i, s in zip(kept, said) if s < DUPLICATE]  # the curated point says it, with phrasings
        return [self.points[i] for i in taken], kept if taken else chosen
