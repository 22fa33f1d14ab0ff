"""`start rag`, `start llm evaluation senior 3`: an interview on one topic. The summary names the weakest
topic's `start` word; settings keep no topic; a sentence that begins with "start" is still an answer."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.commands import parse_command
from bot.engine.render_text import render
from bot.engine.session import Result, Session
from bot.engine.start_args import TOPICS, misread_start, parse_start_args, start_help, topic_name
from bot.engine.summary import build_summary

from .helpers import current_question, key, last, say


def test_topic_words_are_read_beside_track_level_and_length():
    assert parse_start_args(["rag"]) == {"topic": "rag"}
    assert parse_start_args("llm evaluation senior 3".split()) == {
        "track": "llm-engineer", "topic": "evaluation", "level": "senior", "length": "3"}
    assert parse_start_args(["generation-eval"]) == {"topic": "evaluation"}, "the slug the progress table shows"
    assert parse_start_args(["tokenisation", "retrieval"]) is None, "one topic per interview"
    assert parse_start_args(["rag", "retrieval"]) == {"topic": "rag"}, "the same topic said twice"
    assert "topics: rag, evaluation" in start_help(["quantum"])
    assert "topics" not in start_help(["quantum"], "settings")
    for answer in ("start with retrieval", "Start with RAG and measure recall", "begin by evaluation"):
        command = parse_command(answer)
        assert command is None or command.name != "start", answer
        assert misread_start(answer) == [], answer


async def test_start_on_a_topic_asks_only_that_topics_questions(coach):
    k = key("topic-rag")
    replies = await coach.handle(say("start rag 3", k))
    q = current_question(replies)
    assert q.preface.startswith("Mock interview: mixed track, mid level, on rag, 3 questions")
    status = last(await coach.handle(say("status", k)), r.StatusReply)
    assert "mid level, on rag." in status.text, "the topic survives the session's round trip through Redis"
    asked = []
    for _ in range(3):
        asked.append(coach.questions[q.question_id].topic)
        replies = await coach.handle(say("skip", k))
        q = last(replies, r.QuestionReply)
    assert asked == ["retrieval"] * 3
    summary = last(replies, r.SummaryReply)
    assert summary is not None and summary.practice_topic == "rag", "skipped: rag is the topic to practise"


async def test_a_topic_with_a_track_keeps_both_and_says_when_fewer_fit(coach):
    k = key("topic-coding")
    replies = await coach.handle(say("start llm coding senior 5", k))
    q = current_question(replies)
    question = coach.questions[q.question_id]
    assert question.topic in TOPICS["coding"] and any(t.value == "llm-engineer" for t in question.tracks)
    assert "on coding" in q.preface and "not the 5 asked for" in q.preface
    await coach.handle(say("end", k))
    replies = await coach.handle(say("start behavioral coding", k))
    notice = last(replies, r.Notice)
    assert last(replies, r.QuestionReply) is None
    assert "on coding" in notice.text and "start mixed" in notice.text


async def test_settings_keep_no_topic_and_say_so(coach):
    k = key("topic-settings")
    notice = last(await coach.handle(say("settings rag", k)), r.Notice)
    assert "`start rag`" in notice.text
    table = last(await coach.handle(say("settings", k)), r.TableReply)
    assert "rag" not in str(table.rows)


async def test_the_summary_offers_the_weakest_topic_to_practise(coach):
    k = key("topic-summary")
    q = current_question(await coach.handle(say("start mixed mid 1", k)))
    topic = coach.questions[q.question_id].topic
    summary = last(await coach.handle(say("skip", k)), r.SummaryReply)
    name = topic_name(topic)  # every topic has a `start` word, "behavioral" a track's
    assert summary.practice_topic == name, "a skipped question's topic scores 0, below 7"
    assert f"`start {name}`" in render(summary)


def test_no_topic_to_practise_when_every_topic_scored_well(services):
    questions = {q.id: q for q in services.pack.questions}
    q = next(q for q in services.pack.questions if q.topic == "retrieval")
    session = Session(track="mixed", level="mid", length=1, queue=[], number=1,
                      results=[Result(q.id, q.topic, 8.5, [], covered=[], missed=[])])
    summary = build_summary(session, questions, services.pack.sections)
    assert summary.practice_topic == "" and "Practise next" not in render(summary)
    session.results[0].score = 4.0
    assert build_summary(session, questions, services.pack.sections).practice_topic == "rag"
