"""The progress chart is a real PNG drawn by matplotlib."""
from __future__ import annotations

import struct

from bot.community.progress_chart import render_progress

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


async def test_chart_of_history_and_mastery_is_a_png(community, tmp_path):
    history = [{"ts": 1_740_000_000 + i * 86_400, "score": 3 + (i % 7), "topic": "rag"} for i in range(20)]
    mastery = {"rag": (7.5, 12), "evals": (4.0, 3), "fine-tuning": (6.2, 5)}
    target = tmp_path / "progress.png"
    png = await community.progress_chart(history, mastery, path=target)
    assert png_size(png) == (900, 400)
    assert len(png) > 20_000  # axes, two plots and labels, not a blank canvas
    assert png.endswith(b"IEND\xaeB`\x82")
    assert target.read_bytes() == png


def test_empty_progress_still_draws_a_chart():
    empty = render_progress([], {})
    full = render_progress([{"ts": 1_740_000_000, "score": 6, "topic": "rag"}], {"rag": (6.0, 1)})
    assert png_size(empty) == (900, 400)
    assert empty != full
