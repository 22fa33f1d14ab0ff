"""A whole DM interview through the real bolt app: slash command, DM answers, buttons, Block Kit."""
from __future__ import annotations

from .conftest import SlackDriver


def last_question(fake, channel: str) -> dict | None:
    """The most recent question posted to `channel`: its buttons carry the question id."""
    for call in reversed(fake.of("chat.postMessage", channel=channel)):
        for block in call.blocks:
            if block["type"] == "actions":
                return {"id": block["elements"][0]["value"], "actions": [e["action_id"] for e in block["elements"]]}
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
    assert await slack.press("UALICE", "hint", q["id"], "DUALICE") == 200
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
