"""The LLM judge reads what the offline grader reads: a story over the word cap keeps its closing sentences."""
from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.grading.grader import GradeRequest, build_grader
from bot.grading.llm import build_judge

LESSON = "The lesson I took away is to agree the rollback plan before any launch."


class Recording(FakeListChatModel):
    prompts: list = []

    def _call(self, messages, *args, **kwargs):
        self.prompts.append(" ".join(str(m.content) for m in messages))
        return super()._call(messages, *args, **kwargs)


def test_a_story_over_the_cap_reaches_the_judge_with_its_result_and_lesson(settings, pack, embedder):
    grader = build_grader(settings, pack=pack, embedder=embedder)
    model = Recording(responses=["{}"] * 4)
    grader.judge = build_judge(settings, model)
    filler = ("Last spring our ranking service started timing out during the evening peak and I was asked to "
              "find out why before the sales event. ") * 30  # about 36 words a time: past the 400-word cap
    story = filler + "In the end the timeouts stopped and p95 latency fell by half. " + LESSON
    grader.grade(story, "behav-production-failure")
    assert model.prompts and LESSON in model.prompts[-1], "the judge saw only the first 400 words"
    grader.grade_many([GradeRequest(answer=story, question_id="behav-production-failure")])
    assert LESSON in model.prompts[-1]
