"""Which follow-up a partial answer gets: the ladder's probe only when it asks about a gap."""
from __future__ import annotations

import random

from bot.engine import replies as r
from bot.engine.context import Context, Intent
from bot.engine.followup_choice import probe_text
from bot.engine.interview import step

QUESTION = "behav-production-failure"  # its probe: "How did you confirm the root cause ...?" (the `action` point)


def _answer_first_question(services, text: str) -> tuple[r.FeedbackReply, r.QuestionReply]:
    q = next(x for x in services.pack.questions if x.id == QUESTION)
    ctx = Context(questions={q.id: q}, grading=services.grading, sections=services.pack.sections,
                  rng=random.Random(1))
    started = step(None, Intent("start", args={"track": "behavioral", "level": q.level.value, "length": "1"}), ctx)
    out = step(started.session, Intent("answer", text=text), ctx)
    feedback = next(x for x in out.replies if isinstance(x, r.FeedbackReply))
    follow = next(x for x in out.replies if isinstance(x, r.QuestionReply))
    return feedback, follow


def test_a_partial_answer_that_covered_what_the_probe_asks_is_asked_about_its_heaviest_gap(services):
    q = next(x for x in services.pack.questions if x.id == QUESTION)
    probe = next(f for f in q.followups if f.kind.value == "probe")
    action = next(p for p in q.rubric if p.id == "action")
    feedback, follow = _answer_first_question(services, " ".join(action.phrasings[:2]))
    status = {p.point_id: p.status for p in feedback.feedback.points}
    assert 3.5 <= feedback.feedback.score < 7 and status["action"] != "missed", "a partial answer covering the root cause"
    assert follow.stage == "followup" and follow.text != probe.question, "the probe asks what was already said"
    missed = [p for p in q.rubric if status[p.id] == "missed"]
    heaviest = max(missed, key=lambda p: p.weight)
    assert follow.text == probe_text(heaviest)


def test_a_partial_answer_that_missed_what_the_probe_asks_gets_the_probe(services):
    q = next(x for x in services.pack.questions if x.id == QUESTION)
    probe = next(f for f in q.followups if f.kind.value == "probe")
    said = " ".join(p.phrasings[0] for p in q.rubric if p.id in {"situation", "task", "result"})
    feedback, follow = _answer_first_question(services, said)
    status = {p.point_id: p.status for p in feedback.feedback.points}
    assert 3.5 <= feedback.feedback.score < 7 and status["action"] == "missed"
    assert follow.stage == "followup" and follow.text == probe.question


def test_a_follow_up_hint_and_probe_speak_to_the_candidate_not_in_rubric_labels(services):
    q = next(x for x in services.pack.questions if x.id == QUESTION)
    action = next(p for p in q.rubric if p.id == "action")
    ctx = Context(questions={q.id: q}, grading=services.grading, sections=services.pack.sections,
                  rng=random.Random(1))
    started = step(None, Intent("start", args={"track": "behavioral", "level": q.level.value, "length": "1"}), ctx)
    out = step(started.session, Intent("answer", text=" ".join(action.phrasings[:2])), ctx)
    follow = next(x for x in out.replies if isinstance(x, r.QuestionReply))
    assert follow.text.startswith("Let's dig into one part you did not get to")
    [hint] = step(out.session, Intent("hint"), ctx).replies
    assert isinstance(hint, r.HintReply) and hint.text not in follow.text, "the hint adds to what the probe says"
    assert "think about this" not in hint.text and hint.text.endswith(".")
    assert all(p.means not in hint.text and p.means not in follow.text for p in q.rubric), "no raw rubric notes"


def test_answer_during_a_follow_up_shows_what_the_follow_up_asks_for_then_moves_on(services):
    q = next(x for x in services.pack.questions if x.id == QUESTION)
    ctx = Context(questions={q.id: q}, grading=services.grading, sections=services.pack.sections,
                  rng=random.Random(1))
    started = step(None, Intent("start", args={"track": "behavioral", "level": q.level.value, "length": "1"}), ctx)
    out = step(started.session, Intent("answer", text=q.model_answer), ctx)
    follow = next(x for x in out.replies if isinstance(x, r.QuestionReply))
    assert follow.stage == "followup"
    ladder = next(f for f in q.followups if f.question == follow.text)
    done = step(out.session, Intent("model-answer"), ctx)
    shown = next(x for x in done.replies if isinstance(x, r.ModelAnswerReply))
    assert shown.text != q.model_answer and shown.question == follow.text
    assert all(p.point in shown.text for p in ladder.rubric)
    assert done.session is None and any(isinstance(x, r.SummaryReply) for x in done.replies), "then it moves on"


def test_a_probe_from_a_point_named_by_a_noun_phrase_reads_as_english(services):
    means = {p.means: p for q in services.pack.questions for p in q.rubric}
    outcome, latency = means["Outcome including follow-through."], means["Latency trade-offs."]
    assert probe_text(outcome) == ("Let's dig into one part you did not get to: outcome, including follow-through. "
                                   "How would you cover that?")
    assert probe_text(latency) == "Let's dig into one part you did not get to: latency trade-offs. How would you cover that?"
    named = means["Names the small-chunk failure."]
    assert "A strong answer names the small-chunk failure." in probe_text(named)
    for point in means.values():
        assert "A strong answer has " not in probe_text(point), point.means


def test_a_probe_that_shares_almost_no_words_with_any_point_is_not_asked_for_a_gap(services):
    """QA: a feedback story that said how it felt was asked "How did it feel ...?", a probe about none of the
    story's points (word overlap 0.06 at most), where its missed points were the outcome and the lesson."""
    from bot.engine.followup_choice import GAP_MIN, about_a_gap, closeness
    from bot.grading.feedback import Dimensions, Feedback, PointVerdict

    q = next(x for x in services.pack.questions if x.id == "behav-critical-feedback")
    probe = next(f for f in q.followups if f.kind.value == "probe")
    assert max(closeness(q, probe).values()) < GAP_MIN
    missed = {"task", "result", "reflection"}
    points = [PointVerdict(p.id, p.point, "missed" if p.id in missed else "covered", None, "", None, p.weight)
              for p in q.rubric]
    feedback = Feedback(score=4.0, points=points, misconceptions=[], notes=[], dimensions=Dimensions(4, 0, 5),
                        next_step="", grader="offline", rubric_source="bank", question_id=q.id, question=q.question)
    assert not about_a_gap(q, probe, feedback)
