"""`coach slack` asks Slack about its tokens at start: a refused token or an unreachable Slack is one
line and an exit, not a retry loop with tracebacks while /readyz says ready."""
from __future__ import annotations

import asyncio
import logging

from pydantic import SecretStr

from bot.adapters.slack.app import build_bot
from bot.settings import Settings

from .test_slack_cli import run_with

SECRET_PART = "1234567890-abcdefABCDEF"
BOT = SecretStr(f"xoxb-{SECRET_PART}")
APP = SecretStr(f"xapp-{SECRET_PART}")


async def start(**settings) -> tuple[int, str]:
    # the CLI makes blocking calls; the fake Slack serves on this loop, so the CLI runs in a thread
    return await asyncio.to_thread(run_with, **settings)


async def test_a_refused_bot_token_is_named_in_socket_mode(fake_slack):
    fake_slack.fail_next("auth.test", "invalid_auth")
    code, out = await start(slack_bot_token=BOT, slack_app_token=APP, slack_api_url=fake_slack.base_url)
    assert code == 2, out
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in out and SECRET_PART not in out
    assert [c.method for c in fake_slack.calls] == ["auth.test"]


async def test_a_refused_bot_token_is_named_in_http_mode(fake_slack):
    fake_slack.fail_next("auth.test", "token_revoked")
    code, out = await start(slack_bot_token=BOT, slack_signing_secret=SecretStr("s"), slack_mode="http",
                            slack_api_url=fake_slack.base_url)
    assert code == 2 and "Slack refused SLACK_BOT_TOKEN (token_revoked)" in out, out


async def test_a_refused_app_token_is_named(fake_slack):
    fake_slack.fail_next("apps.connections.open", "invalid_auth")
    code, out = await start(slack_bot_token=BOT, slack_app_token=APP, slack_api_url=fake_slack.base_url)
    assert code == 2 and "Slack refused SLACK_APP_TOKEN (invalid_auth)" in out and SECRET_PART not in out, out
    assert [c.method for c in fake_slack.calls] == ["auth.test", "apps.connections.open"]


async def test_an_unreachable_slack_is_one_line_and_exit_1():
    code, out = await start(slack_bot_token=BOT, slack_app_token=APP, slack_api_url="http://127.0.0.1:1/api/")
    assert code == 1, out
    assert "cannot reach Slack at http://127.0.0.1:1/api/" in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1, out


def test_building_the_app_logs_no_token_warnings(monkeypatch, caplog):
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT.get_secret_value())  # as a deployment sets it
    settings = Settings(_env_file=None, slack_bot_token=BOT, slack_app_token=APP)
    with caplog.at_level(logging.WARNING):
        build_bot(settings, coach=None)
    assert not [r for r in caplog.records if "token" in r.getMessage()], caplog.text
