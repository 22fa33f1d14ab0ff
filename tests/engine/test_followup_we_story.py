"""A story told only as what the team did is followed up as an interviewer would: "What did you do yourself?"."""
from __future__ import annotations

import random

from bot.engine import replies as r
from bot.engine.context import Context, Intent
from bot.engine.followup_choice import OWN_ACTIONS_PROBE
from bot.engine.interview import step
from bot.grading.story import WE_STORY_NOTE
from tests.grading.test_story_how_told import I_STORY, QID, WE_STORY


def _start(services):
    q = next(x for x in services.pack.questions if x.id == QID)
    ctx = Context(questions={q.id: q}, grading=services.grading, sections=services.pack.sections,
                  rng=random.Random(1))
    started = step(None, Intent("start", args={"track": "behavioral", "level": q.level.value, "length": "1"}), ctx)
    return started.session, ctx


def _answer(session, ctx, text: str):
    out = step(session, Intent("answer", text=text), ctx)
    feedback = next(x for x in out.replies if isinstance(x, r.FeedbackReply))
    follow = next((x for x in out.replies if isinstance(x, r.QuestionReply)), None)
    return out.session, feedback, follow


def test_a_we_story_is_asked_what_the_speaker_did_and_a_reply_in_the_first_person_covers_the_actions(services):
    session, ctx = _start(services)
    session, feedback, follow = _answer(session, ctx, WE_STORY)
    assert WE_STORY_NOTE in feedback.feedback.notes
    assert follow is not None and follow.stage == "followup" and follow.text == OWN_ACTIONS_PROBE
    _, reply, _ = _answer(session, ctx, "I was the one who ranked the remaining items: I scored each by what it "
                                        "was worth to the claims handlers and the risk of dropping it. Then I wrote "
                                        "the one-page trade-off summary and took it to the product manager and the "
                                        "claims lead myself, and I proposed moving the active learning loop to the "
                                        "next quarter.")
    assert [p.status for p in reply.feedback.points] == ["covered"]
    assert WE_STORY_NOTE not in reply.feedback.notes


def test_a_story_with_the_speakers_own_steps_is_not_asked_that(services):
    session, ctx = _start(services)
    _, feedback, follow = _answer(session, ctx, I_STORY)
    assert WE_STORY_NOTE not in feedback.feedback.notes
    assert follow is None or follow.text != OWN_ACTIONS_PROBE


def test_skipping_what_did_you_do_yourself_says_a_strong_reply_tells_your_own_steps(services):
    """QA: skip showed only the action point's wording, as if the follow-up had asked for it."""
    session, ctx = _start(services)
    session, _, follow = _answer(session, ctx, WE_STORY)
    assert follow.text == OWN_ACTIONS_PROBE
    out = step(session, Intent("skip"), ctx)
    shown = next(x for x in out.replies if isinstance(x, r.ModelAnswerReply))
    assert shown.question == OWN_ACTIONS_PROBE
    assert shown.text.startswith('A strong answer to this follow-up tells the steps that were yours, with "I"')
