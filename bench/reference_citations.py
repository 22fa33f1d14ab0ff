"""Guide citations on reference rubrics (bench/data/reference_citations.jsonl).

References a team might write for a daily question, split into rubric points
as the grader splits them, each point hand-labelled with the guide sections
clearly about it, or none: guide topics (BPE, BM25, a model rollout), general
ML and tools the guides do not cover (warmup, Kubernetes probes, Python's GIL)
and a team's own process and product (its deploys, on-call, pricing).
"none_ok" marks a point a guide mentions only in passing (the KV cache): that
section or nothing are both right. CITE_MIN was chosen on the "dev" rows; the
"heldout" rows were written and labelled after it was fixed.

Precision: cited points whose section is a labelled one. Recall: points that
must cite a section and cite a right one. Stray: points labelled none that
cite something.

    python bench/reference_citations.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.grading.grader import build_grader  # noqa: E402
from bot.grading.reference_citations import CITE_MIN  # noqa: E402
from bot.grading.rubric import from_reference  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "reference_citations.jsonl"
Scored = list[tuple[dict, str, float]]  # (label, closest section id, closeness) per point


def figures(scored: Scored, bar: float) -> str:
    cited = [(label, section) for label, section, score in scored if score >= bar]
    right = sum(section in label["sections"] for label, section in cited)
    must = [(label, section, score) for label, section, score in scored if not label["none_ok"]]
    found = sum(score >= bar and section in label["sections"] for label, section, score in must)
    stray = sum(not label["sections"] for label, _ in cited)
    off = sum(not label["sections"] for label, _, _ in scored)
    return (f"precision {right / max(1, len(cited)):.2f} ({right}/{len(cited)})  "
            f"recall {found / max(1, len(must)):.2f} ({found}/{len(must)})  stray {stray}/{off}")


def score(resolver, rows: list[dict]) -> Scored:
    scored = []
    for row in rows:
        points = tuple(i.point for i in from_reference(row["question"], row["reference"]).items)
        assert points == tuple(p["point"] for p in row["points"]), f"the points of {row['question']!r} changed"
        for label, (section, closeness) in zip(row["points"], resolver.reference_citations.closest(row["question"],
                                                                                                   points)):
            scored.append((label, section.id if section else "", closeness))
    return scored


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    resolver = build_grader(Settings(llm_provider="none")).resolver
    for name in ("dev", "heldout"):
        part = [r for r in rows if r["set"] == name]
        scored = score(resolver, part)
        print(f"{name}: {len(part)} references, {len(scored)} points")
        bars = sorted({0.50, 0.55, 0.60, 0.65, 0.70, 0.75, CITE_MIN}) if name == "dev" else [CITE_MIN]
        for bar in bars:
            print(f"  bar {bar:.2f}: {figures(scored, bar)}{'  <- CITE_MIN' if bar == CITE_MIN else ''}")
        print(f"  closest off-guide point: {max((c for l, _, c in scored if not l['sections']), default=0):.2f}")
        for label, section, closeness in scored:
            wrong = section not in label["sections"]
            if (closeness >= CITE_MIN and wrong) or (closeness < CITE_MIN and not label["none_ok"]):
                print(f"    {'stray' if closeness >= CITE_MIN else 'miss '} {closeness:.2f} {section:28s} "
                      f"want {','.join(label['sections']) or 'none'}: {label['point'][:60]}")


if __name__ == "__main__":
    main()
