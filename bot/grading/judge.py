"""The optional LLM judge: per-point verdicts from a chat model, merged with the offline grade.

Any chat model from langchain-core works (tests use its fake chat models).
The answer goes into the prompt fenced as data, after injection sentences are
already stripped; code is shown as written, in a code fence. The reply must be
one JSON object naming every rubric point. A point or misconception counts only
with a real quote: several words copied from the answer (or most of a short
sentence), so a model talked into generosity cannot invent evidence. One sentence
quoted for several points counts only for the point(s) whose wording it shares
most of (`counted_evidence`): a real quote proves the answer said something, not
that it said everything. Without a counted quote the judge may lower a point but
not raise it above the offline grade, and an answer the offline grader kept out
as off-topic is lifted only by quotes that share a word with the point or the
question. Calls run with a deadline on
their own threads (bot/grading/llm_calls.py). An error or an invalid reply is
tried again while the grade's deadline allows (about one timeout: a retry gets
what is left of it); a timeout is not, since the provider is slow and a second
wait would double the learner's. Then the offline grade stands and a note says so.

Combination: the point statuses come from the judge (it reads meaning better);
the score is `llm_weight * judge score + (1 - llm_weight) * offline score`.
"""
from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ValidationError, field_validator

from bot.grading.feedback import FALLBACK_NOTE, Feedback, MisconceptionFlag, PointVerdict
from bot.grading.llm_calls import ModelBusy, ModelCalls, reply_text
from bot.grading.prompts import PromptTemplate, answer_as_data
from bot.grading.rubric import Rubric, RubricItem
from bot.grading.scoring import MISCONCEPTION_COST, UNGRADED_NOTES, grade_curve, next_step, quote
from bot.grading.signals import content_stems, lexical_recall
from bot.grading.text import PreparedAnswer

log = logging.getLogger(__name__)
CREDIT = {"covered": 1.0, "partial": 0.5, "missed": 0.0}
RETRY_GRACE = 0.25  # a retry may run this share of the timeout past the first call's deadline


class JudgedPoint(BaseModel):
    id: str
    status: Literal["covered", "partial", "missed"]
    evidence: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("status", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:  # "Covered" means what it says
        return value.strip().lower() if isinstance(value, str) else value


class JudgedMisconception(BaseModel):
    claim: str
    evidence: str | None = None


class JudgeOutput(BaseModel):
    points: list[JudgedPoint]
    misconceptions: list[JudgedMisconception] = []

    @field_validator("misconceptions", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value


class InvalidJudgement(ValueError):
    pass


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


QUOTE_WORDS = 4  # a quote this long counts on its own; a shorter one must be most of its sentence
QUOTE_SHARE = 0.6
_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    """The text's words, lower case, space-separated and padded, so a match falls on word boundaries."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _shown(prepared: PreparedAnswer) -> list[str]:
    """What the judge was shown, sentence by sentence: the prose and the code as written, not the
    made-up sentence that stands for the code in the offline grader's units."""
    return [*prepared.units[:len(prepared.units) - prepared.code_units], *prepared.code.splitlines()]


def substantial_quote(evidence: str | None, prepared: PreparedAnswer) -> bool:
    """Whether `evidence` is copied from the answer (ignoring case, spacing and punctuation) and long
    enough to show something: at least QUOTE_WORDS words, or most of the sentence it comes from
    ("O(log n)" as the whole answer). "a" or "engineer" occur in most answers and prove nothing."""
    words = _words(evidence or "")
    n = len(words.split())
    if n == 0:
        return False
    pieces = _shown(prepared)
    if words not in _words(" ".join(pieces)):
        return False
    return n >= QUOTE_WORDS or any(words in _words(p) and n >= QUOTE_SHARE * len(_words(p).split())
                                   for p in pieces)


def _support(evidence: str, item: RubricItem) -> float:
    """How much of the point's wording the quote carries: the largest share of one of its wordings'
    content words that the quote uses (the offline grader's lexical term)."""
    said = content_stems(evidence)
    return max(lexical_recall(content_stems(t), said) for t in item.texts)


def counted_evidence(rubric: Rubric, verdict: JudgeOutput, prepared: PreparedAnswer) -> dict[str, str]:
    """Point id -> the judge's quote, for the points whose quote counts. A quote counts when it is
    real (`substantial_quote`); quotes from one sentence of the answer given for several points count
    only for the point(s) they support best, and for none when they share no word with any of them.

    A model can copy one real sentence as the evidence for every point: a fake one lifted an answer
    graded 7.3 offline to 9.2 that way. Shared words, not the embedding model, decide which point a
    sentence supports: the judge is given no embedder, and a sentence usually shares its terms with
    the point it makes (ties keep every point tied for best)."""
    pieces = [_words(p) for p in _shown(prepared)]
    by_id = {p.id: p for p in verdict.points}
    quoted: dict[str, str] = {}
    by_source: dict[object, list[RubricItem]] = {}
    for item in rubric.items:
        judged = by_id[item.id]
        if judged.status == "missed" or not substantial_quote(judged.evidence, prepared):
            continue
        quoted[item.id] = judged.evidence
        words = _words(judged.evidence)
        # quotes of one sentence are one piece of evidence, however much of it each one copies
        source = next((k for k, piece in enumerate(pieces) if words in piece), words)
        by_source.setdefault(source, []).append(item)
    for items in by_source.values():
        if len(items) > 1:
            support = {i.id: _support(quoted[i.id], i) for i in items}
            best = max(support.values())
            for i in items:
                if best == 0 or support[i.id] < best:
                    del quoted[i.id]
    return quoted


def _on_topic(evidence: str, item: RubricItem, rubric: Rubric) -> bool:
    """A quote that shares a content word with the point or the question."""
    return bool(content_stems(evidence) & content_stems(" ".join([*item.texts, rubric.question])))


def json_objects(text: str):
    """Each JSON value that starts at a "{" in `text`, in order, outside the ones already read: a
    preamble ("the shape is {...}") or a remark after the verdict ("I used {braces}") is passed by."""
    decoder, end, tries = json.JSONDecoder(), 0, 0
    for m in re.finditer(r"\{", text):
        if m.start() < end:
            continue
        tries += 1
        if tries > 20:  # a preamble has a brace or two, not twenty
            break
        try:
            value, end = decoder.raw_decode(text, m.start())
        except json.JSONDecodeError:
            continue
        except RecursionError as exc:
            raise InvalidJudgement("the reply nests too deeply") from exc
        yield value


def first_json_object(text: str):
    """The first JSON value that starts at a "{" in `text`; what follows it (a remark, a fence) is ignored."""
    for value in json_objects(text):
        return value
    raise InvalidJudgement("no JSON object in the reply")


def parse_judgement(text: str, rubric: Rubric) -> JudgeOutput:
    """The first JSON object in the reply (fenced or not) that is a verdict on exactly the rubric's points."""
    problem: InvalidJudgement | None = None
    for value in json_objects(text):
        try:
            return _verdict(value, rubric)
        except InvalidJudgement as exc:
            problem = problem or exc
    raise problem or InvalidJudgement("no JSON object in the reply")


def _verdict(value: object, rubric: Rubric) -> JudgeOutput:
    """`value` as a verdict with one entry per rubric point. A point repeated with the same status is
    read once; with two statuses, or a point not in the rubric, or one left out, the reply is refused:
    such a model has misread the rubric, so none of its verdicts are trusted."""
    try:
        out = JudgeOutput.model_validate(value)
    except ValidationError as exc:  # the message names fields only: no answer text reaches the logs
        raise InvalidJudgement(f"{exc.error_count()} field(s) not in the verdict's shape") from exc
    points: dict[str, JudgedPoint] = {}
    for p in out.points:
        seen = points.setdefault(p.id, p)
        if seen.status != p.status:
            raise InvalidJudgement(f"point {p.id[:80]!r} has two verdicts")
        if seen.evidence is None and p.evidence:
            points[p.id] = p
    expected = {i.id for i in rubric.items}
    if set(points) != expected:
        unknown, missing = sorted(set(points) - expected), sorted(expected - set(points))
        raise InvalidJudgement(f"points not in the rubric: {unknown}; rubric points without a verdict: "
                               f"{missing}"[:300])
    return out.model_copy(update={"points": list(points.values())})


def _timed_out(exc: BaseException) -> bool:
    """Our own deadline, or a provider's timeout error (openai's APITimeoutError, httpx's ReadTimeout)."""
    return isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower()


class LLMJudge:
    def __init__(self, model, template: PromptTemplate, timeout: float = 20.0, retries: int = 1,
                 llm_weight: float = 0.7, label: str = "an LLM"):
        self.model = model
        self.template = template
        self.timeout = timeout
        self.retries = retries
        self.llm_weight = llm_weight
        self.label = label  # how the feedback names this judge: "OpenAI gpt-4o-mini"
        self._calls = ModelCalls(name="llm-judge")

    def prompt(self, rubric: Rubric, prepared: PreparedAnswer) -> str:
        points = "\n".join(f"- {i.id}: {i.point}" for i in rubric.items)
        mis = "\n".join(f"- {m.claim}" for m in rubric.misconceptions) or "- (none listed)"
        return self.template.render(question=rubric.question, rubric=points, misconceptions=mis,
                                    answer=answer_as_data(prepared))

    def judge(self, rubric: Rubric, prepared: PreparedAnswer) -> JudgeOutput:
        """The verdict, within about one timeout: a retry after an error or an invalid reply gets what
        is left of it (plus RETRY_GRACE), and a timeout ends the tries, so the learner waits at most
        (1 + RETRY_GRACE) x timeout however many retries are set."""
        prompt = self.prompt(rubric, prepared)
        deadline = time.monotonic() + self.timeout * (1 + RETRY_GRACE)
        last: Exception = InvalidJudgement("the judge was not asked")
        for attempt in range(max(0, self.retries) + 1):
            left = min(self.timeout, deadline - time.monotonic())
            if attempt and left < self.timeout * RETRY_GRACE / 2:
                break  # too little time left for a reply worth waiting for
            try:
                return parse_judgement(reply_text(self._calls.invoke(self.model, prompt, left)), rubric)
            except ModelBusy:
                raise  # every slot is held by a slow call: fall back now rather than queue behind it
            except Exception as exc:  # provider errors vary by package; all mean "try again, then fall back"
                last = exc
            log.warning("llm judge attempt %d failed: %s", attempt + 1, type(last).__name__)
            if _timed_out(last):
                break  # the provider is slow: a second wait would double the learner's
        raise last

    def grade(self, rubric: Rubric, prepared: PreparedAnswer, offline: Feedback) -> Feedback:
        """The merged grade, or the offline one with a note when the judge fails; either names the judge."""
        offline = replace(offline, judge=self.label)
        if prepared.empty or prepared.non_answer or not prepared.english:
            return offline  # nothing for a judge to read; the offline notes already explain
        try:
            verdict = self.judge(rubric, prepared)
        except Exception:
            return replace(offline, notes=[*offline.notes, FALLBACK_NOTE])
        return self.merge(rubric, prepared, offline, verdict)

    def merge(self, rubric: Rubric, prepared: PreparedAnswer, offline: Feedback, verdict: JudgeOutput) -> Feedback:
        # The offline gate kept this answer out (off-topic, or a few words it could not place): the
        # judge lifts it only point by point, with a real quote on the point's or the question's topic.
        gated = any(n in UNGRADED_NOTES for n in offline.notes)
        by_id = {p.id: p for p in verdict.points}
        counted = counted_evidence(rubric, verdict, prepared)
        points = []
        for item, off in zip(rubric.items, offline.points):
            judged = by_id[item.id]
            evidence = counted.get(item.id)
            if evidence and gated and not _on_topic(evidence, item, rubric):
                evidence = None
            # without a counted quote the judge's word can lower the offline status, never raise it
            status = judged.status if evidence else min(judged.status, off.status, key=CREDIT.__getitem__)
            shown = quote(evidence) if evidence else off.evidence  # off.evidence went through as_written
            points.append(PointVerdict(point_id=item.id, point=item.point, status=status,
                                       evidence=shown if status != "missed" else None,
                                       hint="" if status == "covered" else item.hint, citation=item.citation,
                                       weight=item.weight, credit=CREDIT[status]))
        known = {_squash(m.claim): m for m in rubric.misconceptions}
        flags = list(offline.misconceptions)
        for m in verdict.misconceptions:
            item = known.get(_squash(m.claim))
            if item and substantial_quote(m.evidence, prepared) and all(f.claim != item.claim for f in flags):
                flags.append(MisconceptionFlag(item.claim, item.correction, quote(m.evidence) or ""))
        coverage = sum(p.weight * p.credit for p in points) / rubric.total_weight
        llm_score = max(0.0, grade_curve(coverage) - MISCONCEPTION_COST * min(2, len(flags)))  # offline's scale
        w = self.llm_weight
        score = round(max(0.0, min(10.0, w * llm_score + (1 - w) * offline.score)), 2)
        notes = offline.notes
        if any(p.status != "missed" for p in points):  # "earns no points yet" would contradict the verdict
            notes = [n for n in notes if n not in UNGRADED_NOTES]
        return replace(offline, score=score, points=points, misconceptions=flags, notes=notes,
                       dimensions=replace(offline.dimensions, coverage=round(10 * coverage, 1)),
                       next_step=next_step(rubric, points, flags, answer=prepared.text),
                       grader="llm" if w >= 1.0 else "combined")
