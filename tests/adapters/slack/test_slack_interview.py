"""A whole DM interview through the real bolt app: slash command, DM answers, buttons, Block Kit."""
from __future__ import annotations

import html
import re

from .conftest import SlackDriver


def last_question(fake, channel: str) -> dict | None:
    """The most recent question posted to `channel`: its buttons carry the question id and its part."""
    for call in reversed(fake.of("chat.postMessage", channel=channel)):
        for block in call.blocks:
            if block["type"] == "actions":
                ref = block["elements"][0]["value"]
                return {"id": ref.partition(":")[0], "ref": ref, "actions": [e["action_id"] for e in block["elements"]]}
    return None


async def test_slash_command_starts_a_dm_interview_and_answers_are_graded(slack: SlackDriver, coach):
    fake = slack.fake
    assert await slack.slash("UALICE", "interview llm junior 3", channel="C1") == 200

    # asked in a channel: a private pointer there, the question in the DM
    pointers = fake.of("response_url")
    assert pointers and pointers[0].args["response_type"] == "ephemeral"
    q = last_question(fake, "DUALICE")
    assert q is not None and q["actions"] == ["coach_hint", "coach_skip", "coach_end"]

    # the hint button answers in the DM
    mark = len(fake.calls)
    assert await slack.press("UALICE", "hint", q["ref"], "DUALICE") == 200
    hints = [c for c in fake.since(mark) if c.method == "chat.postMessage" and "Hint" in c.all_text]
    assert hints and hints[0].args["channel"] == "DUALICE"

    # answer each question with its model answer until the summary arrives
    summary = None
    for _ in range(20):
        q = last_question(fake, "DUALICE")
        mark = len(fake.calls)
        await slack.dm("UALICE", coach.questions[q["id"]].model_answer)
        posted = [c for c in fake.since(mark) if c.method == "chat.postMessage"]
        assert posted, "every answer gets a reply"
        assert any(c.all_text.startswith("Score:") or "*Score:" in c.all_text for c in posted)
        summary = next((c for c in posted if any(b["type"] == "header" and "summary" in b["text"]["text"]
                                                  for b in c.blocks)), None)
        if summary is not None:
            break
    assert summary is not None, "the interview ends with a summary"

    feedback = next(c for c in fake.of("chat.postMessage", channel="DUALICE") if "*Score:" in c.all_text)
    texts = [b["text"]["text"] for b in feedback.blocks if b["type"] == "section"]
    assert any(t.startswith("*Covered*") and "_you said:_" in t for t in texts), texts

    # progress: a table and the chart uploaded to the DM
    await slack.slash("UALICE", "progress", channel="C1")
    done = fake.of("files.completeUploadExternal")
    assert done and done[-1].args["channel_id"] == "DUALICE"
    assert fake.uploads and fake.uploads[-1].startswith(b"\x89PNG")


async def test_feedback_is_not_lost_when_slack_rate_limits_or_fails_once(slack: SlackDriver, coach):
    """A 429 (with Retry-After) or a 503 from chat.postMessage is retried, so the answer's feedback
    still arrives: nobody else would send it again."""
    fake = slack.fake
    await slack.slash("UBEA", "interview llm junior 2", channel="C1")
    q = last_question(fake, "DUBEA")
    fake.fail_next("chat.postMessage", 429, 503)
    mark = len(fake.calls)
    await slack.dm("UBEA", coach.questions[q["id"]].model_answer)
    posts = [c for c in fake.since(mark) if c.method == "chat.postMessage"]
    assert [c.response.get("error") for c in posts[:2]] == ["ratelimited", "fatal_error"]
    delivered = [c for c in posts if c.response.get("ok")]
    assert delivered and delivered[0].args["channel"] == "DUBEA" and "*Score:" in delivered[0].all_text


def last_heading(fake, channel: str) -> str:
    for call in reversed(fake.of("chat.postMessage", channel=channel)):
        for block in call.blocks:
            if block["type"] == "header" and block["text"]["text"].startswith("Question "):
                return block["text"]["text"]
    return ""


async def test_the_main_questions_buttons_do_not_act_on_its_follow_up(slack: SlackDriver, coach):
    """Hint or Skip pressed under the main question once its follow-up is asked (pressed while the answer
    was still being graded, say) is ignored with a note: it must not skip a follow-up the person never
    saw, nor show the follow-up's hint. The follow-up's own buttons act on it."""
    fake = slack.fake
    await slack.slash("UFIN", "interview llm junior 3", channel="DUFIN")
    for _ in range(3):  # a model answer is strong, so its follow-up comes (a weak grade would ask again)
        main = last_question(fake, "DUFIN")
        await slack.dm("UFIN", coach.questions[main["id"]].model_answer)
        if "follow-up 1" in last_heading(fake, "DUFIN"):
            break
    assert "Question 1 of 3 · follow-up 1" in last_heading(fake, "DUFIN")
    follow_up = last_question(fake, "DUFIN")
    assert follow_up["id"] == main["id"] and follow_up["ref"] != main["ref"]

    for name in ("skip", "hint"):
        mark = len(fake.calls)
        assert await slack.press("UFIN", name, main["ref"], "DUFIN") == 200
        said = " ".join(c.all_text for c in fake.since(mark) if c.method == "chat.postMessage")
        assert "moved past" in said and "follow-up to question 1" in said, said
        assert "Skipped" not in said and "Hint" not in said and "Question 2" not in said
    assert "follow-up 1" in last_heading(fake, "DUFIN")

    mark = len(fake.calls)
    assert await slack.press("UFIN", "skip", follow_up["ref"], "DUFIN") == 200
    assert any("Question 2 of 3" in c.all_text for c in fake.since(mark))


async def test_a_button_posted_before_buttons_named_the_part_acts_on_any_part_of_its_question(slack, coach):
    """Messages already posted carry the bare question id: it cannot say main or follow-up, so it acts
    on its question whichever part is asked, as it did before."""
    fake = slack.fake
    await slack.slash("UOLD", "interview llm junior 3", channel="DUOLD")
    for _ in range(3):
        main = last_question(fake, "DUOLD")
        await slack.dm("UOLD", coach.questions[main["id"]].model_answer)
        if "follow-up 1" in last_heading(fake, "DUOLD"):
            break
    mark = len(fake.calls)
    assert await slack.press("UOLD", "skip", main["id"], "DUOLD") == 200
    assert any("Question 2 of 3" in c.all_text for c in fake.since(mark))


async def test_history_asked_in_a_channel_knows_the_interview_running_in_the_dm(slack: SlackDriver, coach):
    """`/coach history` (or `@coach history`) in a channel answers there, privately, and reads the
    interview in the person's DM: its answers are added as each question finishes."""
    fake = slack.fake
    await slack.slash("UHIS", "interview llm junior 3", channel="C1")
    q = last_question(fake, "DUHIS")
    await slack.press("UHIS", "skip", q["ref"], "DUHIS")  # one question finished, the next is asked

    mark = len(fake.calls)
    assert await slack.slash("UHIS", "history", channel="C1") == 200
    [reply] = [c for c in fake.since(mark) if c.method == "response_url"]
    assert reply.args["response_type"] == "ephemeral" and "Your last answers" in reply.all_text
    assert "added as each question finishes" in reply.all_text, reply.all_text
    assert not [c for c in fake.since(mark) if c.method == "chat.postMessage"], "nothing is posted in the DM"

    mark = len(fake.calls)
    message, mention = slack.mention_twins("UHIS", "history")
    await slack.event(mention)
    [reply] = [c for c in fake.since(mark) if c.method == "chat.postEphemeral"]
    assert reply.args["channel"] == "C1" and "added as each question finishes" in reply.all_text


async def test_quoted_evidence_full_of_markup_characters_keeps_every_point_within_slacks_limits(slack, coach):
    """An answer dense with & < > (Slack sends them escaped): a quote, cut as the terminal cuts it, can escape to
    five times its length, so the points go in as many sections as they need and none is cut short at
    Slack's 3,000 characters, losing its last points."""
    fake = slack.fake
    await slack.slash("UAMP", "interview llm senior 3", channel="DUAMP")
    q = last_question(fake, "DUAMP")
    dense = coach.questions[q["id"]].model_answer.replace(" ", " <&&> ")
    mark = len(fake.calls)
    await slack.dm("UAMP", dense.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    sections = [b["text"]["text"] for c in fake.since(mark) if c.method == "chat.postMessage"
                for b in c.blocks if b["type"] == "section"]
    assert any(t.startswith("*Covered*") for t in sections), sections
    assert all(len(t) <= 3000 for t in sections)
    lines = [line for t in sections for line in t.splitlines()]
    quotes = [line for line in lines if line.startswith('> _you said:_ "')]
    assert quotes, lines[:5]
    for line in quotes:  # the engine's cut of 240 visible characters, whole, never inside an entity
        shown = html.unescape(line.removeprefix('> _you said:_ "').removesuffix('"')).replace("\u200b", "")
        assert len(shown) <= 241 and not re.search(r"&[a-z]*…", line), line[-40:]
    marks = (":white_check_mark:", ":large_yellow_circle:", ":x:")
    assert sum(line.startswith(marks) for line in lines) == len(coach.questions[q["id"]].rubric), "no point lost"
