"""The end-of-interview summary: scores per question and topic, strengths, gaps, what to read."""
from __future__ import annotations

from collections import Counter, defaultdict

from bot.engine import replies as r
from bot.engine.session import Session
from bot.pack.models import Question, Section


def build_summary(session: Session, questions: dict[str, Question], sections: dict[str, Section],
                  private: bool = False) -> r.SummaryReply:
    rows, by_topic = [], defaultdict(list)
    covered, missed = Counter(), Counter()
    study: list[r.Citation] = []
    for number, result in enumerate(session.results, start=1):
        q = questions.get(result.question_id)
        rows.append(r.QuestionScore(number, result.question_id, q.question if q else result.question_id,
                                    result.topic, result.score, tuple(result.followups)))
        by_topic[result.topic].append(result.score or 0.0)
        covered.update(result.covered)
        missed.update(result.missed)
        weak = result.score is None or result.score < 7.0
        if q and weak:
            for source in q.sources[:1]:
                section = sections.get(source)
                if section and all(c.section_id != source for c in study):
                    study.append(r.Citation(section_id=source, title=section.title, file=section.guide))
    topics = tuple(sorted(((t, round(sum(s) / len(s), 1)) for t, s in by_topic.items()), key=lambda x: x[1]))
    scored = [x.score for x in session.results if x.score is not None]
    overall = round(sum(scored) / len(session.results), 1) if scored else None
    return r.SummaryReply(track=session.track, level=session.level, questions=tuple(rows), topics=topics,
                          overall=overall, strongest=tuple(p for p, _ in covered.most_common(3)),
                          weakest=tuple(p for p, _ in missed.most_common(3)), study_next=tuple(study[:4]),
                          private=private)
