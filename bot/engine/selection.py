"""Which bank questions an interview asks.

No repeats within an interview. Across interviews: what is due for review
first (the schedule is driven by the grader's scores), then the user's
weakest topics, then what they have not seen lately.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from bot.pack.models import Question

LEVEL_ORDER = ("junior", "mid", "senior")


@dataclass(frozen=True)
class Profile:
    """What the store knows about a user when an interview starts."""

    due: tuple[str, ...] = ()  # question ids due for review, most overdue first
    mastery: dict[str, float] = field(default_factory=dict)  # topic -> average score 0-10
    recent: tuple[str, ...] = ()  # question ids asked lately, newest first


def matches_track(q: Question, track: str) -> bool:
    return track == "mixed" or any(t.value == track for t in q.tracks)


def candidates(questions: list[Question], track: str, level: str, wanted: int = 3,
               topics: tuple[str, ...] = ()) -> list[Question]:
    """Questions for the track (and, when given, on one of the topics) at the level; neighbouring levels
    fill in when too few, and for a topic then any level."""
    on_track = [q for q in questions if matches_track(q, track) and (not topics or q.topic in topics)]
    exact = [q for q in on_track if q.level.value == level]
    if len(exact) >= wanted:
        return exact
    i = LEVEL_ORDER.index(level)
    near = {LEVEL_ORDER[j] for j in (i - 1, i + 1) if 0 <= j < len(LEVEL_ORDER)}
    pool = exact + [q for q in on_track if q.level.value in near]
    if topics and len(pool) < wanted:  # a topic holds few questions: any level of it beats none
        pool += [q for q in on_track if q not in pool]
    return pool


def choose_questions(questions: list[Question], track: str, level: str, length: int,
                     profile: Profile, rng: random.Random, topics: tuple[str, ...] = ()) -> list[str]:
    pool = candidates(questions, track, level, length, topics)
    rng.shuffle(pool)
    due_rank = {qid: i for i, qid in enumerate(profile.due)}
    recent_rank = {qid: i for i, qid in enumerate(profile.recent)}
    unseen_topic_score = 5.0  # a topic never tried ranks as middling, between weak and strong

    def priority(q: Question) -> tuple:
        due = due_rank.get(q.id, len(due_rank) + 1)
        weakness = profile.mastery.get(q.topic, unseen_topic_score)
        seen_lately = q.id in recent_rank
        return (due, seen_lately, weakness)

    ordered = sorted(pool, key=priority)
    chosen: list[Question] = []
    topics_taken: dict[str, int] = {}
    # Spread topics: take at most two per topic while others remain.
    for q in ordered:
        if len(chosen) >= length:
            break
        if topics_taken.get(q.topic, 0) < 2:
            chosen.append(q)
            topics_taken[q.topic] = topics_taken.get(q.topic, 0) + 1
    for q in ordered:
        if len(chosen) >= length:
            break
        if q not in chosen:
            chosen.append(q)
    # Easier questions first within the interview feels natural; keep the chosen set, order by level.
    chosen.sort(key=lambda q: LEVEL_ORDER.index(q.level.value))
    if track == "mixed":
        chosen = alternate_tracks(chosen)
    return [q.id for q in chosen]


def alternate_tracks(ordered: list[Question]) -> list[Question]:
    """The same questions with no two of one track (their first) in a row where that can be helped, each
    place taking the earliest that differs from the one before, so the easier-first order mostly holds. A
    track that fills more than every other place must take it (behavioral, technical, behavioral)."""
    left, out = list(ordered), []
    while left:
        before = out[-1].tracks[0] if out else None
        track, most = Counter(q.tracks[0] for q in left).most_common(1)[0]
        if track != before and most > len(left) // 2:  # any other here, and two of it must meet later
            pick = next(q for q in left if q.tracks[0] == track)
        else:
            pick = next((q for q in left if q.tracks[0] != before), left[0])
        out.append(pick)
        left.remove(pick)
    return out
