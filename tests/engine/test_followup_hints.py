"""Hints during follow-ups: each follow-up has its own, and a probe's hint adds to what the probe says."""
from __future__ import annotations

import random

from bot.engine import replies as r
from bot.engine.context import Context, Intent
from bot.engine.interview import step


def _start(services, question_id: str):
    q = next(x for x in services.pack.questions if x.id == question_id)
    ctx = Context(questions={q.id: q}, grading=services.grading, sections=services.pack.sections,
                  rng=random.Random(1))
    started = step(None, Intent("start", args={"track": q.tracks[0].value, "level": q.level.value, "length": "1"}),
                   ctx)
    return q, ctx, started.session


def _said(out) -> str:
    return " ".join(getattr(x, "text", "") for x in out.replies)


def test_a_followup_has_its_own_hints_after_the_main_questions_were_used(services):
    q, ctx, session = _start(services, "rag-chunking-strategy")
    for _ in q.hints:
        assert any(isinstance(x, r.HintReply) for x in step(session, Intent("hint"), ctx).replies)
    out = step(session, Intent("answer", text=q.model_answer), ctx)
    follow = next(x for x in out.replies if isinstance(x, r.QuestionReply))
    assert follow.stage == "followup"
    hint = step(out.session, Intent("hint"), ctx)
    assert any(isinstance(x, r.HintReply) for x in hint.replies), _said(hint)


def test_a_probes_hint_does_not_repeat_the_probe(services):
    q, ctx, session = _start(services, "behav-production-failure")
    action = next(p for p in q.rubric if p.id == "action")
    out = step(session, Intent("answer", text=" ".join(action.phrasings[:2])), ctx)
    follow = next(x for x in out.replies if isinstance(x, r.QuestionReply))
    assert follow.stage == "followup" and out.session.turn.probe_point, "a probe built from a missed point"
    shown = [x for x in step(out.session, Intent("hint"), ctx).replies]
    for reply in shown:
        assert reply.text not in follow.text and reply.text.rstrip(".") not in follow.text, reply.text
    notice = next((x for x in shown if isinstance(x, r.Notice)), None)
    assert notice is None or "last hint" not in notice.text, "no hint was shown, so none was the last"


def test_a_hint_made_of_a_noun_phrase_reads_as_a_sentence():
    from bot.engine.followup_choice import what_a_strong_answer_does
    from bot.pack.models import RubricPoint

    point = RubricPoint(id="lifecycle", point="Version, monitor and retrain the model.", weight=1,
                        means="Lifecycle of the fine-tuned model.", phrasings=[])
    assert what_a_strong_answer_does(point) == "A strong answer covers the lifecycle of the fine-tuned model."
    latency = RubricPoint(id="latency", point="Latency matters.", weight=1, means="Latency trade-offs.", phrasings=[])
    assert what_a_strong_answer_does(latency) == "A strong answer covers latency trade-offs."
