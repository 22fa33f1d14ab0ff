"""The summary's "Work on" list: the gaps that cost most, never a point also shown as a strength."""
from __future__ import annotations

from bot.engine.session import Result, Session
from bot.engine.summary import build_summary


def _session(results: list[Result]) -> Session:
    return Session(track="mixed", level="mid", length=len(results), queue=[], number=len(results), results=results)


def test_work_on_ranks_gaps_by_their_cost_and_never_repeats_a_strength(services):
    questions = {q.id: q for q in services.pack.questions}
    ok_one, ok_two, weakest = [q for q in services.pack.questions if len({p.weight for p in q.rubric}) > 1][:3]

    def light(q):  # its two lightest points
        return [p.point for p in sorted(q.rubric, key=lambda p: p.weight)[:2]]

    heavy = [p.point for p in sorted(weakest.rubric, key=lambda p: -p.weight)[:3]]
    shared = light(ok_two)[0]  # covered in one answer, missed in another: a gap, not a strength
    results = [
        Result(ok_one.id, ok_one.topic, 6.5, [], covered=[p.point for p in ok_one.rubric if p.point not in light(ok_one)]
               + [shared], missed=light(ok_one)),
        Result(ok_two.id, ok_two.topic, 6.5, [], covered=[], missed=light(ok_two)),
        Result(weakest.id, weakest.topic, 1.0, [], covered=[shared], missed=heavy),
    ]
    summary = build_summary(_session(results), questions, services.pack.sections)
    assert list(summary.weakest) == heavy, "the weakest question's heaviest gaps come first"
    assert not set(summary.strongest) & set(summary.weakest)
    assert shared not in summary.strongest
