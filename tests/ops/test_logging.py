"""JSON logs never carry tokens, keys or (by default) what a learner wrote."""
from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from bot.ops.logging import configure_logging
from bot.settings import Settings

SLACK = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"
APP = "xapp-1-A0123-456-abcdef0123456789"
DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz012345"


@pytest.fixture
def logs():
    def configure(**settings):
        stream = io.StringIO()
        configure_logging(Settings(_env_file=None, **settings), stream=stream)
        return stream

    yield configure
    configure_logging(Settings(_env_file=None, log_level="WARNING"), stream=io.StringIO())


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_structlog_records_are_json_without_secrets_or_answers(logs):
    stream = logs()
    structlog.get_logger("coach").info("turn handled", platform="slack", slack_bot_token=SLACK,
                                       api_key="sk-proj-abcdefghijklmnop1234", answer="my private answer",
                                       detail=f"retrying with {APP} and {DISCORD}")
    [record] = _records(stream)
    assert record["event"] == "turn handled" and record["level"] == "info" and record["platform"] == "slack"
    text = json.dumps(record)
    for secret in (SLACK, APP, DISCORD, "sk-proj", "my private answer"):
        assert secret not in text
    assert record["slack_bot_token"] == "[redacted]" and record["api_key"] == "[redacted]"
    assert record["answer"] == "[17 chars]"


def test_stdlib_logging_and_tracebacks_are_scrubbed_too(logs):
    stream = logs()
    log = logging.getLogger("bot.adapters.slack")
    log.warning("auth failed for %s", SLACK, extra={"text": "an answer", "channel": "C1"})
    try:
        raise RuntimeError(f"discord said no to {DISCORD}")
    except RuntimeError:
        log.exception("gateway error")
    warning, error = _records(stream)
    assert warning["event"] == "auth failed for [redacted]" and warning["channel"] == "C1"
    assert warning["text"] == "[9 chars]"
    assert "RuntimeError" in error["exception"] and DISCORD not in error["exception"]


def test_answers_are_logged_only_when_debugging_answers_is_on(logs):
    stream = logs(log_debug_answers=True)
    structlog.get_logger().info("graded", answer="attention is all you need", token=SLACK)
    [record] = _records(stream)
    assert record["answer"] == "attention is all you need"
    assert record["token"] == "[redacted]"  # secrets stay out even then


def test_log_level_filters(logs):
    stream = logs(log_level="WARNING")
    structlog.get_logger().info("chatty")
    logging.getLogger("x").info("chatty too")
    structlog.get_logger().warning("kept")
    assert [r["event"] for r in _records(stream)] == ["kept"]


def test_slack_library_records_keep_no_request_body(logs):
    stream = logs(log_level="DEBUG")
    bolt = logging.getLogger("slack_bolt.AsyncApp")
    bolt.setLevel(logging.DEBUG)
    bolt.info("Invalid request signature detected (signature: v0=0, timestamp: 1, body: %s)", "my answer")
    bolt.warning("middleware returned without providing a response for the request ({'text': 'my answer'})")
    [record] = _records(stream)
    assert record["level"] == "warning" and "my answer" not in record["event"]
    assert record["event"].endswith("for the request ([22 chars]")  # the length is kept
