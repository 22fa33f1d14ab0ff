"""`coach chat`: the terminal mock interview on the embedded defaults, no tokens needed."""
from __future__ import annotations

import asyncio

import typer
from rich.console import Console


def register(app: typer.Typer, services) -> None:
    @app.command()
    def chat(user: str = typer.Option("", help="whose interview (default: your login name)")):
        """A mock interview in the terminal. Works with stdin piped: printf 'start\\n...' | coach chat"""
        from bot.adapters.console import run_console
        from bot.bootstrap import start_runtime

        out = Console()

        async def main() -> None:
            with out.status("Loading the coach (model, index, store)...") if out.is_terminal else _null():
                runtime = await start_runtime(services())
            async with runtime:
                await run_console(runtime.coach, out, services().settings.data_dir / "charts", user=user or None)

        asyncio.run(main())


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
