"""A person's progress as a PNG: grades over time and mastery per topic.

Built on matplotlib's object API with the Agg canvas (no pyplot, no display,
no global figure state or backend switch), so it is safe in a bot that serves many people.
The caller passes plain data; the chart never reads the store.
A chart saved to disk is named per person (chart_filename), so `forget me` can find and delete it.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

# the Agg canvas directly, not matplotlib.use("Agg"): no process-wide backend switch
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from bot.engine.events import UserRef

MAX_SCORE = 10.0
CHART_KIND = "progress chart"
# The time axis spans at least this much: answers seconds apart (or one answer) got ticks a fraction of a
# second apart, labelled "47:16.000000" (QA); over ten minutes the ticks fall on whole minutes.
MIN_TIME_SPAN = timedelta(minutes=10)
# Tick labels by what the ticks step through (years, months, days, hours, minutes, seconds): each says a
# date or a time as people write them, and the offset beside the axis says the rest ("01 Dec 2025").
TICK_FORMATS = ["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%H:%M:%S"]
ZERO_FORMATS = ["", "%Y", "%b", "%d %b", "%H:%M", "%H:%M"]
OFFSET_FORMATS = ["", "%Y", "%b %Y", "%d %b %Y", "%d %b %Y", "%d %b %Y"]


def chart_filename(user: UserRef) -> str:
    """The file name of a person's chart: one per person, so two people sharing a data directory never
    overwrite each other's, and no user id (which may hold `/` or `..`) reaches the file system."""
    who = "\0".join((user.platform, user.workspace, user.id)).encode()
    return f"progress-{hashlib.sha256(who).hexdigest()[:16]}.png"


async def forget_chart(charts_dir: str | Path, user: UserRef) -> list[str]:
    """A forget hook (store.forget.ForgetHook) for where charts are saved: deletes the person's chart;
    ["progress chart"] when there was one."""
    path = Path(charts_dir) / chart_filename(user)
    try:
        path.unlink()
    except FileNotFoundError:
        return []
    return [CHART_KIND]


def render_progress(history: Sequence[Mapping], mastery: Mapping[str, tuple[float, int]],
                    path: str | Path | None = None, title: str = "Your progress") -> bytes:
    """PNG bytes of the chart; also written to ``path`` when given.

    history: [{"ts": epoch seconds, "score": 0-10, "topic": str}];
    mastery: {topic: (score 0-10, answers)}.
    """
    fig = progress_figure(history, mastery, title)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    png = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(png)
    return png


def progress_figure(history: Sequence[Mapping], mastery: Mapping[str, tuple[float, int]],
                    title: str = "Your progress") -> Figure:
    """The chart as a figure on an Agg canvas: grades over time beside mastery per topic."""
    fig = Figure(figsize=(9, 4), dpi=100)
    FigureCanvasAgg(fig)
    over_time, by_topic = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    fig.suptitle(title)
    _plot_history(over_time, history)
    _plot_mastery(by_topic, mastery)
    fig.tight_layout()
    return fig


def _plot_history(ax, history: Sequence[Mapping]) -> None:
    points = sorted(
        (datetime.fromtimestamp(float(h["ts"]), tz=timezone.utc), float(h["score"]))
        for h in history if "ts" in h and "score" in h
    )
    ax.set_title("Grades over time")
    ax.set_ylim(0, MAX_SCORE)
    ax.set_ylabel("grade (0-10)")
    if not points:
        ax.text(0.5, 0.5, "no graded answers yet", ha="center", va="center", transform=ax.transAxes)
        return
    when, scores = zip(*points)
    ax.plot(when, scores, marker="o", linewidth=1, alpha=0.6, label="answer")
    window = 5  # a short rolling mean shows the trend without hiding single answers
    rolling = [sum(scores[max(0, i - window + 1): i + 1]) / len(scores[max(0, i - window + 1): i + 1])
               for i in range(len(scores))]
    ax.plot(when, rolling, linewidth=2, label=f"mean of last {window}")
    ax.legend(loc="lower right", fontsize="small")
    _time_axis(ax, when[0], when[-1])


def _time_axis(ax, first: datetime, last: datetime) -> None:
    """Readable date and time labels (UTC) at any spacing of the answers."""
    if last - first < MIN_TIME_SPAN:
        middle = first + (last - first) / 2
        ax.set_xlim(middle - MIN_TIME_SPAN / 2, middle + MIN_TIME_SPAN / 2)
    locator = AutoDateLocator(minticks=3, maxticks=7, tz=timezone.utc)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=timezone.utc, formats=TICK_FORMATS,
                                                      zero_formats=ZERO_FORMATS, offset_formats=OFFSET_FORMATS))
    ax.set_xlabel("time (UTC)")


def _plot_mastery(ax, mastery: Mapping[str, tuple[float, int]]) -> None:
    ax.set_title("Mastery per topic")
    ax.set_xlim(0, MAX_SCORE)
    if not mastery:
        ax.text(0.5, 0.5, "no topics yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        return
    items = sorted(mastery.items(), key=lambda kv: kv[1][0])
    topics = [t for t, _ in items]
    scores = [float(s) for _, (s, _) in items]
    bars = ax.barh(topics, scores, color=["#c0392b" if s < 5 else "#f39c12" if s < 7 else "#27ae60" for s in scores])
    for bar, (_, (_, count)) in zip(bars, items):
        ax.text(bar.get_width() + 0.1, bar.get_y() + bar.get_height() / 2, f"n={count}", va="center", fontsize="small")
