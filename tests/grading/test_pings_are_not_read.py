"""A ping in an answer ("<!here>", "@here", "<@U123>") is said to people, not about the question: the grade is the
grade of the same answer without it, and the quote still shows it as typed (never pinging)."""
from __future__ import annotations

import pytest

from bot.grading.vectors import as_read

# QA: with "<!here>" before it this answer covered the tuning point, which without it it only touches
CHUNKING = ("Chunking is a trade-off between context and focus. If chunks are tiny, say a sentence or two, a retrieved "
            "piece often lacks what it refers to, a definition or the subject of a pronoun, so the model gets "
            "fragments. If chunks are huge, one embedding has to represent")


@pytest.mark.parametrize("typed, read", [
    ("<!here> Chunking is a trade-off.", "Chunking is a trade-off."),
    ("@here chunking, ask <@U123|ada> about vocab", "chunking, ask about vocabulary"),
    ("@\u200bhere overlap helps", "overlap helps"),
    ("Mail ada@example.com about it", "Mail ada@example.com about it"),
])
def test_a_sentence_is_read_without_its_pings(typed, read):
    assert as_read(typed) == read


@pytest.mark.parametrize("ping", ["<!here> ", "@here ", "<@U123> "])
def test_a_ping_before_an_answer_changes_nothing_in_its_grade(grader, ping):
    plain = grader.grade(CHUNKING, "rag-chunking-strategy")
    pinged = grader.grade(ping + CHUNKING, "rag-chunking-strategy")
    assert [p.status for p in pinged.points] == [p.status for p in plain.points]
    assert pinged.score == plain.score
