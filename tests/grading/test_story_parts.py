"""A behavioural story's parts (situation, task, action, result, reflection) found in the story itself.

The stories are told about projects unlike the bank's wordings, so the embedding match alone
finds little in them (bench/grader_stories.py)."""
from __future__ import annotations

import numpy as np

from bot.grading import story
from bot.grading.scoring import STORY_DONE_STEP

QID = "behav-deadline-prioritisation"
SCENE = ("Last spring I was the lead on a document classification model for our claims team, and two weeks "
         "before the quarter-end launch we realised we could not finish the active learning loop, the new "
         "labelling UI and the calibration work.")
ROLE = "I was responsible for deciding what would ship."
ACTIONS = ("I wrote down each remaining item with how much it mattered to the claims handlers and what could "
           "go wrong if we dropped it. Calibration and the monitoring dashboard stayed, because without them we "
           "would not know if the model was misrouting claims. I moved the active learning loop to the next "
           "quarter and kept the old labelling tool. I took a one-page summary of the trade-offs to the product "
           "manager and the claims lead, and they signed off the same day.")
RESULT = ("We launched on time, accuracy matched our offline numbers, and the active learning loop shipped six "
          "weeks later.")
LESSON = ("Since then I add a buffer for evaluation to every estimate and I flag scope risks at the first "
          "planning meeting.")


def _statuses(feedback):
    return {v.point_id: v.status for v in feedback.points}


def test_a_complete_story_about_another_project_has_every_part_quoted_from_its_own_sentence(grader):
    fb = grader.grade(" ".join([SCENE, ROLE, ACTIONS, RESULT, LESSON]), question_id=QID)
    evidence = {v.point_id: v.evidence for v in fb.points}
    assert _statuses(fb) == dict.fromkeys(["situation", "task", "action", "result", "reflection"], "covered")
    assert evidence["situation"].startswith("Last spring")  # was the result sentence
    assert evidence["task"] == ROLE  # was the reflection
    assert evidence["result"].startswith("We launched on time")  # was the task
    assert evidence["reflection"].startswith("Since then")
    assert fb.score >= 7.0  # 5.5 when only the embeddings looked


def test_a_story_that_stops_after_its_actions_misses_the_result_and_the_lesson(grader):
    fb = grader.grade(" ".join([SCENE, ROLE, ACTIONS]), question_id=QID)
    statuses = _statuses(fb)
    assert statuses["result"] != "covered" and statuses["reflection"] != "covered"
    assert statuses["situation"] == statuses["task"] == "covered"


def test_vague_actions_do_not_count_as_the_actions_made(grader):
    fb = grader.grade(" ".join([SCENE, ROLE, "I went away and sorted it out.", RESULT, LESSON]), question_id=QID)
    assert _statuses(fb)["action"] != "covered"


def test_an_explanation_with_an_i_in_it_is_not_read_as_a_story(grader):
    """Advice in the first person names no task, action, result or lesson: nothing is raised."""
    plan = ("I would begin with requirements: how many categories, how many labelled tickets and the latency "
            "target. Then the data: class balance and how reliable past routing labels are. For the model, I "
            "fine-tune a pretrained encoder if the categories are stable. Evaluation uses per-class F1 and a "
            "confusion matrix, plus calibration for the auto-routing threshold.")
    fb = grader.grade(plan, question_id=QID)
    assert "covered" not in _statuses(fb).values()
    assert fb.score < 2.0


def test_parts_follow_star_order_and_a_story_told_from_its_result_keeps_its_scene():
    sentences = ["We hit the regulator's date by launching half the planned features.",
                 "A bank needed automated complaint classification before a regulatory reporting deadline.",
                 "I was the ML lead, and the product director asked me to recommend the scope.",
                 "I ranked every item by whether regulation required it and how much it affected customers.",
                 "I wrote a one-page note of the trade-offs for the director, and we agreed it in one session.",
                 "The classifier launched on the date at 91 percent accuracy.",
                 "Since then I split estimates into model, evaluation and integration work."]
    found = story.parts(sentences, np.zeros((len(sentences), len(story.ROLES))))
    assert [(p.role, p.sentence) for p in found] == [
        ("situation", 1), ("task", 2), ("action", 3), ("result", 5), ("reflection", 6)]
    assert next(p for p in found if p.role == "action").told_in == 2


def test_a_summary_of_three_sentences_is_not_a_story():
    sentences = ["I was responsible for the launch.", "I cut two features.", "It shipped on time."]
    assert story.parts(sentences, np.zeros((3, len(story.ROLES)))) == []


def test_a_story_told_in_the_present_has_its_parts():
    sentences = ["So it's my second month on the marketplace team and I'm training a product-category model.",
                 "I own the training and the offline numbers, and something bothers me about the labels.",
                 "So I take 300 listings at random and label them myself, and I disagree with the vendor often.",
                 "I bring a spreadsheet of the disputed listings to my manager and we write a clearer guide.",
                 "After a relabel, accuracy goes from 84 to 90 percent.",
                 "What I do now is check a sample of labels with my own eyes before I train anything."]
    found = story.parts(sentences, np.zeros((len(sentences), len(story.ROLES))))
    assert [p.role for p in found] == list(story.ROLES)


def test_a_complete_story_gets_a_next_step_for_a_story(grader):
    """Not the technical 'add a trade-off ... or when you would not use it'."""
    fb = grader.grade(" ".join([SCENE, ROLE, ACTIONS, RESULT, LESSON]), question_id=QID)
    assert fb.next_step == STORY_DONE_STEP


def test_labelled_parts_count_whatever_else_the_sentence_says():
    sentences = ["Situation: at my bootcamp capstone I built a classifier for support tickets.",
                 "Task: I was asked to get macro F1 above 0.8 before the demo day.",
                 "Action: I relabelled 200 tickets and retrained with class weights.",
                 "Result: macro F1 went from 0.71 to 0.83.",
                 "What I learned: check the labels before tuning the model."]
    found = story.parts(sentences, np.zeros((len(sentences), len(story.ROLES))))
    assert [(p.role, p.sentence) for p in found] == [(r, j) for j, r in enumerate(story.ROLES)]


def test_habits_in_the_present_are_no_story():
    sentences = ["I always communicate clearly with my stakeholders.", "I make a list of tasks and I prioritise.",
                 "My role is to keep everyone aligned.", "I believe communication is the key to success.",
                 "I try to learn from every project."]
    assert story.parts(sentences, np.zeros((len(sentences), len(story.ROLES)))) == []


def test_a_follow_up_that_asks_for_the_missing_part_credits_a_short_reply_that_tells_it(grader, pack):
    from bot.service.grading_port import BankGrading

    question = pack.by_id["behav-mentoring"]
    task = next(p for p in question.rubric if p.id == "task")
    fb = BankGrading(grader, pack.sections).grade(
        question, "The goal we agreed with my manager was that within three months Ravi could retrain and "
                  "evaluate the address model alone, without me.", point=task)
    assert fb.points[0].status == "covered"  # was missed, 0.0
    assert fb.next_step == "Strong answer: it covers what was asked."  # not "Your story covers every part"


def test_no_time_like_that_gets_the_kind_way_out(grader):
    from bot.grading.text import NO_STORY_NOTE

    fb = grader.grade("Honestly I can't think of a time like that, I never had a hard deadline.", question_id=QID)
    assert NO_STORY_NOTE in fb.notes
