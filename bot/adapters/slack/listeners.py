"""The bolt listeners: ack at once, then translate, ask the coach, send the replies.

No decisions about interviews or grading live here; `translate` says what a
payload means and `Target` says where each reply goes.
"""
from __future__ import annotations

import re
from dataclasses import replace

from bot.adapters.slack import translate
from bot.adapters.slack.home import home_view
from bot.adapters.slack.routing import Target, open_dm
from bot.adapters.slack.people import look_up
from bot.adapters.slack.work import Work
from bot.community.refs import ChannelRef

MOVED_TO_DM = "I've sent that to our DM: answer me there. (`/coach help` lists everything.)"


def register(app, coach, work: Work, daily_feedback: str = "ephemeral") -> None:
    async def on_message(body: dict, client) -> None:
        event = translate.message_event(body)
        if event is not None:
            work.spawn(_message(client, event, body["event"]))

    async def _message(client, event, raw: dict) -> None:
        in_dm = raw.get("channel_type") == "im"
        if translate.moves_to_dm(event, in_dm, mentioned=raw.get("type") == "app_mention"):
            user = event.key.user.user
            dm = await open_dm(client, user)
            replies = await coach.handle(translate.in_channel(event, dm))
            if replies:  # none for a redelivery: it was moved once already
                await client.chat_postEphemeral(channel=event.key.channel, user=user, text=MOVED_TO_DM)
                await Target(client, dm, user, is_dm=True).send_all(replies)
            return
        if event.thread and raw.get("type") != "app_mention":
            if await coach.deps.community.daily_for_thread(ChannelRef.of(event), event.thread) is None:
                return  # a thread that is not a daily question: people talking, not to us
            event = replace(event, display_name=(await look_up(client, event.key.user.user)).name)
        target = Target(client, event.key.channel, event.key.user.user, is_dm=in_dm,
                        thread_ts=event.thread or raw.get("ts", ""), private_via=daily_feedback)
        await target.send_all(await coach.handle(event))

    async def on_slash(ack, body: dict, client, respond) -> None:
        await ack()  # within Slack's 3 seconds; the work follows
        work.spawn(_slash(body, client, respond))

    async def _slash(body: dict, client, respond) -> None:
        name, user = translate.slash_name(body), body.get("user_id", "")
        if translate.needs_dm(name):
            dm = await open_dm(client, user)
            if dm != body.get("channel_id"):
                await respond(text=MOVED_TO_DM, response_type="ephemeral")
            target = Target(client, dm, user, is_dm=True)
        else:
            target = Target(client, body.get("channel_id", ""), user, respond=respond)
        is_admin = translate.needs_admin(name) and (await look_up(client, user)).is_admin
        await target.send_all(await coach.handle(translate.slash_event(body, target.channel, is_admin)))

    async def on_button(ack, body: dict, client) -> None:
        await ack()
        if translate.pressed_on_home(body):  # a start button: the interview runs in the DM
            work.spawn(_start_from_home(client, body))
            return
        event = translate.button_event(body)
        if event is not None:
            target = Target(client, event.key.channel, event.key.user.user, is_dm=True)
            work.spawn(_handle(target, event))

    async def _handle(target: Target, event) -> None:
        await target.send_all(await coach.handle(event))

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
