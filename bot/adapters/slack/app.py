"""The bolt app, built from settings, and the two ways Slack reaches it.

Socket Mode (SLACK_APP_TOKEN) needs no public URL; HTTP mode serves
/slack/events with every request's signature checked against
SLACK_SIGNING_SECRET. The bot token is given through `authorize` so nothing
talks to Slack while the app is being built: auth.test runs once, on the first
request, through the same client (and so against the fake server in tests).
`check_tokens` asks Slack about both tokens before the bot starts, so a bad
one ends `coach slack` with a line that names it.
"""
from __future__ import annotations

import contextlib
import logging
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
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import listeners
from bot.adapters.slack.work import Work

EVENTS_PATH = "/slack/events"
log = logging.getLogger(__name__)
# what Slack answers for a token it will not take
REFUSED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
           "not_allowed_token_type", "invalid_token"}
BOT_TOKEN_HELP = "copy the Bot User OAuth Token again (Slack app > OAuth & Permissions) and set SLACK_BOT_TOKEN to it"


class SlackSetupError(RuntimeError):
    """A missing token or secret, named so the person running `coach slack` can fix it."""


class SlackUnreachable(RuntimeError):
    """Slack's Web API did not answer at start (no network, DNS, a proxy)."""


def _secret(value) -> str:
    return value.get_secret_value() if value is not None else ""


def single_workspace_authorize(bot_token: str):
    """An `authorize` for one workspace: the bot token, with ids from one cached auth.test."""
    cached: list[AuthorizeResult] = []

    async def authorize(client: AsyncWebClient) -> AuthorizeResult:
        if not cached:
            try:
                resp = await client.auth_test(token=bot_token)
            except SlackApiError as exc:  # revoked while running: bolt itself only says "reinstall"
                error = exc.response.get("error", "")
                if error in REFUSED:
                    log.error("Slack refused SLACK_BOT_TOKEN (%s): %s", error, BOT_TOKEN_HELP)
                raise
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


def check_tokens(settings) -> str:
    """Ask Slack about the tokens before anything else starts: auth.test for the bot token and, in
    Socket Mode, apps.connections.open for the app-level token. Returns the bot's team name;
    raises SlackSetupError for a refused token, SlackUnreachable when Slack does not answer."""
    from slack_sdk import WebClient

    token, _ = secrets(settings)
    base = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    where = settings.slack_api_url or WebClient.BASE_URL
    try:
        team = WebClient(token=token, timeout=15, **base).auth_test().get("team", "")
        if settings.slack_mode == "socket":
            app_token = _secret(settings.slack_app_token)
            try:
                WebClient(timeout=15, **base).apps_connections_open(app_token=app_token)
            except SlackApiError as exc:
                error = exc.response.get("error", "")
                raise SlackSetupError(f"Slack refused SLACK_APP_TOKEN ({error}): create an app-level token with "
                                      "connections:write (Slack app > Basic Information > App-Level Tokens) and "
                                      "set SLACK_APP_TOKEN to it; Socket Mode must be on (Slack app > Socket "
                                      "Mode).") from None
    except SlackApiError as exc:
        error = exc.response.get("error", "")
        if error in REFUSED:
            raise SlackSetupError(f"Slack refused SLACK_BOT_TOKEN ({error}): {BOT_TOKEN_HELP}.") from None
        raise SlackSetupError(f"Slack answered auth.test for SLACK_BOT_TOKEN with '{error}'.") from None
    except (OSError, ValueError) as exc:  # urllib's URLError, a timeout, a refused connection
        reason = getattr(exc, "reason", None) or exc
        raise SlackUnreachable(f"cannot reach Slack at {where} ({reason}): check the network, DNS or "
                               "HTTPS_PROXY; the tokens were not checked.") from None
    return str(team)


@contextlib.contextmanager
def _quiet_token_warnings():
    """bolt warns that `token` is unused or ignored whenever a client and an `authorize` are both
    given, and when SLACK_BOT_TOKEN is in the environment: both hold here by design."""
    quiet = ("`token` will be unused", "`token` (or SLACK_BOT_TOKEN env variable) will be ignored")

    def keep(record: logging.LogRecord) -> bool:
        return not any(q in record.getMessage() for q in quiet)

    logger = logging.getLogger("slack_bolt.AsyncApp")
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


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
    with _quiet_token_warnings():
        app = AsyncApp(client=client, authorize=single_workspace_authorize(token), signing_secret=secret,
                       request_verification_enabled=http, process_before_response=True, name="interview-coach")
    bot = SlackBot(app, client)
    listeners.register(app, coach, bot.work, daily_feedback=settings.daily_feedback)
    return bot
