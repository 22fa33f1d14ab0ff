"""The bolt app, built from settings, and the two ways Slack reaches it.

Socket Mode (SLACK_APP_TOKEN) needs no public URL; HTTP mode serves
/slack/events with every request's signature checked against
SLACK_SIGNING_SECRET. The bot token is given through `authorize` so nothing
talks to Slack while the app is being built: auth.test runs once, on the first
request, through the same client (and so against the fake server in tests).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import listeners
from bot.adapters.slack.work import Work

EVENTS_PATH = "/slack/events"


class SlackSetupError(RuntimeError):
    """A missing token or secret, named so the person running `coach slack` can fix it."""


def _secret(value) -> str:
    return value.get_secret_value() if value is not None else ""


def single_workspace_authorize(bot_token: str):
    """An `authorize` for one workspace: the bot token, with ids from one cached auth.test."""
    cached: list[AuthorizeResult] = []

    async def authorize(client: AsyncWebClient) -> AuthorizeResult:
        if not cached:
            resp = await client.auth_test(token=bot_token)
            cached.append(AuthorizeResult.from_auth_test_response(auth_test_response=resp, bot_token=bot_token))
        return cached[0]

    return authorize


@dataclass
class SlackBot:
    app: AsyncApp
    client: AsyncWebClient
    work: Work = field(default_factory=Work)

    def web_app(self) -> web.Application:
        """The aiohttp application serving POST /slack/events (HTTP mode)."""
        return AsyncSlackAppServer(port=0, path=EVENTS_PATH, app=self.app).web_app


def secrets(settings) -> tuple[str, str]:
    """(bot token, signing secret) or a SlackSetupError that says where to find the missing one."""
    token = _secret(settings.slack_bot_token)
    if not token:
        raise SlackSetupError("SLACK_BOT_TOKEN is not set (Slack app > OAuth & Permissions > Bot User OAuth Token).")
    secret = _secret(settings.slack_signing_secret)
    if settings.slack_mode == "http" and not secret:
        raise SlackSetupError("SLACK_SIGNING_SECRET is not set (Slack app > Basic Information > Signing Secret); "
                              "HTTP mode refuses unsigned requests.")
    if settings.slack_mode == "socket" and settings.slack_app_token is None:
        raise SlackSetupError("SLACK_APP_TOKEN (xapp-..., with connections:write) is not set; Socket Mode needs "
                              "it. Set it, or use SLACK_MODE=http with SLACK_SIGNING_SECRET.")
    app_token = _secret(settings.slack_app_token)
    if token.startswith("xapp-") and app_token.startswith("xoxb-"):
        raise SlackSetupError("SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped: the bot token starts with xoxb-, "
                              "the app-level token with xapp-.")
    if not token.startswith("xoxb-"):
        raise SlackSetupError(f"SLACK_BOT_TOKEN must be the bot token, which starts with xoxb- (this one starts "
                              f"with {_prefix(token)}): Slack app > OAuth & Permissions > Bot User OAuth Token.")
    if settings.slack_mode == "socket" and not app_token.startswith("xapp-"):
        raise SlackSetupError(f"SLACK_APP_TOKEN must be an app-level token, which starts with xapp- (this one "
                              f"starts with {_prefix(app_token)}): Slack app > Basic Information > App-Level "
                              "Tokens, with connections:write.")
    return token, secret


def _prefix(token: str) -> str:
    """Enough of a token to tell its kind (xoxp-, xapp-, ...), never the secret part."""
    head = token.split("-", 1)[0]
    return f"{head}-" if "-" in token and len(head) <= 5 else "something else"


def web_client(settings, token: str) -> AsyncWebClient:
    """Slack's client, retrying what Slack asks to be retried: a 429 after its Retry-After (a burst of
    answers in one channel meets chat.postMessage's limit of about one a second), a 500 or 503
    and a dropped connection. slack_sdk only retries the last by default, and a reply that fails
    is not sent again by anyone else: without these, feedback in a busy channel was lost."""
    handlers = [AsyncConnectionErrorRetryHandler(max_retry_count=2),
                AsyncRateLimitErrorRetryHandler(max_retry_count=3),
                AsyncServerErrorRetryHandler(max_retry_count=2)]
    return AsyncWebClient(token=token, retry_handlers=handlers,
                          **({"base_url": settings.slack_api_url} if settings.slack_api_url else {}))


def build_bot(settings, coach, client: AsyncWebClient | None = None) -> SlackBot:
    token, secret = secrets(settings)
    http = settings.slack_mode == "http"
    client = client or web_client(settings, token)
    # process_before_response: listeners only ack and spawn, so the reply to Slack is
    # immediate either way, and Work (not bolt) owns the slow part
    app = AsyncApp(client=client, authorize=single_workspace_authorize(token), signing_secret=secret,
                   request_verification_enabled=http, process_before_response=True, name="interview-coach")
    bot = SlackBot(app, client)
    listeners.register(app, coach, bot.work, daily_feedback=settings.daily_feedback)
    return bot
