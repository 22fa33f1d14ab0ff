"""The App Home tab: start a mock interview with one click, and see where you stand.

Opening the tab asks the coach the same commands a person could type
(`status`, `streak`, `history`) and shows their replies under a row of start
buttons, one per track; a press starts the interview in the person's DM with
the bot, as `/coach interview <track>` does. Slack keeps the view until it is
published again, so it is refreshed on every visit and after a start.
"""
from __future__ import annotations

from bot.adapters.slack.blocks import ACTION_PREFIX, blocks_for, context, fit, header, section
from bot.adapters.slack.mrkdwn import BUTTON_LIMIT, clip
from bot.engine import replies as r

TRACKS = (("llm-engineer", "LLM engineer"), ("nlp-engineer", "NLP engineer"), ("ai-engineer", "AI engineer"),
          ("system-design", "System design"), ("behavioral", "Behavioral"), ("mixed", "Mixed"))
INTRO = ("Mock NLP, LLM and AI-engineer interviews, graded against a rubric: what you covered, what you "
         "missed and where to read up. Pick a track to start in our DM; the level and the number of "
         "questions come from your `settings`.")
START_ACTION = ACTION_PREFIX + "start:"  # + the track: a block's buttons need action ids of their own


def start_button(track: str, label: str) -> dict:
    return {"type": "button", "action_id": START_ACTION + track, "value": track,
            "text": {"type": "plain_text", "text": clip(label, BUTTON_LIMIT)}}


def home_view(replies: list[r.Reply]) -> dict:
    """The Home tab for one person: start buttons, then the replies about them."""
    blocks = [header("Interview Coach"), section(INTRO),
              {"type": "actions", "block_id": "coach_home_start",
               "elements": [start_button(track, label) for track, label in TRACKS]},
              {"type": "divider"}]
    for reply in replies:
        blocks += blocks_for(reply)
    blocks.append(context("In our DM type `help` to see every command; in a channel use `/coach help`."))
    return {"type": "home", "blocks": fit(blocks)}
