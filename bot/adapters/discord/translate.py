"""discord.py objects in, `Event`s out. Pure: no network, no coach.

Where a conversation lives on Discord:
- an interview runs in the user's DM with the bot, keyed ("discord", "dm", user id)
  on the DM channel, whether it was started by a DM message or a slash command;
- a daily question and the boards belong to a guild channel, keyed (guild id,
  channel id); an answer in a daily thread carries the thread id and the parent
  channel as its key, because the daily is stored per channel.
"""
from __future__ import annotations

import re

import discord

from bot.engine.commands import CODE_SPANS
from bot.engine.events import NO_WORKSPACE, ConversationKey, Event, EventKind, UserRef

PLATFORM = "discord"
DM = NO_WORKSPACE
MAX_INPUT_CHARS = 8000  # Discord allows 4,000 (Nitro); more is a bug or abuse, and grading reads only the start
CUSTOM_EMOJI_STAND_IN = "\U0001f5bc"  # 🖼: a server's own emoji is a picture, with no Unicode form
_CUSTOM_EMOJI = re.compile(r"<a?:\w{2,32}:\d{15,21}>")
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")


def dm_key(user_id: int, dm_channel_id: int) -> ConversationKey:
    return ConversationKey(UserRef(PLATFORM, DM, str(user_id)), str(dm_channel_id))


def channel_key(guild_id: int, channel_id: int, user_id: int) -> ConversationKey:
    return ConversationKey(UserRef(PLATFORM, str(guild_id), str(user_id)), str(channel_id))


def _text(raw: str) -> str:
    return raw[:MAX_INPUT_CHARS]


def _without_custom_emoji(content: str) -> str:
    """The content without a server's own emoji (`<:pepe:123…>`, `<a:dance:123…>`), which would reach
    the grader as the words "pepe" and "dance" and spend a try. Unicode emoji arrive as Unicode and read
    as emoji (nothing to grade, the try stays open); a message of nothing but custom emoji keeps one
    stand-in emoji so it reads the same (an empty one is not read at all). Code is left as written."""
    if "<" not in content:
        return content
    out, last = [], 0
    for code in CODE_SPANS.finditer(content):
        out += [_CUSTOM_EMOJI.sub("", content[last:code.start()]), code.group(0)]
        last = code.end()
    out.append(_CUSTOM_EMOJI.sub("", content[last:]))
    text = "".join(out)
    return CUSTOM_EMOJI_STAND_IN if content.strip() and not text.strip() else text


def _readable_mentions(message: discord.Message, content: str) -> str:
    """Mentions as the person saw them when they wrote (`<@999>` -> "@Bob", `<@&5>` -> "@mods",
    `<#7>` -> "#general"), like discord.py's clean_content, so an answer is quoted back with names;
    what the bot cannot name reads "@someone", "@role" or "#channel" rather than a number or a
    "deleted" guess. @everyone and @here stay as typed: the grader and every send defuse them."""
    guild = message.guild

    def named(m: re.Match) -> str:
        kind, ident = m.group(1), int(m.group(2))
        if kind == "#":
            channel = guild.get_channel_or_thread(ident) if guild else None
            return f"#{channel.name}" if channel else "#channel"
        if kind == "@&":
            role = (guild.get_role(ident) if guild else None) or discord.utils.get(message.role_mentions, id=ident)
            return "@" + role.name.lstrip("@") if role else "@role"
        user = (guild.get_member(ident) if guild else None) or discord.utils.get(message.mentions, id=ident)
        return f"@{_name(user)}" if user else "@someone"

    return _MENTION.sub(named, content) if "<" in content else content


def _name(user: discord.abc.User) -> str:
    return user.display_name or user.name


def is_manager(perms: discord.Permissions | None) -> bool:
    """Who may change a channel's daily question: the one rule, for slash commands and thread words
    alike. Manage Server (administrators have every permission, so they have it too)."""
    return bool(perms and (perms.manage_guild or perms.administrator))


def _admin(member: discord.abc.User, permissions: discord.Permissions | None = None) -> bool:
    return is_manager(permissions or getattr(member, "guild_permissions", None))


# A daily is a message in a channel with a thread opened under it: not in a thread (a forum post is
# one), a forum, a media or a voice channel. What the bot needs there, in the names Discord shows.
NOT_A_TEXT_CHANNEL = "a text channel"
DAILY_CHANNELS = (discord.ChannelType.text, discord.ChannelType.news)
DAILY_PERMISSIONS = {"view_channel": "View Channel", "send_messages": "Send Messages", "embed_links": "Embed Links",
                     "create_public_threads": "Create Public Threads",
                     "send_messages_in_threads": "Send Messages in Threads"}


def daily_home_missing(channel, app_permissions: discord.Permissions | None) -> list[str]:
    """What keeps the bot from posting a daily in this channel: [NOT_A_TEXT_CHANNEL], or the
    permissions it lacks there; empty when it can. An unknown channel type is given the benefit."""
    kind = getattr(channel, "type", None)
    if kind is not None and kind not in DAILY_CHANNELS:
        return [NOT_A_TEXT_CHANNEL]
    if app_permissions is None or app_permissions.administrator:
        return []
    return [label for flag, label in DAILY_PERMISSIONS.items() if not getattr(app_permissions, flag)]


def message_event(message: discord.Message, bot_user_id: int | None) -> Event | None:
    """An event for a DM or a daily-thread message; None for what the coach should not see."""
    author = message.author
    if author.bot or author.id == bot_user_id or message.type not in (discord.MessageType.default,
                                                                      discord.MessageType.reply):
        return None
    channel, text = message.channel, _text(_readable_mentions(message, _without_custom_emoji(message.content)))
    if message.guild is None:
        return Event(key=dm_key(author.id, channel.id), kind=EventKind.text, text=text,
                     message_id=str(message.id), display_name=_name(author))
    if isinstance(channel, discord.Thread) and channel.parent_id:
        return Event(key=channel_key(message.guild.id, channel.parent_id, author.id), kind=EventKind.text,
                     text=text, message_id=str(message.id), thread=str(channel.id),
                     is_admin=_admin(author), display_name=_name(author))
    return None  # ordinary guild chatter is not for the coach


def mentions_in_channel(message: discord.Message, bot_user: discord.abc.User | None) -> bool:
    """A person mentioning the bot in a server channel (not a thread), where messages are not read."""
    return (bot_user is not None and message.guild is not None and not message.author.bot
            and not isinstance(message.channel, discord.Thread)
            and any(m.id == bot_user.id for m in message.mentions))


def interaction_event(interaction: discord.Interaction, key: ConversationKey, name: str, *,
                      kind: EventKind = EventKind.command, args: dict[str, str] | None = None,
                      text: str = "", thread: str = "", message_id: str = "") -> Event:
    """A slash command, button or modal as an event on the given conversation key."""
    return Event(key=key, kind=kind, text=_text(text), name=name, args=dict(args or {}),
                 message_id=message_id or str(interaction.id),
                 is_admin=interaction.guild_id is not None and _admin(interaction.user, interaction.permissions),
                 thread=thread, display_name=_name(interaction.user))


def guild_key(interaction: discord.Interaction) -> ConversationKey | None:
    """The channel key of a guild interaction (threads count as their parent channel)."""
    if interaction.guild_id is None or interaction.channel_id is None:
        return None
    channel = interaction.channel
    channel_id = channel.parent_id if isinstance(channel, discord.Thread) and channel.parent_id else interaction.channel_id
    return channel_key(interaction.guild_id, channel_id, interaction.user.id)
