"""The progress chart's time axis reads as dates and times at any spacing of the answers: never
'47:16.000000' (QA), whether the answers came seconds, hours, days or months apart, or there is one."""
from __future__ import annotations

import re

import pytest

from bot.community.progress_chart import progress_figure

START = 1_764_628_036  # 2025-12-01 22:27:16 UTC
READABLE = re.compile(r"^(?:\d{4}|[A-Z][a-z]{2}|\d{1,2} [A-Z][a-z]{2}|\d{2}:\d{2}(?::\d{2})?)$")


def _time_labels(step_seconds: float, count: int) -> list[str]:
    history = [{"ts": START + i * step_seconds, "score": 5, "topic": "rag"} for i in range(count)]
    fig = progress_figure(history, {})
    fig.canvas.draw()
    axis = fig.axes[0].xaxis
    labels = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    return labels + [axis.get_offset_text().get_text()]


@pytest.mark.parametrize("step", [0, 0.3, 1, 20, 600, 3600, 86_400, 30 * 86_400])
def test_time_labels_are_dates_and_times_at_any_spacing(step):
    *ticks, offset = _time_labels(step, 1 if step == 0 else 6)
    assert len(ticks) >= 2, ticks
    assert all(READABLE.match(t) for t in ticks), ticks
    assert not re.search(r"\.\d", " ".join([*ticks, offset])), (ticks, offset)
