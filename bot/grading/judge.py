"""The optional LLM judge: per-point verdicts from a chat model, merged with the offline grade.

Any chat model from langchain-core works (tests use its fake chat models).
The answer goes into the prompt fenced as data, after injection sentences are
already stripped. The reply must be one JSON object naming every rubric point;
quotes are kept only if they really occur in the answer, and "covered" with
no real quote becomes "partial" unless the offline grader found the point too, so a model talked into generosity cannot invent
evidence. On timeout, error or invalid output (after retries) the offline grade
stands and a note says so.

Combination: the point statuses come from the judge (it reads meaning better);
the score is `llm_weight * judge score + (1 - llm_weight) * offline score`.
"""
from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ValidationError

from bot.grading.scoring import grade_curve
from bot.grading.feedback import Feedback, MisconceptionFlag, PointVerdict
from bot.grading.prompts import PromptTemplate
from bot.grading.rubric import Rubric
from bot.grading.scoring import MISCONCEPTION_COST, quote
from bot.grading.text import PreparedAnswer

log = logging.getLogger(__name__)
CREDIT = {"covered": 1.0, "partial": 0.5, "missed": 0.0}
FALLBACK_NOTE = "The AI judge was unavailable, so this is the offline grade."


class JudgedPoint(BaseModel):
    id: str
    status: Literal["covered", "partial", "missed"]
    evidence: str | None = None


class JudgedMisconception(BaseModel):
    claim: str
    evidence: str | None = None


class JudgeOutput(BaseModel):
    points: list[JudgedPoint]
    misconceptions: list[JudgedMisconception] = []


class InvalidJudgement(ValueError):
    pass


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def parse_judgement(text: str, rubric: Rubric) -> JudgeOutput:
    """The first JSON object in the reply (fenced or not), checked against the rubric's ids."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise InvalidJudgement("no JSON object in the reply")
    try:
        out = JudgeOutput.model_validate(json.loads(text[start:end + 1]))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise InvalidJudgement(str(exc)[:200]) from exc
    ids = [p.id for p in out.points]
    if sorted(ids) != sorted(i.id for i in rubric.items):
        raise InvalidJudgement(f"point ids {ids} do not match the rubric")
    return out


class LLMJudge:
    def __init__(self, model, template: PromptTemplate, timeout: float = 20.0, retries: int = 1,
                 llm_weight: float = 0.7):
        self.model = model
        self.template = template
        self.timeout = timeout
        self.retries = retries
        self.llm_weight = llm_weight
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="llm-judge")

    def prompt(self, rubric: Rubric, prepared: PreparedAnswer) -> str:
        points = "\n".join(f"- {i.id}: {i.point}" for i in rubric.items)
        mis = "\n".join(f"- {m.claim}" for m in rubric.misconceptions) or "- (none listed)"
        answer = prepared.text.replace("</answer>", "</ answer>")
        return self.template.render(question=rubric.question, rubric=points, misconceptions=mis, answer=answer)

    def _ask(self, prompt: str) -> str:
        reply = self._pool.submit(self.model.invoke, prompt).result(timeout=self.timeout)
        content = getattr(reply, "content", reply)
        if isinstance(content, list):  # some providers return content blocks
            content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
        return str(content)

    def judge(self, rubric: Rubric, prepared: PreparedAnswer) -> JudgeOutput:
        prompt, last = self.prompt(rubric, prepared), None
        for attempt in range(self.retries + 1):
            try:
                return parse_judgement(self._ask(prompt), rubric)
            except FutureTimeout:
                last = TimeoutError(f"no reply within {self.timeout}s")
            except Exception as exc:  # provider errors vary by package; all mean "try again, then fall back"
                last = exc
            log.warning("llm judge attempt %d failed: %s", attempt + 1, type(last).__name__)
        raise last  # type: ignore[misc]

    def grade(self, rubric: Rubric, prepared: PreparedAnswer, offline: Feedback) -> Feedback:
        """The merged grade, or the offline one with a note when the judge fails."""
        if prepared.empty or prepared.non_answer or not prepared.english:
            return offline  # nothing for a judge to read; the offline notes already explain
        try:
            verdict = self.judge(rubric, prepared)
        except Exception:
            return replace(offline, notes=[*offline.notes, FALLBACK_NOTE])
        return self.merge(rubric, prepared, offline, verdict)

    def merge(self, rubric: Rubric, prepared: PreparedAnswer, offline: Feedback, verdict: JudgeOutput) -> Feedback:
        answer = _squash(prepared.text)
        by_id = {p.id: p for p in verdict.points}
        points = []
        for item, off in zip(rubric.items, offline.points):
            judged = by_id[item.id]
            evidence = judged.evidence if judged.evidence and _squash(judged.evidence) in answer else None
            status = "partial" if judged.status == "covered" and evidence is None and off.status == "missed" \
                else judged.status
            points.append(PointVerdict(point_id=item.id, point=item.point, status=status,
                                       evidence=quote(evidence or off.evidence) if status != "missed" else None,
                                       hint="" if status == "covered" else item.hint, citation=item.citation,
                                       weight=item.weight, credit=CREDIT[status]))
        known = {_squash(m.claim): m for m in rubric.misconceptions}
        flags = list(offline.misconceptions)
        for m in verdict.misconceptions:
            item = known.get(_squash(m.claim))
            if item and m.evidence and _squash(m.evidence) in answer and all(f.claim != item.claim for f in flags):
                flags.append(MisconceptionFlag(item.claim, item.correction, quote(m.evidence) or ""))
        llm_score = grade_curve(sum(p.weight * p.credit for p in points) / rubric.total_weight)  # same scale as offline
        llm_score = max(0.0, llm_score - MISCONCEPTION_COST * min(2, len(flags)))
        w = self.llm_weight
        score = round(max(0.0, min(10.0, w * llm_score + (1 - w) * offline.score)), 2)
        return replace(offline, score=score, points=points, misconceptions=flags,
                       grader="llm" if w >= 1.0 else "combined")
