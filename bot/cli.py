"""The `coach` command: chat, slack, discord, ingest, search, grade, validate, ..."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.bootstrap import Services

console = Console()
err = Console(stderr=True)


def setup_problem(exc: Exception) -> tuple[str, int] | None:
    """A problem the person running `coach` can fix, as (one line, exit code); None for a bug."""
    from bot.settings import settings_problem
    from bot.store.connection import DataDirBusy

    if (problem := settings_problem(exc)) is not None:
        return f"Bad setting: {problem}", 2
    if isinstance(exc, DataDirBusy):
        return str(exc), 1
    if "discord" in sys.modules:  # only `coach discord` loads it
        from bot.adapters.discord.bot import login_problem

        if (problem := login_problem(exc)) is not None:
            return problem, 2
    return None


class CoachApp(typer.Typer):
    """The `coach` command: a setup problem ends in one line on stderr, not a traceback."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            problem = setup_problem(exc)
            if problem is None:
                raise
            err.print(f"coach: {problem[0]}", markup=False, highlight=False, soft_wrap=True)
            sys.exit(problem[1])


app = CoachApp(help="Interview Coach: mock NLP, LLM and AI-engineer interviews.", no_args_is_help=True,
               add_completion=False)
_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = Services()
    return _services


@app.command()
def validate(paths: list[Path] = typer.Argument(None, help="pack folders (default: the configured packs)")):
    """Check the knowledge pack and report each problem with its file and field."""
    from bot.pack.loader import load_pack

    pack = load_pack(*paths) if paths else services().pack
    for problem in pack.problems:
        console.print(f"[red]✗[/red] {problem}", markup=True, highlight=False)
    sections = sum(len(g.sections) for g in pack.guides)
    colour = "green" if pack.ok else "red"
    console.print(f"[{colour}]{len(pack.problems)} problem(s)[/{colour}]: {len(pack.guides)} guides, "
                  f"{sections} sections, {len(pack.questions)} questions")
    raise typer.Exit(0 if pack.ok else 1)


@app.command("pack")
def list_pack():
    """List the questions in the pack by topic and level."""
    pack = services().pack
    table = Table(title="Question bank")
    for col in ("topic", "junior", "mid", "senior", "tracks"):
        table.add_column(col)
    topics = sorted({q.topic for q in pack.questions})
    for topic in topics:
        qs = [q for q in pack.questions if q.topic == topic]
        counts = [str(sum(q.level.value == lvl for q in qs)) for lvl in ("junior", "mid", "senior")]
        tracks = sorted({t.value for q in qs for t in q.tracks})
        table.add_row(topic, *counts, ", ".join(tracks))
    console.print(table)
    console.print(f"{len(pack.questions)} questions, {len(pack.guides)} guides. "
                  "Start a mock interview with `coach chat`.")


@app.command()
def ingest(paths: list[Path] = typer.Argument(None, help="more files or folders to index (.md, .txt, .html)")):
    """Index the knowledge pack plus any files or folders given; unchanged files are skipped."""
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("indexing", total=None)
        report = services().ingest(paths or [], on_file=lambda name: progress.update(task, description=name, advance=1))
    for name, why in report.skipped.items():
        console.print(f"[yellow]skipped[/yellow] {name}: {why}", highlight=False)
    console.print(report.summary())


@app.command()
def coverage(write: bool = typer.Option(False, "--write", help="update the table in knowledge/README.md")):
    """The table of guide sections and how many questions cite each, per level."""
    from bot.pack.coverage import coverage_markdown, replace_table

    table = coverage_markdown(services().pack)
    if not write:
        print(table)
        return
    readme = services().settings.pack_dir / "README.md"
    current = readme.read_text(encoding="utf-8") if readme.exists() else ""
    readme.write_text(replace_table(current, table), encoding="utf-8")
    console.print(f"Updated {readme}")


def _emit_results(query: str, results) -> dict:
    return {"query": query, "results": [r.as_json() for r in results]}


@app.command()
def search(query: Optional[str] = typer.Argument(None, help="what to look for"),
           k: int = typer.Option(5, "--k", min=1, max=100, help="how many passages"),
           as_json: bool = typer.Option(False, "--json", help="print JSON"),
           batch: Optional[str] = typer.Option(None, "--batch", help="JSONL file of {\"query\": ...}, or - for stdin"),
           topic: Optional[str] = typer.Option(None, help="only this topic"),
           level: Optional[str] = typer.Option(None, help="only passages for this level")):
    """Search the guides (hybrid BM25 + dense). The index is built on first use."""
    if batch is not None:
        try:
            stream = sys.stdin if batch == "-" else open(batch, encoding="utf-8")
        except OSError as exc:
            console.print(f"[red]Cannot read {escape(batch)}: {exc.strerror}[/red]")
            raise typer.Exit(2)
        index = services().index
        with stream:
            for lineno, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    q = item["query"]
                    if not isinstance(q, str):
                        raise TypeError("query must be a string")
                except (ValueError, KeyError, TypeError) as exc:
                    print(json.dumps({"query": None, "results": [], "error": f"line {lineno}: {exc}"}), flush=True)
                    continue
                print(json.dumps(_emit_results(q, index.search(q, k=k, topic=topic, level=level))), flush=True)
        return
    if not query or not query.strip():
        err.print("Give a query, e.g. coach search \"why does BM25 still matter\", or --batch FILE.")
        raise typer.Exit(2)
    results = services().index.search(query, k=k, topic=topic, level=level)
    if as_json:
        print(json.dumps(_emit_results(query, results)))
        return
    if not results:
        console.print("No passages found.")
    for i, r in enumerate(results, start=1):
        console.print(f"[bold]{i}. {r.title}[/bold]  [dim]{r.source}  score {r.score:.4f}[/dim]")
        console.print(r.text, highlight=False, markup=False)
        console.print()


def _register_feature_commands() -> None:
    """Commands that live beside their feature; each module imports its heavy parts lazily."""
    from bot import cli_chat, cli_grade
    from bot.adapters.discord import cli as discord_cli
    from bot.adapters.slack import cli as slack_cli

    for module in (cli_grade, cli_chat, slack_cli, discord_cli):
        module.register(app, services)


_register_feature_commands()


if __name__ == "__main__":
    app()
