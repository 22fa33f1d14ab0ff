"""`help` lists what works where the person asks: every typed command it names is one the coach reads there."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.events import NO_WORKSPACE, ConversationKey, UserRef

from tests.engine.helpers import say


async def _help(coach, platform: str, workspace: str = "w1") -> dict[str, str]:
    [reply] = await coach.handle(say("help", ConversationKey(UserRef(platform, workspace, f"help-{platform}"), "dm")))
    assert isinstance(reply, r.HelpReply)
    return dict(reply.commands)


async def test_help_in_the_terminal_and_on_slack_names_the_time_zone_command(coach):
    for platform in ("console", "slack"):
        usages = await _help(coach, platform)
        assert "timezone NAME" in usages, platform
        assert any(u.startswith("leaderboard") for u in usages) and "forget me" in usages
    assert "Slack or Discord channel" in (await _help(coach, "console"))["daily"]
    assert "admins set it up" in (await _help(coach, "slack"))["daily ..."]


async def test_help_in_a_discord_dm_lists_only_what_a_dm_reads(coach):
    usages = await _help(coach, "discord", NO_WORKSPACE)
    assert "forget me" in usages and "status / history / progress" in usages
    # points, streaks, groups and the daily belong to a server, where they are slash commands
    assert not any(u.startswith(("leaderboard", "timezone", "group", "daily")) for u in usages), usages


async def test_help_gives_the_lengths_start_takes(coach):
    from bot.engine.start_args import MAX_LENGTH

    start = (await _help(coach, "console"))["start [track] [level] [length] [topic]"]
    assert f"1 to {MAX_LENGTH}" in start  # it said "3, 5 or 8" while start takes any length up to 10
