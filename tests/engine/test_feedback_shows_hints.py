"""Chat shows each missed or partly made point's hint, as `coach grade` does, and the next step for a
partly made point says what it lacks (QA: only "(read: ...)" was shown, and "Go deeper on the partly
covered point above" did not say on what)."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.render_text import render
from bot.grading.feedback import Citation, Dimensions, Feedback, PointVerdict

from .helpers import current_question, key, last, say

READ = Citation("rag-parent", "Parent-document retrieval")


def _reply(points: list[PointVerdict], step: str) -> r.FeedbackReply:
    fb = Feedback(score=4.0, points=points, misconceptions=[], notes=[], dimensions=Dimensions(4, 2, 6),
                  next_step=step, grader="offline", rubric_source="bank", question_id="q1", question="Why?")
    return r.FeedbackReply(fb, 1, 3)


def test_a_missed_point_shows_its_hint_under_it():
    point = PointVerdict("p1", "Small chunks match precisely, parents give context.", "missed", None,
                         "Explains the precision-context trade-off of parent retrieval.", READ)
    text = render(_reply([point], "Next time, cover this point: something else."))
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  ✗ Small chunks"))
    assert "(read: Parent-document retrieval [rag-parent])" in lines[at]
    assert lines[at + 1].strip() == "Hint: Explains the precision-context trade-off of parent retrieval."


def test_a_partly_made_point_shows_its_hint_and_the_step_says_what_it_lacks():
    point = PointVerdict("p1", "Small chunks match precisely, parents give context.", "partial",
                         "We retrieve small chunks.", "Explains the precision-context trade-off of parent retrieval.",
                         READ)
    text = render(_reply([point], "Go deeper on this point: Small chunks match precisely, parents give context."))
    assert "      Hint: Explains the precision-context trade-off of parent retrieval." in text.splitlines()
    step = next(line for line in text.splitlines() if line.startswith("Next step:"))
    assert step == ("Next step: Go deeper on the partly covered point above: a strong answer explains the "
                    "precision-context trade-off of parent retrieval (read: Parent-document retrieval [rag-parent]).")


def test_a_hint_that_only_restates_its_point_is_not_shown():
    point = PointVerdict("p1", "Use BM25.", "missed", None, "Cover this point from the reference: Use BM25.", None)
    assert "Hint:" not in render(_reply([point], "Try again."))


async def test_an_interview_answer_shows_the_hints_of_its_gaps(coach):
    k = key("hints-in-chat")
    await coach.handle(say("start nlp junior 3", k))
    reply = last(await coach.handle(say("BM25 is a ranking function and tokenization splits text.", k)),
                 r.FeedbackReply)
    gaps = [p for p in reply.feedback.points if p.status != "covered" and p.shown_hint]
    assert gaps, "the bank's points carry hints"
    for p in gaps:
        assert f"Hint: {p.shown_hint}" in render(reply)


LONG = ("We started with a plain keyword index because the catalogue was small and the team knew it well, "
        "and over two quarters we kept adding synonyms by hand, which worked until the catalogue tripled; "
        "then we switched to hybrid retrieval with reciprocal rank fusion and updating the dense index nightly.")


def test_a_long_quote_is_cut_at_words_and_keeps_the_part_that_made_the_point():
    point = PointVerdict("p1", "Hybrid retrieval fuses dense and sparse rankings, for example with reciprocal rank "
                         "fusion, and the dense index is refreshed.", "covered", LONG, "", None)
    line = next(x for x in render(_reply([point], "Fine.")).splitlines() if x.startswith("  ✓"))
    quote = line.split('you said: "', 1)[1].rstrip('"')
    assert "reciprocal rank fusion and updating the dense index nightly." in quote, quote
    assert quote.startswith("…") and len(quote) <= 241
    kept = quote.strip("…").strip()
    assert f" {kept} " in f" {LONG} ", "cut between words, not inside one"


def test_a_quote_that_fits_is_shown_whole():
    point = PointVerdict("p1", "Hybrid retrieval.", "covered", LONG[:200], "", None)
    assert f'you said: "{LONG[:200]}"' in render(_reply([point], "Fine."))


FORMULA = ("BM25 scores a document by summing IDF(q) * f(q,D)*(k1+1) / (f(q,D) + k1*(1-b+b*|D|/avgdl)) over "
           "query terms, so term frequency saturates and long documents are normalised.")


def test_a_quote_is_given_back_as_typed_with_its_marks():
    from bot.engine.quotes import as_typed

    stripped = FORMULA.replace("*(k1+1) / (f(q,D) + k1*", "(k1+1) / (f(q,D) + k1")  # as the grader's reading
    assert as_typed(stripped, "Intro. " + FORMULA + " More.") == FORMULA
    assert as_typed("BM25 is fast.", "So **BM25** is *fast*.") == "**BM25** is *fast*."
    assert as_typed("@\u200bchannel look", "@channel look") == "@\u200bchannel look", "a defused ping stays defused"
    assert as_typed("Not in it.", FORMULA) == "Not in it."


async def test_an_interview_quotes_a_formula_with_its_asterisks(coach):
    for n in range(60):  # the questions are drawn per person: someone is asked this one first
        k = key(f"quote-as-typed-{n}")
        q = current_question(await coach.handle(say("start rag mid 3", k)))
        if q.question_id == "bm25-why-still-used":
            break
    assert q.question_id == "bm25-why-still-used"
    reply = last(await coach.handle(say(FORMULA + " It needs no training and is fast.", k)), r.FeedbackReply)
    assert any(p.evidence and "f(q,D)*(k1+1)" in p.evidence for p in reply.feedback.points)
    assert "f(q,D)*(k1+1)" in render(reply)


def test_a_quote_the_grader_cut_inside_a_word_loses_that_piece():
    from bot.engine.quotes import quote

    both = LONG + " " + LONG
    at = next(i for i in range(299, 200, -1) if both[i - 1].isalpha() and both[i].isalpha())
    cut = both[:at] + "…"  # the grader's own cut, inside a word
    shown = quote(cut, both[at - 80:at])  # the point is about the words just before the cut
    assert shown.endswith("…") and len(shown) <= 241
    assert f" {shown.strip('…').strip()} " in f" {LONG} {LONG} ", "whole words only"
