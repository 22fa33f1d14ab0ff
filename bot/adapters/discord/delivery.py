"""Putting `Outgoing` messages on Discord: channel sends, DMs and interaction follow-ups.

Every call names `allowed_mentions=NONE` itself (the bot sets it too), so a
reply that echoes "@everyone" can never ping, whichever path it takes.
"""
from __future__ import annotations

import io
import logging

import discord

from bot.adapters.discord.embeds import Outgoing
from bot.adapters.discord.views import CoachView

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
DM_CLOSED = ("I couldn't send you a direct message. Allow DMs from server members "
             "(Server name → Privacy Settings) and try again.")


def _kwargs(item: Outgoing) -> dict:
    kwargs: dict = {"allowed_mentions": NONE}
    if item.content:
        kwargs["content"] = item.content
    if item.embeds:
        kwargs["embeds"] = item.embeds
    if item.buttons:
        kwargs["view"] = CoachView(item.buttons, question_id=item.question_id)
    if item.file:
        name, data = item.file
        kwargs["file"] = discord.File(io.BytesIO(data), filename=name)
    return kwargs


async def send(target: discord.abc.Messageable, items: list[Outgoing]) -> list[discord.Message]:
    """Send in order to a channel, thread or user (a user means their DM)."""
    return [await target.send(**_kwargs(item)) for item in items]


async def follow_up(interaction: discord.Interaction, items: list[Outgoing], in_guild: bool) -> None:
    """Answer a deferred interaction; private replies are ephemeral inside a guild."""
    for item in items:
        await interaction.followup.send(**_kwargs(item), ephemeral=in_guild and item.private)


async def send_private(user: discord.abc.User, items: list[Outgoing],
                       fallback: discord.abc.Messageable | None = None) -> bool:
    """DM a user; if their DMs are closed, say so (without their feedback) where they wrote."""
    try:
        await send(user, items)
        return True
    except discord.Forbidden:
        if fallback is not None:
            await fallback.send(content=DM_CLOSED, allowed_mentions=NONE)
        return False
