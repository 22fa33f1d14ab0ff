"""`coach grade` on an answer with nothing to grade says why, as chat does, and points at no missed points:
none were graded."""
from __future__ import annotations

from typer.testing import CliRunner

from bot.engine.not_graded import ONLY_EMOJI
from bot.grading.text import CODE_NOTE, NOT_ENGLISH_NOTE

from tests.grading.test_cli_grade import app  # noqa: F401 - the fixture

QUESTION = "tokenization-why-subwords"


def _grade(app, answer: str) -> str:
    result = CliRunner().invoke(app, ["grade", "--question-id", QUESTION, "--answer", answer], terminal_width=400)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_an_answer_not_in_english_is_not_graded_and_has_no_next_step_to_missed_points(app):  # noqa: F811
    text = _grade(app, "No sé")
    assert "Not graded" in text and NOT_ENGLISH_NOTE in text
    assert "missed point" not in text and "Next step" not in text and "Score" not in text, text


def test_emoji_alone_get_the_reason_chat_gives(app):  # noqa: F811
    text = _grade(app, "🎉🎉 :tada:")
    assert "Not graded" in text and ONLY_EMOJI in text and "missed point" not in text, text


def test_code_alone_is_asked_to_be_explained(app):  # noqa: F811
    text = _grade(app, "def rerank(docs): return sorted(docs, key=score)[:10]")
    assert "Not graded" in text and CODE_NOTE in text and "missed point" not in text, text


def test_a_graded_answer_keeps_its_score_and_next_step(app):  # noqa: F811
    text = _grade(app, "Subwords keep the vocabulary small while rare words are still spelled out from pieces.")
    assert "Score" in text and "Next step" in text and "Not graded" not in text, text
