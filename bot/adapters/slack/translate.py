"""Slack payloads in, engine events out; replies out as Block Kit (see blocks.py).

Pure functions on the JSON Slack sends, so they are tested on recorded
payloads and hold every Slack-specific decision about what a delivery means.
"""
from __future__ import annotations

import re
from dataclasses import replace

from bot.adapters.slack.blocks import ACTION_PREFIX, Message, to_message
from bot.adapters.slack.emoji import emoji_in_blocks
from bot.adapters.slack.mrkdwn import plain
from bot.engine.command_typos import misspelt_start
from bot.engine.commands import parse_command, usage_for
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.engine.misread_commands import misread_command
from bot.engine.question_ref import ref_args
from bot.engine.render_text import defuse_mentions
from bot.engine.start_args import unreadable_start

PLATFORM = "slack"
# Commands about the person's own interview: answered in their DM with the bot,
# so the answers they type next land in the same conversation.
INTERVIEW_COMMANDS = {"start", "hint", "skip", "repeat", "end", "answer", "status"}
# Commands answered where they are asked that still read the person's interview, which runs in their DM
# (history says the running interview's answers are added as each question finishes).
READ_DM_INTERVIEW = {"history"}
ADMIN_COMMANDS = {"daily"}
HOME_COMMANDS = ("status", "streak", "history")  # what the App Home tab shows
PERSON_SUBTYPES = {None, "", "thread_broadcast", "file_share"}  # messages a person typed (see message_event)
_LEADING_MENTION = re.compile(r"^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[:,]?\s*")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
COMMAND_ATTEMPT_WORDS = 6  # a longer top-level mention is a question put to the bot, not a command gone wrong
DAILY_POSTING = {"set", "on"}  # `daily` words after which the bot must be able to post in the channel
DAILY_CHANGES = DAILY_POSTING | {"off", "add", "edit", "remove"}  # ... and every word that changes a channel's daily

__all__ = ["Message", "to_message", "message_event", "slash_event", "button_event", "needs_dm",
           "needs_admin", "slash_name", "team_of", "pressed_on_home", "home_events", "home_commands",
           "mentions_bot", "bare_mention", "command_name", "dm_thread", "button_thread", "asks_to_post_daily"]


def team_of(body: dict) -> str:
    team = body.get("team_id") or body.get("team") or (body.get("user") or {}).get("team_id") or ""
    return team.get("id", "") if isinstance(team, dict) else team


def _key(team: str, user: str, channel: str) -> ConversationKey:
    return ConversationKey(UserRef(PLATFORM, team, user), channel)


def bot_users(body: dict) -> set[str]:
    """The bot's own user id(s), from the `authorizations` Slack puts on every event."""
    return {a["user_id"] for a in body.get("authorizations") or [] if a.get("is_bot") and a.get("user_id")}


def mentions_bot(body: dict) -> bool:
    """Whether the message is said to the bot: an app_mention, or the `message` twin Slack sends of it
    (same text, same client_msg_id). Both twins must mean the same, whichever arrives first."""
    ev = body.get("event") or {}
    if ev.get("type") == "app_mention":
        return True
    ours = bot_users(body)
    return any(m.group(1) in ours for m in _MENTION.finditer(ev.get("text") or ""))


def bare_mention(body: dict) -> bool:
    """A channel message that is the bot's mention and nothing else ("@coach"): no words, no file to read."""
    ev = body.get("event") or {}
    if not mentions_bot(body) or ev.get("files") or ev.get("channel_type") == "im":
        return False
    return not plain(_without_leading_mention(ev.get("text") or "", bot_users(body), True)).strip()


def _without_leading_mention(text: str, ours: set[str], is_mention: bool) -> str:
    """The text without a leading mention of the bot itself ("<@UBOT> hint" -> "hint"), in any kind of
    message: in a DM too, so it is read as the command it is, not graded as an answer. Without the
    bot's id (a payload with no authorizations), an app_mention's leading mention is taken as ours."""
    m = _LEADING_MENTION.match(text)
    if m and (m.group(1) in ours or (is_mention and not ours)):
        return text[m.end():]
    return text


def mentioned_users(body: dict, most: int = 5) -> list[str]:
    """The people a message mentions (not the bot), first `most` of them: whose names to look up."""
    ours = bot_users(body)
    found = dict.fromkeys(m.group(1) for m in _MENTION.finditer((body.get("event") or {}).get("text") or ""))
    return [user for user in found if user not in ours][:most]


def message_event(body: dict, names: dict[str, str] | None = None) -> Event | None:
    """A DM to the bot, a reply in a channel thread, or an @mention; None for everything else.

    Edits, deletions, joins and bot posts carry a subtype or a bot_id: none of
    them is a person answering. Two subtypes are: a thread reply also sent to the
    channel, and a message with a file (its text is the answer; with none, the
    coach says it reads only text). Top-level channel chatter is not for us either.
    `names`: the mentioned people's names (user id -> name), looked up by the listener.
    """
    ev = body.get("event") or {}
    if ev.get("subtype") not in PERSON_SUBTYPES or ev.get("bot_id") or not ev.get("user") or not ev.get("channel"):
        return None
    # the bot's own file uploads (the progress chart) come back as file_share, perhaps without a bot_id
    ours = bot_users(body)
    if ev["user"] in ours:
        return None
    ts, thread = ev.get("ts", ""), ev.get("thread_ts", "")
    in_dm = ev.get("channel_type") == "im"
    is_mention = ev.get("type") == "app_mention"
    if not (is_mention or in_dm or (thread and thread != ts)):
        return None
    text = _without_leading_mention(ev.get("text") or "", ours, is_mention)
    # client_msg_id is the same for a redelivery and for the message/app_mention twins
    message_id = ev.get("client_msg_id") or (f"{ev['channel']}:{ts}" if ts else body.get("event_id", ""))
    return Event(key=_key(team_of(body) or ev.get("team", ""), ev["user"], ev["channel"]), kind=EventKind.text,
                 text=plain(text, emoji_in_blocks(ev.get("blocks")), names).strip(), message_id=message_id,
                 thread="" if in_dm or thread == ts else thread)


def slash_event(body: dict, channel: str | None = None, is_admin: bool = False) -> Event:
    """`/coach <words>` as a command event; `channel` overrides where the conversation lives."""
    words = plain(body.get("text", "")).strip()
    key = _key(team_of(body), body.get("user_id", ""), channel or body.get("channel_id", ""))
    if not words:
        return Event(key=key, kind=EventKind.command, name="help", is_admin=is_admin)
    command = parse_command(words)
    if command is None:  # the coach answers an unknown name with help that names it
        return Event(key=key, kind=EventKind.command, name=words[:60], is_admin=is_admin)
    return Event(key=key, kind=EventKind.command, name=command.name, args=command.args, text=command.rest,
                 is_admin=is_admin, message_id=f"cmd:{body['trigger_id']}" if body.get("trigger_id") else "")


def slash_name(body: dict) -> str:
    """The command a slash payload names, before any API call is made for it."""
    words = plain(body.get("text", "")).strip()
    command = parse_command(words) if words else None
    return command.name if command else "help"


def moves_to_dm(event: Event, in_dm: bool, mentioned: bool) -> bool:
    """An interview command said to the bot in a channel (`@coach start llm`): the interview belongs
    in the DM, where answers are read without a mention, as `/coach interview` does. Without a
    mention, "end" or "status" in some thread is people talking, not a command."""
    command = parse_command(event.text) if mentioned and not in_dm else None
    return command is not None and needs_dm(command.name)


def in_channel(event: Event, channel: str) -> Event:
    """The same event in another conversation of the same person (their DM)."""
    return replace(event, key=ConversationKey(event.key.user, channel), thread="")


def needs_dm(name: str) -> bool:
    return name in INTERVIEW_COMMANDS


def reads_dm_interview(name: str) -> bool:
    """Answered where asked, but about the interview in the person's DM: its event is keyed there."""
    return name in READ_DM_INTERVIEW


def needs_admin(name: str) -> bool:
    return name in ADMIN_COMMANDS


def command_name(event: Event) -> str:
    """The command an event carries ("" for an answer): a slash command's name, or a typed one's."""
    if event.kind != EventKind.text:
        return event.name
    command = parse_command(event.text)
    return command.name if command else ""


def asks_to_post_daily(event: Event, words: set[str] = DAILY_POSTING) -> bool:
    """`daily set ...` or `daily on`, slashed or typed: after these the bot has to be able to post in
    the channel. With `words=DAILY_CHANGES`, any `daily` command that changes a channel's daily."""
    name, rest = event.name, event.text
    if event.kind == EventKind.text:
        command = parse_command(event.text)
        name, rest = (command.name, command.rest) if command else ("", "")
    given = rest.split(maxsplit=1)
    return name == "daily" and bool(given) and given[0].lower() in words


def changes_daily(event: Event) -> bool:
    """`daily set|on|off|add|edit|remove ...`: none of them belongs in a DM or a group DM (QA: `daily off`
    there saved settings, and `daily add` a team question, for a conversation that can have no daily)."""
    return asks_to_post_daily(event, DAILY_CHANGES)


def is_im(channel: str, channel_name: str = "") -> bool:
    """A direct message, no place for a daily question: Slack's IM ids start with D, and a slash
    command's payload names a group DM (mpim, a G id as an old private channel has) "mpdm-..."."""
    return channel.startswith("D") or channel_name.startswith("mpdm-")


def in_group_dm(event_payload: dict) -> bool | None:
    """Whether a message event was sent in a group DM (channel_type mpim); None when it cannot say, for
    Slack to be asked: an app_mention carries no channel_type, and a group DM has a G id as an old private
    channel has."""
    kind = event_payload.get("channel_type")
    if kind or not (event_payload.get("channel") or "").startswith("G"):
        return kind == "mpim"
    return None


def is_command(event: Event) -> bool:
    return event.kind != EventKind.text or parse_command(event.text) is not None


def tries_command(event: Event) -> bool:
    """A short text that starts with a command word (or a slip of `start`) but does not read as the command:
    "start llm juniorr 3", "daily sett time=09:00", "strat llm". These are the engine's own tests for a
    command gone wrong with no interview running, so the coach answers each with that command's usage."""
    text = event.text
    if event.kind != EventKind.text or len(text.split()) > COMMAND_ATTEMPT_WORDS:
        return False
    return bool(unreadable_start(text) or misspelt_start(text) or usage_for(text))


def usage_gone_wrong(event: Event) -> str:
    """A short text that starts with a command word, or a slip of one, and goes on with words that command
    does not take ("strak quantum", "grops foo", "leaderbord a b"): that command's usage, as an interview or a
    daily thread gives it; "" for anything else. For what tries_command does not find, which the coach
    would answer as an answer sent with no interview running."""
    misread = misread_command(event.text, ()) if event.kind == EventKind.text else None
    if misread is None or needs_dm(misread.command):  # "hnit quantum": the pointer says interviews run in the DM
        return ""
    return defuse_mentions(misread.usage())


def dm_thread(body: dict) -> str:
    """The thread a DM was written in, so the replies go there too ("" for the main DM view).
    The engine never sees it: a DM has one conversation, threads or not."""
    ev = body.get("event") or {}
    thread = ev.get("thread_ts", "")
    return thread if ev.get("channel_type") == "im" and thread and thread != ev.get("ts") else ""


def button_thread(body: dict) -> str:
    """The thread of the message whose button was pressed ("" outside one): the replies follow it."""
    container = body.get("container") or {}
    thread = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts") or ""
    return thread if thread != container.get("message_ts") else ""  # a thread's parent is in the main view


def button_event(body: dict, channel: str | None = None) -> Event | None:
    """A press on one of a question's buttons (hint / skip / end), or on a start button of the App
    Home (`channel`: the person's DM, where that interview runs; a Home press carries no channel)."""
    actions = body.get("actions") or []
    channel = channel or (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    user = (body.get("user") or {}).get("id")
    if not actions or not channel or not user:
        return None
    action = actions[0]
    name = action.get("action_id", "").removeprefix(ACTION_PREFIX).partition(":")[0]
    if name == "start":
        args = {"track": action["value"]} if action.get("value") else {}
    else:  # the button's value is the question (and its part) it was shown with: a stale press is told apart
        args = ref_args(action.get("value") or "")
    return Event(key=_key(team_of(body), user, channel), kind=EventKind.button, name=name, args=args,
                 message_id=f"action:{channel}:{action.get('action_ts', '')}" if action.get("action_ts") else "")


def pressed_on_home(body: dict) -> bool:
    return (body.get("container") or {}).get("type") == "view"


def home_events(body: dict) -> list[Event]:
    """The commands whose replies fill the App Home tab of whoever opened it ([] for the Messages tab)."""
    ev = body.get("event") or {}
    if ev.get("type") != "app_home_opened" or ev.get("tab") != "home" or not ev.get("user") or not ev.get("channel"):
        return []
    return home_commands(_key(team_of(body) or ev.get("team", ""), ev["user"], ev["channel"]))


def home_commands(key: ConversationKey) -> list[Event]:
    """`key`'s channel is the person's DM with the bot, where their interview lives."""
    return [Event(key=key, kind=EventKind.command, name=name) for name in HOME_COMMANDS]
