"""Answers with code against the same answers without it (bench/data/code_answers.jsonl), bank rubrics.

Ten answers written the way candidates paste code in chat: a Python fence
between two paragraphs, Slack's fences with no language tag (code on the
fence's own line, or a one-line fence inside a sentence), Discord's ```py,
inline `identifiers`. Each is graded as written and as the same prose with
the code taken out. The prose must be graded as prose either way, so the
score with code should not fall below the score without it; the quotes shown
as evidence must be the candidate's own words or code.

Prints per answer both scores, their difference and every quote that comes
from the code; then the mean difference and how many answers lost more than
half a point to their code.

    python bench/grader_code.py [-v]   # -v: also the units each answer was graded on
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.grading.text import prepare  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "code_answers.jsonl"
LOSS = 0.5  # score points lost to the code that count as a loss


def main(verbose: bool = False) -> None:
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    grader = build_grader(Settings(llm_provider="none"))
    requests = [GradeRequest(answer=r[k], question_id=r["question_id"]) for r in rows for k in ("answer", "prose")]
    results = grader.grade_many(requests)
    deltas = []
    print(f"answers with code vs the same prose without it: {len(rows)} answers, bank rubrics")
    for i, r in enumerate(rows):
        with_code, prose = results[2 * i], results[2 * i + 1]
        delta = with_code.score - prose.score
        deltas.append(delta)
        print(f"  {r['id']:20s} {with_code.score:5.2f} vs {prose.score:5.2f}  ({delta:+.2f})  {r['style']}")
        prepared = prepare(r["answer"], grader.max_words)
        prose_units = prepared.units[:len(prepared.units) - prepared.code_units]
        for p in with_code.points:  # the quotes that are not just the answer's sentences
            if p.evidence and " ".join(s for s in prose_units if s in p.evidence) != p.evidence:
                print(f"      quote [{p.status}]: {p.evidence}")
        if verbose:
            for u in prepared.units:
                print(f"      unit: {u}")
    print(f"  mean difference {sum(deltas) / len(deltas):+.2f}; "
          f"{sum(d < -LOSS for d in deltas)} of {len(deltas)} answers lose more than {LOSS} to their code")


if __name__ == "__main__":
    main("-v" in sys.argv)
