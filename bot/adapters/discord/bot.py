"""The Discord bot: a `commands.Bot` with the coach injected. A registrar, not a brain.

Slash commands and buttons are acknowledged at once (`defer`) and answered by
follow-up, because grading can take longer than Discord's 3-second window.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial

import discord
from discord import app_commands
from discord.ext import commands

from bot.adapters.discord import delivery, slash_forms, translate
from bot.adapters.discord.commands import CoachCommands
from bot.adapters.discord.daily import DailyPoster
from bot.adapters.discord.embeds import Outgoing, to_outgoing
from bot.adapters.discord.views import QuestionButton, answer_form_submit, persistent_views
from bot.engine import replies as r
from bot.engine.events import EventKind
from bot.engine.question_ref import ref_args
from bot.service.coach import BEFORE, EDITED, STORE_DOWN

log = logging.getLogger(__name__)
INTERVIEW = {"start", "hint", "skip", "end", "answer"}  # these run in the user's DM
PERSONAL = INTERVIEW | {"progress", "forget", "help"}  # the user's own data: keyed on the DM
SENT_TO_DM = "I've sent it to your DMs: answer there by replying with a message."
SUMMARY_IN_DM = "Your summary is in your DMs."
# what belongs in the interview's DM; anything else a slash command gets (no interview running, one
# already running) is said in place, privately, and opens no DM
IN_THE_DM = (r.QuestionReply, r.HintReply, r.FeedbackReply, r.ModelAnswerReply, r.SummaryReply)
NO_ADMIN = "Only members with the Manage Server permission can change the daily question."
NOT_HERE = "That command works in a server channel."
NO_SUCH_DAILY = "I can't find the daily question this post belongs to, so I did not grade it. What you wrote:\n\n"
SLASH_HERE = ("Hi! In a server I work through slash commands: `/interview` starts a mock interview in your DMs, "
              "`/leaderboard` and `/streak` show this server's boards, and `/help` lists everything. ")
DAILY_IN_THREAD = "Answers to a daily question go in its thread."
DAILY_BY_BUTTON = "To answer a daily question, press the Answer button under it."  # threads are not read then
NO_DAILY_HERE = ("A daily question needs a text or announcement channel: I post the question there and open a "
                 "thread under it for answers. Run `/daily set` in such a channel.")
NO_DAILY_RIGHTS = ("I can't post the daily question here: I need {missing} in this channel. "
                   "Give me those (channel settings → Permissions) and run the command again.")
NOTHING_STORED = "I had nothing stored about you. Nothing to delete."  # the coach's words for an empty forget


def intents_for(message_content: bool) -> discord.Intents:
    intents = discord.Intents.default()  # guilds, guild + DM messages: threads and DMs
    intents.message_content = message_content
    return intents


class CoachBot(commands.Bot):
    def __init__(self, coach, *, dev_guild: int | None = None, message_content: bool = True, **kwargs):
        super().__init__(command_prefix=commands.when_mentioned, intents=intents_for(message_content),
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None, **kwargs)
        self.coach = coach
        self.dev_guild = dev_guild
        self.message_content = message_content
        self.daily = DailyPoster(self, coach, answer_button=not message_content)

    async def setup_hook(self) -> None:
        await self.add_cog(CoachCommands(self))
        self.tree.on_error = self.on_app_command_error
        for view in persistent_views():
            self.add_view(view)
        self.add_dynamic_items(QuestionButton)
        if self.dev_guild:  # development: a guild sync shows changes at once
            guild = discord.Object(self.dev_guild)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:  # production: global commands (Discord may take a while to show changes)
            await self.tree.sync()
        self.daily.start()

    async def close(self) -> None:
        self.daily.stop()
        await super().close()

    # -- messages ----------------------------------------------------------------
    async def on_message(self, message: discord.Message) -> None:
        if translate.mentions_in_channel(message, self.user):  # "@coach start": here the commands are slash
            daily = DAILY_IN_THREAD if self.message_content else DAILY_BY_BUTTON
            await delivery.send(message.channel, [Outgoing(content=SLASH_HERE + daily)])
            return
        event = translate.message_event(message, self.user.id if self.user else None)
        if event is None:
            return
        # An empty text is no content (the intent is off: the Answer button is the way), unless it is an
        # image or a file sent in a DM or a thread (a daily's): then the coach says, privately, that it reads
        # only text, and spends no try.
        if not event.text.strip() and not (self.message_content and (message.guild is None or event.thread)
                                           and (message.attachments or message.stickers)):
            return
        if event.thread:
            try:
                daily = await self.daily.is_daily_thread(event)
            except Exception:  # noqa: BLE001 - the store is away: a daily answerer must not be left unanswered
                log.warning("daily thread check failed", exc_info=True)
                if self.daily.seen_daily(event):  # others chatting in some thread never spoke to us
                    await delivery.send_private(message.author, [Outgoing(content=STORE_DOWN, private=True)],
                                                written=message)
                return
            if not daily:
                return  # only daily threads are ours; other threads are people talking
        # sent before the conversation's next message is handled, so its replies never overtake these
        await self.coach.handle(event, partial(self.deliver_to_channel, message))

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """An edit of a message in a daily thread: the coach grades an edited answer as a new try. An
        update that is no edit (Discord adding a link preview) has no edited time and is not read. A
        message written before a restart is read the same (only the text before is unknown), and so is
        one in a thread discord.py does not hold (an archived one is dropped from its cache)."""
        message = payload.message
        if message.edited_at is None:
            return
        if payload.guild_id is not None and isinstance(message.channel, discord.PartialMessageable):
            message = await self._in_fetched_channel(payload)
            if message is None:
                return
        event = translate.message_event(message, self.user.id if self.user else None)
        if event is None or not event.thread:
            return
        args = {EDITED: "yes"}
        if payload.cached_message is not None:  # the text before, when this process saw the message
            args[BEFORE] = payload.cached_message.content
        event = replace(event, args=args, message_id=f"edit:{message.id}:{message.edited_at.timestamp()}")
        try:
            if not await self.daily.is_daily_thread(event):
                return
        except Exception:  # noqa: BLE001 - the store is away: the editor hears of it, as an answerer would
            log.warning("daily thread check failed", exc_info=True)
            if self.daily.seen_daily(event):
                await delivery.send_private(message.author, [Outgoing(content=STORE_DOWN, private=True)],
                                            written=message)
            return
        await self.coach.handle(event, partial(self.deliver_to_channel, message))

    async def _in_fetched_channel(self, payload: discord.RawMessageUpdateEvent) -> discord.Message | None:
        """The edited message in its channel as Discord has it, for a channel not in the cache; None when
        Discord will not say (deleted, or hidden from the bot), or when the author is a bot."""
        if payload.message.author.bot:
            return None
        try:
            channel = await self.fetch_channel(payload.channel_id)
        except (discord.HTTPException, discord.InvalidData) as exc:
            log.warning("could not fetch the channel of an edited message: %r", exc)
            return None
        return discord.Message(state=self._connection, channel=channel, data=payload.data)

    async def deliver_to_channel(self, message: discord.Message, replies: list[r.Reply]) -> None:
        items = self.render(replies)
        if message.guild is None:
            await delivery.send(message.channel, items)
            return
        private = [i for i in items if i.private]  # plain messages have no ephemeral: DM them
        public = [i for i in items if not i.private]
        if private:
            await delivery.send_private(message.author, private, written=message,
                                        closed_note=delivery.dm_closed_note(replies))
        if public:
            await delivery.send(message.channel, public)

    def render(self, replies: list[r.Reply], given: list[str] | None = None) -> list[Outgoing]:
        """Replies as messages; with `given` (what a slash command, button or form gave), worded for slash
        commands: a member who used one is shown `/daily add`, not the typed `daily add <id> | ...`."""
        if given is not None:
            replies = slash_forms.for_slash(replies, given)
        return [item for reply in replies for item in to_outgoing(reply, answer_button=not self.message_content)]

    # -- interactions ------------------------------------------------------------
    async def run_command(self, interaction: discord.Interaction, name: str, *, args: dict | None = None,
                          text: str = "", kind: EventKind = EventKind.command) -> None:
        in_guild = interaction.guild_id is not None
        public = in_guild and name == "leaderboard"
        await interaction.response.defer(ephemeral=not public, thinking=True)
        given = slash_forms.given_words(args, text)
        if name in PERSONAL or kind == EventKind.text:  # a text is a modal answer to the interview
            await self._personal(interaction, name, args, text, kind, in_guild, given)
            return
        key = translate.guild_key(interaction)
        if key is None:  # boards, streaks and groups belong to a server
            await delivery.follow_up(interaction, [Outgoing(content=NOT_HERE, private=True)], in_guild)
            return
        event = translate.interaction_event(interaction, key, name, kind=kind, args=args, text=text)
        await self.coach.handle(event, lambda replies: delivery.follow_up(interaction, self.render(replies, given),
                                                                          in_guild, public_defer=public))

    async def configure_daily(self, interaction: discord.Interaction, text: str) -> None:
        """`/daily set` and `/daily on`: only where a daily can be posted and get its thread."""
        missing = translate.daily_home_missing(interaction.channel, interaction.app_permissions)
        if missing:
            refusal = NO_DAILY_HERE if missing == [translate.NOT_A_TEXT_CHANNEL] else \
                NO_DAILY_RIGHTS.format(missing=", ".join(missing))
            await interaction.response.send_message(refusal, ephemeral=True, allowed_mentions=delivery.NONE)
            return
        await self.run_command(interaction, "daily", text=text)

    async def _personal(self, interaction, name, args, text, kind, in_guild, given: list[str]) -> None:
        interview = name in INTERVIEW or kind == EventKind.text
        try:  # only the interview needs the DM channel itself; the rest is keyed on the user
            dm = interaction.channel if not in_guild else await interaction.user.create_dm() if interview else None
        except discord.HTTPException:
            await delivery.follow_up(interaction, [Outgoing(content=delivery.DM_CLOSED, private=True)], in_guild)
            return
        key = translate.dm_key(interaction.user.id, dm.id if dm else 0)
        event = translate.interaction_event(interaction, key, name, kind=kind, args=args, text=text)
        if name == "forget":  # points, streaks and groups live per server: forget those too
            replies = await self._forget_in_servers(interaction, await self.coach.handle(event))
            await delivery.follow_up(interaction, self.render(replies, given), in_guild)
            return
        # sent before the conversation's next message is handled, so its replies never overtake these
        await self.coach.handle(event, partial(self._deliver_personal, interaction, dm if interview else None,
                                               in_guild, given))

    async def _deliver_personal(self, interaction, dm, in_guild: bool, given: list[str],
                                replies: list[r.Reply]) -> None:
        if not (in_guild and dm is not None and any(isinstance(x, IN_THE_DM) for x in replies)):
            # nothing for the DM: said in place, to the member who used the command
            await delivery.follow_up(interaction, self.render(replies, given), in_guild)
            return
        items = self.render(replies)  # the interview's DM, where typed words work
        try:  # the interview itself happens in the DM
            await delivery.send(dm, items)
        except discord.Forbidden:
            await delivery.follow_up(interaction, [Outgoing(content=delivery.DM_CLOSED, private=True)], in_guild)
            return
        where = SUMMARY_IN_DM if any(isinstance(x, r.SummaryReply) for x in replies) else SENT_TO_DM
        await delivery.follow_up(interaction, [Outgoing(content=where, private=True)], in_guild)

    async def _forget_in_servers(self, interaction: discord.Interaction, personal: list[r.Reply]) -> list[r.Reply]:
        """/forget-me, from a DM or any server, also forgets the person in every server the bot is in
        (it cannot know which they answered dailies in); one reply says what was deleted where."""
        servers = {g.id: g.name for g in self.guilds}
        if interaction.guild_id is not None and interaction.guild_id not in servers:
            servers[interaction.guild_id] = interaction.guild.name if interaction.guild else "This server"
        places = [("Interviews and progress", personal)]
        for guild_id, guild_name in servers.items():
            key = translate.channel_key(guild_id, 0, interaction.user.id)  # forgetting needs no channel
            event = translate.interaction_event(interaction, key, "forget",
                                                message_id=f"{interaction.id}:guild:{guild_id}")
            places.append((f"Server {guild_name}", await self.coach.handle(event)))
        return _merge_notices(places)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer forms are read here, by custom_id, whenever they come (see views.AnswerModal)."""
        if interaction.type != discord.InteractionType.modal_submit:
            return
        submitted = answer_form_submit(interaction.data or {})
        if submitted is not None:
            daily, ref, text = submitted
            await self.on_coach_answer(interaction, text, daily=daily, question_ref=ref)

    async def on_coach_button(self, interaction: discord.Interaction, name: str, question_ref: str = "") -> None:
        args = ref_args(question_ref) or None
        await self.run_command(interaction, name, args=args, kind=EventKind.button)

    async def on_coach_answer(self, interaction: discord.Interaction, text: str, daily: bool,
                              question_ref: str = "") -> None:
        """A modal answer: the same as a DM message (interview) or a thread message (daily)."""
        if not daily:
            args = ref_args(question_ref) or None
            await self.run_command(interaction, "", args=args, text=text, kind=EventKind.text)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        key = translate.guild_key(interaction)
        post = interaction.message
        if key is None or post is None:
            await delivery.follow_up(interaction, [Outgoing(content=NOT_HERE, private=True)], True)
            return
        # a thread started from a message has that message's id
        event = translate.interaction_event(interaction, key, "", kind=EventKind.text, text=text, thread=str(post.id))
        try:
            daily = await self.daily.is_daily_thread(event)
        except Exception:  # noqa: BLE001 - the coach says the store is away, and keeps nothing
            daily = True
        if not daily:  # the post is no daily the coach knows (its record is gone): give the text back
            notice = r.Notice(NO_SUCH_DAILY + text, tone="warning", private=True)
            await delivery.follow_up(interaction, self.render([notice]), True)
            return
        await self.coach.handle(event, lambda replies: delivery.follow_up(interaction, self.render(replies), True))

    async def on_app_command_error(self, interaction: discord.Interaction,
                                   error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CheckFailure):
            text = NO_ADMIN if isinstance(error, app_commands.MissingPermissions) else NOT_HERE
        else:
            log.error("slash command failed", exc_info=error)
            text = "Something went wrong on my side. Please try again."
        item = Outgoing(content=text, private=True)
        if interaction.response.is_done():
            await delivery.follow_up(interaction, [item], interaction.guild_id is not None)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=delivery.NONE)


def _merge_notices(places: list[tuple[str, list[r.Reply]]]) -> list[r.Reply]:
    """One message for the forgets of several places: what was deleted where, and any trouble (a store
    that was down); places where nothing was stored are left out, unless that is all of them."""
    lines, others, tone = [], [], "info"
    for where, replies in places:
        for x in replies:
            if not isinstance(x, r.Notice):
                others.append(x)
            elif x.text != NOTHING_STORED:
                lines.append(f"**{where}**: {x.text}")
                tone = x.tone if x.tone != "info" else tone
    if not lines and not any(replies for _, replies in places):
        return others  # a redelivery: nothing was done
    return [*others, r.Notice("\n".join(lines) or NOTHING_STORED, tone=tone, private=True)]


class ShardedCoachBot(commands.AutoShardedBot, CoachBot):
    """The same bot across several gateway shards, for bots in thousands of guilds."""


def login_problem(exc: BaseException) -> str | None:
    """Why Discord would not let the bot in, and what to change in the developer portal; None otherwise."""
    if isinstance(exc, discord.LoginFailure):
        return ("Discord refused DISCORD_TOKEN: copy the bot token again from the developer portal "
                "(your application > Bot > Reset Token) and set DISCORD_TOKEN to it.")
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return ("Discord refused the message content intent: enable it in the developer portal (your application "
                "> Bot > Privileged Gateway Intents > Message Content Intent), or set DISCORD_MESSAGE_CONTENT=false "
                "(questions then carry an Answer button).")
    return None


def build_bot(coach, settings, shards: bool = False) -> CoachBot:
    cls = ShardedCoachBot if shards else CoachBot
    return cls(coach, dev_guild=settings.discord_dev_guild, message_content=settings.discord_message_content)
