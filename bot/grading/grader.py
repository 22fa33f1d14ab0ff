"""The grading facade the engine and the CLI call: one answer in, `Feedback` out.

Offline grading always runs (it is fast and needs no network); an LLM judge,
when configured, refines it and the two are combined (see judge.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.grading.feedback import Feedback
from bot.grading.judge import LLMJudge
from bot.grading.offline import OfflineGrader
from bot.grading.resolve import Retrieve, RubricResolver, UnknownQuestion
from bot.grading.rubric import Rubric
from bot.grading.text import prepare

__all__ = ["GradeRequest", "Grader", "UnknownQuestion", "build_grader"]


@dataclass(frozen=True)
class GradeRequest:
    answer: str
    question_id: str | None = None
    question: str | None = None
    reference: str | None = None


class Grader:
    def __init__(self, offline: OfflineGrader, resolver: RubricResolver, judge: LLMJudge | None = None):
        self.offline = offline
        self.resolver = resolver
        self.judge = judge

    @property
    def max_words(self) -> int:
        return self.offline.max_words

    def rubric(self, question_id: str | None = None, question: str | None = None,
               reference: str | None = None) -> Rubric:
        return self.resolver.resolve(question_id, question, reference)

    def grade_rubric(self, rubric: Rubric, answer: str) -> Feedback:
        prepared = prepare(answer, self.max_words)
        vecs = self.offline.encode_answers([prepared], [rubric])[0]
        feedback = self.offline.grade(rubric, prepared, vecs)
        return self.judge.grade(rubric, prepared, feedback) if self.judge else feedback

    def grade(self, answer: str, question_id: str | None = None, question: str | None = None,
              reference: str | None = None) -> Feedback:
        """Raises UnknownQuestion (with a message fit to show) when no rubric can be found."""
        return self.grade_rubric(self.rubric(question_id, question, reference), answer)

    def grade_many(self, requests: list[GradeRequest]) -> list[Feedback | UnknownQuestion]:
        """Grade in order, encoding every answer's sentences in one batch; bad requests yield the error."""
        rubrics: list[Rubric | UnknownQuestion] = []
        for r in requests:
            try:
                rubrics.append(self.rubric(r.question_id, r.question, r.reference))
            except UnknownQuestion as exc:
                rubrics.append(exc)
        prepared = [prepare(r.answer, self.max_words) for r in requests]
        vecs = self.offline.encode_answers(prepared, [r if isinstance(r, Rubric) else None for r in rubrics])
        out: list[Feedback | UnknownQuestion] = []
        for rubric, p, v in zip(rubrics, prepared, vecs):
            if isinstance(rubric, UnknownQuestion):
                out.append(rubric)
                continue
            feedback = self.offline.grade(rubric, p, v)
            out.append(self.judge.grade(rubric, p, feedback) if self.judge else feedback)
        return out


def build_grader(settings, pack=None, retrieve: Retrieve | None = None, embedder=None,
                 chat_model=None) -> Grader:
    """Wire a Grader from settings. `retrieve` is the hybrid retriever (default: embedding search
    over guide sections); `chat_model` overrides the configured LLM provider (tests)."""
    from bot.grading.llm import build_judge
    from bot.pack.loader import load_pack
    from bot.retrieval.embedding import get_embedder

    pack = pack if pack is not None else load_pack(*[Path(p) for p in settings.pack_dirs])
    embedder = embedder or get_embedder(settings.embedding_model)
    resolver = RubricResolver(embedder, pack.questions, pack.sections, retrieve=retrieve,
                              bank_match=settings.bank_match_threshold)
    return Grader(OfflineGrader(embedder, settings.max_answer_words), resolver,
                  build_judge(settings, chat_model))
