"""The offline grader on behavioural stories (bench/data/star_stories.jsonl).

Each of the nine behavioural bank questions has three complete stories told
about projects unlike the bank's wordings, five with one STAR part taken out
and one thin story, each part labelled present or absent by hand; then six of
the kinds story.py reads apart: how-I-work answers that tell no time
("general", every part absent), stories told only as "we" (the speaker's own
actions and task absent), a feedback story that dismisses the reviewer
("dismissive": actions and lesson absent) and a story over the word cap whose
result and lesson come past it ("complete-long"). Prints,
per part, how often the grader's status agrees with the label (present:
covered; absent: missed or partial), the mean score per kind of story and
how often a story missing a part scores below the complete stories of its
question. Then the same on a held-out set written separately, after the
grader's story cues were settled (labelled stories, present tense, "we"
stories, plain English, and good stories that answer another question).

    python bench/grader_stories.py [FILE ...]
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = [ROOT / "bench" / "data" / "star_stories.jsonl", ROOT / "bench" / "data" / "star_stories_heldout.jsonl"]


def main() -> None:
    grader = build_grader(Settings(llm_provider="none"))
    for path in [Path(p) for p in sys.argv[1:]] or [p for p in DATA if p.exists()]:
        report(grader, path)


def report(grader, path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    feedback = grader.grade_many([GradeRequest(answer=r["answer"], question_id=r["question_id"]) for r in rows])
    agree: dict[str, list[bool]] = defaultdict(list)
    strict_present: dict[str, list[bool]] = defaultdict(list)
    by_kind: dict[str, list[float]] = defaultdict(list)
    complete: dict[str, list[float]] = defaultdict(list)
    for r, fb in zip(rows, feedback):
        by_kind[r["kind"].split("-")[0]].append(fb.score)
        if r["kind"].startswith("complete"):
            complete[r["question_id"]].append(fb.score)
        status = {v.point_id: v.status for v in fb.points}
        for part, present in r["present"].items():
            ok = status[part] == "covered" if present else status[part] != "covered"
            agree[part].append(ok)
            if present:
                strict_present[part].append(status[part] != "missed")
    print(f"{path.name}: {len(rows)} answers, {len(complete)} bank questions")
    print("  per part: agreement with the label (present = covered, absent = not covered);"
          " present parts at least partly found")
    for part, oks in agree.items():
        print(f"    {part:<11} {np.mean(oks):.2f}  ({sum(oks)}/{len(oks)});"
              f"  present found {np.mean(strict_present[part]):.2f}")
    overall = [ok for oks in agree.values() for ok in oks]
    print(f"    all parts   {np.mean(overall):.2f}  ({sum(overall)}/{len(overall)})")
    print("  mean score per kind:")
    for kind, scores in by_kind.items():
        print(f"    {kind:<9} {np.mean(scores):5.2f}  (min {min(scores):.1f}, max {max(scores):.1f}, n={len(scores)})")
    below = [fb.score < min(complete[r["question_id"]]) for r, fb in zip(rows, feedback)
             if r["kind"].startswith("missing")]
    print(f"  a story missing a part scores below every complete story of its question: "
          f"{np.mean(below):.2f} ({sum(below)}/{len(below)})")


if __name__ == "__main__":
    main()
