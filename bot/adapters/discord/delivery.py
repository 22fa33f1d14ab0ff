"""Putting `Outgoing` messages on Discord: channel sends, DMs and interaction follow-ups.

Every call names `allowed_mentions=NONE` itself (the bot sets it too), so a
reply that echoes "@everyone" can never ping, whichever path it takes.
"""
from __future__ import annotations

import asyncio
import io
import logging
from functools import partial

import discord

from bot.adapters.discord.embeds import Outgoing
from bot.adapters.discord.views import CoachView
from bot.engine import replies as r
from bot.engine.not_graded import (CODE_NOTE, NO_TEXT, ONLY_EMOJI, ONLY_INSTRUCTIONS, SAID_TO_PEOPLE,
                                   UNREADABLE_NOTES)

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
RETRY_PAUSE = 1.0  # seconds before the one retry of a send Discord failed with a 5xx
DM_CLOSED = ("I couldn't send you a direct message. Allow DMs from server members "
             "(Server name → Privacy Settings) and try again.")
# a graded answer is counted whether or not its feedback reaches the DM; a resend would be a retry
# (counted only if higher), so the note says what counted and how to see the feedback next time
DM_CLOSED_GRADED = ("Your answer was graded{counted} I couldn't send you its feedback by direct message: allow DMs "
                    "from server members (Server name → Privacy Settings) to see your feedback next time.")
# an image, a file or a sticker alone in a daily's thread: the note that would have gone by DM (NO_TEXT), said
# where it was posted; it holds nothing private, and the image spent no try, so there is nothing to send again
DM_CLOSED_NO_TEXT = ("Your message had no text in it, so I graded nothing and it spent no try: post your answer "
                     "here as text (I can't read images, files or stickers). I'm saying this here because I couldn't "
                     "send you a direct message; allow DMs from server members (Server name → Privacy Settings) "
                     "to get your grades privately.")
# any other answer not graded (emoji alone, not English, code alone, ...): the engine's own note of why, which
# holds nothing private, said where it was posted; it spent no try either, so "try again" would be wrong
NOT_GRADED_NOTES = (ONLY_EMOJI, ONLY_INSTRUCTIONS, SAID_TO_PEOPLE, CODE_NOTE, *UNREADABLE_NOTES)
DM_CLOSED_NOT_GRADED = ("{note} It spent no try. I'm saying this here because I couldn't send you a direct "
                        "message; allow DMs from server members (Server name → Privacy Settings) to get your "
                        "grades privately.")
# an interaction the coach had nothing to say to: its message was taken in with another one (a turn of a
# later message took it in; another process handled it), whose replies carry the answer to it
TAKEN_WITH_ANOTHER = ("Still working on your earlier messages: this one was taken in with them, and my reply "
                      "to it comes with theirs.")


def _kwargs(item: Outgoing) -> dict:
    kwargs: dict = {"allowed_mentions": NONE}
    if item.content:
        kwargs["content"] = item.content
    if item.embeds:
        kwargs["embeds"] = item.embeds
    if item.buttons:
        kwargs["view"] = CoachView(item.buttons, question_ref=item.question_ref)
    if item.file:
        name, data = item.file
        kwargs["file"] = discord.File(io.BytesIO(data), filename=name)
    return kwargs


async def _twice(send_one, item: Outgoing):
    """One send, tried once more after a 5xx: discord.py retries 500s and 502s itself but raises a 503
    at once, and a lost feedback message is not sent again by anyone. (A 5xx may, rarely, follow a
    message Discord did create; a double is better than a loss.)"""
    try:
        return await send_one(**_kwargs(item))
    except discord.DiscordServerError as exc:
        log.warning("Discord failed a send (%s); trying once more", exc.status)
        await asyncio.sleep(RETRY_PAUSE)
        return await send_one(**_kwargs(item))  # a fresh view and file: the first ones were used


async def send(target: discord.abc.Messageable, items: list[Outgoing]) -> list[discord.Message]:
    """Send in order to a channel, thread or user (a user means their DM)."""
    return [await _twice(target.send, item) for item in items]


async def follow_up(interaction: discord.Interaction, items: list[Outgoing], in_guild: bool, *,
                    public_defer: bool = False) -> None:
    """Answer a deferred interaction; private replies are ephemeral inside a guild.

    Discord shows the first follow-up after a defer as the defer was (it replaces the "thinking"
    message, whatever its own flags say). So after a public defer (`public_defer`), a reply that
    starts with a private message first deletes the thinking message; later follow-ups keep their
    own visibility.

    A deferred interaction always gets a reply: left without one, Discord shows "The application did
    not respond"."""
    items = items or [Outgoing(content=TAKEN_WITH_ANOTHER, private=True)]
    if public_defer and in_guild and items and items[0].private:
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:  # it stays: make it say nothing, then the private reply follows
            log.warning("could not delete the public thinking message", exc_info=True)
            try:
                await interaction.edit_original_response(content="\u2026")
            except discord.HTTPException:
                log.warning("could not clear the public thinking message either", exc_info=True)
    for item in items:
        await _twice(partial(interaction.followup.send, ephemeral=in_guild and item.private), item)


async def send_private(user: discord.abc.User, items: list[Outgoing], written: discord.Message | None = None,
                       closed_note: str = DM_CLOSED) -> bool:
    """DM a user; if their DMs are closed, say so (without their feedback) in a reply to the message they
    wrote (`written`), which pings no one."""
    try:
        await send(user, items)
        return True
    except discord.Forbidden:
        if written is not None:
            await written.channel.send(content=closed_note, reference=written.to_reference(fail_if_not_exists=False),
                                       allowed_mentions=NONE)
        return False


def dm_closed_note(replies: list[r.Reply]) -> str:
    """What a member whose DMs are closed is told where they wrote: for a graded answer, what it counted;
    for an image alone, that it was not read; for another answer not graded, the engine's reason."""
    if len(replies) == 1 and isinstance(replies[0], r.Notice) and replies[0].text == NO_TEXT:
        return DM_CLOSED_NO_TEXT
    if len(replies) == 1 and isinstance(replies[0], r.Notice) and _not_graded(replies[0].text):
        return DM_CLOSED_NOT_GRADED.format(note=replies[0].text)
    if not any(isinstance(reply, r.FeedbackReply) for reply in replies):
        return DM_CLOSED
    said = " ".join(reply.text for reply in replies if isinstance(reply, r.Notice))
    counted = (": " if said[:1].isdigit() or said[:1] == "+" else ". ") + said if said else "."
    return DM_CLOSED_GRADED.format(counted=counted)


def _not_graded(text: str) -> bool:
    """Whether a notice is only the engine's notes of why an answer was not graded (it joins them)."""
    rest = text
    for note in sorted(NOT_GRADED_NOTES, key=len, reverse=True):
        rest = rest.replace(note, "")
    return bool(text.strip()) and not rest.strip()
