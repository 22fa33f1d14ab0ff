"""Where each reply goes: the DM, the channel, the thread, or only the asker's eyes.

The engine marks replies `private`; in a DM everything is private already, in
a channel a private reply must not spoil a daily answer for the others, so it
goes as an ephemeral message (or a DM, by settings.daily_feedback, or when Slack
refuses the ephemeral, say to someone it counts as outside the channel). A private
reply sent to the DM starts with a line naming the channel it comes from: beside
a mock interview in that DM, a daily's grade would read as the interview's. That
line names the command the message was (`streak`), when it was one: only an
answer in a daily's thread is "your reply to the daily question".

Threads: `thread_ts` is the thread the person wrote in, and every reply goes
there. A top-level @mention starts no thread, but its public replies may hang
under it (`reply_under`); an ephemeral never does, because Slack shows an
ephemeral in a thread only when that thread already exists.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.blocks import Message, context, fit
from bot.adapters.slack.mrkdwn import FALLBACK_LIMIT, clip_mrkdwn
from bot.adapters.slack.translate import to_message
from bot.engine import replies as r

log = logging.getLogger(__name__)
# `<#C123>` shows the channel's name and pings no one
DAILY_LEAD = "About your reply to the daily question in <#{channel}>:"
CHANNEL_LEAD = "About your message in <#{channel}>:"
COMMAND_LEAD = "About `{command}` in <#{channel}>:"
UNNAMED = {"thanks", "did-you-mean"}  # parsed as commands, but no command the person named


def dm_lead(channel: str, daily: bool = False, command: str = "") -> str:
    """The line heading what a message in `channel` gets privately in the DM: the command it was
    ("About `streak` in #general:"); else whether it was a reply to the daily question there ("thanks" is not)."""
    if command and command not in UNNAMED and command.replace("-", "").isalpha():
        return COMMAND_LEAD.format(command=command, channel=channel)
    return (DAILY_LEAD if daily and not command else CHANNEL_LEAD).format(channel=channel)


async def open_dm(client, user: str) -> str:
    """The bot's DM channel with a person (conversations.open is idempotent)."""
    resp = await client.conversations_open(users=user)
    return resp["channel"]["id"]


@dataclass
class Target:
    client: object  # slack_sdk AsyncWebClient
    channel: str
    user: str
    is_dm: bool = False
    thread_ts: str = ""  # the thread the person wrote in: every reply goes there
    reply_under: str = ""  # outside a thread, the message public replies may thread under
    respond: Callable[..., Awaitable] | None = None  # a slash command's response_url
    private_via: str = "ephemeral"  # ephemeral | dm
    daily: bool = False  # written in a daily question's thread
    command: str = ""  # the command the person's message was ("" for an answer): the DM's lead names it
    dm_fallback: bool = True  # an ephemeral Slack refuses goes to the DM (not a pointer to the DM itself)
    _led: bool = field(default=False, init=False, repr=False)  # the DM's lead line is sent

    async def send_all(self, replies: list[r.Reply]) -> None:
        for reply in replies:  # one failed post must not drop the rest
            try:
                await self.send(reply)
            except SlackApiError as exc:
                log.warning("slack post failed: %s", exc.response.get("error"))
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:  # after the client's retries
                log.warning("slack post failed: %r", exc)
            except Exception:  # noqa: BLE001 - a bug in one reply; the others may still go
                log.exception("slack post failed")

    async def send(self, reply: r.Reply) -> None:
        msg = to_message(reply)
        if isinstance(reply, r.ImageReply):
            channel = self.channel if self.is_dm or not reply.private else await open_dm(self.client, self.user)
            await self.client.files_upload_v2(channel=channel, file=reply.png, filename=reply.filename,
                                              title="Progress", initial_comment=msg.text,
                                              **self._thread(channel == self.channel, public=not reply.private))
        elif self.is_dm:
            await self.client.chat_postMessage(channel=self.channel, text=msg.text, blocks=msg.blocks,
                                               **self._thread())
        elif reply.private:
            await self._private(msg)
        elif self.respond is not None:
            await self.respond(text=msg.text, blocks=msg.blocks, response_type="in_channel",
                               replace_original=False)
        else:
            await self.client.chat_postMessage(channel=self.channel, text=msg.text, blocks=msg.blocks,
                                               **self._thread(public=True))

    async def _private(self, msg) -> None:
        if self.respond is not None:
            await self.respond(text=msg.text, blocks=msg.blocks, response_type="ephemeral", replace_original=False)
        elif self.private_via == "dm":
            await self._to_dm(msg)
        else:
            try:
                await self.client.chat_postEphemeral(channel=self.channel, user=self.user, text=msg.text,
                                                     blocks=msg.blocks, **self._thread())
            except SlackApiError as exc:  # e.g. user_not_in_channel: the grade still reaches its person
                if not self.dm_fallback:
                    raise
                log.warning("slack refused an ephemeral in %s (%s): sent to the DM instead", self.channel,
                            exc.response.get("error"))
                await self._to_dm(msg)

    async def _to_dm(self, msg: Message) -> None:
        """A private reply in the person's DM, the first of a message's replies led by where it comes from."""
        dm = await open_dm(self.client, self.user)
        if not self._led:
            lead = dm_lead(self.channel, self.daily, self.command)
            msg = Message(clip_mrkdwn(f"{lead}\n{msg.text}", FALLBACK_LIMIT), fit([context(lead), *msg.blocks]))
            self._led = True
        await self.client.chat_postMessage(channel=dm, text=msg.text, blocks=msg.blocks)

    def _thread(self, here: bool = True, public: bool = False) -> dict:
        """thread_ts for a post in this target's channel (`here`), if it belongs in a thread."""
        thread = self.thread_ts or (self.reply_under if public else "")
        return {"thread_ts": thread} if here and thread else {}
