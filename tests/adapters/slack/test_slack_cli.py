"""`coach slack` names the missing token before loading anything."""
from __future__ import annotations

import typer
from pydantic import SecretStr
from typer.testing import CliRunner

from bot.adapters.slack.cli import register
from bot.bootstrap import Services
from bot.settings import Settings


def run_with(**settings) -> tuple[int, str]:
    app = typer.Typer()
    services = Services(Settings(_env_file=None, **settings))
    register(app, lambda: services)

    @app.command()
    def other():  # a second command keeps typer from collapsing the app into `slack` alone
        pass

    result = CliRunner().invoke(app, ["slack"])
    return result.exit_code, result.output


def test_missing_bot_token_is_named():
    code, out = run_with(slack_bot_token=None, slack_app_token=SecretStr("xapp-1"))
    assert code == 2 and "SLACK_BOT_TOKEN" in out


def test_socket_mode_needs_the_app_token_and_http_mode_the_signing_secret():
    code, out = run_with(slack_bot_token=SecretStr("xoxb-1"), slack_app_token=None, slack_mode="socket")
    assert code == 2 and "SLACK_APP_TOKEN" in out
    code, out = run_with(slack_bot_token=SecretStr("xoxb-1"), slack_signing_secret=None, slack_mode="http")
    assert code == 2 and "SLACK_SIGNING_SECRET" in out
