"""The offline grader: rubric points against answer sentences, no network.

Each rubric point is compared, by embedding cosine plus a little lexical
overlap, with every answer sentence and every pair of neighbouring sentences
(a point is often made across two). A sentence's match is scaled by how much
it reads like an explanation, relative to the point itself, so a list of bare
terms cannot earn an explained point (but can match a reference that is a list).
Restating the question must earn nothing, so half of the cosine is taken off the question's
direction (vectors.py: how rubrics and answers are encoded, and into which units).

A reference rubric has one wording per point and no curated phrasings, and
its points are what the answer should say, so it also aligns each point with
each sentence token by token (alignment.py), and that recall takes half of
its strength. On our hand-graded short answers (bench/grader_short.py),
together with the continuous credit curve (scoring.py), it lifted Pearson r
from 0.55 to 0.63 and per-question ordering from 0.61 to 0.73. It did not help
on the bank's labelled answers, nor on retrieved rubrics, whose points are
guide sentences an answer draws on rather than restates (Spearman 0.650
against 0.661 on our labelled answers), so those keep the sentence-level mix.

A sentence that states one of the bank's misconceptions (misconceptions.py) is
flagged and then left out of the units that earn points: a myth worded like a
point ("BM25 needs labelled training data") must not also be quoted as covering it.

An answer under the relevance gate (scoring.OFF_TOPIC) on a reference or retrieved rubric is read
once more, after its question (in_context.py): a terse answer that leans on the question ("its
resizeable") shares none of its words, yet stays on it, and is graded rather than called off-topic.

Nor is one sentence the evidence for every point it sits near: on a bank rubric, a quote that several
points would take is credited to the points it makes (scoring.apportion).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from bot.grading import alignment, in_context, list_sentences, misconceptions, negation, story, term_swaps
from bot.grading.rubric import Rubric
from bot.grading.scoring import BANK_CURVE, OFF_TOPIC, SENTENCE_CURVE, CreditCurve, Match, apportion, assemble
from bot.grading.signals import lexical_recall
from bot.grading.text import PreparedAnswer
from bot.grading.vectors import (AnswerVectors, Encoder, RubricVectors, Units, aligns, answer_units,
                                 off_question)
from bot.retrieval.tokens import TokenVectors


@dataclass(frozen=True)
class Shares:
    """strength = explanation factor * (the shares' weighted sum of the four similarities)."""
    cosine: float
    off_question: float
    lexical: float
    aligned: float


BANK_SHARES = Shares(cosine=0.4, off_question=0.4, lexical=0.2, aligned=0.0)
ALIGNED_SHARES = Shares(cosine=0.0, off_question=0.4, lexical=0.1, aligned=0.5)  # reference rubrics
# The aligned mix runs lower: on our short answers a correct answer in other words sits at a median
# strength of 0.44 and a wrong one at 0.28, so its statuses sit lower than the sentence-level mix's.
ALIGNED_CURVE = CreditCurve(zero=0.15, partial=0.36, covered=0.44, full=0.55)


def shares(rubric: Rubric) -> Shares:
    return ALIGNED_SHARES if aligns(rubric) else BANK_SHARES


def curve(rubric: Rubric) -> CreditCurve:
    return ALIGNED_CURVE if aligns(rubric) else BANK_CURVE if rubric.source == "bank" else SENTENCE_CURVE


def reads_in_context(rubric: Rubric) -> bool:
    """Whether an answer under the relevance gate is read again after the question (in_context.py). Not on
    bank rubrics: on our labelled answers (bench/grader_labelled.py) it changed no bank grade."""
    return rubric.source != "bank"


def graded_text(prepared: PreparedAnswer, rubric: Rubric | None) -> PreparedAnswer:
    """What is graded of an answer: a story cut at the word cap keeps its closing sentences, where its
    result and lesson are (and the sentence the cut fell in, whole); any other answer ends at its last whole
    sentence, and there "I don't have an example" is "I don't know" (text.as_technical)."""
    if rubric is not None and rubric.kind == "behavioral":
        return prepared.with_closing()
    return prepared.as_technical().without_cut_fragment()


def reads_pieces(rubric: Rubric) -> bool:
    """Whether long list-sentences are also read piece by piece (list_sentences.py): on a bank rubric's
    technical points; a story's parts are found by story.py."""
    return rubric.source == "bank" and rubric.kind != "behavioral"


def says_nothing(prepared: PreparedAnswer) -> bool:
    """Nothing to grade: empty, not English, or a non-answer ("I don't know")."""
    return prepared.empty or not prepared.english or prepared.non_answer


def relevance(units: Units, rv: RubricVectors) -> float:
    """The gate's measure: the best cosine of any unit to a point text or to the question."""
    return float(max((units.vecs @ rv.text_vecs.T).max(), (units.vecs @ rv.question_vec).max()))


class OfflineGrader:
    def __init__(self, embedder, max_words: int = 400, cache_size: int = 512,
                 stories: Callable[[], list[Rubric]] = list):
        self.embedder = embedder
        self.max_words = max_words
        self.stories = stories  # the bank's behavioural rubrics, which a story may be answering instead
        self.encoder = Encoder(embedder, cache_size)
        self._clause_vecs: dict[str, np.ndarray] = {}  # encoded ahead for a batch (encode_clauses)

    def vectors(self, rubric: Rubric) -> RubricVectors:
        return self.encoder.vectors(rubric)

    units = staticmethod(answer_units)  # an answer's units, from its sentence vectors

    def encode_answers(self, answers: list[PreparedAnswer],
                       rubrics: list[Rubric | None] | None = None) -> list[AnswerVectors]:
        """Per answer, its vectors (vectors.Encoder.encode_answers), read after its question too where
        the relevance gate would keep it out."""
        rubrics = rubrics or [None] * len(answers)
        answers = [graded_text(a, r) for a, r in zip(answers, rubrics)]
        out = self.encoder.encode_answers(answers, rubrics)
        self._read_in_context([(r, a, v) for r, a, v in zip(rubrics, answers, out) if r and reads_in_context(r)])
        return out

    def _read_in_context(self, graded: list[tuple[Rubric, PreparedAnswer, AnswerVectors]]) -> None:
        """Give each answer the gate would keep out its reading after the question (in_context.py): the
        answers, and the points of rubrics not read so yet, in one batch. Answers the gate lets in cost nothing."""
        under = []
        for rubric, prepared, answer in graded:
            rv = self.vectors(rubric)
            if not says_nothing(prepared) and relevance(self.units(prepared, answer.sentences,
                                                                   rv.question_vec), rv) < OFF_TOPIC:
                under.append((rubric, rv, prepared, answer))
        if not under:
            return
        unread = list({id(rv): (rubric, rv) for rubric, rv, _, _ in under if rv.points_in_context is None}.values())
        points = [in_context.point_texts(rubric) for rubric, _ in unread]
        vecs = self.embedder.encode([in_context.answer_text(rubric, prepared) for rubric, _, prepared, _ in under]
                                    + [t for texts in points for t in texts])
        start = len(under)
        for (_, rv), texts in zip(unread, points):
            rv.points_in_context, start = vecs[start:start + len(texts)], start + len(texts)
        for (_, rv, _, answer), vec in zip(under, vecs):
            answer.in_context = in_context.Reading(vec, rv.points_in_context)

    def _strengths(self, rubric: Rubric, rv: RubricVectors, units: Units,
                   tokens: list[TokenVectors] | None) -> tuple[np.ndarray, np.ndarray]:
        """Each unit's strength on each rubric item (units x items), and the units' cosines to the point texts."""
        share = shares(rubric)
        cos = units.vecs @ rv.text_vecs.T  # units x point texts
        cos_off = units.off_question @ rv.off_question_vecs.T
        lex = np.array([[lexical_recall(t, u) for t in rv.text_stems] for u in units.stems], dtype=np.float32)
        raw = share.cosine * cos + share.off_question * cos_off + share.lexical * lex
        if share.aligned and tokens is not None:
            per_sentence = alignment.recall(rv.point_tokens, tokens)  # a unit aligns as its best sentence
            raw = raw + share.aligned * np.stack([per_sentence[g].max(axis=0) for g in units.groups])
        # A sentence needs to be as much of an explanation as the point it makes: a bare list of
        # terms cannot earn an explained point, but it can earn a point that is itself a list.
        factors = np.minimum(1.0, units.factors[:, None] / np.maximum(rv.bars[None, :], 0.3))
        strength = raw * factors
        return np.stack([strength[:, rv.owner == i].max(axis=1) for i in range(len(rubric.items))], axis=1), cos

    def _with_pieces(self, rubric: Rubric, rv: RubricVectors, units: Units,
                     per_item: np.ndarray) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        """Each long list-sentence's strengths raised to its best piece's on each point (list_sentences.py),
        and for each such sentence which of its pieces makes each point: the piece closest to the point,
        when the point is that piece's closest one too (else -1)."""
        out, piece_of = per_item, {}
        for u, group in enumerate(units.groups):
            parts = list_sentences.pieces(units.texts[u]) if len(group) == 1 else []
            if not parts:
                continue
            read = answer_units(PreparedAnswer(units=parts), self._clauses(parts), rv.question_vec)
            factors = list_sentences.piece_factors(units.texts[u], parts, read.factors, float(units.factors[u]))
            read = replace(read, factors=factors)
            singles = [v for v, g in enumerate(read.groups) if len(g) == 1]
            strength, _ = self._strengths(rubric, rv, read, None)
            out = out.copy() if out is per_item else out
            out[u] = np.maximum(out[u], strength[singles].max(axis=0))
            piece = strength[singles].argmax(axis=0)  # the piece closest to each point
            # a point a piece makes is that piece's best point; its others are spills
            piece_of[u] = np.where(strength[singles].argmax(axis=1)[piece] == np.arange(len(piece)), piece, -1)
        return out, piece_of

    def matches(self, rubric: Rubric, rv: RubricVectors, units: Units,
                tokens: list[TokenVectors] | None = None) -> tuple[list[Match], list[str]]:
        """One match per rubric item, and notes on how a behavioural story was told (story.py)."""
        if not units.texts:  # every sentence stated a misconception
            return [Match(0.0, None) for _ in rubric.items], []
        per_item, cos = self._strengths(rubric, rv, units, tokens)
        piece_of: dict[int, np.ndarray] = {}
        if reads_pieces(rubric):
            per_item, piece_of = self._with_pieces(rubric, rv, units, per_item)
        contradicted: list[str] = []
        if rubric.source != "retrieved":  # a sentence that denies a point earns nothing on it (negation.py)
            per_item, contradicted = negation.without_denials(rubric, units, per_item, curve(rubric).partial)
            # nor does one that says of one compared term what the point says of another (term_swaps.py)
            per_item, swapped = term_swaps.without_swaps(rubric, units, per_item, curve(rubric).partial,
                                                         self._clauses)
            contradicted += swapped
        single = {g[0]: u for u, g in enumerate(units.groups) if len(g) == 1}
        status = lambda s: curve(rubric).credit(s)[0]  # noqa: E731

        def quoted_unit(per_unit: np.ndarray) -> int:
            # The quote is the best unit's one sentence closest to the point, unless that sentence alone
            # would not earn the unit's status: then the pair or the answer is quoted (clipped), not one
            # weak sentence as if it made the point.
            best = int(per_unit.argmax())
            quoted = max((single[s] for s in units.groups[best]), key=lambda u: per_unit[u])
            if status(float(per_unit[quoted])) != status(float(per_unit[best])):
                quoted = best
            if len(units.groups[quoted]) > 2:  # the whole answer: quote the pair in it closest to the point,
                # not its clipped opening, which may stop before the sentence that counts
                inside = set(units.groups[quoted])
                quoted = max((u for u, g in enumerate(units.groups) if len(g) <= 2 and set(g) <= inside),
                             key=lambda u: per_unit[u])
            return quoted

        # Credit from each point's best unit, once a quote near several points is credited to the ones it makes.
        # Bank rubrics only: on a reference rubric's aligned scale a terse sentence that makes two points sits
        # where spills do ("Decoding reuses past tokens' K/V per layer, so each step computes only the new
        # token's QKV" at 0.47 on the cache point, spills on our labelled answers at 0.45-0.47).
        # A sentence whose pieces each make a different point keeps them all (list_sentences.py).
        apart = lambda u, i, j: u in piece_of and piece_of[u][i] >= 0 and piece_of[u][i] != piece_of[u][j]  # noqa: E731
        # A story's sentences are placed in its parts by story.py, so there a quote is shared only as quoted.
        credited = (apportion(per_item, units.groups, curve(rubric), quoted_unit, apart,
                              touched_too=rubric.kind != "behavioral") if rubric.source == "bank" else per_item)
        out = []
        for i, _item in enumerate(rubric.items):
            cols = rv.owner == i
            per_unit = credited[:, i]
            best = int(per_unit.argmax())
            quoted = quoted_unit(per_unit)
            out.append(Match(strength=float(per_unit[best]), evidence=units.quotes[quoted],
                             cosine=float(cos[best, cols].max()), explained=float(units.factors[best])))
        if rubric.kind != "behavioral":
            return out, contradicted
        rows, ids = sorted(single.values()), [item.id for item in rubric.items]
        whole_story = story.is_story_rubric(ids) and len(ids) > 1  # not a follow-up's one part
        return story.read(ids, [units.texts[u] for u in rows], per_item[rows], out,
                          lambda s, k: Match(strength=s, evidence=units.quotes[rows[k]], cosine=0.0,
                                             explained=float(units.factors[rows[k]])),
                          rivalry=self._rivalry(rubric, per_item, units) if whole_story else None)

    def _rivalry(self, rubric: Rubric, per_item: np.ndarray, units: Units) -> float | None:
        """How much closer a story sits to this behavioural question's parts than to any other's in the bank
        (the mean of the two best-matched parts, this one's minus the best other's); None with no others."""
        def top(strengths: np.ndarray) -> float:
            return float(np.mean(np.sort(strengths.max(axis=0))[-2:]))

        others = []
        for rival in self.stories():
            if rival.question_id == rubric.question_id or len(rival.items) < 2:
                continue
            rv = self.vectors(rival)
            seen = replace(units, off_question=off_question(units.vecs, rv.question_vec))
            others.append(top(self._strengths(rival, rv, seen, None)[0]))
        return top(per_item) - max(others) if others else None

    def encode_clauses(self, graded: list[tuple[Rubric, PreparedAnswer, AnswerVectors]]) -> None:
        """Encode, in one batch, the clauses that grading these answers will read for myths (a few per
        answer near a myth) and the pieces of their long list-sentences, instead of one small encoding per
        answer; forget_clauses() drops them."""
        wanted = []
        for rubric, prepared, answer in graded:
            rv = self.vectors(rubric)
            prepared = graded_text(prepared, rubric)
            if len(rv.claim_vecs) and not says_nothing(prepared):
                wanted += misconceptions.clauses_to_read(rubric, rv, self.units(prepared, answer.sentences,
                                                                                 rv.question_vec))
            if reads_pieces(rubric) and not says_nothing(prepared):
                wanted += [p for sentence in prepared.units for p in list_sentences.pieces(sentence)]
        wanted = list(dict.fromkeys(wanted))
        if wanted:
            self._clause_vecs.update(zip(wanted, self.embedder.encode(wanted)))

    def forget_clauses(self) -> None:
        self._clause_vecs.clear()

    def _clauses(self, texts: list[str]) -> np.ndarray:
        """The clauses' vectors: encoded ahead (encode_clauses), else now."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._clause_vecs]
        fresh = dict(zip(missing, self.embedder.encode(missing))) if missing else {}
        return np.stack([self._clause_vecs[t] if t in self._clause_vecs else fresh[t] for t in texts])

    def grade(self, rubric: Rubric, prepared: PreparedAnswer, answer: AnswerVectors):
        """`answer`: from `encode_answers` with the same rubric."""
        prepared = graded_text(prepared, rubric)
        rv = self.vectors(rubric)
        if says_nothing(prepared):
            return assemble(rubric, prepared, [], [], relevance=0.0, grader="offline")
        units = self.units(prepared, answer.sentences, rv.question_vec)
        answer_relevance = relevance(units, rv)
        if (answer_relevance < OFF_TOPIC and answer.in_context is not None
                and answer.in_context.stays_on_question(rv.question_vec)):
            # About the question in other words: graded, as the least relevant answer the gate lets in.
            answer_relevance = OFF_TOPIC
        flagged = misconceptions.stated(rubric, rv, units, self._clauses)
        # A sentence that states a misconception earns no point and is no point's evidence.
        if flagged:
            units = self.units(prepared, answer.sentences, rv.question_vec, frozenset(i for _, i in flagged))
        matches, notes = self.matches(rubric, rv, units, answer.tokens)
        return assemble(rubric, prepared, matches, [f for f, _ in flagged], relevance=answer_relevance,
                        grader="offline", notes=notes if answer_relevance >= OFF_TOPIC else [], curve=curve(rubric))
