"""What both platforms' parity tests feed the adapters: a long answer with marks and a ping to quote, a
summary whose scores hide a hint, a skipped follow-up and a misconception with its correction, and feedback built from points."""
from __future__ import annotations

from bot.engine import replies as r
from bot.grading.feedback import Citation, Dimensions, Feedback, PointVerdict

READ = Citation("rag-parent", "Parent-document retrieval")
HINT = "Explains the precision-context trade-off of parent retrieval."
LONG = ("We started with a plain keyword index because the catalogue was small and the team knew it well, "
        "and over two quarters we kept adding synonyms by hand, which worked until the catalogue tripled; "
        "then we switched to hybrid retrieval with reciprocal rank fusion and updating the *dense* index nightly, "
        "scoring f(q,D)*(k1+1) with a_b ~tilde~ weights for @here.")
POINT = "Hybrid retrieval fuses dense and sparse rankings with reciprocal rank fusion; the dense index is refreshed."
PARTIAL = PointVerdict("p1", "Small chunks match precisely, parents give context.", "partial",
                       "We retrieve small chunks.", HINT, READ)
MISSED = PointVerdict("p2", "Parents are fetched by id.", "missed", None, "Names how a parent is found.", None)

SUMMARY = r.SummaryReply(
    track="mixed", level="mid",
    questions=(r.QuestionScore(1, "q1", "Why BM25?", "rag", 9.5, (8.0,), hints=1, followups_skipped=1,
                               misconceptions=("BM25 is a neural model",),
                               corrections=("BM25 is a bag-of-words formula over term counts",)),
               r.QuestionScore(2, "q2", "Tell me about a conflict.", "behavioral", 3.0, hints=2),
               r.QuestionScore(3, "q3", "What is a level?", "core", None)),
    topics=(("behavioral", 3.0), ("core", 0.0), ("rag", 9.5)), overall=4.2, strongest=(), weakest=(),
    study_next=(), practice_topic="behavioral")


def feedback(points: list[PointVerdict]) -> r.FeedbackReply:
    fb = Feedback(score=4.0, points=points, misconceptions=[], notes=[], dimensions=Dimensions(4, 2, 6),
                  next_step="", grader="offline", rubric_source="bank", question_id="q1", question="Why?")
    return r.FeedbackReply(fb, 1, 3)


# a claim and a correction that would ping if echoed raw, and a claim the bank has no correction for
PINGING_SUMMARY = r.SummaryReply(
    track="mixed", level="mid",
    questions=(r.QuestionScore(1, "q1", "Why BM25?", "rag", 4.0,
                               misconceptions=("@here BM25 is a neural model", "<!channel> dense always wins"),
                               corrections=("BM25 counts terms, tell @everyone",)),),
    topics=(("rag", 4.0),), overall=4.0, strongest=(), weakest=(), study_next=())
