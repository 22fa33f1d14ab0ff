"""DMs sent in quick succession take effect in the order they were sent (QA: answer, skip, answer).

The three events are posted to the bolt app one after another without waiting for the work each
starts (Slack acks at once and grades later), so they are handled while the first is still graded.
"""
from __future__ import annotations

import re

from .conftest import SlackDriver
from .test_slack_interview import last_question

WEAK = "I am not sure, maybe it is something about vectors."
NEXT = "My answer to the next question: tokens are split with byte pair encoding merges."
SCORE = re.compile(r"\*Score: [^*]*\* .*· (Question \d of \d.*)$")


def shown(calls) -> tuple[list[str], list[str], list[list[str]]]:
    """What the posts said: the question each score is for, each question header, and each skip's headers."""
    scores, headers, skips = [], [], []
    for call in calls:
        texts = [b["text"]["text"] for b in call.blocks if b["type"] in ("section", "header")]
        scores += [m.group(1) for t in texts if (m := SCORE.match(t))]
        heads = [b["text"]["text"] for b in call.blocks if b["type"] == "header"]
        headers += heads
        if "Skipped. Next question:" in call.all_text:
            skips.append(heads)
    return scores, headers, skips


async def test_answer_skip_answer_sent_at_once_are_handled_in_order(slack: SlackDriver, coach):
    fake, user = slack.fake, "UORDER"
    await slack.dm(user, "start llm mid 3")
    q1 = last_question(fake, "D" + user)["id"]
    mark = len(fake.calls)
    for text in (WEAK, "skip", NEXT):
        assert await slack.event(slack.message_payload(user, text, "D" + user), settle=False) == 200
    await slack.settle()
    posts = [c for c in fake.since(mark) if c.method == "chat.postMessage"]
    scores, headers, skips = shown(posts)
    assert scores == ["Question 1 of 3", "Question 2 of 3"], "the third message is graded against question 2"
    assert len(skips) == 1 and skips[0][0].startswith("Question 2 of 3"), "the skip applies to question 1's retry"
    assert headers[0].startswith("Question 1 of 3 · second try")
    assert last_question(fake, "D" + user)["id"] != q1
