"""A good story told for another behavioural question earns little (QA: a production-failure story scored
8.0 on 'prompting or fine-tuning' and 7.6 on 'mentoring', every part covered): a story sits closer to its own
question's parts than to any other behavioural question's in the bank."""
from __future__ import annotations

STORY = ("I joined a team that ran a text classifier for customer support tickets. I was responsible for the model "
         "and its evaluation. I sampled a few hundred failing cases and compared them with the test set, and I wrote "
         "a short document with the numbers. I then labelled new data with two colleagues and retrained, checking "
         "every step against a held-out slice of real traffic. In the end the escalation rate dropped by half within "
         "a month and accuracy on live data rose by ten points. The lesson I took is that a test set must look like "
         "production, so since then I always add a fresh sample of live traffic to every evaluation set and I set "
         "up drift monitoring before launch.")


def test_a_story_told_for_another_behavioural_question_earns_little(grader):
    own = grader.grade(STORY, question_id="behav-production-failure")
    assert own.score >= 8 and all(p.status == "covered" for p in own.points)
    for other in ("behav-prompt-vs-finetune", "behav-mentoring"):
        feedback = grader.grade(STORY, question_id=other)
        assert feedback.score < 5, other
        assert sum(p.status == "covered" for p in feedback.points) <= 1, other
