"""The engine's view of the grader: bank questions, their follow-ups and probes."""
from __future__ import annotations

from bot.grading.feedback import Citation, Feedback
from bot.grading.rubric import Rubric, RubricItem, followup_id
from bot.pack.models import Followup, Question, RubricPoint, Section


class BankGrading:
    def __init__(self, grader, sections: dict[str, Section]):
        self.grader = grader
        self.sections = sections
        self._rubrics: dict[str, Rubric] = {}

    def _citation(self, q: Question) -> Citation | None:
        for source in q.sources:
            if source in self.sections:
                return Citation(source, self.sections[source].title)
        return None

    def _items(self, q: Question, points: list[RubricPoint]) -> tuple[RubricItem, ...]:
        """A probe's points cite the section each was cited with in the question's own feedback (the
        resolver picks the closest of the question's sources per point); the first source only for a
        point the question's rubric does not hold."""
        cited = {i.id: i.citation for i in self.rubric_for(q).items}
        fallback = self._citation(q)
        return tuple(RubricItem(id=p.id, point=p.point, weight=p.weight, phrasings=tuple(p.phrasings),
                                hint=p.means, citation=cited.get(p.id) or fallback) for p in points)

    def rubric_for(self, q: Question, followup: Followup | None = None, point: RubricPoint | None = None) -> Rubric:
        if point is None:  # the question's or a follow-up's rubric, as `coach grade --question-id` has it
            return self.grader.resolver.bank(q.id if followup is None else followup_id(q, q.followups.index(followup)))
        key = f"{q.id}#p-{point.id}"
        if key not in self._rubrics:
            self._rubrics[key] = Rubric(source="bank", question=q.question, items=self._items(q, [point]),
                                        question_id=key, kind=q.kind.value)
        return self._rubrics[key]

    def warm(self, questions: list[Question], stop=None) -> int:
        """Encode every bank rubric ahead of time: a first grade otherwise pays ~1 s to encode its rubric.

        `stop` (a threading.Event) ends the warm-up early, e.g. when the bot shuts down."""
        count = 0
        for q in questions:
            for followup in (None, *q.followups):
                if stop is not None and stop.is_set():
                    return count
                self.grader.offline.vectors(self.rubric_for(q, followup))
                count += 1
        self.grader.resolver.warm()  # for a team's own daily questions, matched against the bank
        return count

    def grade(self, question: Question, answer: str, *, followup: Followup | None = None,
              point: RubricPoint | None = None) -> Feedback:
        return self.grader.grade_rubric(self.rubric_for(question, followup, point), answer)
