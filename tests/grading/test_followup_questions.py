"""A free-form question that is one of the bank's follow-ups gets that follow-up's curated rubric.

"Why does BLEU need a brevity penalty?" is the first follow-up of bleu-rouge-meteor-explained. It was
graded on guide sentences instead, the best of them on clipping (not the penalty), so an answer that had
the penalty backwards ("punishes outputs that are too long ... BLEU is a recall metric") scored 9.2.
"""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from bot.cli_grade import register

from bot.grading.resolve import UnknownQuestion

QUESTION = "Why does BLEU need a brevity penalty?"
RIGHT = "Because BLEU is precision-based, so a very short output made only of matching words would otherwise score high."
BACKWARDS = ("The brevity penalty punishes outputs that are too long, because longer translations contain more "
             "errors. It's there because BLEU is a recall metric, so long outputs would otherwise match every "
             "reference word.")


def test_a_bank_follow_up_asked_on_its_own_is_graded_on_its_rubric(grader):
    rubric = grader.resolver.resolve(question=QUESTION)
    assert (rubric.source, rubric.question_id) == ("bank", "bleu-rouge-meteor-explained#f0")
    assert [item.id for item in rubric.items] == ["brevity"]
    assert rubric.items[0].citation is not None  # the question's guide section, as for the question itself


def test_the_follow_up_rubric_tells_the_penalty_right_from_backwards(grader):
    right = grader.grade(RIGHT, question=QUESTION)
    backwards = grader.grade(BACKWARDS, question=QUESTION)
    assert right.score >= 7 and right.points[0].status == "covered"
    assert backwards.score < right.score - 1.5


def test_a_follow_up_carries_its_questions_misconceptions(grader):
    feedback = grader.grade("BLEU is a recall metric, so the penalty stops long outputs.",
                            question_id="bleu-rouge-meteor-explained#f0")
    assert [f.claim for f in feedback.misconceptions] == ["BLEU is a recall metric."]
    assert feedback.score == 0


def test_a_follow_up_id_that_does_not_exist_is_a_kind_error(grader):
    with pytest.raises(UnknownQuestion, match="no question with id 'bleu-rouge-meteor-explained#f7'"):
        grader.resolver.bank("bleu-rouge-meteor-explained#f7")
    with pytest.raises(UnknownQuestion):
        grader.resolver.bank("bleu-rouge-meteor-explained#fx")


def test_the_interview_grades_a_follow_up_on_the_same_rubric(grader, pack):
    from bot.service.grading_port import BankGrading

    q = pack.by_id["bleu-rouge-meteor-explained"]
    bank = BankGrading(grader, {})
    assert bank.rubric_for(q, q.followups[0]) is grader.resolver.bank("bleu-rouge-meteor-explained#f0")
    assert bank.rubric_for(q, q.followups[0]).misconceptions  # a myth in a follow-up answer is flagged too


def test_coach_grade_takes_a_follow_up_id(grader):
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app, lambda: SimpleNamespace(grader=grader))
    line = '{"question_id": "bleu-rouge-meteor-explained#f0", "answer": "%s"}' % RIGHT
    result = CliRunner().invoke(app, ["grade", "--batch", "-"], input=line + "\n")
    out = json.loads(result.stdout)
    assert (out["question_id"], out["rubric_source"], out["points"][0]["status"]) == \
        ("bleu-rouge-meteor-explained#f0", "bank", "covered")


# A follow-up is short and names one topic, so short questions sat near one and took its narrow rubric
# (QA: "What is hallucination?" was graded on "Give an example of a hallucination in a summarisation task.",
# a right answer 5.5 -> 1.1; "What is the KV cache?" on a memory formula).
@pytest.mark.parametrize("question", ["What is hallucination?", "What is a tokenizer?", "What is fine-tuning?",
                                      "What is the KV cache?", "What is a system prompt?", "What is chunking?",
                                      "Why does ROUGE need a brevity penalty?", "What is LoRA?"])
def test_a_short_question_near_a_follow_up_does_not_take_its_rubric(grader, question):
    rubric = grader.resolver.resolve(question=question)
    assert "#f" not in (rubric.question_id or "")


def test_every_follow_up_asked_word_for_word_gets_its_own_rubric(grader, pack):
    """"LLM" was spelled out in the asked question only, so follow-ups naming an LLM did not match themselves."""
    asked = [(f"{q.id}#f{n}", f.question) for q in pack.questions for n, f in enumerate(q.followups)
             if "LLM" in f.question]
    assert asked
    assert [(fid, grader.resolver.resolve(question=text).question_id) for fid, text in asked] == \
        [(fid, fid) for fid, _ in asked]


@pytest.mark.parametrize("bad", ["bleu-rouge-meteor-explained#f", "bleu-rouge-meteor-explained#f00",
                                 "bleu-rouge-meteor-explained#f\u0660"])
def test_a_follow_up_id_must_be_written_as_listed(grader, bad):
    with pytest.raises(UnknownQuestion, match="bleu-rouge-meteor-explained#f0"):
        grader.resolver.bank(bad)
