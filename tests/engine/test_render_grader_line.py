"""Chat feedback says which grader graded it when an LLM judge is configured: one short line at the
end, the same in the terminal's text, Slack's blocks and Discord's embed. Without a judge it says
nothing, since every grade is offline then."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.slack.blocks import to_message
from bot.engine import replies as r
from bot.engine.render_text import render
from bot.grading.feedback import FALLBACK_NOTE, Dimensions, Feedback, PointVerdict

JUDGE = "OpenAI gpt-4o-mini"
OFFLINE = Feedback(score=6.0, points=[PointVerdict("p1", "Exact term matching", "covered", "BM25 matches terms", "",
                                                   None)],
                   misconceptions=[], notes=["Your answer was long; I graded the first 400 words."],
                   dimensions=Dimensions(6, 5, 7), next_step="Read about k1.", grader="offline",
                   rubric_source="bank", question_id="q1", question="Why BM25?")

CASES = [
    (replace(OFFLINE, judge=JUDGE, grader="combined"), f"Graded with {JUDGE} and the offline grader"),
    (replace(OFFLINE, judge=JUDGE, grader="llm"), f"Graded with {JUDGE}"),
    (replace(OFFLINE, judge=JUDGE, notes=[*OFFLINE.notes, FALLBACK_NOTE]), "LLM judge unavailable, graded offline"),
    (replace(OFFLINE, judge=JUDGE), "Graded offline"),  # the judge had nothing to read ("I don't know")
]


def _slack(fb: Feedback) -> list[str]:
    blocks = to_message(r.FeedbackReply(fb, 1, 3)).blocks
    return [b["text"]["text"] if "text" in b else b["elements"][0]["text"] for b in blocks]


def _discord(fb: Feedback):
    return to_outgoing(r.FeedbackReply(fb, 1, 3))[0].embeds[0]


@pytest.mark.parametrize(("fb", "line"), CASES)
def test_the_last_line_names_the_grader(fb, line):
    assert render(r.FeedbackReply(fb, 1, 3)).splitlines()[-1] == line
    assert _slack(fb)[-1] == line
    assert _discord(fb).footer.text == line
    # the fallback note is that line: not said twice
    assert FALLBACK_NOTE not in render(r.FeedbackReply(fb, 1, 3))
    assert all(FALLBACK_NOTE not in text for text in _slack(fb))
    assert all(FALLBACK_NOTE not in (f.value or "") for f in _discord(fb).fields)
    assert "first 400 words" in render(r.FeedbackReply(fb, 1, 3))  # other notes stay


def test_without_an_llm_judge_there_is_no_grader_line():
    text = render(r.FeedbackReply(OFFLINE, 1, 3))
    assert text.splitlines()[-1] == "Next step: Read about k1." and "Graded" not in text
    assert not any("Graded" in t for t in _slack(OFFLINE))
    assert _discord(OFFLINE).footer.text is None
