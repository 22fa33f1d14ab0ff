"""Which of the bank's misconceptions an answer states, and in which sentence.

A sentence that states a myth is flagged, costs points (scoring.py) and is
left out of the units that earn points, so a myth worded like a point ("BM25
needs labelled training data") is not also quoted as covering it. A sentence
closer to a rubric point, the correction or a sentence of the model answer
than to the myth is not taken to state it, nor is one that negates the myth
where no wording of the myth does (a negation that denies the myth's correction,
"large models don't hallucinate", is the myth's own), swaps a word of the wording it is nearest for
its opposite ("precision" for "recall", opposites.py), reports it as someone else's belief
("some people say ...") or argues against it ("... is meaningless", "... even
if ...") where no wording of the myth does. Only single sentences are flagged,
each for one myth at most; a sentence near a myth that shares a word with it is
also read clause by clause, since a myth is often one clause of a longer one, and
one that opens with "It" also with the name the sentence before opens with (a
clause after the first, with the name its own sentence opens with).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from bot.grading.feedback import MisconceptionFlag
from bot.grading.negation import denies_what_it_says
from bot.grading.opposites import swapped
from bot.grading.rubric import Rubric
from bot.grading.signals import STOPWORDS, claims_like, content_stems, explanation_factor, negates
from bot.grading.text import word_count

if TYPE_CHECKING:
    from bot.grading.vectors import RubricVectors, Units

MISCONCEPTION_MIN = 0.68  # cosine at which a sentence may state a known misconception
# A sentence that reports a belief as someone else's ("some people say", "a common mistake is assuming")
# is setting it up to be refuted, not stating it.
_REPORTED = re.compile(r"\b(?:people|some|many|others|folks)\s+(?:say|said|think|thought|believe|assume|claim|expect|expected)\b|"
                       r"\b(?:it is|it's)\s+(?:often\s+|commonly\s+|widely\s+|sometimes\s+)?(?:said|claimed|assumed|believed)\b|"
                       r"\bcommon\s+(?:mistake|belief|assumption|error|trap)\b|\ba\s+mistake\s+to\b", re.I)


# A myth is often one clause of a longer sentence ("ROUGE is mainly a precision metric, so I'd just count
# ..."), and the whole sentence then sits too far from it; so a sentence that shares a word with a myth is
# also read clause by clause, split where a new statement starts.
_CLAUSE_BREAK = re.compile(r"\s*(?:[;:]|,\s*(?:so|and|but|which|since|because|while|whereas|then)\b|"
                           r",(?=\s*(?:it|they|this)\b)|\s(?:because|since)\b)\s*", re.I)
CLAUSE_WORDS = 3  # a shorter piece ("it's a machine") states nothing on its own
# ... and that is near a myth as a whole: a sentence whose clause states one sat at 0.43 at least (QA's
# wrong answers); half the sentences that share a word with a myth sit further off and are not split.
CLAUSE_FROM = 0.40
# ... and not a near copy of a model-answer sentence: a clause of it would have to sit closer still to a
# myth to be flagged (a batch of model answers split 60% of them for nothing).
CLAUSE_UNTIL_MODEL = 0.9
# ... but a clause clearly nearer the myth than to any point or model-answer sentence stands on its own
# closeness ("BLEU is a recall metric used in machine translation": 0.83 from the myth, 0.72 from anything
# right); no labelled right answer or bank point has a clause that near a myth.
CLEARLY_NEARER = 0.08
# Words that argue against what the sentence reports ("token accuracy is meaningless for NER ... will look
# great even if it botches the entities"), where no "not" does.
_REFUTES = re.compile(r"\b(?:meaningless|misleading|deceptive|a myth|overstates?|inflated|even (?:if|when|though)|"
                      r"(?:is|are|was|it's) (?:wrong|false|untrue|not true))\b", re.I)


def refutes(sentence: str, wordings: list[str]) -> bool:
    """Whether the sentence argues against a myth in words that no wording of the myth uses itself ("A is
    better, even though the tokenizers differ" is a wording of one)."""
    return bool(_REFUTES.search(sentence)) and not any(_REFUTES.search(w) for w in wordings)


def clauses(sentence: str) -> list[str]:
    """The sentence's clauses of CLAUSE_WORDS words or more; none when it is one clause."""
    parts = [p.strip(" ,.") for p in _CLAUSE_BREAK.split(sentence)]
    return [p for p in parts if word_count(p) >= CLAUSE_WORDS] if len(parts) > 1 else []


# "RAG retrieves passages ... It completely eliminates hallucination.": the myth's subject is in the sentence
# before, and "It completely ..." alone sits nearer a rubric phrasing that opens with "It" than the myth. So a
# sentence near a myth that opens with a pronoun is also read with the name the sentence before opens with.
_PRONOUN_OPENING = re.compile(r"^(?:it|this|they)\b", re.I)
_NAME_OPENING = re.compile(r"^[A-Z][\w@+.-]*")


def named(sentence: str, previous: str | None) -> str | None:
    """The sentence with its opening pronoun replaced by the name the previous sentence opens with ("RAG",
    "BM25", "LoRA"), or None: no pronoun, no previous sentence, or one that opens with a common word."""
    name = _NAME_OPENING.match(previous or "")
    if not _PRONOUN_OPENING.match(sentence) or not name or name.group(0).lower() in STOPWORDS:
        return None
    return _PRONOUN_OPENING.sub(name.group(0), sentence, count=1)


def _myth_words(rubric: Rubric) -> list[set[str]]:
    """Each wording's words beyond the question's own: a sentence must share one to state the myth ("BM25
    is interpretable" sits at 0.68 from "BM25 needs labelled training data": short sentences on one
    subject are all close)."""
    q_stems = content_stems(rubric.question)
    return [content_stems(t) - q_stems for m in rubric.misconceptions for t in m.texts]


@lru_cache(maxsize=512)
def _distinct_words(rubric: Rubric) -> list[set[str]]:
    """Per wording of a myth, the words it uses that no point, phrasing, model answer or question of the
    rubric does ("understands", "high" in "TF-IDF understands meaning because rare words get high weights"):
    where the wording a text is closest to has such words, the text must use one, or one of another wording
    of the myth ("Large models don't hallucinate, it's a small model thing" is nearest "once a model is big
    enough it stops hallucinating"), to state the myth. "You
    turn the text into word counts weighted by how rare the word is (TF-IDF)" shares only "rare" and
    "weight" with it, words a right answer uses too, and was flagged (QA). A wording whose words all stand
    in right answers too ("BM25 needs labelled training data") sets no such bar."""
    right = content_stems(" ".join([*(t for item in rubric.items for t in item.texts), rubric.model_answer or "",
                                    rubric.question]))
    return [content_stems(t) - right for m in rubric.misconceptions for t in m.texts]


def _uses_distinct(distinct: set[str], words: set[str]) -> bool:
    return not distinct or bool(distinct & words)


def _split(rubric: Rubric, rv: RubricVectors, units: Units,
           myth_words: list[set[str]] | None = None) -> list[tuple[str, int]]:
    """The clauses read besides whole sentences, with their sentence's row among the single sentences: of
    each sentence near a myth (CLAUSE_FROM) that shares a word with it, and is no copy of the model answer."""
    if not len(rv.claim_vecs):
        return []
    myth_words = myth_words if myth_words is not None else _myth_words(rubric)
    single = [u for u, g in enumerate(units.groups) if len(g) == 1]
    vecs = units.vecs[single]
    near = (vecs @ rv.claim_vecs.T).max(axis=1) >= CLAUSE_FROM if single else np.zeros(0, bool)
    if single and len(rv.model_vecs):
        near &= (vecs @ rv.model_vecs.T).max(axis=1) < CLAUSE_UNTIL_MODEL
    out = []
    for k, u in enumerate(single):
        if near[k] and any(w & units.stems[u] for w in myth_words):
            before = units.texts[single[k - 1]] if k and units.groups[u][0] - 1 in units.groups[single[k - 1]] else None
            parts = clauses(units.texts[u])
            # "RAG retrieves passages ..., so it completely eliminates hallucination": a later clause's "it"
            # is the name the sentence opens with
            out += [(c, k) for c in parts + [n for n in [named(units.texts[u], before)] if n]
                    + [n for n in (named(c, units.texts[u]) for c in parts[1:]) if n]]
    return out


def clauses_to_read(rubric: Rubric, rv: RubricVectors, units: Units) -> list[str]:
    """The clauses `stated` will ask `encode` for, so that many answers' can be encoded in one batch."""
    return [c for c, _ in _split(rubric, rv, units)]


def stated(rubric: Rubric, rv: RubricVectors, units: Units,
           encode: Callable[[list[str]], np.ndarray]) -> list[tuple[MisconceptionFlag, int]]:
    """Each misconception the answer states, with the sentence (index into the answer's units) that
    states it. Only single sentences are judged, whole and by their clauses: a pair or the whole answer
    near a myth pinned the flag on an innocent sentence of it, which then earned nothing. A sentence
    states at most one myth. `encode` gives the clauses' vectors (only sentences near a myth that share a
    word with it are split)."""
    if not len(rv.claim_vecs) or not units.texts:
        return []
    claim_texts = [t for m in rubric.misconceptions for t in m.texts]
    myth_words = _myth_words(rubric)
    distinct = _distinct_words(rubric)
    single = [u for u, g in enumerate(units.groups) if len(g) == 1]
    # what is read: (its text, its sentence's row in `single`); a whole sentence keeps its unit's vector
    read = [(units.texts[u], k) for k, u in enumerate(single)]
    vecs = units.vecs[single]
    split = _split(rubric, rv, units, myth_words)
    words = [units.stems[u] for u in single] + [content_stems(c) for c, _ in split]  # per text read
    if split:
        vecs = np.concatenate([vecs, encode([c for c, _ in split])])
        read += split
    cos = vecs @ rv.claim_vecs.T
    corr = vecs @ rv.correction_vecs.T
    # How close each text is to something correct: a rubric point or a sentence of the model answer.
    right = (vecs @ np.concatenate([rv.text_vecs, rv.model_vecs]).T).max(axis=1)
    model = (vecs @ rv.model_vecs.T).max(axis=1) if len(rv.model_vecs) else np.zeros(len(vecs))
    corrections = [item.correction for item in rubric.misconceptions]
    q_stems = frozenset(content_stems(rubric.question))
    candidates = []  # (closeness, myth, row in `single`) for every sentence that states a myth
    for m in range(len(rubric.misconceptions)):
        cols = np.flatnonzero(rv.claim_owner == m)
        wordings = [claim_texts[c] for c in cols]
        for r, (text, k) in enumerate(read):
            sentence = units.texts[single[k]]
            best = float(cos[r, cols].max())
            # A negation that a wording of the myth uses at the same place ("the model can't make things
            # up anymore") is part of the myth; any other denies it ("RAG does not eliminate ...").
            # A sentence that reports or refutes the myth does so for each of its clauses.
            # A negation that denies what the correction says ("large models don't hallucinate" against "large
            # models hallucinate too") is the myth's as well.
            denies = ((negates(text, wordings) and not denies_what_it_says(corrections[m], text, q_stems))
                      or bool(_REPORTED.search(sentence)) or refutes(sentence, wordings)
                      or not claims_like(text, wordings)
                      or not any(myth_words[c] & words[r] for c in cols)
                    or not (_uses_distinct(distinct[cols[int(cos[r, cols].argmax())]], words[r])
                            or any(distinct[c] & words[r] for c in cols))
                    # "BLEU is a precision metric" sits at 0.78 from "BLEU is a recall metric" (opposites.py)
                    or swapped(claim_texts[cols[int(cos[r, cols].argmax())]], text) is not None)
            factor = units.factors[single[k]] if r < len(single) else explanation_factor(text)
            # A clause is held to its whole sentence's closeness to the model answer as well: the model
            # answer's own "A response can be polite ... in isolation while the conversation as a whole is
            # broken" opens like the myth "if every individual response is good, the conversation is good".
            # ... unless the clause is clearly nearer the myth than anything right, in every word of the myth
            # wording it is nearest: "BLEU is a recall metric used in machine translation, it counts how many
            # reference n-grams show up" is near the model answer as a whole by its second clause ("it's the
            # MT metric", read as "BLEU's the MT metric", is as near the myth but lacks "recall").
            nearest = cols[int(cos[r, cols].argmax())]
            clearly = best - max(right[r], model[r]) >= CLEARLY_NEARER and myth_words[nearest] <= words[r]
            held = model[r] if r >= len(single) and clearly else model[k]
            if (best >= MISCONCEPTION_MIN and factor >= 0.5 and not denies
                    and corr[r, m] < best and max(right[r], held) < best):
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
