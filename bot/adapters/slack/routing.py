"""Where each reply goes: the DM, the channel, the thread, or only the asker's eyes.

The engine marks replies `private`; in a DM everything is private already, in
a channel a private reply must not spoil a daily answer for the others, so it
goes as an ephemeral message (or a DM, by settings.daily_feedback).
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

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
    thread_ts: str = ""
    respond: Callable[..., Awaitable] | None = None  # a slash command's response_url
    private_via: str = "ephemeral"  # ephemeral | dm

    async def send_all(self, replies: list[r.Reply]) -> None:
        for reply in replies:
            try:
                await self.send(reply)
            except SlackApiError as exc:  # one failed post must not drop the rest
                log.warning("slack post failed: %s", exc.response.get("error"))

    async def send(self, reply: r.Reply) -> None:
        msg = to_message(reply)
        if isinstance(reply, r.ImageReply):
            channel = self.channel if self.is_dm or not reply.private else await open_dm(self.client, self.user)
            await self.client.files_upload_v2(channel=channel, file=reply.png, filename=reply.filename,
                                              title="Progress", initial_comment=msg.text)
        elif self.is_dm:
            await self.client.chat_postMessage(channel=self.channel, text=msg.text, blocks=msg.blocks)
        elif reply.private:
            await self._private(msg)
        elif self.respond is not None:
            await self.respond(text=msg.text, blocks=msg.blocks, response_type="in_channel",
                               replace_original=False)
        else:
            await self.client.chat_postMessage(channel=self.channel, text=msg.text, blocks=msg.blocks,
                                               **({"thread_ts": self.thread_ts} if self.thread_ts else {}))

    async def _private(self, msg) -> None:
        if self.respond is not None:
            await self.respond(text=msg.text, blocks=msg.blocks, response_type="ephemeral", replace_original=False)
        elif self.private_via == "dm":
            dm = await open_dm(self.client, self.user)
            await self.client.chat_postMessage(channel=dm, text=msg.text, blocks=msg.blocks)
        else:
            await self.client.chat_postEphemeral(channel=self.channel, user=self.user, text=msg.text,
                                                 blocks=msg.blocks,
                                                 **({"thread_ts": self.thread_ts} if self.thread_ts else {}))
