"""The `coach` command: chat, slack, discord, ingest, search, grade, validate, ..."""
from __future__ import annotations

import json
import signal
import sys
import threading
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
    from bot.store.connection import DataDirBusy, ValkeyUnavailable

    if (problem := settings_problem(exc)) is not None:
        return f"Bad setting: {problem}", 2
    if isinstance(exc, (DataDirBusy, ValkeyUnavailable)):
        return str(exc), 1
    if (problem := _data_dir_problem(exc)) is not None:
        return problem, 2
    if "chromadb" in sys.modules:
        from bot.retrieval.chroma_store import ChromaUnreachable

        if isinstance(exc, ChromaUnreachable):
            return str(exc), 1
    if "discord" in sys.modules:  # only `coach discord` loads it
        from bot.adapters.discord.bot import login_problem

        if (problem := login_problem(exc)) is not None:
            return problem, 2
    return None


def _data_dir_problem(exc: Exception) -> str | None:
    """A folder under DATA_DIR that cannot be made or written (DATA_DIR=/dev/null/x, a read-only mount)."""
    if not isinstance(exc, OSError) or not exc.filename or _services is None:
        return None
    data_dir = Path(_services.settings.data_dir)
    where = Path(str(exc.filename))
    if where != data_dir and data_dir not in where.parents:
        return None
    return (f"DATA_DIR={data_dir} cannot be used: {exc.strerror or type(exc).__name__} ({where}). "
            "Set DATA_DIR to a folder this user can write.")


# `kill PID`, `docker stop` and a closed terminal end Python at once by default: no `finally`, no atexit,
# so an embedded Valkey would outlive the coach and keep holding its data dir.
EXIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def exit_on_signals() -> dict[int, object]:
    """Make SIGTERM and SIGHUP end the process through sys.exit, so that cleanup and atexit hooks run
    (the embedded Valkey is stopped and its data dir unlocked); the handlers they replace. A signal
    ignored on purpose (`nohup` ignores SIGHUP) stays ignored."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set them
        return {}

    def leave(signum, frame):
        sys.exit(128 + signum)  # the exit status a shell reports for a process the signal ended

    replaced = {}
    for signum in EXIT_SIGNALS:
        if signal.getsignal(signum) == signal.SIG_DFL:
            replaced[signum] = signal.signal(signum, leave)
    return replaced


class CoachApp(typer.Typer):
    """The `coach` command: a setup problem ends in one line on stderr, not a traceback; SIGTERM ends it
    as cleanly as Ctrl-C."""

    def __call__(self, *args, **kwargs):
        replaced = exit_on_signals()
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            problem = setup_problem(exc)
            if problem is None:
                raise
            err.print(f"coach: {problem[0]}", markup=False, highlight=False, soft_wrap=True)
            sys.exit(problem[1])
        finally:
            for signum, handler in replaced.items():
                signal.signal(signum, handler)


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


@app.command("questions")
def list_questions(track: Optional[str] = typer.Option(None, "--track", help="only this track, e.g. llm"),
                   level: Optional[str] = typer.Option(None, "--level", help="junior, mid or senior"),
                   followups: bool = typer.Option(False, "--followups", help="also each question's follow-ups")):
    """List the bank's questions with their ids (for `coach grade --question-id`); a follow-up's id is
    its question's with `#f0`, `#f1`... after it."""
    from bot.grading.rubric import followup_id
    from bot.pack.models import Level, Track

    tracks = {t.value: t for t in Track} | {t.name.replace("_", "-"): t for t in Track}
    chosen_track = tracks.get(track.strip().lower()) if track else None
    if track and chosen_track is None:
        err.print(f"Unknown track '{escape(track)}'. Tracks: {', '.join(t.value for t in Track)}.", soft_wrap=True)
        raise typer.Exit(2)
    levels = [lvl.value for lvl in Level]
    if level and level.strip().lower() not in levels:
        err.print(f"Unknown level '{escape(level)}'. Levels: {', '.join(levels)}.", soft_wrap=True)
        raise typer.Exit(2)
    chosen = [q for q in services().pack.questions
              if (chosen_track is None or chosen_track in q.tracks) and (not level or q.level.value == level.lower())]
    table = Table(title="Questions")
    for col in ("id", "level", "topic"):
        table.add_column(col, no_wrap=True)  # an id is copied whole into `coach grade --question-id`
    table.add_column("question", overflow="fold")
    order = {lvl: i for i, lvl in enumerate(levels)}
    for q in sorted(chosen, key=lambda q: (q.topic, order[q.level.value], q.id)):
        table.add_row(q.id, q.level.value, q.topic, q.question)
        for n, f in enumerate(q.followups if followups else []):
            table.add_row(followup_id(q, n), q.level.value, q.topic, f"  {f.question}")
    console.print(table)
    asked = f" and {sum(len(q.followups) for q in chosen)} follow-ups" if followups else ""
    console.print(f"{len(chosen)} questions{asked}. Grade an answer with `coach grade --question-id ID --answer TEXT`.")


@app.command()
def ingest(paths: list[Path] = typer.Argument(None, help="more files or folders to index (.md, .txt, .html)"),
           wait: float = typer.Option(60.0, "--wait", min=0, help="seconds to keep trying a Chroma server "
                                                                  "(CHROMA_HOST) that does not answer yet")):
    """Index the knowledge pack plus any files or folders given; unchanged files are skipped.
    Exits 1 if a path given does not exist."""
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("indexing", total=None)
        report = services().ingest(paths or [], on_file=lambda name: progress.update(task, description=name, advance=1),
                                   wait=wait)
    missing = [str(p) for p in paths or [] if not Path(p).exists()]
    for name, why in report.skipped.items():
        if name not in missing:  # a path that does not exist is named once, below, with the exit code
            console.print(f"[yellow]skipped[/yellow] {escape(name)}: {escape(why)}", highlight=False)
    console.print(report.summary())
    if kept := _indexed_but_not_read(report):
        console.print(_kept_line(kept), markup=False, highlight=False)
    if missing:
        err.print(f"Not found: {', '.join(missing)}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def _indexed_but_not_read(report) -> list[str]:
    """Files in the index that this run did not read: given to an earlier ingest and not to this one. They
    stay while they exist, and the counts are of the files read, so an unchanged count can fall (QA: 12
    unchanged, then 11 with fewer paths given and nothing removed)."""
    read = {*report.added, *report.updated, *report.unchanged}
    return sorted(name for name in services().index.indexed_files() if name not in read)


def _kept_line(kept: list[str], shown: int = 3) -> str:
    names = ", ".join(kept[:shown]) + (f" and {len(kept) - shown} more" if len(kept) > shown else "")
    one = len(kept) == 1
    return (f"{len(kept)} file{'' if one else 's'} indexed before and not given now "
            f"{'stays' if one else 'stay'} indexed ({names}); the counts above are of the files read this time.")


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
    from bot.retrieval.index import LEVELS

    if level is not None:
        level = level.strip().lower()
        if level not in LEVELS:
            err.print(f"Unknown level '{escape(level)}'. Levels: {', '.join(LEVELS)}.", soft_wrap=True)
            raise typer.Exit(2)
    if batch is None and (not query or not query.strip()):
        err.print("Give a query, e.g. coach search \"why does BM25 still matter\", or --batch FILE.")
        raise typer.Exit(2)
    stream = None
    if batch is not None:
        try:
            stream = sys.stdin if batch == "-" else open(batch, encoding="utf-8")
        except OSError as exc:
            err.print(f"[red]Cannot read {escape(batch)}: {exc.strerror}[/red]", soft_wrap=True)
            raise typer.Exit(2)
    index = services().index
    if topic is not None and topic not in (topics := index.topics()):
        err.print(f"Unknown topic '{escape(topic)}'. Topics: {', '.join(sorted(topics))}.", soft_wrap=True)
        raise typer.Exit(2)
    if stream is not None:
        with stream:
            for lineno, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    if not isinstance(item, dict) or "query" not in item:
                        raise KeyError('no "query" field (each line is {"query": "..."})')
                    q = item["query"]
                    if not isinstance(q, str):
                        raise TypeError('"query" must be a string')
                except KeyError as exc:
                    print(json.dumps({"query": None, "results": [], "error": f"line {lineno}: {exc.args[0]}"}),
                          flush=True)
                    continue
                except (ValueError, TypeError) as exc:
                    print(json.dumps({"query": None, "results": [], "error": f"line {lineno}: {exc}"}), flush=True)
                    continue
                print(json.dumps(_emit_results(q, index.search(q, k=k, topic=topic, level=level))), flush=True)
        return
    results = index.search(query, k=k, topic=topic, level=level)
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
