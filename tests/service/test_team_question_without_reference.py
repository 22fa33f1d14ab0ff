"""`daily add ID | QUESTION |`: a team question with no reference answer is added, and its answers are graded
on a rubric the grader builds from the study guides (QA: it got the whole usage text)."""
from __future__ import annotations

from bot.engine import replies as r
from tests.engine.helpers import last
from tests.service.test_daily_lifecycle import admin, loop_round, said_by, utc


async def test_a_team_question_may_have_no_reference_and_is_graded_from_the_guides(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    added = await admin(coach, "daily add team-2 | How does hybrid search combine BM25 and dense retrieval? |")
    assert added.startswith("Added team question `team-2`"), added
    assert "Reference answer: none" in added and "guides" in added, added
    forgot = await admin(coach, "daily add team-3 | What is our on-call escalation path for search?")
    assert forgot.startswith("I added nothing: this has an id and a question but no reference answer"), forgot
    await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    clock.advance(hours=1, minutes=1)
    [(_, thread)], _, _ = await loop_round(coach)
    replies = await coach.handle(said_by("ana", "Hybrid search runs BM25 keyword search and dense vector search "
                                                "and merges the two ranked lists, for example with reciprocal "
                                                "rank fusion, so exact terms and paraphrases both match.",
                                         thread=thread))
    feedback = last(replies, r.FeedbackReply).feedback
    assert feedback.rubric_source == "retrieved" and feedback.points, "graded on a rubric built from the guides"
    assert feedback.score > 0 and any("no reference answer" in note for note in feedback.notes)
    clock.advance(days=1)
    _, [recap], _ = await loop_round(coach)
    assert recap.model_answer == "This team question has no reference answer: answers were graded against the study guides."
