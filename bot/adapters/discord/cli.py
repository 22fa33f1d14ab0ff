"""`coach discord`: run the Discord bot on the configured store, index and grader."""
from __future__ import annotations

import asyncio

import typer


def register(app: typer.Typer, services) -> None:
    @app.command()
    def discord(shards: bool = typer.Option(False, "--shards", help="run as an AutoShardedBot (large bots)")):
        """Run the Discord bot (needs DISCORD_TOKEN; see docs/discord.md)."""
        settings = services().settings
        if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
            typer.echo("Set DISCORD_TOKEN to the bot token from the Discord developer portal "
                       "(see docs/discord.md).", err=True)
            raise typer.Exit(2)
        import aiohttp

        try:
            asyncio.run(run_bot(services(), shards))
        except aiohttp.ClientConnectionError as exc:  # DNS, refused, a proxy: before or after logging in
            typer.echo(f"coach discord: cannot reach Discord ({exc.__class__.__name__}: {exc}): check the "
                       "network, DNS or firewall; the bot exits so its supervisor can start it again.", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            pass


async def run_bot(services, shards: bool = False) -> None:
    from bot.adapters.discord.bot import build_bot
    from bot.bootstrap import start_service

    # no discord.utils.setup_logging: its coloured handler printed every discord.* record a second time
    # beside our JSON line (start_service's configure_logging handles them through the root logger)
    runtime = await start_service(services)
    settings = services.settings
    async with runtime:
        async with build_bot(runtime.coach, settings, shards=shards) as bot:
            await bot.start(settings.discord_token.get_secret_value())
