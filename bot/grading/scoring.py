"""From per-point match strengths to a `Feedback`: statuses, score, dimensions, notes.

Shared by the offline grader and the LLM judge's merge, so both speak the
same scale. The thresholds are on the offline strength scale (cosine mixed
with lexical recall, times the explanation factor) and were chosen on our own
labelled and hand-graded answers (bench/data/), never on the Mohler benchmark.

A point's credit grows continuously with its strength (`CreditCurve`): none
at 0.15 (about where a sentence on another topic in the same field sits),
0.4 where the point starts to count as partly made, 0.75 where it counts as
made, all of it a little above, so the status shown and the credit earned
agree. Human graders give credit by degree; a hard step at each threshold
threw that away (on our labelled answers, bench/grader_labelled.py,
per-question ordering on bank rubrics went from 0.73 to 0.82 with this curve
alone). The offline score is then 10 x weighted coverage. An LLM judge's
verdicts are discrete, so its coverage goes through the grade curve: full
marks at 80% of the weighted points, chosen a priori (the usual "A" line).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.grading.feedback import Dimensions, Feedback, GraderName, MisconceptionFlag, PointVerdict, Status
from bot.grading.go_further import go_further
from bot.grading.negation import says_opposite
from bot.grading.rubric import Rubric
from bot.grading.signals import CONNECTIVES, DEPTH_MARKERS, STAR_MARKERS, explanation_factor, marker_share
from bot.grading.story import is_story_rubric
from bot.grading.text import (CODE_NOTE, CODE_UNIT_OPENING, FEW_WORDS_NOTE, PreparedAnswer, code_excerpt,
                               neutralize_mentions, word_count)

FULL_CREDIT_AT = 0.8  # weighted coverage that earns 10/10 from discrete (LLM) verdicts
OFF_TOPIC = 0.30  # best cosine to anything in the rubric below this: not about the question
NAMED = 0.50  # a sentence this close by cosine names the point (used to spot terms without explanation)
EXPLAINED = 0.7  # explanation_factor below which a unit reads as terms rather than a sentence
MISCONCEPTION_COST = 1.5  # score points per misconception stated, at most two counted
EVIDENCE_CHARS = 300
OFF_TOPIC_NOTE = ("This answer does not seem to address the question, so it earns no points yet. "
                  "Re-read the question and try again - the hint below shows where to start.")
# A few words the model cannot tie to the question may still be right ("O(log n)"): say so, not "off-topic".
SHORT_UNPLACED_WORDS = 8
SHORT_UNPLACED_NOTE = ("I could not tie this short answer to the question, so it earns no points yet. If it is "
                       "right, say more: a sentence or two on what it means and why.")
SHORT_MISSED_WORDS = 30  # an answer this short that earns nothing is told why, not just shown six misses
# ... or next to nothing: "KV cache? more like KV cash, am I right" scored 0.11 with no word on why (QA)
SHORT_MISSED_BELOW = 0.5
# It does not say the answer is about the question: one on a neighbouring subject passes the off-topic gate too
# (QA: a skip-gram answer to the RAG question was told it was "about the question").
SHORT_MISSED_NOTE = ("No sentence of this short answer made one of the points a good answer makes clearly enough "
                     "to earn credit. Take each point in a sentence or two: what it is and why it matters.")
TERMS_NOTE = ("Some key terms appear without an explanation. A point counts when you say what the idea does and "
              "why, in a full sentence.")
NAME_IT_NOTE = (" Name the thing you mean in each sentence rather than starting with \"it\" or \"this\": "
                "each sentence is read on its own.")
_OPENING_PRONOUN = re.compile(r"^\W*(it|its|it's|this|that|they|these|those)\b", re.I)
# A missed point earns a little credit when a sentence comes near it (CreditCurve). Where that adds up, say
# so: QA found answers with every point missed scoring 1.9-2.85 and no word on where the score came from.
NEAR_CREDIT_SHOWN = 1.0  # score points from missed points at which the note is added
NEAR_CREDIT_NOTE = ("{part} of this {score} is credit for sentences that came close to a point without making it: "
                    "the points listed as missed are still to make.")
ALL_NEAR_NOTE = ("All of this score is credit for sentences that came close to a point without making it: "
                 "the points listed as missed are still to make.")
STORY_DONE_STEP = ("Your story covers every part. Practise telling it in about two minutes, with the result "
                   "as a number where you have one.")
UNGRADED_NOTES = (OFF_TOPIC_NOTE, SHORT_UNPLACED_NOTE)  # one of these marks an answer the gate kept out


@dataclass(frozen=True)
class CreditCurve:
    """Strength to (status, credit): no credit at `zero`, 0.4 at `partial`, 0.75 at `covered`, all of
    it at `full`, linear between; the status changes where the credit crosses 0.4 and 0.75."""
    zero: float
    partial: float  # strength at or above: the point is touched on
    covered: float  # strength at or above: the point is made
    full: float
    # Credit for a point below `partial` also needs the answer to be about the question: it grows from
    # none to all as the answer's relevance goes from topical[0] to topical[1]. None: no such condition.
    topical: tuple[float, float] | None = None

    def credit(self, strength: float, relevance: float = 1.0) -> tuple[Status, float]:
        earned = float(np.interp(strength, (self.zero, self.partial, self.covered, self.full), (0, 0.4, 0.75, 1)))
        status: Status = ("covered" if strength >= self.covered else "partial" if strength >= self.partial
                          else "missed")
        if status == "missed" and self.topical:
            earned *= float(np.interp(relevance, self.topical, (0, 1)))
        return status, earned


# MiniLM cosines between true paraphrases sit around 0.5-0.7, so the bars sit at the low end of that;
# a lower `partial` lets a neighbouring point pass as touched. Other strength mixes bring their own curve.
SENTENCE_CURVE = CreditCurve(zero=0.15, partial=0.42, covered=0.50, full=0.60)
# Bank rubrics also ask the answer to be about the question before a point below `partial` earns
# anything. An answer to another question in the same field (BM25 explained for a question on roles)
# sits at strengths 0.2-0.4 on every point, and that sliver of credit per point added up to 1.6 of 10
# on our labelled off-topic answers (label 0.5). Their best cosine to the rubric or the question is
# 0.26-0.51, an outline's 0.44-0.75. With the ramp below, off-topic answers average 0.5 and Spearman
# on the labelled bank answers goes from 0.794 to 0.829 (ordering 0.817 -> 0.825); moving the ramp's
# ends by 0.05 gives 0.818-0.833. Reference rubrics keep no ramp: a terse correct answer has a low
# cosine, and on our short answers the ramp cost r 0.632 -> 0.59 (0.60 with answers under 25 words
# spared).
BANK_CURVE = CreditCurve(zero=0.15, partial=0.42, covered=0.50, full=0.60, topical=(0.40, 0.55))


SHARED_QUOTE = 0.001  # how far below `partial` a point is left by a quote it shares with a point the quote makes


def apportion(per_item: np.ndarray, groups: list[list[int]], curve: CreditCurve,
              quoted: Callable[[np.ndarray], int],
              apart: Callable[[int, int, int], bool] = lambda unit, i, j: False,
              touched_too: bool = True) -> np.ndarray:
    """The strengths (units x points) with each quote credited to the points it makes, not to every point it
    sits near: in a partial answer one sentence was quoted for two or three points ("I would log tokens and
    latency per request type" covered the serving optimisations too) and the score was inflated.

    Where the same sentence (or pair) would be quoted for several points, it keeps its strength for the
    point it matches best, and for any point it matches at least halfway from `covered` to `full`: a
    sentence that makes two points ("split along headings ... into chunks of 256 to 512 tokens with some
    overlap") sits there on both, a spill below it. For the other points the quote counts for just under
    `partial`, and so does any unit that adds to it only sentences that do not touch the point themselves:
    the point is missed and shows no quote, unless another sentence or pair of the answer makes it.
    `groups[u]` lists unit u's sentences; `quoted(strengths of one point)` is the unit that point quotes;
    `apart(u, i, j)`: unit u makes points i and j in different pieces of it, so both keep their strength.

    With `touched_too`, a quote that clearly makes its point (at `makes_two`) is spoken for: so is it for any
    other point it touches (at `partial` or above) without making it, and a pair of it and a sentence that
    does not touch that point either does not make the point (a quote that barely makes its own point may be
    half of a statement made across two sentences). "Lexical search finds documents that contain the exact
    terms of the query ... Semantic search is about meaning." had covered the semantic-search point, quoting
    the lexical sentence; "Measure first: log tokens and latency per request." and the next sentence had
    covered batching and streaming."""
    out = per_item.copy()
    alone = {g[0]: u for u, g in enumerate(groups) if len(g) == 1}
    makes_two = (curve.covered + curve.full) / 2
    for _ in range(out.shape[1]):  # a point that lost its quote may take one that another point holds
        quoting: dict[int, list[int]] = {}
        for i in range(out.shape[1]):
            if out[:, i].max() >= curve.partial:  # a missed point quotes nothing
                quoting.setdefault(quoted(out[:, i]), []).append(i)
        before = out.copy()
        for unit, points in quoting.items():
            keeper = max(points, key=lambda i: out[unit, i])
            quote = set(groups[unit])
            touched = ({i for i in range(out.shape[1]) if out[unit, i] >= curve.partial}
                       if touched_too and out[unit, keeper] >= makes_two else set())
            for i in sorted(set(points) | touched):
                if i == keeper or out[unit, i] >= makes_two or apart(unit, i, keeper):
                    continue
                spill = [u for u, g in enumerate(groups) if quote <= set(g)
                         and all(per_item[alone[s], i] < curve.partial for s in set(g) - quote)]
                out[spill, i] = np.minimum(out[spill, i], curve.partial - SHARED_QUOTE)
        if np.array_equal(out, before):
            break
    return out


@dataclass(frozen=True)
class Match:
    strength: float
    evidence: str | None
    cosine: float = 0.0
    explained: float = 1.0  # explanation_factor of the unit that earned the strength


def grade_curve(coverage: float) -> float:
    """Weighted coverage (0-1) to a 0-10 score: linear, full marks at FULL_CREDIT_AT."""
    return 10 * min(1.0, max(0.0, coverage) / FULL_CREDIT_AT)


def as_written(evidence: str | None, prepared: PreparedAnswer) -> str | None:
    """Evidence in the candidate's words: the made-up sentence that stands for a code block becomes the
    block's own opening. Only that sentence: the candidate's own "The code uses a heap ..." stays."""
    made_up = [u for u in prepared.units[len(prepared.units) - prepared.code_units:] if u.startswith(CODE_UNIT_OPENING)]
    if not evidence or not made_up or made_up[-1] not in evidence:
        return evidence
    start = evidence.index(made_up[-1])
    return evidence[:start] + code_excerpt(prepared.code)


def quote(text: str | None) -> str | None:
    if not text:
        return None
    text = neutralize_mentions(text)
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1].rstrip() + "…"


def depth_score(text: str, coverage: float) -> float:
    """Trade-offs, examples and when-not-to only count on an answer that is about the question."""
    share, _ = marker_share(text, DEPTH_MARKERS)
    return round(10 * share * min(1.0, coverage / 0.5), 1)


def clarity_score(prepared: PreparedAnswer, kind: str, coverage: float) -> float:
    prose = prepared.units[:len(prepared.units) - prepared.code_units] or prepared.units
    if not prose:
        return 0.0
    readable = sum(6 <= word_count(s) <= 40 for s in prose) / len(prose)
    explained = sum(explanation_factor(s) >= 0.7 for s in prose) / len(prose)
    linked = 1.0 if CONNECTIVES.search(prepared.text) or len(prose) == 1 else 0.5
    base = 0.5 * readable + 0.35 * explained + 0.15 * linked
    if kind == "behavioral":
        star, _ = marker_share(prepared.text, STAR_MARKERS)
        base = 0.4 * base + 0.6 * star
    return round(10 * base * min(1.0, 0.3 + coverage), 1)


def next_step(rubric: Rubric, verdicts: list[PointVerdict], flags: list[MisconceptionFlag],
              answer: str = "") -> str:
    """A misconception's correction, else the gap worth most, else (every point made) one thing the answer
    lacks: go_further, as chat's step after an answer is (`answer`: the text graded; the LLM judge's merge
    passes it too)."""
    if flags:
        return f"Revisit one idea: {flags[0].correction}"
    gaps = sorted((v for v in verdicts if v.status != "covered"), key=lambda v: (v.status == "partial", -v.weight))
    if gaps:
        gap = gaps[0]
        read = f" (read: {gap.citation.title})" if gap.citation else ""
        verb = "Go deeper on" if gap.status == "partial" else "Next time, cover"
        return f"{verb} this point: {gap.point}{read}"
    if rubric.kind == "behavioral":  # "when you would not use it" means nothing in a story
        whole_story = len(rubric.items) > 1 and is_story_rubric([i.id for i in rubric.items])
        return STORY_DONE_STEP if whole_story else "Strong answer: it covers what was asked."
    return go_further(answer)[0]


def assemble(rubric: Rubric, prepared: PreparedAnswer, matches: list[Match], flags: list[MisconceptionFlag],
             relevance: float, grader: GraderName, notes: list[str] | None = None,
             curve: CreditCurve = SENTENCE_CURVE) -> Feedback:
    notes = list(prepared.notes) + list(notes or [])
    gradeable = bool(matches) and relevance >= OFF_TOPIC
    if matches and not gradeable:
        if word_count(prepared.text) <= SHORT_UNPLACED_WORDS:
            notes = [n for n in notes if n != FEW_WORDS_NOTE] + [SHORT_UNPLACED_NOTE]  # it says the same
        else:
            notes.append(OFF_TOPIC_NOTE)
        flags = []
    verdicts = []
    for i, item in enumerate(rubric.items):
        m = matches[i] if gradeable else Match(0.0, None)
        status, earned = curve.credit(m.strength, relevance)
        verdicts.append(PointVerdict(point_id=item.id, point=item.point, status=status,
                                     evidence=quote(as_written(m.evidence, prepared)) if status != "missed" else None,
                                     hint="" if status == "covered" else item.hint, citation=item.citation,
                                     weight=item.weight, credit=round(earned, 3)))
    # Only a unit that is itself a bare list of terms gets the note: a full sentence that is weak on a
    # point is about something else, not a term left unexplained; so is a question back ("what logs?").
    if (gradeable and CODE_NOTE not in notes
            and any(m.cosine >= NAMED and m.strength < curve.partial and m.explained < EXPLAINED
                    and not (m.evidence or "").rstrip().endswith("?") for m in matches)):
        notes.append(TERMS_NOTE)
    coverage = sum(v.weight * v.credit for v in verdicts) / rubric.total_weight
    if (gradeable and 10 * coverage < SHORT_MISSED_BELOW and not flags and not {FEW_WORDS_NOTE, TERMS_NOTE} & set(notes)
            and rubric.kind != "behavioral"
            and word_count(prepared.text) <= SHORT_MISSED_WORDS and not any(map(says_opposite, notes))):
        named = NAME_IT_NOTE if _OPENING_PRONOUN.match(prepared.text) else ""
        notes.append(SHORT_MISSED_NOTE + named)
    penalty = MISCONCEPTION_COST * min(2, len(flags))
    # Rounded here, as stored: the note below quoted 4.449 as "4.4" beside a score shown as "4.5" (QA).
    score = round(max(0.0, min(10.0, 10 * coverage - penalty)), 2)
    near = min(score, 10 * sum(v.weight * v.credit for v in verdicts if v.status == "missed") / rubric.total_weight)
    if near >= NEAR_CREDIT_SHOWN:
        whole = f"{near:.1f}" == f"{score:.1f}"  # "3.7 of this 3.7" read as a glitch (QA)
        notes.append(ALL_NEAR_NOTE if whole else NEAR_CREDIT_NOTE.format(part=f"{near:.1f}", score=f"{score:.1f}"))
    text = prepared.text if gradeable else ""
    depth = depth_score(text, coverage) if text else 0.0
    clarity = clarity_score(prepared, rubric.kind, coverage) if text else 0.0
    return Feedback(score=score, points=verdicts, misconceptions=flags, notes=notes,
                    dimensions=Dimensions(coverage=round(10 * coverage, 1), depth=depth, clarity=clarity),
                    next_step=next_step(rubric, verdicts, flags, answer=text), grader=grader,
                    rubric_source=rubric.source, question_id=rubric.question_id, question=rubric.question,
                    model_answer=rubric.model_answer)
