"""How a behavioural answer tells its story: as no story at all, or only as what the team did.

An interviewer who asked for one specific time hears "I am a team player and always communicate
clearly" as no answer yet, and a story told all in "we" as a question still open: "What did you
personally do?"."""
from __future__ import annotations

import pytest

from bot.grading.story import NOT_A_STORY_NOTE, WE_STORY_NOTE

QID = "behav-deadline-prioritisation"
I_STORY = ("Last spring I was the lead on a document classification model for our claims team, and two weeks "
           "before the quarter-end launch we realised we could not finish the active learning loop, the new "
           "labelling UI and the calibration work. I was responsible for deciding what would ship. I wrote down "
           "each remaining item with how much it mattered to the claims handlers and what could go wrong if we "
           "dropped it. Calibration and the monitoring dashboard stayed, because without them we would not know "
           "if the model was misrouting claims. I moved the active learning loop to the next quarter and kept the "
           "old labelling tool. I took a one-page summary of the trade-offs to the product manager and the claims "
           "lead, and they signed off the same day. We launched on time, accuracy matched our offline numbers, "
           "and the active learning loop shipped six weeks later. Since then I add a buffer for evaluation to "
           "every estimate and I flag scope risks at the first planning meeting.")
WE_STORY = ("Last spring our team was building a document classification model for the claims department, and two "
            "weeks before the quarter-end launch we realised we could not finish the active learning loop, the new "
            "labelling UI and the calibration work. We were responsible for deciding what would ship. We wrote "
            "down each remaining item with how much it mattered to the claims handlers and what could go wrong if "
            "we dropped it. We kept calibration and the monitoring dashboard, because without them we would not "
            "know if the model was misrouting claims. We moved the active learning loop to the next quarter and "
            "kept the old labelling tool. We took a one-page summary of the trade-offs to the product manager and "
            "the claims lead, and they signed off the same day. We launched on time, accuracy matched our offline "
            "numbers, and the active learning loop shipped six weeks later. Since then I add a buffer for "
            "evaluation to every estimate and I flag scope risks at the first planning meeting.")

GENERAL = [
    (QID, "I am a team player and I always communicate clearly with stakeholders. I believe in prioritising what "
          "matters most and being transparent about trade-offs. When deadlines are tight I focus on the "
          "highest-impact work and keep everyone informed. I think clear communication is the key to delivering "
          "on time."),  # 4.1 of 10 before
    ("behav-disagree-researcher", "I believe disagreements are healthy. I always listen to the other side and try to "
                                  "find common ground. Data should decide, not opinions, so I like to propose an "
                                  "experiment. In the end the team matters more than being right."),  # 3.8
    ("behav-mentoring", "Mentoring is important to me. I like to pair with juniors, give them ownership, and check "
                        "in regularly. I believe people learn best by doing, with support when they get stuck."),  # 3.8
]


@pytest.mark.parametrize("qid, answer", GENERAL)
def test_how_i_work_in_general_is_no_story_and_says_what_the_question_asks_for(grader, qid, answer):
    fb = grader.grade(answer, question_id=qid)
    assert fb.score <= 2.5
    assert NOT_A_STORY_NOTE in fb.notes
    assert "one specific time" in NOT_A_STORY_NOTE


@pytest.mark.parametrize("answer", [
    "Last year I cut two features to hit a launch date, and we shipped on time.",  # a story, if a short one
    "I would first list what is left with what each item is worth to users. Then I would take the trade-offs to "
    "the product manager and agree the cut in one meeting, and I would say early which date is at risk.",  # a plan
])
def test_a_short_story_or_a_plan_for_the_situation_is_not_told_it_is_no_story(grader, answer):
    assert NOT_A_STORY_NOTE not in grader.grade(answer, question_id=QID).notes


def test_a_story_told_only_as_we_leaves_the_actions_partly_made_and_says_so(grader):
    mine, ours = grader.grade(I_STORY, question_id=QID), grader.grade(WE_STORY, question_id=QID)
    action = {v.point_id: v for v in ours.points}["action"]
    assert action.status == "partial" and action.credit < 0.75
    assert WE_STORY_NOTE in ours.notes and WE_STORY_NOTE not in mine.notes
    assert ours.score < mine.score - 1


def test_a_we_story_earns_no_responsibility_of_the_speakers_own(grader):
    """QA: a story with no "I" at all got 'Explains their responsibility' covered beside the note that it
    never says what the speaker did."""
    told = ("We shipped an intent classifier for our support chatbot that scored 93 percent on the held-out set. "
            "Two weeks after launch we saw escalations climb by about forty percent. We sampled failing chats and "
            "we found users typed short messy fragments while our test data came from clean emails. We labelled "
            "two thousand chat messages and we retrained the model, and we reached 90 percent on live data. We "
            "learned to include production traffic in every eval set and we now monitor input drift.")
    fb = grader.grade(told, question_id="behav-production-failure")
    assert WE_STORY_NOTE in fb.notes
    assert {v.point_id: v.status for v in fb.points}["task"] != "covered"


def test_we_around_the_speakers_own_steps_is_fine(grader):
    """"We" for the team, "I" for what the speaker did: the heldout set's 'complete-we' stories."""
    story = WE_STORY.replace("We wrote down", "I wrote down").replace("We took a one-page", "I took a one-page")
    fb = grader.grade(story, question_id=QID)
    assert WE_STORY_NOTE not in fb.notes
    assert {v.point_id: v.status for v in fb.points}["action"] == "covered"


def test_a_story_over_the_word_cap_is_still_graded_on_its_result_and_lesson(grader):
    """Stories put the result and the lesson last, where a cut at the first N words lost them."""
    opening, result, lesson = I_STORY.split(". We launched")[0] + ".", "We launched" + I_STORY.split(
        ". We launched")[1].split(" Since then")[0], "Since then" + I_STORY.split(" Since then")[1]
    detour = (" The claims handlers had many opinions about the labelling tool, and the product manager was juggling "
              "requests from three other teams, which made the planning meetings long and sometimes repetitive.")
    told = opening + detour * 9 + " " + result + " " + lesson
    assert len(told.split()) > grader.max_words + len(lesson.split()) + 5  # the result starts past the cut
    fb = grader.grade(told, question_id=QID)
    statuses = {v.point_id: v.status for v in fb.points}
    assert statuses["result"] == statuses["reflection"] == "covered"
    assert {v.point_id: v.evidence for v in fb.points}["reflection"].startswith("Since then")
    assert any(f"first {grader.max_words} and your last 2 sentences" in n for n in fb.notes)


def test_a_technical_answer_over_the_cap_is_still_graded_on_its_opening_only(grader, pack):
    from bot.grading.text import long_answer_note

    long = (pack.by_id["roles-nlp-llm-ai-compared"].model_answer + " ") * 8
    fb = grader.grade(long, question_id="roles-nlp-llm-ai-compared")
    # up to its last whole sentence within the cap (test_long_answer_cut.py), when the cut fell in one
    assert {long_answer_note(len(long.split()), grader.max_words),
            long_answer_note(len(long.split()), grader.max_words, whole_sentences=True)} & set(fb.notes)
    assert not any("and your last" in n for n in fb.notes), "no story's closing sentences"


def test_a_disagreement_won_rather_than_resolved_keeps_its_actions_and_lesson_partly_made(grader):
    from bot.grading.story import DISMISSIVE_NOTE

    told = ("Last year a research scientist on my team wanted to put her new transformer reranker into production "
            "instead of my gradient-boosted model. I was responsible for the ranking service, so it was my call. I "
            "told her in the planning meeting that her model was too slow and that research code never survives "
            "production. She kept pushing, so I ran my own benchmark on our test set and sent the numbers to the "
            "whole team and our manager. My model was faster and only slightly worse, and in the end they had to "
            "admit I was right and we kept my model. I learned that data wins arguments, so now I always bring "
            "numbers to prove my point.")
    fb = grader.grade(told, question_id="behav-disagree-researcher")  # 8.0 of 10, every part covered, before
    statuses = {v.point_id: v.status for v in fb.points}
    assert statuses["action"] != "covered" and statuses["reflection"] != "covered"
    assert DISMISSIVE_NOTE in fb.notes and fb.score < 7
    won = [v for v in fb.points if v.evidence and "admit I was right" in v.evidence]
    assert all(v.status != "covered" for v in won), "the winning itself is no outcome to credit (QA)"


def test_a_one_sentence_plan_after_no_story_is_not_told_it_is_no_story(grader):
    """The no-story note invites saying how you would handle it; a one-sentence plan then got 'this answer
    says how you work in general' (QA). 'I would say I am a team player' is still no plan."""
    plan = grader.grade("I haven't shipped a model yet, but I would compare test and live inputs and add "
                        "monitoring.", "behav-production-failure")
    assert NOT_A_STORY_NOTE not in plan.notes
    portrait = grader.grade("I would say I am a team player. I always communicate clearly with stakeholders and "
                            "I believe in prioritising what matters most.", QID)
    assert NOT_A_STORY_NOTE in portrait.notes


def test_the_sentence_a_long_story_is_cut_in_is_read_whole(grader):
    """QA: the cut fell in the fourth sentence from the end, which the closing sentences did not reach, so
    its opening alone was graded and quoted ("... and I wrote a")."""
    from bot.grading.offline import graded_text
    from bot.grading.text import prepare

    cut_in = ("I sampled a few hundred failing cases and compared them with the test set, and I wrote a short "
              "document with the numbers for the team.")
    ending = ("I then labelled new data with two colleagues and retrained the model. In the end the escalation rate "
              "dropped by half within a month. Since then I always add live traffic to every evaluation set.")
    filler = "The old pipeline had been built years before by people who had since left the company. " * 24
    opening = " ".join(filler.split()[:390])  # 26 whole sentences: the cut falls ten words into `cut_in`
    prepared = graded_text(prepare(f"{opening} {cut_in} {ending}", grader.max_words), grader.rubric(QID))
    assert cut_in in prepared.units and not any(u.endswith("I wrote a") for u in prepared.units)
