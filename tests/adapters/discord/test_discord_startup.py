"""`coach discord` when Discord cannot be reached: one line and exit 1, and discord.py's records are
only our JSON lines (no coloured copy from discord.utils.setup_logging)."""
from __future__ import annotations

import logging
import socket

import discord
import typer
from pydantic import SecretStr
from typer.testing import CliRunner

from bot.adapters.discord.cli import register
from tests.ops.test_metered_services import _private_copy


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_discord_is_one_line_and_no_second_log_handler(services, monkeypatch):
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{_closed_port()}/api/v10")
    # a copy: start_service meters its grading and index, which must not leak into other tests
    mine = _private_copy(services, discord_token=SecretStr("not-a-real-token"), ops_port=0)
    app = typer.Typer()
    register(app, lambda: mine)

    @app.command()
    def other():  # a second command keeps typer from collapsing the app into `discord` alone
        pass

    result = CliRunner().invoke(app, ["discord"])
    assert result.exit_code == 1, (result.output, result.exception)
    assert "coach discord: cannot reach Discord (ClientConnectorError" in result.output
    assert "Traceback" not in result.output
    # discord.* records reach only the root's JSON handler (discord.py's own NullHandler is no output)
    assert not [h for h in logging.getLogger("discord").handlers if isinstance(h, logging.StreamHandler)]
