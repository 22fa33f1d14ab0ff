"""A mixed interview alternates its questions' tracks where it can: never two behavioral questions in a row
when a technical one could sit between them (QA: "mixed junior" asked two behavioral questions running)."""
from __future__ import annotations

import random

from bot.engine.selection import Profile, choose_questions


def _runs(ids: list[str], by_id: dict) -> int:
    tracks = [by_id[i].tracks[0].value for i in ids]
    return sum(a == b for a, b in zip(tracks, tracks[1:]))


def _fewest_runs_possible(ids: list[str], by_id: dict) -> int:
    counts: dict[str, int] = {}
    for i in ids:
        counts[by_id[i].tracks[0].value] = counts.get(by_id[i].tracks[0].value, 0) + 1
    return max(0, 2 * max(counts.values()) - len(ids) - 1)


def test_mixed_interviews_put_no_two_questions_of_one_track_together_when_avoidable(services):
    questions = list(services.pack.questions)
    by_id = {q.id: q for q in questions}
    behavioral_twice = 0
    for seed in range(60):
        for level in ("junior", "mid", "senior"):
            for length in (3, 5, 8):
                ids = choose_questions(questions, "mixed", level, length, Profile(), random.Random(seed))
                assert _runs(ids, by_id) == _fewest_runs_possible(ids, by_id), (level, length, seed, ids)
                kinds = [by_id[i].kind.value for i in ids]
                behavioral_twice += any(a == b == "behavioral" for a, b in zip(kinds, kinds[1:]))
    assert behavioral_twice == 0
