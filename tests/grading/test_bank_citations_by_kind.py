"""A bank point cites a source section of its own kind: how a story is told cites the STAR guide, a
technical point a technical section (QA: "Sets the scene briefly..." cited text classification design, and
a follow-up on verifying claims cheaply cited a story about pushing back on a launch)."""
from __future__ import annotations


def _citation(grader, question_id: str, item_id: str) -> str:
    rubric = grader.rubric(question_id=question_id)
    return next(i.citation.section_id for i in rubric.items if i.id == item_id)


def test_how_a_story_is_told_cites_the_star_guide(grader):
    for part in ("situation", "task", "reflection"):
        assert _citation(grader, "behav-labelling-quality", part) == "star-method"


def test_a_story_s_technical_steps_may_cite_the_technical_section(grader):
    assert _citation(grader, "behav-labelling-quality#f1", "scalable-cleaning") == "classification-design"


def test_a_technical_follow_up_cites_a_technical_section(grader):
    section = _citation(grader, "hallucination-mitigation-strategy#f1", "verify-cheaply")
    assert grader.resolver.sections[section].topic != "behavioral"
