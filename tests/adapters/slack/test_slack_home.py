"""The App Home tab: where you stand, and a start button per track that opens the interview in the DM."""
from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from .conftest import TEAM, SlackDriver


def home_opened(user: str, tab: str = "home") -> dict:
    return {"token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
            "event_id": f"EvHome{user}{tab}", "event_time": int(time.time()),
            "event": {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": tab,
                      "event_ts": "1763290000.000100"}}


def home_press(user: str, track: str) -> str:
    """A start button pressed on the Home tab: the payload names a view, not a channel."""
    payload = {"type": "block_actions", "user": {"id": user, "team_id": TEAM}, "team": {"id": TEAM},
               "api_app_id": "A1", "trigger_id": "trig.home",
               "container": {"type": "view", "view_id": "VHOME"}, "view": {"id": "VHOME", "type": "home"},
               "actions": [{"type": "button", "action_id": f"coach_start:{track}", "block_id": "coach_home_start",
                            "value": track, "action_ts": "1763290000.000200"}]}
    return urlencode({"payload": json.dumps(payload)})


def view_of(call) -> dict:
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def texts(view: dict) -> str:
    return json.dumps(view["blocks"])


async def test_the_home_tab_shows_where_you_stand_and_starts_an_interview(slack: SlackDriver, coach):
    fake = slack.fake
    await slack.event(home_opened("UHOME", tab="messages"))
    assert not fake.of("views.publish"), "the Messages tab is the DM itself"

    await slack.event(home_opened("UHOME"))
    [published] = fake.of("views.publish", user_id="UHOME")
    view = view_of(published)
    assert view["type"] == "home"
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"llm-engineer", "nlp-engineer", "behavioral"} <= {b["value"] for b in buttons}
    assert len({b["action_id"] for b in buttons}) == len(buttons), "Slack wants unique action ids in a block"
    assert "No interview running" in texts(view) and "Streak: 0" in texts(view)

    assert await slack.post(home_press("UHOME", "behavioral"), "application/x-www-form-urlencoded") == 200
    await slack.settle()
    question = fake.of("chat.postMessage", channel="DUHOME")[-1]
    assert "Question 1 of " in question.all_text and "behavioral" in question.all_text
    refreshed = view_of(fake.of("views.publish", user_id="UHOME")[-1])
    assert "No interview running" not in texts(refreshed), "the tab now shows the interview"
    assert question.blocks[-1]["type"] == "actions", "the question keeps its Hint / Skip / End buttons"


def test_the_manifest_turns_the_home_tab_on_and_sends_its_event():
    import yaml
    from pathlib import Path

    manifest = yaml.safe_load((Path(__file__).parents[3] / "deploy" / "slack" / "manifest.yml").read_text())
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]
