"""Deeper follow-ups written by an LLM from the candidate's answer and the guide passages.

Only when an LLM is configured. The follow-up keeps the intent (and the rubric)
of the ladder step it replaces, so grading stays grounded in the bank; on any
failure the ladder's own wording is used.

The answer reaches the prompt the way it reaches the judge's (the same
`answer_as_data`): instructions to the grader dropped, code fenced, the answer
tags disarmed in any spelling. The reply is shown to the candidate as the next
question, so it is taken only when it is one plain question: a string, one
"?" at its end, bounded in words and characters, with no links, mentions or markup.
Calls go through `ModelCalls` (bot/grading/llm_calls.py): a hung provider cannot
hold the interview up past the timeout, queue later calls, or block exit.
"""
from __future__ import annotations

import logging
import re

from bot.grading.judge import InvalidJudgement, first_json_object
from bot.grading.llm_calls import ModelCalls, reply_text
from bot.grading.prompts import PromptTemplate, answer_as_data
from bot.grading.text import prepare
from bot.pack.models import Followup, Question

log = logging.getLogger(__name__)
MAX_WORDS = 60
MAX_CHARS = 300
# Links, domains, mentions (@here, <@123>, <!channel>) and chat markup (`code`, *bold*, ~strike~, [text](url))
_NOT_PLAIN = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|io|ai|dev|app|co|ly|me|gg|xyz)\b|[<>@`*~|\[\]]",
                        re.I)
_CALLS = ModelCalls(name="followup-llm")  # shared by every writer: the provider is shared too


class FollowupWriter:
    def __init__(self, model, template: PromptTemplate, retrieve, timeout: float = 20.0):
        self.model = model
        self.template = template
        self.retrieve = retrieve  # (query, k) -> passages with .text
        self.timeout = timeout

    def prompt(self, question: Question, answer: str, planned: Followup) -> str:
        try:
            passages = self.retrieve(planned.question, 3)
        except Exception:  # retrieval is a nicety here, not a requirement
            passages = []
        return self.template.render(question=question.question, planned=planned.question,
                                    passages="\n\n".join(f"- {p.text}" for p in passages) or "(none)",
                                    answer=answer_as_data(prepare(answer)))

    def write(self, question: Question, answer: str, planned: Followup) -> str | None:
        """A follow-up question, or None to fall back to the ladder's wording."""
        try:
            reply = _CALLS.invoke(self.model, self.prompt(question, answer, planned), self.timeout)
            return parse_followup(reply_text(reply))
        except Exception as exc:  # the interview goes on with the ladder question
            log.warning("LLM follow-up failed, using the ladder's: %s", exc.__class__.__name__)
            return None


def parse_followup(text: str) -> str | None:
    """The reply's {"question": ...} when it is one plain question; None otherwise."""
    try:
        data = first_json_object(text)
    except InvalidJudgement:
        return None
    question = data.get("question") if isinstance(data, dict) else None
    if not isinstance(question, str):
        return None
    question = " ".join(question.split())
    if (not question or len(question) > MAX_CHARS or len(question.split()) > MAX_WORDS
            or not question.endswith("?") or question.count("?") != 1
            or _NOT_PLAIN.search(question) or not question.isprintable()):
        return None
    return question
