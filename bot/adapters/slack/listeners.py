"""The bolt listeners: ack at once, then translate, ask the coach, send the replies.

No decisions about interviews or grading live here; `translate` says what a
payload means and `Target` says where each reply goes. The coach is handed the
sending (`coach.handle(event, target.send_all)`), so a message's replies are
posted before the next message of its conversation is handled, and never after
that message's replies.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot.adapters.seen_threads import SeenThreads
from bot.adapters.slack import translate
from bot.adapters.slack.channels import bot_is_member, is_group_dm
from bot.adapters.slack.home import home_view
from bot.adapters.slack.people import look_up, names_of
from bot.adapters.slack.routing import Target, open_dm
from bot.adapters.slack.work import Work
from bot.community.refs import ChannelRef
from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, EventKind, UserRef
from bot.service.coach import BEFORE, EDITED, STORE_DOWN
from bot.store.errors import StoreError

log = logging.getLogger(__name__)
MOVED_TO_DM = "I've sent that to our DM: answer me there. (`/coach help` lists everything.)"
NOT_IN_CHANNEL = "I'm not in this channel yet: invite me with /invite <@{bot}> or the daily can't be posted."
NO_DAILY_IN_DM = ("A daily question is posted in a channel, for the people in it: run `daily set ...` "
                  "in that channel.")
# "Also send to #channel" ticked under a daily answer: graded as any answer, but everyone has read it.
BROADCAST_ANSWER = ("Your answer was also sent to the channel, where everyone can read it before they answer. "
                    "Next time, leave \"Also send to\" unticked; deleting the channel copy does not take your "
                    "answer back.")
MENTION_HELP = ("Mention me with a command here (`@coach leaderboard`, `@coach streak`), answer the daily "
                "question in its thread, or DM me `start` for a mock interview. `/coach help` lists everything.")
# "@coach" alone in a daily question's thread (sent, or a reply edited down to it)
MENTION_IN_DAILY = ("You mentioned me with nothing after it. Here in the daily question's thread, write your answer "
                    "(no mention needed) and I'll grade it, privately; mention me with a command for anything else "
                    "(`@coach streak`, `@coach leaderboard`).")


def edit_event(body: dict, names: dict[str, str] | None = None) -> Event | None:
    """A person's edit of their own reply in a channel thread (`message_changed`), as a text event the
    coach reads as an edit; None for any other change (a DM, a bot's post, a top-level message, a link
    preview added by Slack, which leaves the message unedited). Both versions are read as a new message
    is (translate.message_event): a leading mention of the bot dropped, the people mentioned by `names`."""
    ev = body.get("event") or {}
    message = ev.get("message") or {}
    user, ts, thread = message.get("user", ""), message.get("ts", ""), message.get("thread_ts", "")
    if (ev.get("subtype") != "message_changed" or ev.get("channel_type") == "im" or not ev.get("channel")
            or message.get("bot_id") or not user or user in translate.bot_users(body)
            or not thread or thread == ts or not message.get("edited")):
        return None
    now = translate.message_event(_as_sent(body, "message"), names)
    if now is None:
        return None
    before = translate.message_event(_as_sent(body, "previous_message"), names)
    args = {EDITED: "yes", BEFORE: before.text if before is not None else ""}
    return replace(now, args=args, message_id=f"edit:{ev['channel']}:{ts}:{message['edited'].get('ts', '')}")


def _as_sent(body: dict, version: str) -> dict:
    """One version of an edited message (`message` or `previous_message`) as the event of a new message."""
    ev = body.get("event") or {}
    writer = (ev.get("message") or {}).get("user", "")
    return {**body, "event": {"user": writer, **(ev.get(version) or {}), "type": "message",
                              "channel": ev.get("channel", ""), "channel_type": ev.get("channel_type", "")}}


def edit_mentions(body: dict) -> list[str]:
    """The people either version of an edited message mentions, whose names edit_event wants."""
    both = [translate.mentioned_users(_as_sent(body, v)) for v in ("previous_message", "message")]
    return list(dict.fromkeys(user for users in both for user in users))


def register(app, coach, work: Work, daily_feedback: str = "ephemeral") -> None:
    known_daily = SeenThreads()  # (channel, thread) of the dailies this process has seen

    async def on_message(body: dict, client) -> None:
        event = translate.message_event(body)
        if event is not None:
            work.spawn(_message(client, event, body))
            return
        edit = edit_event(body)
        if edit is not None:
            work.spawn(_edit(client, edit, body))

    async def _edit(client, event, body: dict) -> None:
        """An edited answer in a daily thread is a new try; edits anywhere else are not ours to read."""
        mentioned_users = edit_mentions(body)
        if mentioned_users:  # quoted back as "@Bob", as in a new message
            event = edit_event(body, await names_of(client, mentioned_users)) or event
        target = Target(client, event.key.channel, event.key.user.user, thread_ts=event.thread,
                        private_via=daily_feedback, daily=True)
        if translate.bare_mention(_as_sent(body, "message")):  # "@coach" alone, as a new one is answered
            if not translate.bare_mention(_as_sent(body, "previous_message")):
                target.daily = await _is_daily_thread(target, event)
                await _answer_bare_mention(replace(event, args={}), target)
            return
        if await _is_daily_thread(target, event):
            await coach.handle(await _with_person(client, event, False), target.send_all)

    async def _message(client, event, body: dict) -> None:
        mentioned_users = translate.mentioned_users(body)
        if mentioned_users:  # quoted back as "@Bob", not "@U0123ABC"
            event = translate.message_event(body, await names_of(client, mentioned_users)) or event
        raw = body["event"]
        in_dm = raw.get("channel_type") == "im"
        # the app_mention and its `message` twin take the same path: whichever comes first is handled
        mentioned = translate.mentions_bot(body)
        if translate.moves_to_dm(event, in_dm, mentioned):
            await _move_to_dm(client, event)
            return
        target = Target(client, event.key.channel, event.key.user.user, is_dm=in_dm,
                        thread_ts=translate.dm_thread(body) if in_dm else event.thread,
                        reply_under=raw.get("ts", ""), private_via=daily_feedback,
                        command=translate.command_name(event))
        # a mention in a thread is read either way; the coach itself tells it of a store that is down
        target.daily = bool(event.thread) and await _is_daily_thread(target, event, tell=not mentioned)
        if event.thread and not mentioned and not target.daily:
            return  # a thread that is not a daily question: people talking, not to us
        if event.thread and translate.bare_mention(body):
            await _answer_bare_mention(event, target)
            return
        if translate.changes_daily(event) and (in_dm or await _in_group_dm(client, raw)):
            await target.send_all([r.Notice(NO_DAILY_IN_DM, tone="warning", private=True)])
            return
        if mentioned and not in_dm and not event.thread and not translate.is_command(event):
            pointer = Target(client, event.key.channel, event.key.user.user)
            if translate.tries_command(event):  # "@coach start llm juniorr 3": its usage, as a DM gets it
                await coach.handle(event, lambda replies: pointer.send_all([replace(x, private=True)
                                                                            for x in replies]))
            elif not await _first_delivery(event):  # Slack sent it again: its pointer is out already
                return
            elif usage := translate.usage_gone_wrong(event):  # "@coach strak quantum": streak's usage
                await pointer.send_all([r.Notice(usage, tone="warning", private=True)])
            else:  # "@coach what is a KV cache?" at the top of a channel: nothing here reads it as an answer
                await pointer.send_all([r.Notice(MENTION_HELP, private=True)])
            return
        event = await _with_person(client, event, in_dm)
        if not in_dm and translate.reads_dm_interview(translate.command_name(event)):
            event = translate.in_channel(event, await open_dm(client, event.key.user.user))
        replies = await coach.handle(event, target.send_all)  # posted before the conversation's next message is read
        if target.daily and raw.get("subtype") == "thread_broadcast" and any(
                isinstance(x, r.FeedbackReply) for x in replies):
            await target.send_all([r.Notice(BROADCAST_ANSWER, private=True)])

    async def _answer_bare_mention(event, target: Target) -> None:
        """"@coach" alone in a thread, a new message or one edited to it: how to talk to the bot there. The
        coach still takes the message in, so its twin or a redelivery is answered once; where the coach would
        say the message had no text, this says how to talk to the bot instead (a store outage is told as is)."""
        said = [r.Notice(MENTION_IN_DAILY if target.daily else MENTION_HELP, private=True)]

        async def deliver(replies: list[r.Reply]) -> None:
            failed = [x for x in replies if isinstance(x, r.Notice) and x.tone == "error"]
            await target.send_all(failed or (said if replies else []))

        await coach.handle(event, deliver)

    async def _first_delivery(event) -> bool:
        """Whether this is the first delivery of a message the coach is not asked about (a pointer answers
        it): the coach's own claim on the message, which makes a retry or a redelivery under another event
        id a no-op. A store that cannot say lets it through: a second pointer is better than none."""
        try:
            return await coach.deps.store.claims.claim_message(event.key.user.platform, event.message_id)
        except StoreError:
            return True

    async def _in_group_dm(client, raw: dict) -> bool:
        said = translate.in_group_dm(raw)
        return said if said is not None else await is_group_dm(client, raw["channel"])

    async def _move_to_dm(client, event) -> None:
        user = event.key.user.user
        dm = await open_dm(client, user)
        replies = await coach.handle(translate.in_channel(event, dm), Target(client, dm, user, is_dm=True).send_all)
        if replies:  # none for a redelivery: it was moved once already
            # the pointer only after the DM: Slack may refuse it (user_not_in_channel) and that costs nothing
            pointer = Target(client, event.key.channel, user, thread_ts=event.thread, dm_fallback=False)
            await pointer.send_all([r.Notice(MOVED_TO_DM, private=True)])

    async def _is_daily_thread(target: Target, event, tell: bool = True) -> bool:
        """Whether a thread reply answers a daily question. A store that cannot say is told to the
        writer, as the coach would tell them, rather than their answer vanishing unread."""
        community = coach.deps.community
        if community is None:
            return False
        where = (event.key.channel, event.thread)
        try:
            daily = await community.daily_for_thread(ChannelRef.of(event), event.thread) is not None
        except Exception as exc:  # noqa: BLE001 - whatever it was, a daily answerer hears about it
            log.warning("daily thread check failed: %r", exc, exc_info=not isinstance(exc, StoreError))
            if tell and where in known_daily:  # not everyone chatting in some thread: they never spoke to us
                await target.send_all([r.Notice(STORE_DOWN, tone="error", private=True)])
            return False
        if daily:
            known_daily.add(where)
        return daily

    async def _with_person(client, event, in_dm: bool):
        """The writer's name (an answer in a channel thread counts on the boards under it) and, for a
        command that needs them, their admin rights: one users.info for both."""
        wants_admin = translate.needs_admin(translate.command_name(event))
        if not wants_admin and (in_dm or not event.thread):
            return event
        person = await look_up(client, event.key.user.user)
        return replace(event, display_name=person.name or event.display_name,
                       is_admin=wants_admin and person.is_admin)

    async def on_slash(ack, body: dict, client, respond, context) -> None:
        await ack()  # within Slack's 3 seconds; the work follows
        work.spawn(_slash(body, client, respond, context.get("bot_user_id") or ""))

    async def _slash(body: dict, client, respond, bot_user: str) -> None:
        name, user = translate.slash_name(body), body.get("user_id", "")
        dm = await open_dm(client, user) if translate.needs_dm(name) or translate.reads_dm_interview(name) else ""
        if translate.needs_dm(name):
            if dm != body.get("channel_id"):
                await respond(text=MOVED_TO_DM, response_type="ephemeral")
            target = Target(client, dm, user, is_dm=True)
        else:
            target = Target(client, body.get("channel_id", ""), user, respond=respond)
        is_admin = translate.needs_admin(name) and (await look_up(client, user)).is_admin
        event = translate.slash_event(body, dm if translate.reads_dm_interview(name) else target.channel, is_admin)
        if translate.is_im(target.channel, body.get("channel_name", "")) and translate.changes_daily(event):
            await target.send_all([r.Notice(NO_DAILY_IN_DM, tone="warning", private=True)])
            return
        replies = await coach.handle(event, target.send_all)
        saved = not any(isinstance(x, r.Notice) and x.tone != "info" for x in replies)
        if is_admin and saved and translate.asks_to_post_daily(event) \
                and await bot_is_member(client, target.channel) is False:
            try:  # our own words, with a real mention of the bot so Slack shows its name
                await respond(text=NOT_IN_CHANNEL.format(bot=bot_user), response_type="ephemeral",
                              replace_original=False)
            except Exception as exc:  # noqa: BLE001 - a courtesy note; the setting is saved
                log.warning("slack post failed: %r", exc)

    async def on_button(ack, body: dict, client) -> None:
        await ack()
        if translate.pressed_on_home(body):  # a start button: the interview runs in the DM
            work.spawn(_start_from_home(client, body))
            return
        event = translate.button_event(body)
        if event is not None:
            target = Target(client, event.key.channel, event.key.user.user, is_dm=True,
                            thread_ts=translate.button_thread(body))
            work.spawn(_handle(target, event))

    async def _handle(target: Target, event) -> None:
        await coach.handle(event, target.send_all)

    async def _start_from_home(client, body: dict) -> None:
        event = translate.button_event(body, await open_dm(client, (body.get("user") or {}).get("id", "")))
        if event is not None:
            await _handle(Target(client, event.key.channel, event.key.user.user, is_dm=True), event)
            await _publish_home(client, translate.home_commands(event.key))  # it now shows the interview

    async def on_home_opened(body: dict, client) -> None:
        events = translate.home_events(body)
        if events:
            work.spawn(_publish_home(client, events))

    async def _publish_home(client, events) -> None:
        replies = [reply for event in events for reply in await coach.handle(event)]
        await client.views_publish(user_id=events[0].key.user.user, view=home_view(replies))

    app.event("message")(on_message)
    app.event("app_mention")(on_message)
    app.event("app_home_opened")(on_home_opened)
    app.command("/coach")(on_slash)
    app.action(re.compile(f"^{translate.ACTION_PREFIX}"))(on_button)
