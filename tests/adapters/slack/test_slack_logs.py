"""What the Slack libraries log about a request never carries the learner's text (docs/operations.md)."""
from __future__ import annotations

import io
import json

import pytest

from bot.ops.logging import configure_logging
from bot.settings import Settings

from .conftest import serving

ANSWER = "my private answer about BM25 and idf"


@pytest.fixture
def json_logs():
    def configure(**settings) -> io.StringIO:
        stream = io.StringIO()
        configure_logging(Settings(_env_file=None, log_level="DEBUG", **settings), stream=stream)
        return stream

    yield configure
    configure_logging(Settings(_env_file=None, log_level="WARNING"), stream=io.StringIO())


async def _post_with_a_bad_signature(services, coach, fake_slack) -> None:
    async with serving(services, coach, fake_slack) as slack:
        payload = slack.message_payload("ULOG", ANSWER, "DULOG")
        assert await slack.post(json.dumps(payload), "application/json", signature="v0=" + "0" * 64) == 401


async def test_a_refused_request_body_is_not_logged(json_logs, services, coach, fake_slack):
    stream = json_logs()  # before the app is built: bolt copies the root level onto its loggers
    await _post_with_a_bad_signature(services, coach, fake_slack)
    assert stream.getvalue()  # the coach's own records still come through
    assert ANSWER not in stream.getvalue()


async def test_a_refused_request_body_is_logged_when_debugging_answers(json_logs, services, coach, fake_slack):
    stream = json_logs(log_debug_answers=True)
    await _post_with_a_bad_signature(services, coach, fake_slack)
    assert "Invalid request signature" in stream.getvalue() and ANSWER in stream.getvalue()
