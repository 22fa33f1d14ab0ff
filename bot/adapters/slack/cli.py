"""`coach slack`: the Slack app (Socket Mode or HTTP, from SLACK_MODE)."""
from __future__ import annotations

import asyncio

import typer


def register(app: typer.Typer, services) -> None:
    @app.command()
    def slack():
        """Run the Slack app. Needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN (socket) or SLACK_SIGNING_SECRET (http)."""
        from bot.adapters.slack.app import SlackSetupError, SlackUnreachable, check_tokens, secrets
        from bot.adapters.slack.run import serve
        from bot.bootstrap import start_service

        settings = services().settings
        try:
            secrets(settings)  # fail before the model loads, with words that say what to set
            check_tokens(settings)  # and before it loads, ask Slack whether it takes them
        except SlackSetupError as exc:
            typer.echo(f"coach slack: {exc}", err=True)
            raise typer.Exit(2) from None
        except SlackUnreachable as exc:
            typer.echo(f"coach slack: {exc}", err=True)
            raise typer.Exit(1) from None

        async def main() -> None:
            async with await start_service(services()) as runtime:
                await serve(settings, runtime.coach, runtime.checks)

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            pass
