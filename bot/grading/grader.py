"""The grading facade the engine and the CLI call: one answer in, `Feedback` out.

Offline grading always runs (it is fast and needs no network); an LLM judge,
when configured, refines it and the two are combined (see judge.py).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from bot.grading.feedback import Feedback
from bot.grading.judge import LLMJudge
from bot.grading.offline import OfflineGrader, graded_text
from bot.grading.resolve import Retrieve, RubricResolver, UnknownQuestion
from bot.grading.rubric import Rubric, made_here
from bot.grading.text import prepare

__all__ = ["GradeRequest", "Grader", "UnknownQuestion", "build_grader"]


REFERENCE_IGNORED_NOTE = ("You gave a reference answer and a bank question id; I graded against the bank "
                          "question's rubric and did not use the reference.")
SHORT_REFERENCE_NOTE = ("The reference answer is only a few words, so the grade checks little more than "
                        "those words. A sentence or two of reference gives sharper feedback.")
SHORT_REFERENCE_WORDS = 3
RETRIEVED_NOTE = ("There was no reference answer, so I graded against passages from the study guides and points "
                  "of the question bank found for it, which may not be what the question means. A reference "
                  "answer gives a sharper grade.")
# The same without the bank, when no bank point was used (QA: the note named the bank on every such grade).
GUIDES_ONLY_NOTE = ("There was no reference answer, so I graded against passages from the study guides found for "
                    "it, which may not be what the question means. A reference answer gives a sharper grade.")


# A question typed as text that is a bank question in other words is graded on that question's rubric
# (bank_match.py); without saying so, a grade on another question's points reads as a harsh one (QA: "How do you
# evaluate the retriever in a RAG system?" was graded on faithfulness, and nothing said so).
BANK_MATCH_NOTE = ("I read your question as this one from the question bank and graded against its points: "
                   "\u201c{question}\u201d If you meant something else, a reference answer lets me grade against that.")


def typed_question_notes(feedback: Feedback, question_id: str | None, question: str | None) -> list[str]:
    """Which bank question a question typed as text was graded as, when it was graded as one."""
    if question_id or not (question and question.strip()) or feedback.rubric_source != "bank":
        return []
    return [BANK_MATCH_NOTE.format(question=" ".join(feedback.question.split()))]


def request_notes(question_id: str | None, reference: str | None) -> list[str]:
    """What the grader did with the reference it was given, when that is not what one would assume."""
    if not reference or not reference.strip():
        return []
    if question_id:
        return [REFERENCE_IGNORED_NOTE]
    return [SHORT_REFERENCE_NOTE] if len(reference.split()) <= SHORT_REFERENCE_WORDS else []


def _with_notes(feedback: Feedback, notes: list[str]) -> Feedback:
    if feedback.rubric_source == "retrieved":
        from_bank = not all(made_here(p.point_id) for p in feedback.points)
        notes = [*notes, RETRIEVED_NOTE if from_bank else GUIDES_ONLY_NOTE]
    return replace(feedback, notes=[*feedback.notes, *notes]) if notes else feedback


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
        return self.judge.grade(rubric, graded_text(prepared, rubric), feedback) if self.judge else feedback

    def grade(self, answer: str, question_id: str | None = None, question: str | None = None,
              reference: str | None = None) -> Feedback:
        """Raises UnknownQuestion (with a message fit to show) when no rubric can be found."""
        feedback = self.grade_rubric(self.rubric(question_id, question, reference), answer)
        return _with_notes(feedback, request_notes(question_id, reference)
                           + typed_question_notes(feedback, question_id, question))

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
        self.offline.encode_clauses([(r, p, v) for r, p, v in zip(rubrics, prepared, vecs) if isinstance(r, Rubric)])
        try:
            return self._graded(requests, rubrics, prepared, vecs)
        finally:
            self.offline.forget_clauses()

    def _graded(self, requests, rubrics, prepared, vecs) -> list[Feedback | UnknownQuestion]:
        out: list[Feedback | UnknownQuestion] = []
        for r, rubric, p, v in zip(requests, rubrics, prepared, vecs):
            if isinstance(rubric, UnknownQuestion):
                out.append(rubric)
                continue
            feedback = self.offline.grade(rubric, p, v)
            feedback = self.judge.grade(rubric, graded_text(p, rubric), feedback) if self.judge else feedback
            out.append(_with_notes(feedback, request_notes(r.question_id, r.reference)
                                   + typed_question_notes(feedback, r.question_id, r.question)))
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
    stories = [q.id for q in pack.questions if q.kind == "behavioral"]
    return Grader(OfflineGrader(embedder, settings.max_answer_words,
                                stories=lambda: [resolver.bank(qid) for qid in stories]), resolver,
                  build_judge(settings, chat_model))
