"""The summary's "Work on" list: the gaps that cost most, never a point also shown as a strength."""
from __future__ import annotations

from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.slack.blocks import to_message
from bot.engine import replies as r
from bot.engine.session import Result, Session
from bot.engine.render_text import render
from bot.engine.summary import build_summary

from .helpers import current_question, key, last, say


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


async def test_strongest_lists_only_points_fully_covered_in_the_counted_answer_heaviest_first(coach):
    k = key("strongest")
    for _ in range(12):  # a question whose answer below leaves a point partly covered among its first three
        q = current_question(await coach.handle(say("start llm mid 3", k)))
        bank = coach.questions[q.question_id]
        heaviest = max(bank.rubric, key=lambda p: p.weight)
        # the points as sentences, and the heaviest one only by its gloss (points end with ".": joined by
        # ". " they were one sentence, whose spill onto a neighbouring point was the partial this needs)
        replies = await coach.handle(say(" ".join([p.point for p in bank.rubric if p is not heaviest]
                                                  + [heaviest.means]), k))
        points = last(replies, r.FeedbackReply).feedback.points
        if any(p.status == "partial" for p in [p for p in points if p.status != "missed"][:3]):
            break
        await coach.handle(say("end", k))
    else:
        raise AssertionError("no answer left a point partly covered")
    if current_question(replies).stage == "followup":  # touch the point missed above, and the follow-up's own
        follow = current_question(replies)
        ladder = [f for f in bank.followups if f.question == follow.text]
        await coach.handle(say(". ".join([heaviest.point] + [p.point for f in ladder for p in f.rubric]), k))
    summary = last(await coach.handle(say("end", k)), r.SummaryReply)
    weight = {p.point: p.weight for p in bank.rubric}
    full = [p.point for p in points if p.status == "covered"]
    assert list(summary.strongest) == sorted(full, key=lambda p: -weight[p])[:3]
    assert not {p.point for p in points if p.status != "covered"} & set(summary.strongest)


async def test_work_on_counts_every_point_of_a_question_skipped_before_any_answer(coach):
    k = key("skippedgaps")
    q = current_question(await coach.handle(say("start llm mid 3", k)))
    await coach.handle(say("skip", k))
    summary = last(await coach.handle(say("end", k)), r.SummaryReply)
    rubric = coach.questions[q.question_id].rubric
    assert list(summary.weakest) == [p.point for p in sorted(rubric, key=lambda p: -p.weight)][:3]


async def test_every_question_skipped_still_gets_an_overall_of_zero_with_the_skipped_count(coach):
    k = key("allskipped")
    current_question(await coach.handle(say("start llm junior 2", k)))
    await coach.handle(say("skip", k))
    replies = await coach.handle(say("skip", k))
    summary = last(replies, r.SummaryReply)
    assert summary is not None and [q.score for q in summary.questions] == [None, None]
    assert summary.overall == 0.0, "a skip counts 0, as in the per-topic scores"
    shown = render(summary)
    assert "Overall: 0.0/10" in shown and "2 of 2 skipped" in shown, shown
    slack = " ".join(b["text"]["text"] for b in to_message(summary).blocks if "text" in b and "text" in b["text"])
    assert "*Overall: 0.0/10*" in slack and "2 of 2 skipped" in slack, slack
    [discord] = [e.description for o in to_outgoing(summary) for e in o.embeds if e.description]
    assert "**Overall: 0.0/10**" in discord and "2 of 2 skipped" in discord, discord
