"""The slash commands. Each one names a coach command and hands over to the bot.

Nothing here decides anything: `CoachBot.run_command` turns the call into an
`Event`, asks the coach and delivers the replies. `/daily add` and `/daily edit`
open a form instead (views.TeamQuestionModal), whose submit comes back here.
"""
from __future__ import annotations

from typing import Optional

import discord
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import commands

from bot.adapters.discord import translate
from bot.adapters.discord.translate import is_manager
from bot.adapters.discord.views import TeamQuestionModal, team_form_submit
from bot.engine import start_args

TRACKS = [Choice(name=n, value=v) for n, v in (
    ("NLP engineer", "nlp-engineer"), ("LLM engineer", "llm-engineer"), ("AI engineer", "ai-engineer"),
    ("System design", "system-design"), ("Behavioral", "behavioral"), ("Mixed", "mixed"))]
LEVELS = [Choice(name=v.title(), value=v) for v in ("junior", "mid", "senior")]
LENGTHS = [Choice(name=f"{n} question" + "s" * (n > 1), value=n) for n in range(1, 11)]  # as `start` takes
TOPICS = [Choice(name=name, value=name) for name in start_args.TOPICS]  # as `start` reads them
PERIODS = [Choice(name="This week", value="week"), Choice(name="All time", value="all"),
           Choice(name="Most improved", value="improved")]
ADMIN = discord.Permissions(manage_guild=True)  # hides /daily from others; managers_only() decides


def managers_only():
    """The /daily check: translate.is_manager, the rule thread words are held to as well."""
    def predicate(interaction: discord.Interaction) -> bool:
        if not is_manager(interaction.permissions):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True
    return app_commands.check(predicate)


class CoachCommands(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="interview", description="Start a mock interview (it runs in your DMs)")
    @app_commands.describe(topic="only questions on this topic, e.g. rag")
    @app_commands.choices(track=TRACKS, level=LEVELS, length=LENGTHS, topic=TOPICS)
    async def interview(self, interaction: discord.Interaction, track: Optional[Choice[str]] = None,
                        level: Optional[Choice[str]] = None, length: Optional[Choice[int]] = None,
                        topic: Optional[Choice[str]] = None) -> None:
        args = {k: str(c.value) for k, c in (("track", track), ("level", level), ("length", length),
                                              ("topic", topic)) if c}
        await self.bot.run_command(interaction, "start", args=args)

    @app_commands.command(name="hint", description="A hint for the current question")
    async def hint(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "hint")

    @app_commands.command(name="skip", description="Skip the current question")
    async def skip(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "skip")

    @app_commands.command(name="end", description="End the interview and see your summary")
    async def end(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "end")

    @app_commands.command(name="leaderboard", description="This channel's or a study group's leaderboard")
    @app_commands.describe(group="a named study group (default: this channel)")
    @app_commands.choices(period=PERIODS)
    async def leaderboard(self, interaction: discord.Interaction, group: Optional[str] = None,
                          period: Optional[Choice[str]] = None) -> None:
        args = {"period": period.value if period else "week"}
        if group:
            args["group"] = group
        await self.bot.run_command(interaction, "leaderboard", args=args)

    # Points, streaks and study groups belong to a server (a daily is answered in one), so these
    # run on the server's key, as /leaderboard does; in a DM they say they work in a server channel.
    @app_commands.command(name="streak", description="Your daily-question streak in this server")
    async def streak(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "streak")

    @app_commands.command(name="timezone", description="The time zone your streak days are counted in")
    @app_commands.describe(name="e.g. Europe/Berlin or America/New_York")
    async def timezone(self, interaction: discord.Interaction, name: str) -> None:
        await self.bot.run_command(interaction, "timezone", text=name)

    @app_commands.command(name="groups", description="The study groups you are in on this server")
    async def groups(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "groups")

    study_group = app_commands.Group(name="group", description="Named study groups with their own leaderboard",
                                     guild_only=True)

    @study_group.command(name="create", description="Start a study group and join it")
    @app_commands.describe(name="2-32 letters, digits or dashes")
    async def group_create(self, interaction: discord.Interaction, name: str) -> None:
        await self.bot.run_command(interaction, "group", text=f"create {name}")

    @study_group.command(name="join", description="Join a study group on this server")
    async def group_join(self, interaction: discord.Interaction, name: str) -> None:
        await self.bot.run_command(interaction, "group", text=f"join {name}")

    @study_group.command(name="leave", description="Leave a study group")
    async def group_leave(self, interaction: discord.Interaction, name: str) -> None:
        await self.bot.run_command(interaction, "group", text=f"leave {name}")

    @app_commands.command(name="progress", description="Your scores over time and mastery per topic")
    async def progress(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "progress")

    @app_commands.command(name="forget-me", description="Delete everything the coach keeps about you")
    async def forget_me(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "forget")

    @app_commands.command(name="help", description="What the coach can do")
    async def help(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "help")

    daily = app_commands.Group(name="daily", description="The channel's daily question (server managers)",
                               default_permissions=ADMIN, guild_only=True)

    @daily.command(name="set", description="When and what to post in this channel")
    @managers_only()
    @app_commands.describe(time="HH:MM local time", tz="e.g. Europe/Berlin", days="e.g. mon-fri",
                           topics="comma-separated topics", level="junior, mid or senior",
                           close="HH:MM: post the recap then")
    async def daily_set(self, interaction: discord.Interaction, time: Optional[str] = None,
                        tz: Optional[str] = None, days: Optional[str] = None, topics: Optional[str] = None,
                        level: Optional[str] = None, close: Optional[str] = None) -> None:
        given = {"time": time, "tz": tz, "days": days, "topics": topics, "level": level, "close": close}
        # quoted so shlex keeps a value with spaces in one piece
        pairs = " ".join(f'{k}="{v.replace(chr(34), "")}"' for k, v in given.items() if v)
        await self.bot.configure_daily(interaction, f"set {pairs}".strip())

    @daily.command(name="show", description="This channel's settings and today's question")
    @managers_only()
    async def daily_show(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "daily", text="")

    @daily.command(name="on", description="Start posting the daily question here")
    @managers_only()
    async def daily_on(self, interaction: discord.Interaction) -> None:
        await self.bot.configure_daily(interaction, "on")

    @daily.command(name="off", description="Stop posting the daily question here")
    @managers_only()
    async def daily_off(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "daily", text="off")

    @daily.command(name="questions", description="This channel's team questions")
    @managers_only()
    async def daily_questions(self, interaction: discord.Interaction) -> None:
        await self.bot.run_command(interaction, "daily", text="questions")

    @daily.command(name="remove", description="Take a team question out of this channel's pool")
    @managers_only()
    async def daily_remove(self, interaction: discord.Interaction, id: str) -> None:
        await self.bot.run_command(interaction, "daily", text="remove " + " ".join(id.split()[:1]))

    @daily.command(name="add", description="Add a team question to this channel's pool (a form opens)")
    @managers_only()
    async def daily_add(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(TeamQuestionModal())

    @daily.command(name="edit", description="Change a team question (a form opens with it)")
    @managers_only()
    @app_commands.describe(id="its id, as /daily questions lists it")
    async def daily_edit(self, interaction: discord.Interaction, id: str) -> None:
        qid = " ".join(id.split()[:1])
        current = await _current(self.bot, interaction, qid)
        if current is None:  # no such question (or no community): the coach says so
            await self.bot.run_command(interaction, "daily", text=f"edit {qid}")
            return
        await interaction.response.send_modal(TeamQuestionModal(current))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A submitted team-question form, read by its custom_id (see views.TeamQuestionModal)."""
        if interaction.type != discord.InteractionType.modal_submit:
            return
        submitted = team_form_submit(interaction.data or {})
        if submitted is not None:
            sub, fields = submitted
            await self.bot.run_command(interaction, "daily", text=sub, args=fields)


async def _current(bot, interaction: discord.Interaction, qid: str):
    """The team question an edit's form opens with; None when there is none this member may see."""
    key = translate.guild_key(interaction)
    if bot.coach.community is None or key is None:
        return None
    event = translate.interaction_event(interaction, key, "daily", text=f"edit {qid}")
    return await bot.coach.community.team_question(event, qid)
