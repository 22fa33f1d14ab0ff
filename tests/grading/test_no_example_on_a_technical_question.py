"""'I don't have an example' answers a behavioural question with no story yet, and gets the kind way out
promised for stories; on a technical question it is 'I don't know', and gets that reply."""
from __future__ import annotations

from bot.grading.text import NO_STORY_NOTE, NOT_KNOWING_NOTE, prepare


def test_a_technical_question_reads_having_no_example_as_not_knowing():
    prepared = prepare("I don't have an example")
    assert NO_STORY_NOTE in prepared.notes  # what a story question makes of it
    technical = prepared.as_technical()
    assert NOT_KNOWING_NOTE in technical.notes and NO_STORY_NOTE not in technical.notes and technical.non_answer


def test_an_answer_with_no_story_note_is_unchanged_on_a_technical_question():
    prepared = prepare("Subwords keep the vocabulary small and still spell out rare words from pieces.")
    assert prepared.as_technical() == prepared


def test_the_grader_gives_each_kind_of_question_its_own_reply(grader, pack):
    technical = next(q for q in pack.questions if q.kind == "technical" and q.topic == "tokenization")
    story = next(q for q in pack.questions if q.kind == "behavioral")
    on_technical = grader.grade("I don't have an example", question_id=technical.id)
    on_story = grader.grade("I don't have an example", question_id=story.id)
    assert NOT_KNOWING_NOTE in on_technical.notes and NO_STORY_NOTE not in on_technical.notes
    assert NO_STORY_NOTE in on_story.notes
    assert on_technical.score == 0 and on_story.score == 0
