from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from bot.store.history import GradedAnswer, TopicMastery, next_mastery
from bot.store.review import rating_for
from bot.store.sessions import TurnWrites

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


async def _grade(store, conv, *answers):
    async def step(session):
        return session or {}, TurnWrites(answers=list(answers)), None

    await store.sessions.run_turn(conv, step)


async def test_history_is_newest_first_and_limited(store, conv, alice):
    for i in range(5):
        await _grade(store, conv, GradedAnswer(f"q{i}", "rag", i, {"note": f"n{i}"}, T0 + timedelta(minutes=i)))
    recent = await store.history.history(alice, limit=3)
    assert [(h.question_id, h.score, h.feedback, h.at) for h in recent] == [
        ("q4", 4, {"note": "n4"}, T0 + timedelta(minutes=4)),
        ("q3", 3, {"note": "n3"}, T0 + timedelta(minutes=3)),
        ("q2", 2, {"note": "n2"}, T0 + timedelta(minutes=2)),
    ]


async def test_mastery_is_a_moving_average_per_topic(store, conv, alice):
    await _grade(store, conv, GradedAnswer("q1", "rag", 10), GradedAnswer("q2", "evals", 4))
    await _grade(store, conv, GradedAnswer("q3", "rag", 0))
    mastery = await store.history.mastery(alice)
    assert mastery["rag"] == pytest.approx(TopicMastery(7.0, 2))  # 10 + 0.3 * (0 - 10)
    assert mastery["evals"] == TopicMastery(4.0, 1)
    assert next_mastery(None, 6) == TopicMastery(6.0, 1)


@pytest.mark.parametrize("score", [-1, 10.5, float("nan"), "7"])
def test_impossible_scores_are_refused(score):
    with pytest.raises(ValueError):
        GradedAnswer("q1", "rag", score)


@pytest.mark.parametrize(
    ("score", "rating"),
    [(0, Rating.Again), (2.9, Rating.Again), (3, Rating.Hard), (5.4, Rating.Hard),
     (5.5, Rating.Good), (7.9, Rating.Good), (8, Rating.Easy), (10, Rating.Easy)],
)
def test_grader_scores_map_to_ratings(score, rating):
    assert rating_for(score) == rating


async def test_a_weak_answer_comes_back_sooner_than_a_strong_one(store, conv, alice):
    await _grade(
        store, conv,
        GradedAnswer("q-weak", "rag", 1, at=T0),
        GradedAnswer("q-ok", "rag", 6, at=T0),
        GradedAnswer("q-strong", "evals", 9.5, at=T0),
    )
    due = {q: (await store.reviews.card(alice, q)).due for q in ("q-weak", "q-ok", "q-strong")}
    assert due["q-weak"] < due["q-ok"] < due["q-strong"]
    assert due["q-weak"] - T0 <= timedelta(minutes=10)  # relearn within the same sitting
    assert due["q-strong"] - T0 >= timedelta(days=1)
    assert await store.reviews.due_questions(alice, now=T0) == []
    assert await store.reviews.due_questions(alice, now=due["q-ok"]) == ["q-weak", "q-ok"]
    assert await store.reviews.due_questions(alice, now=due["q-strong"]) == ["q-weak", "q-ok", "q-strong"]


async def test_a_second_review_updates_the_same_card(store, conv, alice):
    await _grade(store, conv, GradedAnswer("q1", "rag", 9, at=T0))
    first = await store.reviews.card(alice, "q1")
    await _grade(store, conv, GradedAnswer("q1", "rag", 9, at=first.due))
    second = await store.reviews.card(alice, "q1")
    assert second.card_id == first.card_id
    assert second.last_review == first.due
    assert second.due - second.last_review > first.due - T0  # remembered again: the interval grows


async def test_weak_topics_are_the_lowest_averages_below_the_bar(store, conv, alice):
    await _grade(
        store, conv,
        GradedAnswer("q1", "rag", 3), GradedAnswer("q2", "evals", 5),
        GradedAnswer("q3", "fine-tuning", 9), GradedAnswer("q4", "agents", 1),
    )
    assert await store.reviews.weak_topics(alice) == ["agents", "rag", "evals"]
    assert await store.reviews.weak_topics(alice, limit=1) == ["agents"]
