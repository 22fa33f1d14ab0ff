"""Everyday words in a team's question are not names of topics the guides lack: "an LLM app" is an
application, "customer-facing" is two known words. Such a question is graded from the guides, not refused."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("question", [
    "What is prompt injection and how do you defend an LLM app against it?",
    "How do you test a retrieval-heavy app before launch?",
    "What goes in a prod config for an LLM service?",
    "How do you keep a customer-facing assistant safe?",
])
def test_short_forms_and_hyphenated_known_words_are_known(grader, question):
    assert grader.resolver.unknown_terms(question) == set()


@pytest.mark.parametrize("question, unknown", [
    ("What is speculative decoding?", {"speculative"}),
    ("How does gpt-4o-mini compare to llama-3?", {"gpt-4o-mini", "llama-3"}),
])
def test_names_the_guides_lack_stay_unknown(grader, question, unknown):
    assert grader.resolver.unknown_terms(question) == unknown


def test_a_direct_prompt_injection_question_is_graded_not_refused(grader):
    rubric = grader.rubric(question="What is prompt injection and how do you defend an LLM app against it?")
    assert any("injection" in item.point.lower() for item in rubric.items)
