"""A reference answer's points cite the guide section clearly about them, and nothing otherwise.

A team's daily question (or `coach grade --reference`) is graded on its reference's own sentences; a
missed point names the section to read when a guide is about it. A reference on the team's own deploys,
on-call or tools cites nothing: a loosely related section to read would mislead.
"""
from __future__ import annotations

import pytest

from bot.adapters.discord.embeds import feedback_embed
from bot.adapters.slack.blocks import blocks_for
from bot.engine import replies as r
from bot.engine.render_text import feedback_lines

PII_QUESTION = "How would you redact PII from support tickets?"
PII_REFERENCE = ("Use regular expressions for structured PII such as emails, phone numbers and card numbers. "
                 "Names and addresses need a named entity recognition model, since no regex can list every name.")
BM25 = {"bm25", "bm25-formula", "coding-bm25"}


@pytest.mark.parametrize("question, reference, sections", [
    (PII_QUESTION, PII_REFERENCE, [{"coding-pii-redaction", "safety-pii"}, {"coding-pii-ner", "safety-pii"}]),
    ("How does BM25 score a document?",
     "BM25 sums, over the query terms, the term's IDF times a saturating function of its frequency in the document. "
     "The k1 parameter controls how fast repeated occurrences stop adding score. The b parameter normalises for "
     "document length, so long documents are not favoured just for having more words.", [BM25, BM25, BM25]),
    ("What is the difference between an encoder and a decoder model?",
     "An encoder such as BERT attends in both directions and suits classification and embeddings. A decoder such "
     "as GPT attends only to earlier tokens and generates text one token at a time.",
     [{"encoders-vs-decoders"}, {"encoders-vs-decoders"}]),
    ("What is perplexity, and is lower or higher better?",  # terse: the question names the topic
     "Exponentiated average negative log-likelihood; lower is better.", [{"perplexity"}]),
])
def test_each_point_of_a_reference_on_a_guide_topic_cites_its_section(grader, question, reference, sections):
    rubric = grader.rubric(question=question, reference=reference)
    assert len(rubric.items) == len(sections)
    for item, allowed in zip(rubric.items, sections):
        assert item.citation is not None and item.citation.section_id in allowed, (item.point, item.citation)


@pytest.mark.parametrize("question, reference", [
    ("How do we deploy the billing service?",
     "Merging to main triggers the CI pipeline, which builds the Docker image and runs the integration tests. "
     "ArgoCD syncs the image to staging automatically. After QA signs off, the on-call engineer promotes it to "
     "production from the #deploys channel."),
    ("What is our on-call escalation policy?",
     "Page the primary on PagerDuty; if nobody acknowledges within 15 minutes it escalates to the secondary, then "
     "to the engineering manager. A Sev1 incident needs a status page update within 30 minutes."),
    # near the guides' latency budget and monitoring, but about the team's own API
    ("How do we monitor the public API?",
     "Grafana dashboards show p95 latency and the 5xx rate per endpoint. An alert goes to #ops when the error rate "
     "stays above 1% for five minutes."),
    ("How does our search feature rank results?",  # a search, but not the BM25 of the guides
     "Our search ranks products by a weighted mix of sales in the last 30 days, stock level and margin, with "
     "sponsored listings pinned to the top three slots."),
    ("What is a Kubernetes liveness probe?",
     "The kubelet runs the probe periodically and restarts the container when it fails. A readiness probe instead "
     "takes the pod out of the service's endpoints until it passes."),
])
def test_a_reference_on_the_teams_own_process_or_tools_cites_nothing(grader, question, reference):
    rubric = grader.rubric(question=question, reference=reference)
    assert [(i.point, i.citation) for i in rubric.items if i.citation is not None] == []


def test_a_reference_mixing_a_guide_topic_and_the_teams_process_cites_only_the_guide_point(grader):
    rubric = grader.rubric(question="How do we handle PII in the support bot's logs?",
                           reference="Use regular expressions for structured PII such as emails, phone numbers and "
                                     "card numbers. After QA signs off, the on-call engineer promotes the new "
                                     "redaction rules to production from the #deploys channel.")
    assert [i.citation and i.citation.section_id for i in rubric.items] == ["coding-pii-redaction", None]


def test_a_missed_reference_point_names_its_section_in_text_slack_and_discord(grader):
    fb = grader.grade("Regex for emails, phone numbers and card numbers; replace each match with a tag like [EMAIL].",
                      question=PII_QUESTION, reference=PII_REFERENCE)
    missed = [p for p in fb.points if p.status == "missed"]
    assert [p.point for p in missed] == [PII_REFERENCE.split(". ")[1]]
    title = missed[0].citation.title
    assert title == "Names and other free-text PII need more than regex"
    text = "\n".join(feedback_lines(fb))
    assert f"✗ {missed[0].point} (read: {title} [coding-pii-ner])" in text
    slack = "\n".join(b["text"]["text"] for b in blocks_for(r.FeedbackReply(fb)) if b.get("text"))
    assert f"_Read:_ {title} `coding-pii-ner`" in slack
    discord = feedback_embed(fb, "Feedback")
    missed_field = next(f.value for f in discord.fields if f.name == "Missed")
    assert f"(read: {title} [coding-pii-ner])" in missed_field
