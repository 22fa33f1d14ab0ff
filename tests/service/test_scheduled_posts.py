"""Scheduled posts survive the trip through the outbox's JSON unchanged."""
from __future__ import annotations

import json

import pytest

from bot.engine import replies as r
from bot.service.scheduled_posts import from_payload, to_payload

POSTS = [
    r.Notice("No daily today: no question matches level=senior.", tone="warning"),
    r.DailyQuestionReply(date="2026-11-16", question_id="rag-1", text="What is RAG?", topic="rag", level="any"),
    r.RecapReply(date="2026-11-16", question="What is RAG?", model_answer="Retrieval, then generation.",
                 answered=3, top=(("Ada", 9.5), ("Grace", 7.0)), thread="1763283600.000001"),
    r.TableReply("Last week's board (2026-W46)", ("#", "name", "points"), (("1", "Ada", "30"), ("2", "Bo", "12"))),
]


@pytest.mark.parametrize("reply", POSTS, ids=lambda x: type(x).__name__)
def test_a_scheduled_post_comes_back_as_it_went_in(reply):
    assert from_payload(json.loads(json.dumps(to_payload(reply)))) == reply


def test_only_scheduled_kinds_go_in_the_outbox():
    with pytest.raises(TypeError):
        to_payload(r.HintReply("Think about chunk size.", remaining=1))
    with pytest.raises(KeyError):
        from_payload({"kind": "SomethingNewer", "text": "x"})
