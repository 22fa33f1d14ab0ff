"""Deeper follow-ups written by an LLM from the candidate's answer and the guide passages.

Only when an LLM is configured. The follow-up keeps the intent (and the rubric)
of the ladder step it replaces, so grading stays grounded in the bank; on any
failure the ladder's own wording is used.
"""
from __future__ import annotations

import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from bot.grading.prompts import PromptTemplate
from bot.pack.models import Followup, Question

log = logging.getLogger(__name__)
MAX_WORDS = 60
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="followup-llm")


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
        fenced = answer.replace("</answer>", "</ answer>")[:4000]
        return self.template.render(question=question.question, planned=planned.question,
                                    passages="\n\n".join(f"- {p.text}" for p in passages) or "(none)",
                                    answer=fenced)

    def write(self, question: Question, answer: str, planned: Followup) -> str | None:
        """A follow-up question, or None to fall back to the ladder's wording."""
        try:
            future = _POOL.submit(self.model.invoke, self.prompt(question, answer, planned))
            content = future.result(timeout=self.timeout).content
            return parse_followup(content if isinstance(content, str) else str(content))
        except (FutureTimeout, Exception) as exc:  # the interview goes on with the ladder question
            log.warning("LLM follow-up failed, using the ladder's: %s", exc.__class__.__name__)
            return None


def parse_followup(text: str) -> str | None:
    match = re.search(r"\{.*\}", text, re.S)
    if not match:
        return None
    try:
        question = json.loads(match.group(0)).get("question", "")
    except (ValueError, AttributeError):
        return None
    question = " ".join(str(question).split())
    if not question or len(question.split()) > MAX_WORDS or "?" not in question:
        return None
    return question
