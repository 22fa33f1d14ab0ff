"""The end-of-interview summary: scores per question and topic, strengths, gaps, what to read."""
from __future__ import annotations

from collections import Counter, defaultdict

from bot.engine import replies as r
from bot.engine.session import Result, Session
from bot.engine.start_args import TOPICS, TRACK_WORDS, topic_name
from bot.pack.models import Question, Section


def build_summary(session: Session, questions: dict[str, Question], sections: dict[str, Section],
                  private: bool = False) -> r.SummaryReply:
    rows, by_topic = [], defaultdict(list)
    strong, cost = Counter(), Counter()
    to_read: list[tuple[int, float, str]] = []  # (missed 0 / partial 1, -weight, section), in rubric order
    for number, result in enumerate(session.results, start=1):
        q = questions.get(result.question_id)
        topic = topic_name(result.topic)
        corrections = {m.claim: m.correction for m in q.misconceptions} if q else {}
        rows.append(r.QuestionScore(number, result.question_id, q.question if q else result.question_id,
                                    topic, result.score, tuple(result.followups), hints=result.hints,
                                    followups_skipped=result.followups_skipped,
                                    misconceptions=tuple(result.misconceptions),
                                    corrections=tuple(corrections.get(c, "") for c in result.misconceptions)))
        by_topic[topic].append(result.score or 0.0)
        strong.update(_strength_weights(result, q))
        cost.update(_gap_costs(result, q))
        to_read.extend(_gaps_to_read(result, q))
    study: list[r.Citation] = []
    for _, _, source in sorted(to_read, key=lambda x: x[:2]):  # stable: ties keep question and rubric order
        section = sections.get(source)
        if section and all(c.section_id != source for c in study):
            study.append(r.Citation(section_id=source, title=section.title, file=section.guide))
    topics = tuple(sorted(((t, round(sum(s) / len(s), 1)) for t, s in by_topic.items()), key=lambda x: x[1]))
    # a question skipped before any answer counts 0, as in the per-topic scores: all skipped is 0.0, not none
    scores = [x.score or 0.0 for x in session.results]
    overall = round(sum(scores) / len(scores), 1) if scores else None
    # a point missed anywhere is a gap, not a strength: it is never listed under both
    strongest = tuple(p for p, _ in strong.most_common() if p not in cost)[:3]
    return r.SummaryReply(track=session.track, level=session.level, questions=tuple(rows), topics=topics,
                          overall=overall, strongest=strongest, weakest=tuple(p for p, _ in cost.most_common(3)),
                          study_next=tuple(study[:4]), practice_topic=_weakest_topic(topics), private=private)


def _weakest_topic(topics: tuple[tuple[str, float], ...]) -> str:
    """The lowest-scoring topic below 7 that `start` takes, by its name (topics come weakest first, named)."""
    return next((name for name, score in topics if score < 7.0 and (name in TOPICS or name in TRACK_WORDS)), "")


def _weights(q: Question | None) -> dict[str, float]:
    weights = {p.point: p.weight for p in q.rubric} if q else {}
    if q:
        weights.update({p.point: p.weight for f in q.followups for p in f.rubric if p.point not in weights})
    return weights


def _gaps_to_read(result: Result, q: Question | None) -> list[tuple[int, float, str]]:
    """The section each missed or partly made point sends the reader to: the one its feedback cited. A
    point never graded (a question skipped before any answer, a session saved before citations were
    kept) falls back on the question's first source."""
    if q is None:
        return []
    weights = _weights(q)
    missed = {p.point for p in q.rubric} if result.skipped and result.score is None else set(result.missed)
    partial = set(result.partial) - missed
    fallback = q.sources[0] if q.sources else ""
    return [(0 if point in missed else 1, -weight, result.cited.get(point, fallback))
            for point, weight in weights.items() if point in missed or point in partial]


def _strength_weights(result: Result, q: Question | None) -> dict[str, float]:
    """The points fully covered in the answer whose grade counts, by rubric weight: a point only partly
    covered, or missed there and touched in a follow-up, is no strength."""
    weights = _weights(q)
    return {point: weights.get(point, 1.0) for point in result.strong}


def _gap_costs(result: Result, q: Question | None) -> dict[str, float]:
    """What each missed point cost: its rubric weight, more the lower the question scored (a skip, or a
    0/10, costs the whole weight; a 9/10 a tenth of it). A question skipped before any answer was never
    graded, so every point of its rubric is missed."""
    weights = _weights(q)
    share = 1.0 - min(max(result.score or 0.0, 0.0), 10.0) / 10.0
    missed = [p.point for p in q.rubric] if q and result.skipped and result.score is None else result.missed
    return {point: weights.get(point, 1.0) * max(share, 0.1) for point in missed}
