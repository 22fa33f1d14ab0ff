"""Where each reply goes: the DM, the channel, the thread, or only the asker's eyes.

The engine marks replies `private`; in a DM everything is private already, in
a channel a private reply must not spoil a daily answer for the others, so it
goes as an ephemeral message (or a DM, by settings.daily_feedback).

Threads: `thread_ts` is the thread the person wrote in, and every reply goes
there. A top-level @mention starts no thread, but its public replies may hang
under it (`reply_under`); an ephemeral never does, because Slack shows an
ephemeral in a thread only when that thread already exists.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.translate import to_message
from bot.engine import replies as r

log = logging.getLogger(__name__)


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
            dm = await open_dm(self.client, self.user)
            await self.client.chat_postMessage(channel=dm, text=msg.text, blocks=msg.blocks)
        else:
            await self.client.chat_postEphemeral(channel=self.channel, user=self.user, text=msg.text,
                                                 blocks=msg.blocks, **self._thread())

    def _thread(self, here: bool = True, public: bool = False) -> dict:
        """thread_ts for a post in this target's channel (`here`), if it belongs in a thread."""
        thread = self.thread_ts or (self.reply_under if public else "")
        return {"thread_ts": thread} if here and thread else {}
