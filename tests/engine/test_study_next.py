"""The summary's "Study next": the sections cited by the points missed (then those only partly made),
heaviest first, not the first source of each low-scoring question."""
from __future__ import annotations

import random

from bot.engine import replies as r
from bot.engine.context import Context, Intent
from bot.engine.interview import step

from .helpers import last

QUESTION = "lexical-vs-semantic-search"  # sources: bm25, dense-retrieval, rag-hybrid-rrf


def _one_question(services) -> tuple[Context, object]:
    q = next(q for q in services.pack.questions if q.id == QUESTION)
    ctx = Context(questions={q.id: q}, grading=services.grading, sections=services.pack.sections,
                  rng=random.Random(1))
    out = step(None, Intent("start", args={"track": "nlp-engineer", "level": "junior", "length": "1"}), ctx)
    return ctx, out


def _expected(feedbacks: list, limit: int = 4) -> list[str]:
    covered = {p.point for f in feedbacks for p in f.points if p.status == "covered"}
    partial = {p.point for f in feedbacks for p in f.points if p.status == "partial"} - covered
    missed = {p.point for f in feedbacks for p in f.points if p.status == "missed"} - covered - partial
    verdicts = {p.point: p for f in feedbacks for p in f.points}
    # ties in rubric order: the question's points, then its follow-ups'
    ranked = (sorted((v for v in verdicts.values() if v.point in missed), key=lambda v: -v.weight)
              + sorted((v for v in verdicts.values() if v.point in partial), key=lambda v: -v.weight))
    sections = []
    for v in ranked:
        if v.citation and v.citation.section_id not in sections:
            sections.append(v.citation.section_id)
    return sections[:limit]


def test_study_next_sends_to_the_sections_of_the_points_missed_not_the_first_source(services):
    ctx, out = _one_question(services)
    q = ctx.questions[QUESTION]
    said = " ".join(p.point for p in q.rubric if p.id in ("keyword-def", "keyword-wins"))
    out = step(out.session, Intent("answer", text=said), ctx)
    feedback = last(out.replies, r.FeedbackReply).feedback
    missed = [p for p in feedback.points if p.status == "missed"]
    assert missed and {p.citation.section_id for p in missed} != {"bm25"}, "the scenario needs such gaps"
    summary = last(step(out.session, Intent("end"), ctx).replies, r.SummaryReply)
    studied = [c.section_id for c in summary.study_next]
    assert studied == _expected([feedback])
    assert studied[0] != "bm25", "the BM25 points were covered"


def test_a_follow_up_missed_after_a_strong_answer_adds_its_section(services):
    ctx, out = _one_question(services)
    q = ctx.questions[QUESTION]
    out = step(out.session, Intent("answer", text=q.model_answer), ctx)
    main = last(out.replies, r.FeedbackReply).feedback
    assert main.score >= 7 and out.replies[-1].stage == "followup"
    out = step(out.session, Intent("answer", text="The weather was sunny and I went for a long walk by the river."),
               ctx)
    followup = last(out.replies, r.FeedbackReply).feedback
    assert any(p.status == "missed" and p.citation for p in followup.points)
    summary = last(out.replies, r.SummaryReply) or last(step(out.session, Intent("end"), ctx).replies,
                                                         r.SummaryReply)
    studied = [c.section_id for c in summary.study_next]
    assert studied and studied == _expected([main, followup])
