"""`coach grade`: one answer with readable feedback, or a JSONL batch for scripts.

    coach grade --question-id ID --answer TEXT
    coach grade --question TEXT [--reference TEXT] --answer TEXT
    coach grade --batch FILE|-      one JSON line out per line in, in order, with the feedback's notes

Batch input is split on "\n" only (a trailing "\r" is dropped): a U+2028 or U+0085
inside an answer is text, not a new line. Each line is decoded on its own, so a
byte that is not UTF-8 costs that line only; a UTF-8 BOM is ignored. Messages for
the person at the terminal go to stderr, so stdout holds only the JSONL.
"""
from __future__ import annotations

import json
import sys
from typing import Callable

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.engine.not_graded import unreadable_notes
from bot.engine.render_text import grader_line, next_step_text, shown_notes
from bot.grading.feedback import Feedback
from bot.grading.grader import GradeRequest, UnknownQuestion

STATUS_STYLE = {"covered": "green", "partial": "yellow", "missed": "red"}


def render(feedback: Feedback, console: Console, show_model: bool = False, answer: str = "") -> None:
    """The feedback on `answer`; when nothing of it was graded (no words, not English, only code...), why,
    as chat says it, and no score, points or next step: none of them were graded."""
    where = feedback.question_id or feedback.rubric_source
    if why := unreadable_notes(feedback, answer):
        console.print(f"[bold]Not graded[/bold]  (rubric: {escape(where)})")
        console.print(escape(" ".join(why)))
        return
    by = escape(grader_line(feedback) or f"{feedback.grader} grader")
    console.print(f"[bold]Score {feedback.score:.1f}/10[/bold]  ({by}; rubric: {escape(where)})")
    d = feedback.dimensions
    console.print(f"coverage {d.coverage:.1f} · depth {d.depth:.1f} · clarity {d.clarity:.1f}")
    table = Table(show_header=True, header_style="bold")
    for col in ("point", "status", "evidence / hint"):
        table.add_column(col)
    for p in feedback.points:
        detail = f"“{p.evidence}”" if p.evidence else p.shown_hint  # not "Cover this point ...: <the point>" again
        if p.status != "covered" and p.citation:
            detail = f"{detail} (read: {p.citation.title})".strip()
        table.add_row(escape(p.point), f"[{STATUS_STYLE[p.status]}]{p.status}[/]", escape(detail))
    console.print(table)
    for m in feedback.misconceptions:
        console.print(f"[red]Misconception:[/red] {escape(m.claim)}\n  [green]Actually:[/green] {escape(m.correction)}")
    for note in shown_notes(feedback):
        console.print(f"[cyan]Note:[/cyan] {escape(note)}")
    console.print(f"[bold]Next step:[/bold] {escape(next_step_text(feedback))}")  # as chat words it
    if show_model and feedback.model_answer:
        console.print(f"\n[bold]Model answer[/bold]\n{escape(feedback.model_answer)}")


def _request(line: str) -> GradeRequest:
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    answer = data.get("answer")
    if not isinstance(answer, str):
        raise ValueError("'answer' must be a string")
    fields = {k: data.get(k) for k in ("question", "reference", "question_id")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string")
    if not fields["question"] and not fields["question_id"]:
        raise ValueError("give 'question' or 'question_id'")
    return GradeRequest(answer=answer, **fields)


CLI_HOW = 'Give one with --reference "..." (what a good answer says), next to --question.'
BATCH_HOW = 'Give one in a "reference" field on this line, next to "question".'


def _refusal(exc: Exception, how: str) -> str:
    """The grader's refusal, with how to give the reference answer it asks for, where it asks for one."""
    return f"{exc} {how}" if getattr(exc, "needs_reference", False) else str(exc)


def batch_lines(data: bytes) -> list[str | UnicodeDecodeError]:
    """The lines of a JSONL input, each decoded on its own (its decoding error in its place)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    raw = data.split(b"\n")
    if raw and raw[-1] == b"":  # the newline that ends the last line does not start another
        raw.pop()
    lines: list[str | UnicodeDecodeError] = []
    for line in raw:
        try:
            lines.append(line.removesuffix(b"\r").decode("utf-8"))
        except UnicodeDecodeError as exc:
            lines.append(exc)
    return lines


def _line_error(line: str | UnicodeDecodeError) -> str | None:
    """Why this line cannot become a request, or None when it can."""
    if isinstance(line, UnicodeDecodeError):
        return f"bad input: byte 0x{line.object[line.start]:02x} at column {line.start + 1} is not UTF-8"
    if not line.strip():
        return "empty line"
    return None


def run_batch(grader, lines: list[str | UnicodeDecodeError], out=None, chunk: int = 64) -> None:
    """Lines are graded in chunks (one encode per chunk) and printed in input order."""
    out = out or sys.stdout  # looked up per call: test runners swap sys.stdout
    pending: list[tuple[int, GradeRequest]] = []
    results: dict[int, dict] = {}
    for n, line in enumerate(lines):
        if (problem := _line_error(line)) is not None:
            results[n] = {"error": problem, "line": n + 1}
            continue
        try:
            pending.append((n, _request(line)))
        except RecursionError:
            results[n] = {"error": "bad input: the JSON nests too deeply", "line": n + 1}
        except Exception as exc:  # whatever one line holds, the other lines are still graded
            results[n] = {"error": f"bad input: {exc}", "line": n + 1}
    for start in range(0, len(pending), chunk):
        part = pending[start:start + chunk]
        for (n, _), result in zip(part, grader.grade_many([r for _, r in part])):
            results[n] = ({"error": _refusal(result, BATCH_HOW), "line": n + 1} if isinstance(result, Exception)
                          else result.to_batch_record())
    for n in range(len(lines)):
        out.write(json.dumps(results[n], ensure_ascii=False) + "\n")
    out.flush()


def register(app: typer.Typer, get_services: Callable[[], object]) -> None:
    @app.command()
    def grade(
        answer: str = typer.Option(None, "--answer", "-a", help="the answer to grade"),
        question_id: str = typer.Option(None, "--question-id", "-q", help="a bank question id"),
        question: str = typer.Option(None, "--question", help="a question not in the bank"),
        reference: str = typer.Option(None, "--reference", help="a reference answer to derive the rubric from"),
        batch: str = typer.Option(None, "--batch", help="JSONL file of answers, or - for stdin"),
        model_answer: bool = typer.Option(False, "--model-answer", help="also show the model answer"),
    ) -> None:
        """Grade an answer against a rubric and print feedback."""
        console, err = Console(stderr=False), Console(stderr=True, soft_wrap=True)
        if batch:
            if any(v is not None for v in (answer, question_id, question, reference)):
                err.print("--batch takes its answers and questions from the file: leave out --answer, "
                          "--question-id, --question and --reference.", markup=False, highlight=False)
                raise typer.Exit(2)
            try:
                if batch == "-":
                    stdin = getattr(sys.stdin, "buffer", None)
                    data = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
                else:
                    with open(batch, "rb") as f:
                        data = f.read()
            except OSError as exc:
                err.print(f"[red]Cannot read {escape(batch)}: {escape(str(exc.strerror))}[/red]")
                raise typer.Exit(2)
            run_batch(get_services().grader, batch_lines(data))
            return
        if answer is None or not (question_id or question):
            err.print("Give --answer and either --question-id or --question (or use --batch FILE).",
                      markup=False, highlight=False)
            raise typer.Exit(2)
        try:
            feedback = get_services().grader.grade(answer, question_id=question_id, question=question,
                                                   reference=reference)
        except UnknownQuestion as exc:
            err.print(f"[red]{escape(_refusal(exc, CLI_HOW))}[/red]")
            raise typer.Exit(1)
        render(feedback, console, show_model=model_answer, answer=answer)
