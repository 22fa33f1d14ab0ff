"""`history` and `progress` name topics as `start` takes them and the summary shows them ("rag", "core",
"fundamentals", "career"), not the bank's slugs ("retrieval", "levels", "understanding", "faq"): QA saw the
summary say "rag" and the history table "retrieval" for the same question. The two slugs of one name
("faq" and "roles" are `career`) make one row of the progress table."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.start_args import TOPICS, topic_name

from .helpers import current_question, key, last, say

SLUGS = {slug for slugs in TOPICS.values() for slug in slugs} - set(TOPICS)  # slugs that are no name


async def test_history_names_the_topic_as_start_takes_it_during_and_after_the_question(coach):
    k = key("topic-names-history")
    q = current_question(await coach.handle(say("start rag 2", k)))
    assert coach.questions[q.question_id].topic == "retrieval"
    await coach.handle(say("I am not sure, maybe it is something about vectors.", k))
    during = last(await coach.handle(say("history", k)), r.TableReply)
    assert [row[1] for row in during.rows] == ["rag"], during.rows
    await coach.handle(say("end", k))
    after = last(await coach.handle(say("history", k)), r.TableReply)
    assert {row[1] for row in after.rows} == {"rag"}, after.rows


async def test_progress_names_topics_as_start_takes_them_one_row_each(coach):
    k = key("topic-names-progress")
    await coach.handle(say("start career 10", k))
    for _ in range(10):
        if last(await coach.handle(say("skip", k)), r.SummaryReply) is not None:
            break
    for topic in ("core", "fundamentals"):
        await coach.handle(say(f"start {topic} 1", k))
        await coach.handle(say("skip", k))
    mastery = await coach.deps.store.history.mastery(k.user)
    assert {"faq", "roles", "levels", "understanding"} <= set(mastery), mastery
    table = last(await coach.handle(say("progress", k)), r.TableReply)
    shown = [row[0] for row in table.rows]
    assert sorted(shown) == sorted({topic_name(t) for t in mastery}) and not SLUGS & set(shown), shown
    career = next(row for row in table.rows if row[0] == "career")
    assert int(career[2]) == mastery["faq"].count + mastery["roles"].count, career
