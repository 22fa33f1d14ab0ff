"""The real bolt app over real HTTP: signed requests in, a fake Slack Web API out."""
from __future__ import annotations

import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.adapters.slack.app import EVENTS_PATH, build_bot

from tests.faults.conftest import own_redis, own_runtime  # noqa: F401 - a Redis a test may stop

from .fake_slack import FakeSlack

SECRET = "test-signing-secret"
TEAM = "T1"
BOT_USER = "UBOT"  # what the fake's auth.test says the bot is
# on every event Slack sends: who the app is installed as, which tells the bot its own user id
AUTHORIZATIONS = [{"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER, "is_bot": True,
                   "is_enterprise_install": False}]


class SlackDriver:
    """Plays Slack's side: signs and sends events, commands and button presses to the app."""

    def __init__(self, url: str, fake: FakeSlack, bot, http: aiohttp.ClientSession):
        self.url, self.fake, self.bot, self.http = url, fake, bot, http
        self._ids = itertools.count(1)
        self._verifier = SignatureVerifier(SECRET)

    async def post(self, body: str, content_type: str, headers: dict | None = None,
                   signature: str | None = None) -> int:
        stamp = str(int(time.time()))
        sig = signature or self._verifier.generate_signature(timestamp=stamp, body=body)
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                       "X-Slack-Signature": sig, **(headers or {})}
        async with self.http.post(self.url, data=body.encode(), headers=all_headers) as resp:
            await resp.read()
            return resp.status

    async def settle(self) -> None:
        """Wait (bounded) until the work the app started after acking has finished."""
        await self.bot.work.drain(timeout=60)

    # -- what a person does in Slack ----------------------------------------------------
    async def slash(self, user: str, text: str, channel: str = "C1", channel_name: str = "general") -> int:
        n = next(self._ids)
        body = urlencode({"token": "x", "team_id": TEAM, "team_domain": "test", "channel_id": channel,
                          "channel_name": channel_name, "user_id": user, "user_name": user.lower(),
                          "command": "/coach", "text": text, "api_app_id": "A1",
                          "response_url": f"{self.fake.root}/response/{n}", "trigger_id": f"trig.{n}"})
        status = await self.post(body, "application/x-www-form-urlencoded")
        await self.settle()
        return status

    def message_payload(self, user: str, text: str, channel: str, channel_type: str = "im",
                        thread_ts: str = "", event_id: str = "") -> dict:
        n = next(self._ids)
        ts = f"1763290000.{n:06d}"
        event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel,
                 "channel_type": channel_type, "team": TEAM, "client_msg_id": f"msg-{n}",
                 "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return {"token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
                "event_id": event_id or f"Ev{n:08d}", "event_time": int(time.time()), "event": event,
                "authorizations": AUTHORIZATIONS}

    def mention_twins(self, user: str, text: str, channel: str = "C1", thread_ts: str = "") -> tuple[dict, dict]:
        """A message that @mentions the bot in a channel, as Slack sends it: a `message` event and an
        `app_mention` event with the same text, ts and client_msg_id (but their own event ids).
        Slack sends the `message` one only for a thread reply (the app does not read top-level chatter)."""
        message = self.message_payload(user, f"<@{BOT_USER}> {text}", channel, channel_type="channel",
                                       thread_ts=thread_ts)
        mention = json.loads(json.dumps(message))
        mention["event_id"] += "m"
        mention["event"]["type"] = "app_mention"
        del mention["event"]["channel_type"]  # app_mention events carry none
        return message, mention

    async def event(self, payload: dict, retry: int | None = None, settle: bool = True) -> int:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        status = await self.post(json.dumps(payload), "application/json", headers)
        if settle:
            await self.settle()
        return status

    async def dm(self, user: str, text: str) -> int:
        return await self.event(self.message_payload(user, text, "D" + user))

    async def press(self, user: str, action: str, value: str, channel: str, thread_ts: str = "") -> int:
        """A press on a button of a message in `channel` (a message in a thread: `thread_ts`)."""
        n = next(self._ids)
        container = {"type": "message", "channel_id": channel, "message_ts": "1.1", "is_ephemeral": False,
                     **({"thread_ts": thread_ts} if thread_ts else {})}
        payload = {"type": "block_actions", "user": {"id": user, "team_id": TEAM}, "team": {"id": TEAM},
                   "api_app_id": "A1", "channel": {"id": channel}, "trigger_id": f"trig.{n}",
                   "container": container,
                   "response_url": f"{self.fake.root}/response/{n}",
                   "actions": [{"type": "button", "action_id": f"coach_{action}", "block_id": "coach_interview",
                                "value": value, "action_ts": f"1763290000.{n:06d}"}]}
        status = await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
        await self.settle()
        return status


@pytest.fixture
async def fake_slack():
    fake = await FakeSlack().start()
    yield fake
    await fake.close()


@contextlib.asynccontextmanager
async def serving(services, coach, fake: FakeSlack, daily_feedback: str = "ephemeral") -> AsyncIterator[SlackDriver]:
    """The app as `coach slack` builds it in HTTP mode, served on a random local port."""
    settings = services.settings.model_copy(update={
        "slack_bot_token": SecretStr("xoxb-test"), "slack_signing_secret": SecretStr(SECRET),
        "slack_mode": "http", "slack_api_url": fake.base_url, "daily_feedback": daily_feedback})
    bot = build_bot(settings, coach)
    runner = web.AppRunner(bot.web_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    async with aiohttp.ClientSession() as http:
        yield SlackDriver(f"http://127.0.0.1:{port}{EVENTS_PATH}", fake, bot, http)
    await bot.work.drain(timeout=60)
    await runner.cleanup()


@pytest.fixture
async def slack(services, coach, fake_slack):
    async with serving(services, coach, fake_slack) as driver:
        yield driver


@pytest.fixture
async def slack_dm_feedback(services, coach, fake_slack):
    """The app with DAILY_FEEDBACK=dm: what a channel thread gets privately goes to the person's DM."""
    async with serving(services, coach, fake_slack, daily_feedback="dm") as driver:
        yield driver


@pytest.fixture
async def slack_own_redis(services, own_runtime, fake_slack):
    """The app on a Redis of the test's own (own_redis), which the test may stop."""
    async with serving(services, own_runtime.coach, fake_slack) as driver:
        yield driver
