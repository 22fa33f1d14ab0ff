"""Gateway and REST payloads shaped like Discord's own (API v10), as plain dicts."""
from __future__ import annotations

import itertools

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 910000000000000001
CHANNEL_ID = 910000000000000002
TS = "2026-11-16T09:00:00.000000+00:00"
ADMIN_PERMISSIONS = str(1 << 5 | 1 << 11 | 1 << 10)  # manage guild, send messages, view channel
MEMBER_PERMISSIONS = str(1 << 11 | 1 << 10)
BOT_PERMISSIONS = "309237763072"  # what the invite link in docs/discord.md grants

_ids = itertools.count(920000000000000001)


def snowflake() -> int:
    return next(_ids)


def user(uid: int, name: str = "ada", global_name: str | None = None, bot: bool = False) -> dict:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": global_name or name,
            "avatar": None, "bot": bot, "public_flags": 0}


BOT_USER = user(BOT_ID, "coach", "Interview Coach", bot=True)


def application() -> dict:
    return {"id": str(APP_ID), "name": "Interview Coach", "icon": None, "description": "", "rpc_origins": [],
            "bot_public": True, "bot_require_code_grant": False, "owner": user(1, "owner"), "summary": "",
            "verify_key": "0" * 64, "flags": 0, "interactions_endpoint_url": None}


def message(channel_id: int, author: dict, content: str = "", *, guild_id: int | None = None, mid: int | None = None,
            embeds: list | None = None, components: list | None = None, interaction_id: int | None = None,
            mentions: list | None = None, attachments: list | None = None) -> dict:
    data = {"id": str(mid or snowflake()), "channel_id": str(channel_id), "author": author, "content": content,
            "timestamp": TS, "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": mentions or [], "mention_roles": [], "attachments": attachments or [],
            "embeds": embeds or [], "pinned": False, "type": 0, "flags": 0, "components": components or []}
    if guild_id:
        data["guild_id"] = str(guild_id)
        data["member"] = {"roles": [], "joined_at": TS, "deaf": False, "mute": False, "flags": 0}
    return data


def dm_channel(channel_id: int, recipient: dict) -> dict:
    return {"id": str(channel_id), "type": 1, "recipients": [recipient], "last_message_id": None}


def text_channel(channel_id: int, guild_id: int = GUILD_ID, name: str = "interview-prep") -> dict:
    return {"id": str(channel_id), "type": 0, "guild_id": str(guild_id), "name": name, "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
            "last_message_id": None, "rate_limit_per_user": 0}


def thread(thread_id: int, parent_id: int, guild_id: int = GUILD_ID, name: str = "Daily", owner_id: int = BOT_ID) -> dict:
    return {"id": str(thread_id), "guild_id": str(guild_id), "parent_id": str(parent_id), "owner_id": str(owner_id),
            "name": name, "type": 11, "message_count": 0, "member_count": 1, "rate_limit_per_user": 0, "flags": 0,
            "last_message_id": None,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": TS,
                                "locked": False}}


def guild_create(guild_id: int = GUILD_ID, channel_id: int = CHANNEL_ID) -> dict:
    """GUILD_CREATE as the gateway sends it, trimmed to what the bot reads."""
    everyone = {"id": str(guild_id), "name": "@everyone", "permissions": MEMBER_PERMISSIONS, "position": 0,
                "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
    return {"id": str(guild_id), "name": "Study club", "icon": None, "owner_id": "1", "roles": [everyone],
            "emojis": [], "stickers": [], "features": [], "member_count": 3, "large": False, "unavailable": False,
            "members": [{"user": BOT_USER, "roles": [], "joined_at": TS, "deaf": False, "mute": False, "flags": 0}],
            "channels": [text_channel(channel_id, guild_id)], "threads": [], "voice_states": [], "presences": [],
            "preferred_locale": "en-US", "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
            "system_channel_flags": 0, "afk_timeout": 300}


def _interaction(itype: int, data: dict, who: dict, *, dm: int | None = None, guild_id: int | None = None,
                 channel_id: int | None = None, permissions: str = MEMBER_PERMISSIONS, msg: dict | None = None,
                 app_permissions: str = BOT_PERMISSIONS, channel: dict | None = None) -> dict:
    payload = {"id": str(snowflake()), "application_id": str(APP_ID), "type": itype, "data": data,
               "token": f"tok-{snowflake()}", "version": 1, "locale": "en-US", "entitlements": [],
               "app_permissions": app_permissions, "attachment_size_limit": 10485760,
               "authorizing_integration_owners": {"0": "1"}}
    if dm is not None:
        payload.update(channel_id=str(dm), channel=dm_channel(dm, who), user=who, context=1)
    else:
        payload.update(guild_id=str(guild_id), channel_id=str(channel_id),
                       channel=channel or text_channel(channel_id, guild_id),
                       guild={"id": str(guild_id), "locale": "en-US", "features": []}, context=0,
                       member={"user": who, "roles": [], "joined_at": TS, "deaf": False, "mute": False, "flags": 0,
                               "permissions": permissions})
    if msg is not None:
        payload["message"] = msg
    return payload


def command(name: str, who: dict, options: dict | None = None, *, sub: str | None = None, **where) -> dict:
    """An APPLICATION_COMMAND interaction (type 2); `sub` for a subcommand of a group."""
    opts = [{"name": k, "type": 4 if isinstance(v, int) else 3, "value": v} for k, v in (options or {}).items()]
    if sub:
        opts = [{"name": sub, "type": 1, "options": opts}]
    data = {"id": str(snowflake()), "name": name, "type": 1, "options": opts}
    return _interaction(2, data, who, **where)


def button(custom_id: str, who: dict, msg: dict, **where) -> dict:
    return _interaction(3, {"custom_id": custom_id, "component_type": 2}, who, msg=msg, **where)


def modal_submit(custom_id: str, field_id: str, value: str, who: dict, msg: dict | None = None, **where) -> dict:
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": field_id, "value": value}]}]
    return _interaction(5, {"custom_id": custom_id, "components": rows}, who, msg=msg, **where)


def attachment(filename: str = "answer.png") -> dict:
    aid = snowflake()
    return {"id": str(aid), "filename": filename, "size": 1024, "url": f"https://cdn.example/{aid}/{filename}",
            "proxy_url": f"https://media.example/{aid}/{filename}"}
