"""Structured JSON logs, with secrets and (by default) answer text removed.

Every record, from structlog or from the standard `logging` calls in the
engine and the libraries, leaves as one JSON line on stderr. Before it does,
`scrub` drops what must never reach a log store:
- values under keys that name a secret (*token*, *secret*, *key*, *password*,
  authorization), whatever they hold;
- anything that looks like a Slack token (xoxb-, xoxp-, xapp-, ...), a Discord
  bot token or an LLM provider key, wherever it appears in a string;
- what a learner wrote (keys answer/text/message/...), unless
  settings.log_debug_answers is on: answers are personal data.
The Slack libraries put whole request bodies (a learner's answer) into their
messages, e.g. bolt's "Invalid request signature detected (... body: ...)" at
info: `LibraryBodies` keeps only their warnings and errors, with any body cut out.
"""
from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

REDACTED = "[redacted]"
SECRET_KEY = re.compile(r"token|secret|key|password|passwd|authorization|cookie", re.I)
# keys whose names contain "key" but hold no secret: Redis key names, conversation keys
NOT_SECRET_KEYS = {"conversation_key", "redis_key", "keys", "key_count"}
ANSWER_KEYS = {"answer", "answer_text", "text", "message", "message_text", "reply", "replies", "content"}
SECRET_VALUE = re.compile(
    r"xox[abposre]-[A-Za-z0-9-]+"  # Slack bot/user/app-level tokens
    r"|xapp-[A-Za-z0-9-]+"
    r"|[MNO][A-Za-z0-9_-]{20,30}\.[A-Za-z0-9_-]{5,7}\.[A-Za-z0-9_-]{25,45}"  # Discord bot tokens
    r"|sk-(?:ant-)?[A-Za-z0-9_-]{16,}"  # OpenAI / Anthropic keys
    r"|Bot [A-Za-z0-9._-]{50,}"  # an Authorization header value
)
# structlog's own fields, never user data
RESERVED = {"event", "level", "timestamp", "logger", "exc_info", "exception", "stack_info"}


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return SECRET_VALUE.sub(REDACTED, value)
    if isinstance(value, dict):
        return {k: (REDACTED if _is_secret_key(k) else _scrub_value(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub_value(v) for v in value)
    return value


def _is_secret_key(name: Any) -> bool:
    name = str(name)
    return name.lower() not in NOT_SECRET_KEYS and bool(SECRET_KEY.search(name))


def make_scrubber(log_answers: bool = False):
    """A structlog processor; `log_answers` keeps learner text (for debugging only)."""

    def scrub(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in event_dict.items():
            if k not in RESERVED and _is_secret_key(k):
                out[k] = REDACTED
            elif k not in RESERVED and not log_answers and str(k).lower() in ANSWER_KEYS:
                out[k] = f"[{len(v)} chars]" if isinstance(v, str) else REDACTED
            else:
                out[k] = _scrub_value(v)
        return out

    return scrub


def _stdlib_extras(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Lift `extra={...}` fields of a standard logging call into the JSON record."""
    record = event_dict.get("_record")
    if record is not None:
        for k, v in record.__dict__.items():
            if k not in _LOGRECORD_FIELDS and not k.startswith("_") and k not in event_dict:
                event_dict[k] = v
    return event_dict


_LOGRECORD_FIELDS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class LibraryBodies(logging.Filter):
    """Keep request bodies of the Slack libraries out of the logs (unless answers may be logged):
    their records below WARNING are dropped, and a body in a warning is replaced by its length.
    A filter on our handler, not a logger level: bolt copies the root level onto each logger it makes."""

    LIBRARIES = ("slack_bolt", "slack_sdk")
    BODY = re.compile(r"(body: ?|for the request \()(.+)", re.S)

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self.LIBRARIES):
            return True
        if record.levelno < logging.WARNING:
            return False
        message = record.getMessage()
        record.msg = self.BODY.sub(lambda m: f"{m.group(1)}[{len(m.group(2))} chars]", message)
        record.args = None
        return True


def processors(log_answers: bool) -> list:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        make_scrubber(log_answers),  # last before rendering: also covers the formatted exception text
    ]


def configure_logging(settings, stream=None) -> None:
    """JSON lines on stderr (or `stream`) for structlog and the standard library alike."""
    level = logging.getLevelName(str(settings.log_level).upper())
    level = level if isinstance(level, int) else logging.INFO
    log_answers = bool(settings.log_debug_answers)
    chain = processors(log_answers)
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *chain[:-2],
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[_stdlib_extras, *chain[:-2]],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, make_scrubber(log_answers),
                    structlog.processors.JSONRenderer(ensure_ascii=False, default=str)],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_coach_json", False)]:
        root.removeHandler(old)
    handler._coach_json = True  # type: ignore[attr-defined]
    if not log_answers:
        handler.addFilter(LibraryBodies())
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "chromadb.telemetry", "urllib3"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
