"""`coach grade` on an answer that makes every point: its next step names one thing the answer lacks (a
trade-off, an example, when not to use it), never what it just did, as chat's does; no "Try a follow-up
question", which a single graded answer has none of."""
from __future__ import annotations

from typer.testing import CliRunner

from tests.grading.test_cli_grade import app  # noqa: F401 - the fixture


def _next_step(app, pack, question_id: str) -> str:
    result = CliRunner().invoke(app, ["grade", "--question-id", question_id, "--answer",
                                      pack.by_id[question_id].model_answer], terminal_width=400)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    return flat[flat.index("Next step"):]


def test_an_answer_with_a_trade_off_and_an_example_is_asked_when_not_to_use_it(app, pack):  # noqa: F811
    step = _next_step(app, pack, "hallucination-basics")  # its model answer: a trade-off and an example
    assert "say when you would not use it" in step, step
    assert "example" not in step and "trade-off" not in step and "follow-up" not in step, step


def test_an_answer_with_an_example_is_not_asked_for_one(app, pack):  # noqa: F811
    step = _next_step(app, pack, "levels-neural-network-parts")
    assert "You covered every point. To go further, name a trade-off" in step, step
    assert "example" not in step, step
