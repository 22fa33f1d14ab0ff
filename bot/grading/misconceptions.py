"""Which of the bank's misconceptions an answer states, and in which sentence.

A sentence that states a myth is flagged, costs points (scoring.py) and is
left out of the units that earn points, so a myth worded like a point ("BM25
needs labelled training data") is not also quoted as covering it. A sentence
closer to a rubric point, the correction or a sentence of the model answer
than to the myth is not taken to state it, nor is one that negates the myth
where no wording of the myth does, or reports it as someone else's belief
("some people say ..."). Only single sentences are flagged, each for one myth
at most.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from bot.grading.feedback import MisconceptionFlag
from bot.grading.rubric import Rubric
from bot.grading.signals import claims_like, content_stems, negates

if TYPE_CHECKING:
    from bot.grading.offline import RubricVectors, Units

MISCONCEPTION_MIN = 0.68  # cosine at which a sentence may state a known misconception
# A sentence that reports a belief as someone else's ("some people say", "a common mistake is assuming")
# is setting it up to be refuted, not stating it.
_REPORTED = re.compile(r"\b(?:people|some|many|others|folks)\s+(?:say|said|think|thought|believe|assume|claim|expect|expected)\b|"
                       r"\b(?:it is|it's)\s+(?:often\s+|commonly\s+|widely\s+|sometimes\s+)?(?:said|claimed|assumed|believed)\b|"
                       r"\bcommon\s+(?:mistake|belief|assumption|error|trap)\b|\ba\s+mistake\s+to\b", re.I)


def stated(rubric: Rubric, rv: RubricVectors, units: Units) -> list[tuple[MisconceptionFlag, int]]:
    """Each misconception the answer states, with the sentence (index into the answer's units) that
    states it. Only single sentences are judged: a pair or the whole answer near a myth pinned the
    flag on an innocent sentence of it, which then earned nothing. A sentence states at most one myth."""
    if not len(rv.claim_vecs) or not units.texts:
        return []
    single = [u for u, g in enumerate(units.groups) if len(g) == 1]
    vecs = units.vecs[single]
    cos = vecs @ rv.claim_vecs.T
    corr = vecs @ rv.correction_vecs.T
    # How close each sentence is to something correct: a rubric point or a sentence of the model answer.
    right = (vecs @ np.concatenate([rv.text_vecs, rv.model_vecs]).T).max(axis=1)
    claim_texts = [t for m in rubric.misconceptions for t in m.texts]
    # A sentence shares a word with the myth beyond the question's own ("BM25 is interpretable" sits
    # at 0.68 from "BM25 needs labelled training data": short sentences on one subject are all close).
    q_stems = content_stems(rubric.question)
    myth_words = [content_stems(t) - q_stems for t in claim_texts]
    candidates = []  # (closeness, myth, row in `single`) for every sentence that states a myth
    for m in range(len(rubric.misconceptions)):
        cols = np.flatnonzero(rv.claim_owner == m)
        for k, u in enumerate(single):
            best = float(cos[k, cols].max())
            # A negation that a wording of the myth uses at the same place ("the model can't make things
            # up anymore") is part of the myth; any other denies it ("RAG does not eliminate ...").
            wordings = [claim_texts[c] for c in cols]
            denies = (negates(units.texts[u], wordings) or bool(_REPORTED.search(units.texts[u]))
                      or not claims_like(units.texts[u], wordings)
                      or not any(myth_words[c] & units.stems[u] for c in cols))
            if (best >= MISCONCEPTION_MIN and units.factors[u] >= 0.5 and not denies
                    and corr[k, m] < best and right[k] < best):
                candidates.append((best, m, k))
    flags, taken_myths, taken_sentences = [], set(), set()
    for _, m, k in sorted(candidates, reverse=True):
        if m in taken_myths or k in taken_sentences:
            continue
        taken_myths.add(m)
        taken_sentences.add(k)
        item, sentence = rubric.misconceptions[m], units.groups[single[k]][0]
        flags.append((MisconceptionFlag(item.claim, item.correction, units.texts[single[k]]), sentence))
    return sorted(flags, key=lambda f: f[1])
