"""`coach grade` through typer's CliRunner, on the real grader."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from bot.cli_grade import register


@pytest.fixture(scope="module")
def app(grader):
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        pass

    register(app, lambda: SimpleNamespace(grader=grader))
    return app


def test_single_answer_prints_feedback(app, pack):
    q = pack.by_id["roles-nlp-llm-ai-compared"]
    result = CliRunner().invoke(app, ["grade", "--question-id", q.id, "--answer", q.model_answer])
    assert result.exit_code == 0, result.output
    assert "Score" in result.output and "Next step" in result.output


def test_a_reference_points_hint_does_not_repeat_the_point(app):
    """QA: the table printed "Cover this point from the reference: <the point>" beside the point itself."""
    point = "Every prompt change goes behind a feature flag"
    result = CliRunner().invoke(app, ["grade", "--question", "How do we roll out a new prompt version?",
                                      "--reference", f"{point}. Then we run the golden set before any traffic.",
                                      "--answer", "We just ship it on Friday."], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert point in result.output and "Cover this point from the reference" not in result.output, result.output


def test_the_next_step_does_not_repeat_the_misconceptions_correction(app):
    """QA: the ⚠ correction printed again as "Next step: Revisit one idea: <the correction>"."""
    result = CliRunner().invoke(app, ["grade", "--question-id", "bleu-rouge-meteor-explained", "--answer",
                                      "BLEU is a recall metric."], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert "Misconception" in result.output and "Revisit one idea" not in result.output, result.output
    assert "Put the ⚠ correction above in your own words" in " ".join(result.output.split()), result.output


def test_unknown_id_is_a_kind_error(app):
    result = CliRunner().invoke(app, ["grade", "--question-id", "nope", "--answer", "x"])
    assert result.exit_code == 1 and "no question with id" in result.output


def test_a_mistyped_id_gets_the_close_ones_and_where_to_list_them(app):
    result = CliRunner().invoke(app, ["grade", "--question-id", "bm25-why-still-use", "--answer", "x"])
    assert result.exit_code == 1 and "Did you mean 'bm25-why-still-used'" in result.output
    assert "`coach questions` lists them" in result.output


def test_batch_jsonl_in_order_with_errors_per_line(app, pack):
    q = pack.by_id["roles-nlp-llm-ai-compared"]
    lines = [
        json.dumps({"question_id": q.id, "question": q.question, "answer": q.model_answer}),
        "{not json",
        json.dumps({"question": "What is a stack?", "reference": "A last-in first-out structure.",
                    "answer": "Last in, first out: you push and pop at the top."}),
        json.dumps({"answer": "no question"}),
        json.dumps({"question_id": "nope", "answer": "x"}),
        json.dumps(["a list"]),
        json.dumps({"question": "How do BM25 and dense retrieval differ?", "answer": "I don't know"}),
    ]
    result = CliRunner().invoke(app, ["grade", "--batch", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["question_id"] == q.id and out[0]["rubric_source"] == "bank" and out[0]["score"] >= 8
    assert set(out[0]) == {"score", "question_id", "rubric_source", "points", "grader", "notes"}
    assert all(set(p) == {"point", "status", "evidence"} for p in out[0]["points"])
    assert [("error" in o) for o in out] == [False, True, False, True, True, True, False]
    assert out[2]["rubric_source"] == "reference" and out[2]["question_id"] is None
    assert out[6]["score"] == 0 and out[6]["grader"] == "offline"


def test_a_question_the_guides_do_not_cover_says_how_to_give_a_reference(app):
    result = CliRunner().invoke(app, ["grade", "--question", "What is the capital of France?", "--answer", "Paris."])
    assert result.exit_code == 1 and "--reference" in result.output
    line = json.dumps({"question": "What is the capital of France?", "answer": "Paris."})
    result = CliRunner().invoke(app, ["grade", "--batch", "-"], input=line + "\n")
    error = json.loads(result.output)
    assert set(error) == {"error", "line"} and '"reference" field' in error["error"]


def _batch(app, tmp_path, data: bytes, *extra: str):
    path = tmp_path / "answers.jsonl"
    path.write_bytes(data)
    return CliRunner().invoke(app, ["grade", "--batch", str(path), *extra])


def _line(answer: str, qid: str = "roles-nlp-llm-ai-compared") -> bytes:
    return json.dumps({"question_id": qid, "answer": answer}, ensure_ascii=False).encode("utf-8")


def test_batch_splits_on_newlines_only(app, tmp_path):
    answer = "An LLM engineer owns serving.\u2028An NLP engineer owns evaluation.\x85Both use metrics."
    result = _batch(app, tmp_path, _line(answer) + b"\r\n" + _line("second") + b"\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 2 and all("score" in o for o in out), result.stdout


def test_one_bad_line_costs_only_that_line(app, tmp_path):
    nested = b"[" * 100_000 + b"]" * 100_000
    not_utf8 = _line("BM25 uses tf").replace(b"tf", b"t\xff")
    data = _line("An LLM engineer owns serving.") + b"\n" + nested + b"\n" + not_utf8 + b"\n" + _line("more") + b"\n"
    result = _batch(app, tmp_path, data)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("line") for o in out] == [None, 2, 3, None]
    assert "score" in out[0] and "score" in out[3]
    assert "nests too deeply" in out[1]["error"] and "not UTF-8" in out[2]["error"]


def test_a_byte_order_mark_is_not_part_of_line_one(app, tmp_path):
    result = _batch(app, tmp_path, b"\xef\xbb\xbf" + _line("An LLM engineer owns serving.") + b"\n")
    assert "score" in json.loads(result.stdout)
    result = CliRunner().invoke(app, ["grade", "--batch", "-"], input=b"\xef\xbb\xbf" + _line("x") + b"\n")
    assert "score" in json.loads(result.stdout)


def test_messages_go_to_stderr_and_batch_refuses_other_answers(app, tmp_path):
    result = CliRunner().invoke(app, ["grade", "--question-id", "nope", "--answer", "x"])
    assert result.stdout == "" and "no question with id" in result.stderr
    result = CliRunner().invoke(app, ["grade", "--batch", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2 and result.stdout == "" and "Cannot read" in result.stderr
    result = CliRunner().invoke(app, ["grade", "--answer", "x"])
    assert result.exit_code == 2 and result.stdout == "" and "Give --answer" in result.stderr
    result = _batch(app, tmp_path, _line("x") + b"\n", "--answer", "y", "--question-id", "roles-nlp-llm-ai-compared")
    assert result.exit_code == 2 and result.stdout == "" and "--batch" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_batch_lines_carry_the_feedbacks_notes(app, pack, settings):
    from bot.grading.scoring import OFF_TOPIC_NOTE
    from bot.grading.text import NOT_ENGLISH_NOTE

    q = pack.by_id["bm25-why-still-used"]
    long_answer = " ".join([q.model_answer] * 40)
    lines = [{"question_id": q.id, "answer": q.model_answer},
             {"question_id": q.id, "answer": long_answer},
             {"question_id": q.id, "answer": "Ich weiß es leider nicht, tut mir leid, das habe ich nie gelernt."},
             {"question_id": q.id, "answer": "I enjoy cooking pasta with fresh tomatoes and basil on weekends."},
             {"question_id": q.id, "answer": "Dense retrieval has made BM25 obsolete: nobody uses keyword search "
                                             "anymore now that we have embeddings."}]
    result = CliRunner().invoke(app, ["grade", "--batch", "-"], input="\n".join(map(json.dumps, lines)) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(isinstance(o["notes"], list) and all(isinstance(n, str) for n in o["notes"]) for o in out)
    assert out[0]["notes"] == []
    assert any(f"the first {settings.max_answer_words}" in n for n in out[1]["notes"]), out[1]["notes"]
    assert NOT_ENGLISH_NOTE in out[2]["notes"] and OFF_TOPIC_NOTE in out[3]["notes"]
    myth = q.misconceptions[1]
    assert f"Misconception: {myth.claim} Actually: {myth.correction}" in out[4]["notes"], out[4]["notes"]
