"""A strong answer with an LLM configured: the deeper follow-up is written from the answer."""
from __future__ import annotations

import random

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.engine import replies as r
from bot.engine.context import Context, Intent
from bot.engine.interview import step
from bot.grading.prompts import load_prompt
from bot.service.followup_writer import FollowupWriter, parse_followup
from bot.settings import ROOT


def _writer(responses):
    model = FakeListChatModel(responses=responses)
    return FollowupWriter(model, load_prompt(ROOT / "prompts", "followup"), lambda q, k: [], timeout=5)


def _strong_answer_step(services, writer):
    pack = services.pack
    questions = {q.id: q for q in pack.questions}
    ctx = Context(questions=questions, grading=services.grading, sections=pack.sections, followups=writer,
                  rng=random.Random(1))
    out = step(None, Intent("start", args={"track": "nlp-engineer", "level": "junior", "length": "3"}), ctx)
    q = questions[out.replies[-1].question_id]
    out = step(out.session, Intent("answer", text=q.model_answer), ctx)
    return q, [x for x in out.replies if isinstance(x, r.QuestionReply)][-1]


def test_the_llm_writes_the_deeper_followup(services):
    written = "You mentioned a fixed vector per word: how would you measure whether that costs you on polysemous queries?"
    q, follow = _strong_answer_step(services, _writer(['{"question": "%s"}' % written]))
    assert follow.stage == "followup" and follow.text == written


def test_a_bad_llm_reply_falls_back_to_the_ladder(services):
    q, follow = _strong_answer_step(services, _writer(["Sure! Here is a great question for you."]))
    assert follow.stage == "followup" and follow.text in [f.question for f in q.followups]


def test_parse_followup_rejects_non_questions_and_essays():
    assert parse_followup('{"question": "Why?"}') == "Why?"
    assert parse_followup('{"question": "no question mark here"}') is None
    assert parse_followup('{"question": "' + "word " * 80 + '?"}') is None
    assert parse_followup("not json") is None
