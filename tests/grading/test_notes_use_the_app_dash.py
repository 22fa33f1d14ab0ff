"""The grader's notes use the app's dash, "—", not " - " (the rest of the app writes "—")."""
from __future__ import annotations

from bot.engine import not_graded
from bot.grading import text
from bot.service import daily_commands


def test_no_note_uses_a_hyphen_as_a_dash():
    dashed = [text.NOT_ENGLISH_NOTE, text.NO_ANSWER_NOTE, text.NOT_KNOWING_NOTE, not_graded.ONLY_INSTRUCTIONS,
              daily_commands._OPEN_DAILY_NOTES[text.NOT_KNOWING_NOTE]]
    for note in dashed:
        assert " - " not in note and " — " in note, note
