"""`coach slack` refuses a token of the wrong kind before it loads anything (docs/slack.md)."""
from __future__ import annotations

from pydantic import SecretStr

from .test_slack_cli import run_with

SECRET_PART = "1234567890-abcdefABCDEF"


def test_swapped_tokens_are_named():
    code, out = run_with(slack_bot_token=SecretStr(f"xapp-{SECRET_PART}"),
                         slack_app_token=SecretStr(f"xoxb-{SECRET_PART}"))
    assert code == 2 and "swapped" in out and SECRET_PART not in out


def test_a_user_token_is_not_a_bot_token():
    code, out = run_with(slack_bot_token=SecretStr(f"xoxp-{SECRET_PART}"), slack_app_token=SecretStr("xapp-1"))
    assert code == 2 and "SLACK_BOT_TOKEN must be the bot token" in out and "xoxp-" in out
    assert SECRET_PART not in out


def test_socket_mode_needs_an_app_level_token():
    code, out = run_with(slack_bot_token=SecretStr("xoxb-1"), slack_app_token=SecretStr(f"xoxb-{SECRET_PART}"))
    assert code == 2 and "SLACK_APP_TOKEN must be an app-level token" in out and SECRET_PART not in out


def test_http_mode_needs_no_app_token():
    from bot.adapters.slack.app import secrets
    from bot.settings import Settings

    settings = Settings(_env_file=None, slack_bot_token=SecretStr("xoxb-1"), slack_signing_secret=SecretStr("s"),
                        slack_mode="http", slack_app_token=SecretStr("left over"))
    assert secrets(settings) == ("xoxb-1", "s")
