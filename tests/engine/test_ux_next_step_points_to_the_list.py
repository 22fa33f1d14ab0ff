"""The next step does not repeat a missed point that the feedback lists just above it: it points to that
line by its place, with the section to read, in the terminal, on Slack and on Discord."""
from __future__ import annotations

from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.slack.blocks import to_message
from bot.engine import replies as r
from bot.engine.render_text import render
from bot.grading.feedback import Citation, Dimensions, Feedback, MisconceptionFlag, PointVerdict
from bot.grading.go_further import go_further

from .helpers import key, last, say

OFF_TOPIC = "BM25 is a ranking function and tokenization splits text into pieces."
# the grader's step for an answer that made every point, which names no point (scoring.next_step)
EVERY_POINT = go_further("BM25 matches the exact terms of the query.")[0]


def _next_steps(reply: r.FeedbackReply) -> dict[str, str]:
    """The next step as each platform shows it."""
    [terminal] = [line for line in render(reply).splitlines() if line.startswith("Next step:")]
    [slack] = [b["text"]["text"] for b in to_message(reply).blocks
               if b.get("text", {}).get("text", "").startswith("*Next step:*")]
    [discord] = [f.value for o in to_outgoing(reply) for e in o.embeds for f in e.fields if f.name == "Next step"]
    return {"terminal": terminal, "slack": slack, "discord": discord}


async def test_a_zero_scored_answer_names_no_missed_point_twice(coach):
    k = key("ux-next-step")
    await coach.handle(say("start nlp junior 3", k))
    reply = last(await coach.handle(say(OFF_TOPIC, k)), r.FeedbackReply)
    fb = reply.feedback
    missed = [p for p in fb.points if p.status == "missed"]
    assert missed and any(p.point in fb.next_step for p in missed), "the grader's step names a missed point"
    for where, step in _next_steps(reply).items():
        assert "missed point above" in step, (where, step)
        assert not any(p.point in step for p in missed), (where, step)
    gap = next(p for p in missed if p.point in fb.next_step)
    if gap.citation:
        assert f"[{gap.citation.section_id}]" in _next_steps(reply)["terminal"]


def _feedback(points: list[PointVerdict], step: str, myths: list[MisconceptionFlag] = ()) -> r.FeedbackReply:
    fb = Feedback(score=3.0, points=points, misconceptions=list(myths), notes=[], dimensions=Dimensions(3, 3, 3),
                  next_step=step, grader="offline", rubric_source="bank", question_id="q1", question="Why BM25?")
    return r.FeedbackReply(fb, 1, 3)


def test_the_place_and_kind_of_the_gap_are_said_and_other_steps_stay_as_written():
    read = Citation("bm25-length", "BM25 saturation")
    points = [PointVerdict("p1", "Exact term matching matters.", "partial", "terms", "", read),
              PointVerdict("p2", "Short fields need less normalisation.", "missed", None, "", None),
              PointVerdict("p3", "Length normalisation uses b.", "missed", None, "", read)]
    second = _feedback(points, "Next time, cover this point: Length normalisation uses b. (read: BM25 saturation)")
    assert _next_steps(second)["terminal"] == ("Next step: Start with the second missed point above "
                                               "(read: BM25 saturation [bm25-length]).")
    partial = _feedback(points, "Go deeper on this point: Exact term matching matters. (read: BM25 saturation)")
    assert _next_steps(partial)["terminal"] == ("Next step: Go deeper on the partly covered point above "
                                                "(read: BM25 saturation [bm25-length]).")
    covered = PointVerdict("p1", "Exact term matching matters.", "covered", "terms", "", read)
    strong = _feedback([covered], EVERY_POINT)
    assert set(_next_steps(strong).values()) == {f"Next step: {EVERY_POINT}", f"*Next step:* {EVERY_POINT}",
                                                 EVERY_POINT}


def test_a_step_that_repeats_the_misconceptions_correction_points_to_its_line():
    """QA: "⚠ Misconception: BM25 ignores length → It normalises by length" then "Next step: Revisit one
    idea: It normalises by length": the same sentence twice, one under the other."""
    myth = MisconceptionFlag("BM25 ignores document length.", "BM25 normalises term frequency by length.",
                             "bm25 doesnt care about length")
    step = f"Revisit one idea: {myth.correction}"
    points = [PointVerdict("p1", "Exact term matching matters.", "covered", "terms", "", None),
              PointVerdict("p2", "Length normalisation uses b.", "missed", None, "", None)]
    with_gap = _next_steps(_feedback(points, step, [myth]))
    two = _next_steps(_feedback(points + [PointVerdict("p3", "Saturation uses k1.", "missed", None, "", None)],
                                step, [myth]))
    assert two["terminal"] == "Next step: Put the ⚠ correction above in your own words, then the missed points above."
    assert all(myth.correction not in s for s in with_gap.values()), with_gap
    one_gap = _next_steps(_feedback(points, step, [myth]))["discord"]
    assert one_gap == "Put the ⚠ correction above in your own words, then the missed point above.", one_gap
    alone = _next_steps(_feedback(points[:1], step, [myth]))
    assert alone["discord"] == "Put the ⚠ correction above in your own words."
    other = _next_steps(_feedback(points[:1], EVERY_POINT, [myth]))
    assert other["discord"] == EVERY_POINT
